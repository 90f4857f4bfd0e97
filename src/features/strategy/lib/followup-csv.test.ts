import { describe, expect, it } from 'vitest';
import type { ActionPlanFollowup, AnnualFollowup, Measure } from '../../../api';
import type { FollowupRisk } from '../../../api/annual-followup';
import {
  FOLLOWUP_CSV_COLUMNS,
  followupCsv,
  followupCsvRows,
  PLAN_CSV_COLUMNS,
  planFollowupCsv,
  planFollowupCsvRows,
  riskChange,
  riskCoverage,
  type FollowupCsvLabels,
  type PlanCsvLabels,
} from './followup-csv';

const labels: FollowupCsvLabels = {
  lang: 'sv',
  column: Object.fromEntries(FOLLOWUP_CSV_COLUMNS.map((c) => [c, `kol:${c}`])) as FollowupCsvLabels['column'],
  section: {
    total: 'totalt',
    category: 'kategori',
    month: 'månad',
    placed: 'lagd',
    done: 'klar',
    effect: 'effekt',
    hotspot: 'hotspot',
    risk: 'risk',
    risk_type: 'risktyp',
    risk_source: 'riskkälla',
  },
  challenge: (c) => `utm:${c}`,
  category: (c) => `kat:${c}`,
  status: (s) => `status:${s}`,
  type: (t) => `typ:${t}`,
  verdict: (v) => `dom:${v}`,
  cell: (id) => `Cell ${id}`,
  riskTypes: (types) => `typer:${types.join('+')}`,
  riskType: (type) => `händelsetyp:${type}`,
};

/** Injuries: the previous year covered whole (3), the year only January–June (1): no change is given. */
const partialRisk: FollowupRisk = {
  types: ['injury'],
  year: { total: 1, covered_days: 181, days: 365 },
  previous_year: { total: 3, covered_days: 365, days: 365 },
  by_type: [
    { type: 'injury_slight', year: 1, previous_year: 2 },
    { type: 'injury_severe', year: 0, previous_year: 1 },
  ],
  sources: [
    { name: 'STRADA', kind: 'strada', provenance: 'Transportstyrelsen, uttag 1 jul', period_from: '2026-01-01', period_to: '2026-06-30' },
  ],
};

const measure = (over: Partial<Measure>): Measure => ({
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Belysning Möllan',
  description: '',
  challenge: 'befintlig_stad',
  type: 'lighting',
  department: 'Gatukontoret',
  status: 'done',
  planned_date: null,
  done_date: '2026-01-15',
  cost_sek: 120000,
  geometry: { type: 'Point', coordinates: [13, 55.59] },
  crit_preventive: 2,
  crit_research: 2,
  crit_vulnerable: 1,
  crit_quick: 1,
  score: 6,
  source_kind: 'manual',
  source_ref: null,
  report_ids: [],
  report_count: 0,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  is_demo: false,
  ...over,
});

const effect = (id: string, a0: number, a1: number, c0: number, c1: number) => ({
  measure_id: id,
  challenge: 'befintlig_stad',
  done_date: '2026-01-15',
  months_before: 12,
  months_after: 10,
  before: { from: '2025-01-15', to: '2026-01-15' },
  after: { from: '2026-01-15', to: '2026-11-15' },
  buffer_m: 100,
  area: { before: a0, after: a1, km2: 0.03 },
  comparison: { kind: 'district' as const, name: 'Södra Innerstaden', before: c0, after: c1, km2: 3 },
  data: { first: '2025-01-01T08:00:00Z', last: '2026-11-30T17:00:00Z' },
});

describe('followupCsvRows', () => {
  const done = measure({});
  const tiny = measure({ id: '00000000-0000-4000-8000-000000000002', title: '=cmd|calc' });
  const f: AnnualFollowup = {
    year: 2026,
    challenge: 'befintlig_stad',
    reported: {
      total: 30,
      by_category: [{ code: 'belysning', n: 30 }],
      by_month: [{ month: '2026-01', reported: 30, resolved: 4 }],
    },
    measures: { placed: [tiny], done: [done] },
    // 40 → 10 in the area while the comparison stays 200 → 200: RR = 0.25, clearly a decrease.
    // The second has 2 → 1 in the area: too few to say anything.
    effects: [effect(done.id, 40, 10, 200, 200), effect(tiny.id, 2, 1, 200, 200)],
    risk: partialRisk,
  };
  const hot = [
    { id: '3:4', size: 250, q: 3, r: 4, n: 17, z: 4.2, cls: 3 as const, center: { lon: 13.00123, lat: 55.6 }, polygon: { type: 'Polygon' as const, coordinates: [] } },
  ];
  const rows = followupCsvRows(f, hot, labels);
  const col = (row: readonly unknown[] | undefined, c: (typeof FOLLOWUP_CSV_COLUMNS)[number]) => row?.[FOLLOWUP_CSV_COLUMNS.indexOf(c)];
  const section = (name: string) => rows.filter((r) => r[0] === name);

  it('has every section with the follow-up\'s numbers, codes beside names, every row as wide as the header', () => {
    expect(rows[0]).toEqual(FOLLOWUP_CSV_COLUMNS.map((c) => `kol:${c}`));
    expect(rows.every((r) => r.length === FOLLOWUP_CSV_COLUMNS.length)).toBe(true);
    const [total] = section('totalt');
    expect([col(total, 'name'), col(total, 'code'), col(total, 'reports')]).toEqual(['utm:befintlig_stad 2026', 'befintlig_stad', 30]);
    const [cat] = section('kategori');
    expect([col(cat, 'name'), col(cat, 'code'), col(cat, 'reports')]).toEqual(['kat:belysning', 'belysning', 30]);
    const [month] = section('månad');
    expect([col(month, 'name'), col(month, 'reports'), col(month, 'resolved')]).toEqual(['2026-01', 30, 4]);
    const [klar] = section('klar');
    expect([col(klar, 'name'), col(klar, 'date'), col(klar, 'type_code'), col(klar, 'type'), col(klar, 'status'), col(klar, 'cost_sek')]).toEqual([
      'Belysning Möllan', '2026-01-15', 'lighting', 'typ:lighting', 'status:done', 120000,
    ]);
    const [hs] = section('hotspot');
    expect([col(hs, 'name'), col(hs, 'code'), col(hs, 'reports'), col(hs, 'confidence_pct'), col(hs, 'lon'), col(hs, 'lat')]).toEqual([
      'Cell 3:4', '3:4', 17, 99, 13.00123, 55.6,
    ]);
  });

  it('computes the effect rows: RR 0.25 for 40→10 against a flat comparison; no ratio when too few', () => {
    const eff = section('effekt');
    expect(col(eff[0], 'rate_ratio')).toBe(0.25);
    expect(col(eff[0], 'verdict')).toBe('dom:decrease');
    // The CI by hand: SE = √(1/40 + 1/10 + 1/200 + 1/200) = √0.135 ≈ 0.3674; 0.25·e^(±1.96·0.3674) ≈ 0.12–0.51.
    expect([col(eff[0], 'ci_low'), col(eff[0], 'ci_high')]).toEqual([0.12, 0.51]);
    expect([col(eff[1], 'name'), col(eff[1], 'area_before'), col(eff[1], 'area_after'), col(eff[1], 'rate_ratio'), col(eff[1], 'verdict')]).toEqual([
      '=cmd|calc', 2, 1, null, 'dom:too_few',
    ]);
  });

  it('has the actual risk: both years with their covered days, no change when a year is covered in part, by type and the sources', () => {
    const [risk] = section('risk');
    expect(
      ['name', 'code', 'events', 'events_previous_year', 'events_change', 'covered_days', 'covered_days_previous_year'].map((c) =>
        col(risk, c as (typeof FOLLOWUP_CSV_COLUMNS)[number]),
      ),
    ).toEqual(['typer:injury', 'injury', 1, 3, null, 181, 365]);
    expect(section('risktyp').map((r) => [col(r, 'name'), col(r, 'events'), col(r, 'events_previous_year'), col(r, 'events_change')])).toEqual([
      ['händelsetyp:injury_slight', 1, 2, null],
      ['händelsetyp:injury_severe', 0, 1, null],
    ]);
    const [src] = section('riskkälla');
    expect([col(src, 'name'), col(src, 'code'), col(src, 'source_from'), col(src, 'source_to'), col(src, 'provenance')]).toEqual([
      'STRADA', 'strada', '2026-01-01', '2026-06-30', 'Transportstyrelsen, uttag 1 jul',
    ]);
    // Without risk types: no risk rows at all.
    expect(followupCsvRows({ ...f, risk: null }, hot, labels).some((r) => ['risk', 'risktyp', 'riskkälla'].includes(String(r[0])))).toBe(false);
  });

  it('leaves a year no source covers empty, never 0', () => {
    const none: FollowupRisk = {
      ...partialRisk,
      year: { total: null, covered_days: 0, days: 365 },
      by_type: [{ type: 'injury_slight', year: null, previous_year: 2 }],
    };
    const r = followupCsvRows({ ...f, risk: none }, hot, labels);
    const risk = r.find((x) => x[0] === 'risk');
    expect([col(risk, 'events'), col(risk, 'events_previous_year'), col(risk, 'events_change')]).toEqual([null, 3, null]);
    expect(col(r.find((x) => x[0] === 'risktyp'), 'events')).toBeNull();
  });

  it('writes a Swedish file: semicolons, BOM, decimal commas only, formula-like titles escaped', () => {
    const csv = followupCsv(f, hot, labels);
    expect(csv.startsWith('\uFEFFkol:section;kol:name;')).toBe(true);
    expect(csv).toContain("'=cmd|calc");
    expect(csv).not.toMatch(/(^|;)=cmd/m);
    expect(csv).toContain(';0,25;0,12;0,51;');
    expect(csv).toContain(';13,00123;55,6;');
    expect(csv).not.toMatch(/\d\.\d/); // no "0.172" beside "58,2"
    const widths = new Set(csv.slice(1).trim().split('\r\n').map((line) => line.split(';').length));
    expect(widths).toEqual(new Set([FOLLOWUP_CSV_COLUMNS.length]));
    expect(followupCsv(f, hot, { ...labels, lang: 'en' })).toContain(';0.25;0.12;0.51;');
  });
});

describe('planFollowupCsvRows: the action plans\' follow-up', () => {
  const planLabels: PlanCsvLabels = {
    lang: 'sv',
    column: Object.fromEntries(PLAN_CSV_COLUMNS.map((c) => [c, `kol:${c}`])) as PlanCsvLabels['column'],
    section: { plan: 'plan', indicator: 'indikator', activity: 'aktivitet', risk: 'risk', risk_type: 'risktyp', risk_source: 'riskkälla' },
    challenge: (c) => `utm:${c}`,
    activityStatus: (s) => `akt:${s}`,
    measureStatus: (s) => `status:${s}`,
    verdict: (v) => `dom:${v}`,
    riskTypes: (types) => `typer:${types.join('+')}`,
    riskType: (type) => `händelsetyp:${type}`,
  };
  const PLAN = '00000000-0000-4000-8000-00000000aaaa';
  const f: ActionPlanFollowup = {
    period: { id: '00000000-0000-4000-8000-00000000bbbb', name: 'Trygghetsstrategi 2027–', starts_on: '2027-01-01', ends_on: null },
    year: 2027,
    plans: [
      {
        id: PLAN,
        department: 'Gatukontoret',
        challenge: 'otrygga_parker',
        target: 'Färre mörka parker',
        indicators: [
          { name: 'Trasiga lampor', unit: 'st', baseline: 120, target: 60, actual: 75.5 },
          { name: '=HYPERLINK("x")', unit: '', baseline: null, target: null, actual: null },
        ],
        activities: [
          {
            id: '00000000-0000-4000-8000-00000000cc01',
            title: 'Belysning Möllan',
            status: 'done',
            note: 'klart i tid',
            // 40 → 10 in the area while the comparison stays 200 → 200: RR 0.25, CI 0.12–0.51 (see above).
            measure: { id: '00000000-0000-4000-8000-000000000001', title: 'Belysning Möllan', status: 'done', done_date: '2027-03-01', effect: effect('00000000-0000-4000-8000-000000000001', 40, 10, 200, 200) },
          },
          { id: '00000000-0000-4000-8000-00000000cc02', title: 'Trygghetsvandring', status: 'planned', note: '', measure: null },
        ],
        reports: { year: 310, previous_year: 402 },
        risk: null,
      },
    ],
  };
  const rows = planFollowupCsvRows(f, planLabels);
  const col = (row: readonly unknown[] | undefined, c: (typeof PLAN_CSV_COLUMNS)[number]) => row?.[PLAN_CSV_COLUMNS.indexOf(c)];

  it('has a plan row with its reports this year and the year before, then its indicators and activities, each carrying department and challenge', () => {
    expect(rows[0]).toEqual(PLAN_CSV_COLUMNS.map((c) => `kol:${c}`));
    expect(rows.map((r) => r[0])).toEqual(['kol:section', 'plan', 'indikator', 'indikator', 'aktivitet', 'aktivitet']);
    expect(rows.every((r) => r.length === PLAN_CSV_COLUMNS.length)).toBe(true);
    expect(rows.slice(1).every((r) => col(r, 'department') === 'Gatukontoret' && col(r, 'challenge_code') === 'otrygga_parker')).toBe(true);
    const plan = rows[1];
    expect([col(plan, 'name'), col(plan, 'code'), col(plan, 'target'), col(plan, 'reports'), col(plan, 'reports_previous_year')]).toEqual([
      'Gatukontoret – utm:otrygga_parker 2027', PLAN, 'Färre mörka parker', 310, 402,
    ]);
    expect([col(rows[2], 'name'), col(rows[2], 'unit'), col(rows[2], 'baseline'), col(rows[2], 'goal'), col(rows[2], 'actual')]).toEqual([
      'Trasiga lampor', 'st', 120, 60, 75.5,
    ]);
    // An indicator not measured yet stays empty, never 0.
    expect([col(rows[3], 'baseline'), col(rows[3], 'goal'), col(rows[3], 'actual')]).toEqual([null, null, null]);
  });

  it('gives a done activity its measure\'s effect as the screen computes it, and none to an activity without a measure', () => {
    const [done, planned] = [rows[4], rows[5]];
    expect([col(done, 'status'), col(done, 'measure'), col(done, 'measure_status'), col(done, 'date')]).toEqual([
      'akt:done', 'Belysning Möllan', 'status:done', '2027-03-01',
    ]);
    expect([col(done, 'rate_ratio'), col(done, 'ci_low'), col(done, 'ci_high'), col(done, 'verdict')]).toEqual([0.25, 0.12, 0.51, 'dom:decrease']);
    expect([col(planned, 'status'), col(planned, 'measure'), col(planned, 'rate_ratio'), col(planned, 'verdict')]).toEqual(['akt:planned', null, null, null]);
  });

  it("adds a plan's actual risk after its activities: the change when both years are covered whole, every row its plan's", () => {
    const full: FollowupRisk = { ...partialRisk, year: { total: 5, covered_days: 365, days: 365 }, by_type: [{ type: 'injury_slight', year: 5, previous_year: 3 }] };
    const r = planFollowupCsvRows({ ...f, plans: [{ ...f.plans[0]!, risk: full }] }, planLabels);
    expect(r.map((x) => x[0]).slice(6)).toEqual(['risk', 'risktyp', 'riskkälla']);
    expect(r.every((x) => x.length === PLAN_CSV_COLUMNS.length)).toBe(true);
    expect(r.slice(6).every((x) => col(x, 'department') === 'Gatukontoret' && col(x, 'challenge_code') === 'otrygga_parker')).toBe(true);
    expect([col(r[6], 'events'), col(r[6], 'events_previous_year'), col(r[6], 'events_change')]).toEqual([5, 3, 2]);
    expect([col(r[7], 'name'), col(r[7], 'events_change')]).toEqual(['händelsetyp:injury_slight', 2]);
    expect([col(r[8], 'source_from'), col(r[8], 'source_to'), col(r[8], 'provenance')]).toEqual(['2026-01-01', '2026-06-30', 'Transportstyrelsen, uttag 1 jul']);
  });

  it('writes a Swedish file with formula-like text escaped and decimal commas', () => {
    const csv = planFollowupCsv(f, planLabels);
    expect(csv.startsWith('\uFEFFkol:section;kol:department;')).toBe(true);
    expect(csv).toContain(`;"'=HYPERLINK(""x"")";`);
    expect(csv).not.toMatch(/;"?=HYPERLINK/);
    expect(csv).toContain(';120;60;75,5;');
    expect(csv).toContain(';0,25;0,12;0,51;');
    const widths = new Set(csv.slice(1).trim().split('\r\n').map((line) => line.split(';').length));
    expect(widths).toEqual(new Set([PLAN_CSV_COLUMNS.length]));
  });
});

describe('riskCoverage and riskChange', () => {
  it('tells a whole, a partial and an uncovered year apart, and gives a change only for two whole years', () => {
    expect(riskCoverage({ total: 3, covered_days: 365, days: 365 })).toBe('full');
    expect(riskCoverage({ total: 1, covered_days: 181, days: 365 })).toBe('partial');
    expect(riskCoverage({ total: null, covered_days: 0, days: 366 })).toBe('none');
    expect(riskChange(partialRisk)).toBeNull();
    expect(riskChange({ ...partialRisk, year: { total: 1, covered_days: 365, days: 365 } })).toBe(-2);
  });
});
