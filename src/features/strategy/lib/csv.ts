/**
 * CSV for the annual follow-up. RFC 4180 quoting, CRLF line ends and a byte-order mark so spreadsheet
 * programs open åäö correctly. Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR)
 * get a leading apostrophe: report descriptions and measure titles are user text (CSV/formula injection).
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
