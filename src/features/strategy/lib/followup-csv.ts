import { rateRatioEffect } from '../../../analysis/effect';
import type { AnnualFollowup } from '../../../api';
import { toCsv, type CsvCell } from '../../../ui/csv';
import type { OpenHotspot } from './open-hotspots';

export interface FollowupCsvLabels {
  header: [string, string, string, string, string, string];
  section: Record<'total' | 'category' | 'month' | 'placed' | 'done' | 'effect' | 'hotspot', string>;
  category(code: string): string;
  status(code: string): string;
  type(code: string): string;
  verdict(code: string): string;
}

/**
 * The annual follow-up as one long table: a section column, a name, and up to four values. The effect rows
 * use the same computation as the screen (src/analysis/effect.ts), so paper, screen and CSV agree.
 */
export function followupCsvRows(f: AnnualFollowup, hotspots: readonly OpenHotspot[], l: FollowupCsvLabels): CsvCell[][] {
  const rows: CsvCell[][] = [l.header];
  rows.push([l.section.total, String(f.year), f.reported.total]);
  for (const c of f.reported.by_category) rows.push([l.section.category, l.category(c.code), c.n]);
  for (const m of f.reported.by_month) rows.push([l.section.month, m.month, m.reported, m.resolved]);
  for (const m of f.measures.placed) rows.push([l.section.placed, m.title, l.status(m.status), l.type(m.type), m.score, m.department]);
  for (const m of f.measures.done) rows.push([l.section.done, m.title, m.done_date, l.type(m.type), m.cost_sek, m.department]);
  const titles = new Map([...f.measures.placed, ...f.measures.done].map((m) => [m.id, m.title]));
  for (const e of f.effects) {
    const r = rateRatioEffect({
      areaBefore: e.area.before,
      areaAfter: e.area.after,
      comparisonBefore: e.comparison.before,
      comparisonAfter: e.comparison.after,
    });
    const shown = r.verdict === 'too_few' ? null : round2(r.rateRatio);
    rows.push([
      l.section.effect,
      titles.get(e.measure_id) ?? e.measure_id,
      `${e.area.before}→${e.area.after}`,
      shown,
      r.verdict === 'too_few' ? null : `${round2(r.ciLow)}–${round2(r.ciHigh)}`,
      l.verdict(r.verdict),
    ]);
  }
  for (const h of hotspots) rows.push([l.section.hotspot, h.id, h.n, h.cls, h.center.lon.toFixed(5), h.center.lat.toFixed(5)]);
  return rows;
}

export function followupCsv(f: AnnualFollowup, hotspots: readonly OpenHotspot[], l: FollowupCsvLabels): string {
  return toCsv(followupCsvRows(f, hotspots, l));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
