import { dsvFormat } from 'd3-dsv';

/**
 * Delimited text as Swedish exports write it: `;` (Excel with a Swedish locale, the road-accident register's
 * export), `,` or tab, fields quoted with `"` (doubled inside), CRLF or LF line ends. The separator is the one
 * of the three that occurs most often in the header line outside quotes.
 */
export type Separator = ';' | ',' | '\t';

export function detectSeparator(text: string): Separator {
  const end = text.search(/\r?\n/);
  const header = end < 0 ? text : text.slice(0, end);
  const counts: Record<Separator, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c as Separator]++;
  }
  return (Object.keys(counts) as Separator[]).reduce((best, s) => (counts[s] > counts[best] ? s : best), ';');
}

/** Rows of fields (d3-dsv: RFC 4180 quoting, CRLF or LF); blank lines are dropped. */
export function parseDelimited(text: string, separator: Separator = detectSeparator(text)): string[][] {
  return dsvFormat(separator)
    .parseRows(text)
    .filter((row) => row.length > 1 || (row[0] ?? '').trim() !== '');
}
