import { describe, expect, it } from 'vitest';
import { DESCRIPTION_MAX, MALMO_CENTER } from '../../../domain/report-rules';
import { newDraft, type Draft } from './draft';
import { toDateTimeLocal } from './datetime';
import { validateDraft } from './validation';

const id = '7d7b0b1e-8f2a-4c7e-9f55-2c5b0a3d9e11';
const good: Draft = {
  ...newDraft(id, 'u1'),
  pin: { lon: MALMO_CENTER.lon, lat: MALMO_CENTER.lat },
  category: 'litter',
  description: 'Skräp vid busshållplatsen',
  step: 'details',
};

describe('validateDraft', () => {
  it('accepts a complete draft and builds the API input', () => {
    const r = validateDraft(good, `u1/${id}.jpg`);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.input).toMatchObject({ id, category: 'litter', source: 'resident', photoPath: `u1/${id}.jpg` });
      expect(r.input.observedAt).toBeInstanceOf(Date);
    }
  });

  it('reports per-field codes and focuses the first invalid field', () => {
    const r = validateDraft({ ...good, description: '   ', observedAt: '' }, null);
    expect(r).toMatchObject({
      ok: false,
      errors: { description: 'description_required', observedAt: 'observed_required' },
      first: 'description',
    });
  });

  it('flags a too long description', () => {
    const r = validateDraft({ ...good, description: 'x'.repeat(DESCRIPTION_MAX + 1) }, null);
    expect(r).toMatchObject({ ok: false, errors: { description: 'description_too_long' }, first: 'description' });
  });

  it('flags a time in the future and a time too long ago', () => {
    const future = toDateTimeLocal(new Date(Date.now() + 2 * 3600_000));
    expect(validateDraft({ ...good, observedAt: future }, null)).toMatchObject({
      errors: { observedAt: 'observed_in_future' },
      first: 'observedAt',
    });
    expect(validateDraft({ ...good, observedAt: '2001-01-01T10:00' }, null)).toMatchObject({
      errors: { observedAt: 'observed_too_old' },
    });
  });

  it('maps a missing pin and category to their fields', () => {
    const r = validateDraft({ ...good, pin: null, category: null }, null);
    expect(r).toMatchObject({
      ok: false,
      errors: { position: 'invalid_position', category: 'unknown_category' },
      first: 'position',
    });
  });
});
