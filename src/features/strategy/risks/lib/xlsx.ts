/**
 * Excel workbooks (.xlsx: Strada's export tool saves them, and strategists keep point lists in Excel) read into the
 * same rows of text a CSV export of the sheet would give, so one mapping step serves both. The reader
 * (read-excel-file) is loaded only when a workbook is opened: it stays out of the main bundle.
 */

/** An .xlsx is a zip: it starts with a local file header, "PK\x03\x04". Told by the bytes, not the name. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export interface XlsxSheet {
  name: string;
  /** How many sheets the workbook has. */
  sheets: number;
  rows: string[][];
}

export class XlsxReadError extends Error {
  constructor(detail: string) {
    super(`invalid_xlsx: ${detail}`);
    this.name = 'XlsxReadError';
  }
}

/** Every sheet's rows as text, in the workbook's order; empty rows are dropped, as the CSV reader drops blank lines. */
export async function readXlsxSheets(bytes: Uint8Array): Promise<XlsxSheet[]> {
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    // A copy of exactly these bytes (the view may be a window on a larger buffer).
    sheets = await readXlsxFile(bytes.slice().buffer);
  } catch (error) {
    throw new XlsxReadError(error instanceof Error ? error.message : String(error));
  }
  if (sheets.length === 0) throw new XlsxReadError('no sheet');
  return sheets.map((sheet) => ({
    name: sheet.sheet,
    sheets: sheets.length,
    rows: sheet.data.map((row) => row.map(cellText)).filter((row) => row.some((v) => v.trim() !== '')),
  }));
}

/** The sheet to show first: the first with a header and at least one row (a cover sheet or an empty one is skipped). */
export function firstSheetWithRows(sheets: readonly XlsxSheet[]): number {
  return Math.max(0, sheets.findIndex((s) => s.rows.length >= 2));
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as text the way the CSV path reads it. Excel keeps dates and times as day numbers without a time zone;
 * the reader gives them as Dates at that wall-clock time in UTC, so UTC's fields are the sheet's. A date without a
 * time is "YYYY-MM-DD", a time of day alone (a day number below 1) "HH:MM:SS", both "YYYY-MM-DD HH:MM:SS".
 */
export function cellText(value: unknown): string {
  if (value == null) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const time = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
    // Day numbers below 1 are times of day: Excel's day 0 is 1899-12-30 (1899-12-31 in some writers).
    if (value.getUTCFullYear() < 1900) return time;
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    return time === '00:00:00' ? day : `${day} ${time}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
