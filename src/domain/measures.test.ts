import { describe, expect, it } from 'vitest';
import { CRITERIA, maySaveMeasure, measureInputSchema, measureScore, SCORE_MAX } from './measures';

const valid = {
  title: ' Belysning i gångtunneln ',
  challenge: 'befintlig_stad',
  type: 'lighting',
  geometry: { type: 'Point', coordinates: [13.0, 55.6] },
};

describe('measures', () => {
  it('the score is the sum of the four ratings', () => {
    expect(
      measureScore({ crit_preventive: 2, crit_research: 1, crit_vulnerable: 0, crit_quick: 2 }),
    ).toBe(5);
    expect(SCORE_MAX).toBe(8);
    expect(CRITERIA.map((c) => c.column)).toEqual([
      'crit_preventive',
      'crit_research',
      'crit_vulnerable',
      'crit_quick',
    ]);
  });

  it('crew and planner propose; strategist and admin decide', () => {
    expect(maySaveMeasure('crew', null, 'proposed')).toBe(true);
    expect(maySaveMeasure('planner', 'proposed', 'proposed')).toBe(true);
    expect(maySaveMeasure('crew', 'proposed', 'planned')).toBe(false);
    expect(maySaveMeasure('planner', 'planned', 'proposed')).toBe(false);
    expect(maySaveMeasure('strategist', 'done', 'cancelled')).toBe(true);
    expect(maySaveMeasure('admin', null, 'done')).toBe(true);
    expect(maySaveMeasure('resident', null, 'proposed')).toBe(false);
    expect(maySaveMeasure('anon', null, 'proposed')).toBe(false);
  });

  it('the input schema trims, fills defaults and reports the first problem as an error code', () => {
    const parsed = measureInputSchema.parse(valid);
    expect(parsed.title).toBe('Belysning i gångtunneln');
    expect(parsed.status).toBe('proposed');
    expect(parsed.crit_quick).toBe(0);
    const code = (input: object) =>
      measureInputSchema.safeParse({ ...valid, ...input }).error?.issues[0]?.message;
    expect(code({ title: '   ' })).toBe('title_required');
    expect(code({ type: 'magic' })).toBe('invalid_measure_type');
    expect(code({ challenge: 'x' })).toBe('invalid_challenge');
    expect(code({ status: 'finished' })).toBe('invalid_measure_status');
    expect(code({ crit_quick: 3 })).toBe('invalid_criteria');
    expect(code({ crit_quick: 1.5 })).toBe('invalid_criteria');
    expect(code({ cost_sek: -1 })).toBe('invalid_cost');
    expect(code({ geometry: { type: 'Circle', coordinates: [1, 2] } })).toBe('invalid_geometry');
    expect(code({ status: 'done' })).toBe('done_date_required');
    expect(code({ status: 'done', done_date: '2026-13-45' })).toBe('invalid_date');
    expect(code({ status: 'done', done_date: '2999-01-01' })).toBe('invalid_date');
    expect(code({ status: 'done', done_date: '2025-06-01' })).toBeUndefined();
  });
});
