import { describe, expect, it } from 'vitest';
import { decodeText, encodingOfText } from './text-encoding';

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('encodingOfText (CSV and JSON files that declare nothing)', () => {
  it('reads a UTF-8 byte order mark and drops it', () => {
    const file = bytes(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Län;Kommun'));
    expect(encodingOfText(file)).toEqual({ name: 'utf-8', source: 'content' });
    expect(decodeText(file, 'utf-8')).toBe('Län;Kommun');
  });

  it('takes valid UTF-8 and plain ASCII as UTF-8', () => {
    expect(encodingOfText(new TextEncoder().encode('Gående;Cyklist'))).toEqual({ name: 'utf-8', source: 'default' });
    expect(encodingOfText(bytes(...ascii('a;b')))).toEqual({ name: 'utf-8', source: 'default' });
  });

  it('tells Windows-1252 (Excel) from DOS code page 850 by where å, ä and ö lie', () => {
    // "Gående;Lätt" in Windows-1252: å = 0xE5, ä = 0xE4.
    const ansi = bytes(...ascii('G'), 0xe5, ...ascii('ende;L'), 0xe4, ...ascii('tt'));
    expect(encodingOfText(ansi)).toEqual({ name: 'windows-1252', source: 'fallback' });
    expect(decodeText(ansi, 'windows-1252')).toBe('Gående;Lätt');
    // The same in code page 850: å = 0x86, ä = 0x84.
    const dos = bytes(...ascii('G'), 0x86, ...ascii('ende;L'), 0x84, ...ascii('tt'));
    expect(encodingOfText(dos)).toEqual({ name: 'ibm850', source: 'content' });
    expect(decodeText(dos, 'ibm850')).toBe('Gående;Lätt');
  });
});
