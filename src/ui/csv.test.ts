import { describe, expect, it } from 'vitest';
import { csvCell, csvTable, csvTime, toCsv } from './csv';

describe('csv', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('säger "hej"')).toBe('"säger ""hej"""');
    expect(csvCell('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
    expect(csvCell('Möllevången')).toBe('Möllevången');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('writes numbers with the UI language\'s decimal mark, never thousands separators or exponents', () => {
    expect(csvCell(-0.25)).toBe('-0,25');
    expect(csvCell(-0.25, 'en')).toBe('-0.25');
    expect(csvCell(58.2, 'sv')).toBe('58,2');
    expect(csvCell(1234567.5, 'sv')).toBe('1234567,5');
    expect(csvCell(120000, 'sv')).toBe('120000');
    expect(csvCell(0.0000001, 'sv')).toBe('0,0000001');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('joins with semicolons and CRLF behind a byte-order mark (Swedish Excel)', () => {
    expect(toCsv([['a', 'b'], ['c', 0.5]])).toBe('\uFEFFa;b\r\nc;0,5\r\n');
  });

  it('gives every row the header\'s width and refuses a wider row', () => {
    expect(toCsv([['a', 'b', 'c'], ['x'], ['y', 1]])).toBe('\uFEFFa;b;c\r\nx;;\r\ny;1;\r\n');
    expect(() => toCsv([['a'], ['x', 'y']])).toThrow(RangeError);
  });

  it('never mixes decimal marks in one file', () => {
    const csv = csvTable(
      [
        { header: 'andel', value: (r: { share: number; pct: number }) => r.share },
        { header: 'procent', value: (r: { share: number; pct: number }) => r.pct },
      ],
      [{ share: 0.172, pct: 58.2 }],
      { lang: 'sv' },
    );
    expect(csv).toBe('\uFEFFandel;procent\r\n0,172;58,2\r\n');
  });

  it('writes times as Malmö local time to the minute', () => {
    expect(csvTime('2026-05-01T12:03:40Z')).toBe('2026-05-01 14:03'); // summer time, UTC+2
    expect(csvTime('2026-01-15T23:30:00Z')).toBe('2026-01-16 00:30'); // winter time, the next day locally
    expect(csvTime('2026-05-01')).toBe('2026-05-01'); // a date stays a date
    expect(csvTime(null)).toBe('');
    expect(csvTime('not a time')).toBe('');
  });
});
