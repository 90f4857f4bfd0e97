/**
 * Text encodings of attribute tables (.dbf) and how a file declares them: a .cpg (ESRI), a .cst (GeoServer),
 * or the dBase header's language driver byte (LDID, byte 29).
 */

/** The encodings a planner can choose between; each is a WHATWG label or one of the DOS code pages below. */
export const ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-15', 'ibm850', 'ibm437', 'ibm865', 'windows-1250', 'windows-1251', 'ibm866', 'macintosh'] as const;
export type Encoding = string;

/** How the encoding was found; shown beside it in the preview. */
export type EncodingSource = 'cpg' | 'cst' | 'ldid' | 'content' | 'fallback' | 'default' | 'user';

// The DOS code pages Swedish dBase/MapInfo exports used, which TextDecoder lacks: the upper 128 characters.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const CP850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';
// Code page 865 (Nordic) is 437 with ø, Ø and ¤ in place of ¢, ¥ and ».
const CP865_HIGH = [...CP437_HIGH].map((c, i) => ({ 0x1b: 'ø', 0x1d: 'Ø', 0x2f: '¤' })[i] ?? c).join('');
// Windows-1252 written out too: Node's TextDecoder decodes it as ISO-8859-1 (0x80–0x9F as control characters,
// so "–" and "€" vanish), browsers per the WHATWG table. One table makes the preview and the tests agree.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const CP1252_HIGH = CP1252_80_9F + Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join('');
const SINGLE_BYTE: Record<string, string> = {
  ibm437: CP437_HIGH,
  ibm850: CP850_HIGH,
  ibm865: CP865_HIGH,
  'windows-1252': CP1252_HIGH,
};

/**
 * The dBase language driver IDs (byte 29 of the header) and their code pages, as ESRI and GDAL read them.
 * 0x57 is "ANSI", the system code page: Windows-1252 on Swedish Windows.
 */
const LDID: Record<number, Encoding> = {
  0x01: 'ibm437', 0x02: 'ibm850', 0x03: 'windows-1252', 0x04: 'macintosh', 0x08: 'ibm865', 0x09: 'ibm437',
  0x0a: 'ibm850', 0x0b: 'ibm437', 0x0d: 'ibm437', 0x0e: 'ibm850', 0x0f: 'ibm437', 0x10: 'ibm850',
  0x11: 'ibm437', 0x12: 'ibm850', 0x13: 'shift_jis', 0x14: 'ibm850', 0x15: 'ibm437', 0x16: 'ibm850',
  0x17: 'ibm865', 0x18: 'ibm437', 0x19: 'ibm437', 0x1a: 'ibm850', 0x1b: 'ibm437', 0x1d: 'ibm850',
  0x25: 'ibm850', 0x26: 'ibm866', 0x37: 'ibm850', 0x4d: 'gbk', 0x4e: 'euc-kr', 0x4f: 'big5',
  0x50: 'windows-874', 0x57: 'windows-1252', 0x58: 'windows-1252', 0x59: 'windows-1252', 0x65: 'ibm866',
  0x66: 'ibm865', 0x78: 'big5', 0x79: 'euc-kr', 0x7a: 'gbk', 0x7b: 'shift_jis', 0x7c: 'windows-874',
  0x7d: 'windows-1255', 0x7e: 'windows-1256', 0x96: 'x-mac-cyrillic',
  0xc8: 'windows-1250', 0xc9: 'windows-1251', 0xca: 'windows-1254', 0xcb: 'windows-1253', 0xcc: 'windows-1257',
};

export function encodingOfLdid(byte: number): Encoding | null {
  const encoding = LDID[byte];
  return encoding && isSupported(encoding) ? encoding : null;
}

/** Whether this browser (or Node) can decode the encoding. */
export function isSupported(encoding: Encoding): boolean {
  if (encoding in SINGLE_BYTE) return true;
  try {
    new TextDecoder(encoding);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding a .cpg or .cst names: 'UTF-8', 'UTF8', '65001', '1252', 'ANSI 1252', 'CP1252', '8859_1',
 * 'ISO-8859-1', 'ISO88591', 'LATIN1', 'OEM', '850', 'CP850', 'IBM850'… Null for anything else (an HTML page
 * saved as .cpg, 'SYSTEM', an unsupported code page).
 */
export function encodingOfLabel(label: string): Encoding | null {
  const text = label.replace(/^\uFEFF/, '').trim();
  if (text.length === 0 || text.length > 40 || /[<>\n]/.test(text)) return null;
  const key = text.toLowerCase().replace(/[\s_-]/g, '');
  if (key === 'utf8' || key === '65001') return 'utf-8';
  if (/^(ansi)?1252$|^cp1252$|^windows1252$|^latin1$|^l1$|^(iso)?8859[1]$|^iso88591$|^88591$/.test(key)) return 'windows-1252';
  if (/^(iso)?885915$|^latin9$/.test(key)) return 'iso-8859-15';
  if (key === 'oem' || /^(cp|ibm)?437$/.test(key)) return 'ibm437';
  if (/^(cp|ibm)?850$/.test(key)) return 'ibm850';
  if (/^(cp|ibm)?865$/.test(key)) return 'ibm865';
  const windows = /^(?:ansi|cp|windows)?(125\d|874|932|936|949|950)$/.exec(key)?.[1];
  if (windows) {
    const named: Record<string, string> = { '932': 'shift_jis', '936': 'gbk', '949': 'euc-kr', '950': 'big5', '874': 'windows-874' };
    return named[windows] ?? `windows-${windows}`;
  }
  return isSupported(text) ? canonical(text) : null;
}

function canonical(label: string): Encoding {
  // TextDecoder knows the canonical name ('latin1' → 'windows-1252').
  return new TextDecoder(label).encoding;
}

/** A decoder for an encoding; `fatal` throws on bytes that are not valid in it (meaningful for UTF-8). */
export function decoderFor(encoding: Encoding, fatal = false): (bytes: Uint8Array) => string {
  const page = SINGLE_BYTE[encoding];
  if (page) {
    return (bytes) => {
      let out = '';
      for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : page[b - 0x80]!;
      return out;
    };
  }
  const decoder = new TextDecoder(encoding, { fatal });
  return (bytes) => decoder.decode(bytes);
}

/** Whether the bytes are valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether any byte is outside ASCII (only then does the encoding matter). */
export function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80);
}

/** Swedish letters as DOS code pages 437/850/865 write them (å ä ö Å Ä Ö é): all in 0x80–0x9F. */
const DOS_SWEDISH = new Set([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99, 0x82]);

/**
 * The encoding of a plain text file (CSV, JSON) that declares none: UTF-8 when it starts with the UTF-8 byte
 * order mark or its bytes are valid UTF-8 (plain ASCII included); else a DOS code page (850) when its high bytes
 * are mostly where DOS puts å, ä and ö (0x80–0x9F, which Windows-1252 uses for punctuation only); else
 * Windows-1252, the usual encoding of Swedish Excel and register exports.
 */
export function encodingOfText(bytes: Uint8Array): { name: Encoding; source: EncodingSource } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { name: 'utf-8', source: 'content' };
  if (!hasNonAscii(bytes) || isValidUtf8(bytes)) return { name: 'utf-8', source: 'default' };
  let dos = 0;
  let latin = 0;
  for (const b of bytes) {
    if (DOS_SWEDISH.has(b)) dos++;
    else if (b >= 0xc0) latin++;
  }
  if (dos > latin) return { name: 'ibm850', source: 'content' };
  return { name: 'windows-1252', source: 'fallback' };
}

/** Text of a file in an encoding, without a UTF-8 byte order mark. */
export function decodeText(bytes: Uint8Array, encoding: Encoding): string {
  const body = encoding === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  return decoderFor(encoding)(body);
}
