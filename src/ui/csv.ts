/**
 * The app's one CSV writer (evidence packs, the annual follow-up). RFC 4180 quoting, CRLF line ends and a
 * byte-order mark so spreadsheet programs open åäö correctly. A field is quoted when it holds a comma, semicolon
 * (the list separator of Swedish spreadsheets), quote or line break; quotes are doubled. Text that a spreadsheet
 * would run as a formula (= + - @, tab, CR at the start) gets a leading apostrophe (CSV/formula injection: report
 * descriptions and measure titles are user text). Numbers and booleans are data, written as they are.
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface CsvOptions {
  /**
   * The byte-order mark (default on). Off only for the planners' evidence pack, whose readers (and the e2e journey
   * in tests/e2e/planning.test.ts) expect the header as the file's first bytes; Swedish spreadsheet conventions
   * for every export are one decision, left to that change.
   */
  bom?: boolean;
}

/** A CSV document from rows of cells. */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const text = rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return options.bom === false ? text : '\uFEFF' + text;
}

/** A CSV document with a header row from named columns. */
export function csvTable<T>(
  columns: ReadonlyArray<{ header: string; value: (row: T) => CsvCell }>,
  rows: readonly T[],
  options: CsvOptions = {},
): string {
  return toCsv([columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => c.value(row)))], options);
}
