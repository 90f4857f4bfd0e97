import { decoderFor } from '../../../geo/text-encoding';

/**
 * A dBase III/IV table (a Shapefile's .dbf), read in two steps: the structure and raw bytes first, then the
 * values in an encoding chosen afterwards — so the planner can switch the encoding and see the preview again
 * without reading the file anew. (shpjs's parseDbf decodes in one go, treats an unknown .cpg silently as
 * UTF-8 and gives dates as local Date objects.)
 */
export interface DbfTable {
  /** The language driver byte (header byte 29); 0 when none is set. */
  ldid: number;
  fields: DbfField[];
  /** One entry per record, deleted ones included (records pair with the .shp by position). */
  records: Uint8Array[];
  /** Every byte of text that an encoding applies to (field names and character fields), for checking it. */
  textBytes: Uint8Array;
}

interface DbfField {
  nameBytes: Uint8Array;
  type: string;
  offset: number;
  length: number;
}

export class DbfError extends Error {}

export function readDbf(bytes: Uint8Array): DbfTable {
  if (bytes.length < 33) throw new DbfError('too short for a dBase header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || headerLength > bytes.length || recordLength < 1) throw new DbfError('bad dBase header');
  const fields: DbfField[] = [];
  let offset = 1; // byte 0 of a record is the deletion flag
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const raw = bytes.subarray(at, at + 11);
    const end = raw.indexOf(0);
    const field = { nameBytes: end < 0 ? raw : raw.subarray(0, end), type: String.fromCharCode(bytes[at + 11]!), offset, length: bytes[at + 16]! };
    fields.push(field);
    offset += field.length;
  }
  if (fields.length === 0) throw new DbfError('no fields');
  const records: Uint8Array[] = [];
  // A header may claim more records than the file holds (truncated export): read what is there.
  for (let i = 0; i < count; i++) {
    const start = headerLength + i * recordLength;
    if (start + recordLength > bytes.length || bytes[start] === 0x1a) break;
    records.push(bytes.subarray(start, start + recordLength));
  }
  const textParts = [...fields.map((f) => f.nameBytes)];
  for (const record of records)
    for (const f of fields) if (f.type === 'C') textParts.push(record.subarray(f.offset, f.offset + f.length));
  const size = textParts.reduce((n, p) => n + p.length, 0);
  const textBytes = new Uint8Array(size);
  let at = 0;
  for (const p of textParts) {
    textBytes.set(p, at);
    at += p.length;
  }
  return { ldid: bytes[29] ?? 0, fields, records, textBytes };
}

/** The field names and records of a table, with its text decoded in the given encoding. */
export function dbfRecords(table: DbfTable, encoding: string): { fields: string[]; records: Array<Record<string, unknown>> } {
  const decode = decoderFor(encoding);
  const ascii = decoderFor('windows-1252');
  const names = table.fields.map((f) => decode(f.nameBytes).trim());
  const records = table.records.map((record) => {
    const out: Record<string, unknown> = {};
    table.fields.forEach((f, i) => {
      const raw = record.subarray(f.offset, f.offset + f.length);
      out[names[i]!] = valueOf(f.type, raw, f.type === 'C' || f.type === 'M' ? decode : ascii);
    });
    return out;
  });
  return { fields: names, records };
}

function valueOf(type: string, raw: Uint8Array, decode: (b: Uint8Array) => string): unknown {
  switch (type) {
    case 'N':
    case 'F': {
      const text = decode(raw).replace(/\0/g, '').trim();
      if (text === '' || /^\*+$/.test(text)) return null;
      const n = Number(text.replace(',', '.'));
      return Number.isFinite(n) ? n : null;
    }
    case 'L': {
      const c = decode(raw).trim().toUpperCase();
      return c === 'T' || c === 'Y' ? true : c === 'F' || c === 'N' ? false : null;
    }
    case 'D': {
      const text = decode(raw).trim();
      return /^\d{8}$/.test(text) && text !== '00000000' ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null;
    }
    case 'I':
      return raw.length === 4 ? new DataView(raw.buffer, raw.byteOffset, 4).getInt32(0, true) : null;
    case 'M':
      return null; // memo text lives in a .dbt/.fpt that Shapefile exports do not carry
    default: {
      const text = decode(raw).replace(/\0+$/g, '').trim();
      return text === '' ? null : text;
    }
  }
}
