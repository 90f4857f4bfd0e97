import { describe, expect, it } from 'vitest';
import type { AnnualFollowup, Measure } from '../../../api';
import { followupCsv, followupCsvRows, type FollowupCsvLabels } from './followup-csv';

const labels: FollowupCsvLabels = {
  header: ['avsnitt', 'namn', 'a', 'b', 'c', 'd'],
  section: { total: 'totalt', category: 'kategori', month: 'månad', placed: 'lagd', done: 'klar', effect: 'effekt', hotspot: 'hotspot' },
  category: (c) => `kat:${c}`,
  status: (s) => `status:${s}`,
  type: (t) => `typ:${t}`,
  verdict: (v) => `dom:${v}`,
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
  };
  const hot = [
    { id: '3:4', size: 250, q: 3, r: 4, n: 17, z: 4.2, cls: 3 as const, center: { lon: 13.00123, lat: 55.6 }, polygon: { type: 'Polygon' as const, coordinates: [] } },
  ];
  const rows = followupCsvRows(f, hot, labels);

  it('has every section with the follow-up\'s numbers', () => {
    expect(rows[0]).toEqual(labels.header);
    expect(rows).toContainEqual(['totalt', '2026', 30]);
    expect(rows).toContainEqual(['kategori', 'kat:belysning', 30]);
    expect(rows).toContainEqual(['månad', '2026-01', 30, 4]);
    expect(rows).toContainEqual(['klar', 'Belysning Möllan', '2026-01-15', 'typ:lighting', 120000, 'Gatukontoret']);
    expect(rows).toContainEqual(['hotspot', '3:4', 17, 3, '13.00123', '55.60000']);
  });

  it('computes the effect rows: RR 0.25 for 40→10 against a flat comparison; no ratio when too few', () => {
    const eff = rows.filter((r) => r[0] === 'effekt');
    expect(eff[0]![3]).toBe(0.25);
    expect(eff[0]![5]).toBe('dom:decrease');
    // The CI by hand: SE = √(1/40 + 1/10 + 1/200 + 1/200) = √0.135 ≈ 0.3674; 0.25·e^(±1.96·0.3674) ≈ 0.12–0.51.
    expect(eff[0]![4]).toBe('0.12–0.51');
    expect(eff[1]).toEqual(['effekt', '=cmd|calc', '2→1', null, null, 'dom:too_few']);
  });

  it('escapes a formula-like measure title in the file', () => {
    const csv = followupCsv(f, hot, labels);
    expect(csv).toContain("'=cmd|calc");
    expect(csv).not.toMatch(/(^|,)=cmd/m);
  });
});
