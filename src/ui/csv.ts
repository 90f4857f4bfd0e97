import type { Lang } from './format';

/**
 * The app's one CSV writer (evidence packs, the annual follow-up), in the conventions Swedish spreadsheets
 * expect: `;` between fields (the list separator of a Swedish Excel, which opens a comma file as one column), a
 * byte-order mark so åäö open correctly, CRLF line ends, every row as wide as the header. Decimals use the UI
 * language's mark (sv "0,25", en "0.25") and nothing else (no thousands separators, which a spreadsheet would
 * read as text), so one file never mixes "0.172" with "58,2". Times are Malmö local time, `2026-05-01 14:03`
 * (see csvTime).
 *
 * RFC 4180 quoting: a field is quoted when it holds a separator (`;` or `,`), a quote or a line break; quotes
 * are doubled. Text that a spreadsheet would run as a formula (= + - @, tab, CR at the start) gets a leading
 * apostrophe (CSV/formula injection: report descriptions and measure titles are user text). Numbers and
 * booleans are data, written as they are.
 */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** The UI language: its decimal mark is used for every number in the file. Default 'sv'. */
  lang?: Lang;
}

export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const DECIMAL_MARK: Record<Lang, string> = { sv: ',', en: '.', ar: ',' };

export function csvCell(value: CsvCell, lang: Lang = 'sv'): string {
  if (value == null) return '';
  if (typeof value === 'number') return csvNumber(value, lang);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number with the language's decimal mark, never in exponent notation; empty for NaN and infinities. */
function csvNumber(n: number, lang: Lang): string {
  if (!Number.isFinite(n)) return '';
  // String() switches to exponent notation below 1e-6 and above 1e21; 12 decimals cover every value we write.
  const plain = Math.abs(n) < 1e21 && /e/i.test(String(n)) ? n.toFixed(12).replace(/\.?0+$/, '') : String(n);
  return plain.replace('.', DECIMAL_MARK[lang]);
}

/**
 * A CSV document from rows of cells; the first row is the header. A shorter row is padded with empty fields
 * and a row wider than the header is a programming error (it would shift a spreadsheet's columns).
 */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const width = rows[0]?.length ?? 0;
  const lines = rows.map((row, i) => {
    if (row.length > width) throw new RangeError(`csv row ${i} has ${row.length} fields, the header ${width}`);
    const cells = row.map((c) => csvCell(c, options.lang));
    while (cells.length < width) cells.push('');
    return cells.join(CSV_SEPARATOR);
  });
  return BOM + lines.join('\r\n') + '\r\n';
}

/** A CSV document with a header row from named columns. */
export function csvTable<T>(
  columns: ReadonlyArray<{ header: string; value: (row: T) => CsvCell }>,
  rows: readonly T[],
  options: CsvOptions = {},
): string {
  return toCsv([columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => c.value(row)))], options);
}

const STOCKHOLM_MINUTE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * A timestamp as Malmö local time to the minute, `2026-05-01 14:03` (sortable, and read as a date-time by a
 * spreadsheet). A plain date (`2026-05-01`) stays as it is; null, empty or unreadable values give ''.
 */
export function csvTime(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const p = Object.fromEntries(STOCKHOLM_MINUTE.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
