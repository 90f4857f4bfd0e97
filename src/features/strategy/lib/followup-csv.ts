import { rateRatioEffect } from '../../../analysis/effect';
import type { ActionPlanFollowup, AnnualFollowup, Measure } from '../../../api';
import type { FollowupRisk } from '../../../api/annual-followup';
import { toCsv, type CsvCell } from '../../../ui/csv';
import type { Lang } from '../../../ui/format';
import type { OpenHotspot } from './open-hotspots';

/** The columns of a challenge's actual risk, in both follow-ups' files (empty where a row has no value). */
const RISK_CSV_COLUMNS = [
  'events',
  'events_previous_year',
  'events_change',
  'covered_days',
  'covered_days_previous_year',
  'source_from',
  'source_to',
  'provenance',
] as const;
type RiskCsvColumn = (typeof RISK_CSV_COLUMNS)[number];
/** `risk`: the challenge's events this year and the year before; `risk_type`: by type; `risk_source`: a source. */
const RISK_CSV_SECTIONS = ['risk', 'risk_type', 'risk_source'] as const;

/**
 * The follow-up's columns. One long table: every row has all of them (empty where a section has no value), so a
 * spreadsheet can filter on `section` and sum a column. Codes sit beside their names (`code`/`name`,
 * `status_code`/`status`, `type_code`/`type`) so a file can be joined on codes and read by people.
 */
export const FOLLOWUP_CSV_COLUMNS = [
  'section',
  'name',
  'code',
  'reports',
  'resolved',
  'status_code',
  'status',
  'type_code',
  'type',
  'date',
  'cost_sek',
  'department',
  'score',
  'area_before',
  'area_after',
  'comparison_before',
  'comparison_after',
  'rate_ratio',
  'ci_low',
  'ci_high',
  'verdict',
  'confidence_pct',
  'lon',
  'lat',
  ...RISK_CSV_COLUMNS,
] as const;
export type FollowupCsvColumn = (typeof FOLLOWUP_CSV_COLUMNS)[number];

export const FOLLOWUP_CSV_SECTIONS = [
  'total',
  'category',
  'month',
  'placed',
  'done',
  'effect',
  'hotspot',
  ...RISK_CSV_SECTIONS,
] as const;
export type FollowupCsvSection = (typeof FOLLOWUP_CSV_SECTIONS)[number];

export interface FollowupCsvLabels {
  /** The UI language: every decimal in the file uses its mark. */
  lang: Lang;
  column: Record<FollowupCsvColumn, string>;
  section: Record<FollowupCsvSection, string>;
  challenge(code: string): string;
  category(code: string): string;
  status(code: string): string;
  type(code: string): string;
  verdict(code: string): string;
  /** A hot cell's human name (e.g. "Cell 250:3:4"). */
  cell(id: string): string;
  /** A challenge's risk types in words (riskTypesLabel). */
  riskTypes(types: readonly string[]): string;
  /** One event type in words (typeLabel). */
  riskType(type: string): string;
}

/**
 * How much of a year the events' sources cover: 'full', 'partial' (the count is shown, with the covered days) or
 * 'none' (no count: the year is unknown, not 0).
 */
export type RiskCoverage = 'full' | 'partial' | 'none';
export function riskCoverage(y: FollowupRisk['year']): RiskCoverage {
  return y.covered_days === 0 || y.total === null ? 'none' : y.covered_days >= y.days ? 'full' : 'partial';
}

/** The year's events minus the year before's, only when the sources cover both years whole (else not comparable). */
export function riskChange(r: FollowupRisk): number | null {
  if (riskCoverage(r.year) !== 'full' || riskCoverage(r.previous_year) !== 'full') return null;
  return r.year.total! - r.previous_year.total!;
}

/** The risk part of a follow-up's CSV: a `risk` row (the types, both years, change), a row per type and per source. */
function riskRows(
  r: FollowupRisk,
  l: { riskTypes(types: readonly string[]): string; riskType(type: string): string },
  section: Record<(typeof RISK_CSV_SECTIONS)[number], string>,
): Partial<Record<RiskCsvColumn | 'section' | 'name' | 'code', CsvCell>>[] {
  const change = riskChange(r);
  const comparable = change !== null;
  return [
    {
      section: section.risk,
      name: l.riskTypes(r.types),
      code: r.types.join(','),
      events: r.year.total,
      events_previous_year: r.previous_year.total,
      events_change: change,
      covered_days: r.year.covered_days,
      covered_days_previous_year: r.previous_year.covered_days,
    },
    ...r.by_type.map((x) => ({
      section: section.risk_type,
      name: l.riskType(x.type),
      code: x.type,
      events: x.year,
      events_previous_year: x.previous_year,
      events_change: comparable && x.year !== null && x.previous_year !== null ? x.year - x.previous_year : null,
    })),
    ...r.sources.map((x) => ({
      section: section.risk_source,
      name: x.name,
      code: x.kind,
      source_from: x.period_from,
      source_to: x.period_to,
      provenance: x.provenance,
    })),
  ];
}

type Row = Partial<Record<FollowupCsvColumn, CsvCell>>;

/** 99/95/90 % for the Gi* classes 3/2/1 (see src/analysis/classes.ts). */
const CONFIDENCE: Record<number, number> = { 3: 99, 2: 95, 1: 90 };

/**
 * The annual follow-up as one table (header first). The effect rows use the same computation as the screen
 * (src/analysis/effect.ts), so paper, screen and CSV agree.
 */
export function followupCsvRows(f: AnnualFollowup, hotspots: readonly OpenHotspot[], l: FollowupCsvLabels): CsvCell[][] {
  const rows: Row[] = [];
  const s = l.section;
  rows.push({ section: s.total, name: `${l.challenge(f.challenge)} ${f.year}`, code: f.challenge, reports: f.reported.total });
  for (const c of f.reported.by_category) rows.push({ section: s.category, name: l.category(c.code), code: c.code, reports: c.n });
  for (const m of f.reported.by_month) rows.push({ section: s.month, name: m.month, reports: m.reported, resolved: m.resolved });
  const measureRow = (section: string, m: Measure, date: string | null): Row => ({
    section,
    name: m.title,
    code: m.id,
    status_code: m.status,
    status: l.status(m.status),
    type_code: m.type,
    type: l.type(m.type),
    date,
    cost_sek: m.cost_sek,
    department: m.department,
    score: m.score,
  });
  for (const m of f.measures.placed) rows.push(measureRow(s.placed, m, m.planned_date));
  for (const m of f.measures.done) rows.push(measureRow(s.done, m, m.done_date));
  const titles = new Map([...f.measures.placed, ...f.measures.done].map((m) => [m.id, m.title]));
  for (const e of f.effects) {
    const r = rateRatioEffect({
      areaBefore: e.area.before,
      areaAfter: e.area.after,
      comparisonBefore: e.comparison.before,
      comparisonAfter: e.comparison.after,
    });
    const shown = r.verdict !== 'too_few';
    rows.push({
      section: s.effect,
      name: titles.get(e.measure_id) ?? e.measure_id,
      code: e.measure_id,
      date: e.done_date,
      area_before: e.area.before,
      area_after: e.area.after,
      comparison_before: e.comparison.before,
      comparison_after: e.comparison.after,
      rate_ratio: shown ? round2(r.rateRatio) : null,
      ci_low: shown ? round2(r.ciLow) : null,
      ci_high: shown ? round2(r.ciHigh) : null,
      verdict: l.verdict(r.verdict),
    });
  }
  if (f.risk) rows.push(...riskRows(f.risk, l, s));
  for (const h of hotspots) {
    rows.push({
      section: s.hotspot,
      name: l.cell(h.id),
      code: h.id,
      reports: h.n,
      confidence_pct: CONFIDENCE[h.cls] ?? null,
      lon: round5(h.center.lon),
      lat: round5(h.center.lat),
    });
  }
  return [FOLLOWUP_CSV_COLUMNS.map((c) => l.column[c]), ...rows.map((row) => FOLLOWUP_CSV_COLUMNS.map((c) => row[c] ?? null))];
}

export function followupCsv(f: AnnualFollowup, hotspots: readonly OpenHotspot[], l: FollowupCsvLabels): string {
  return toCsv(followupCsvRows(f, hotspots, l), { lang: l.lang });
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/**
 * The action plans' follow-up of one period and year as one table: a `plan` row per plan (department, challenge,
 * target, the challenge's reports this year and the year before), then its `indicator` rows (baseline, target,
 * actual) and `activity` rows (status, linked measure, its status and done date, and its effect computed as on the
 * screen), and for a challenge with risk types its `risk`, `risk_type` and `risk_source` rows (riskRows). Every
 * row carries its plan's department and challenge, so a spreadsheet can filter on either.
 */
export const PLAN_CSV_COLUMNS = [
  'section',
  'department',
  'challenge_code',
  'challenge',
  'name',
  'code',
  'target',
  'unit',
  'baseline',
  'goal',
  'actual',
  'status_code',
  'status',
  'measure',
  'measure_status',
  'date',
  'reports',
  'reports_previous_year',
  'area_before',
  'area_after',
  'comparison_before',
  'comparison_after',
  'rate_ratio',
  'ci_low',
  'ci_high',
  'verdict',
  'note',
  ...RISK_CSV_COLUMNS,
] as const;
export type PlanCsvColumn = (typeof PLAN_CSV_COLUMNS)[number];
export const PLAN_CSV_SECTIONS = ['plan', 'indicator', 'activity', ...RISK_CSV_SECTIONS] as const;

export interface PlanCsvLabels {
  lang: Lang;
  column: Record<PlanCsvColumn, string>;
  section: Record<(typeof PLAN_CSV_SECTIONS)[number], string>;
  challenge(code: string): string;
  /** An activity's status (planned, started, done). */
  activityStatus(code: string): string;
  /** A measure's status. */
  measureStatus(code: string): string;
  verdict(code: string): string;
  riskTypes(types: readonly string[]): string;
  riskType(type: string): string;
}

export function planFollowupCsvRows(f: ActionPlanFollowup, l: PlanCsvLabels): CsvCell[][] {
  const rows: Partial<Record<PlanCsvColumn, CsvCell>>[] = [];
  for (const p of f.plans) {
    const of = { department: p.department, challenge_code: p.challenge, challenge: l.challenge(p.challenge) };
    rows.push({
      section: l.section.plan,
      ...of,
      name: `${p.department} – ${l.challenge(p.challenge)} ${f.year}`,
      code: p.id,
      target: p.target,
      reports: p.reports.year,
      reports_previous_year: p.reports.previous_year,
    });
    for (const i of p.indicators) {
      rows.push({ section: l.section.indicator, ...of, name: i.name, unit: i.unit, baseline: i.baseline, goal: i.target, actual: i.actual });
    }
    for (const a of p.activities) {
      const m = a.measure;
      const e = m?.effect ?? null;
      const r = e
        ? rateRatioEffect({ areaBefore: e.area.before, areaAfter: e.area.after, comparisonBefore: e.comparison.before, comparisonAfter: e.comparison.after })
        : null;
      const shown = r !== null && r.verdict !== 'too_few';
      rows.push({
        section: l.section.activity,
        ...of,
        name: a.title,
        code: a.id,
        status_code: a.status,
        status: l.activityStatus(a.status),
        measure: m?.title ?? null,
        measure_status: m ? l.measureStatus(m.status) : null,
        date: m?.done_date ?? null,
        area_before: e?.area.before ?? null,
        area_after: e?.area.after ?? null,
        comparison_before: e?.comparison.before ?? null,
        comparison_after: e?.comparison.after ?? null,
        rate_ratio: shown ? round2(r.rateRatio) : null,
        ci_low: shown ? round2(r.ciLow) : null,
        ci_high: shown ? round2(r.ciHigh) : null,
        verdict: r ? l.verdict(r.verdict) : null,
        note: a.note,
      });
    }
    if (p.risk) rows.push(...riskRows(p.risk, l, l.section).map((row) => ({ ...of, ...row })));
  }
  return [PLAN_CSV_COLUMNS.map((c) => l.column[c]), ...rows.map((row) => PLAN_CSV_COLUMNS.map((c) => row[c] ?? null))];
}

export function planFollowupCsv(f: ActionPlanFollowup, l: PlanCsvLabels): string {
  return toCsv(planFollowupCsvRows(f, l), { lang: l.lang });
}
