import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../domain/errors';
import { validateMeasure } from './form-errors';

const valid = {
  title: 'Belysning i Pildammsparken',
  description: '',
  challenge: 'befintlig_stad',
  type: 'lighting',
  department: 'Gatukontoret',
  status: 'planned',
  planned_date: '2026-03-01',
  done_date: null,
  cost_sek: 50000,
  geometry: { type: 'Point', coordinates: [12.99, 55.59] },
  crit_preventive: 2,
  crit_research: 1,
  crit_vulnerable: 0,
  crit_quick: 2,
  source_kind: 'manual',
  source_ref: null,
  report_ids: [],
};

describe('validateMeasure', () => {
  it('accepts a complete measure', () => {
    const r = validateMeasure(valid);
    expect(r.ok).toBe(true);
  });

  it('puts each problem at its field, with a listed error code (the app i18n test checks each has sv and en texts)', () => {
    const r = validateMeasure({
      ...valid,
      title: '  ',
      challenge: '',
      type: 'fireworks',
      cost_sek: -5,
      crit_quick: 3,
      geometry: null,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      title: 'title_required',
      challenge: 'invalid_challenge',
      type: 'invalid_measure_type',
      cost: 'invalid_cost',
      criteria: 'invalid_criteria',
      geometry: 'invalid_geometry',
    });
    for (const code of Object.values(r.errors)) {
      expect(ERROR_CODES as readonly string[]).toContain(code);
    }
  });

  it('requires the done date of a done measure, and a cost that is a number', () => {
    const r = validateMeasure({ ...valid, status: 'done', done_date: null, cost_sek: Number.NaN });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ done_date: 'done_date_required', cost: 'invalid_cost' });
  });
});
