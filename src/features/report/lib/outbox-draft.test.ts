import { describe, expect, it } from 'vitest';
import { draftFromOutbox } from './outbox-draft';
import { parseDraft, serializeDraft } from './draft';

const payload = {
  id: '0b6a2d8e-4a53-4d1e-9c9e-1f2a3b4c5d6e',
  category: 'litter',
  lon: 13.0,
  lat: 55.6,
  description: 'Skräp',
  observedAt: new Date(2026, 10, 30, 14, 5),
  source: 'resident' as const,
  photoPath: null,
};

describe('draftFromOutbox', () => {
  it('makes a valid details-step draft with the same id', () => {
    const d = draftFromOutbox({ id: payload.id, owner: 'u1', payload, blob: null, error: 'rate_limited' }, () => 'x');
    expect(d).toMatchObject({ id: payload.id, step: 'details', observedAt: '2026-11-30T14:05', hasPhoto: false });
    expect(parseDraft(serializeDraft(d))).toEqual(d);
  });
  it('takes a new id after id_conflict', () => {
    const fresh = '1b6a2d8e-4a53-4d1e-9c9e-1f2a3b4c5d6e';
    const d = draftFromOutbox({ id: payload.id, owner: 'u1', payload, blob: null, error: 'id_conflict' }, () => fresh);
    expect(d.id).toBe(fresh);
  });
});
