import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MALMO_BBOX } from '../../../domain/report-rules';
import {
  draftBelongsTo,
  draftHasContent,
  newDraft,
  normalizeDraft,
  parseDraft,
  serializeDraft,
  type Draft,
} from './draft';
import { DRAFT_STEPS } from './steps';

const coord = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0); // no -0 (JSON drops it)

const draftArb: fc.Arbitrary<Draft> = fc.record({
  v: fc.constant(1 as const),
  step: fc.constantFrom(...DRAFT_STEPS),
  id: fc.uuid(),
  userId: fc.option(fc.uuid(), { nil: null }),
  pin: fc.option(
    fc.oneof(
      fc.record({ lon: coord(MALMO_BBOX.west, MALMO_BBOX.east), lat: coord(MALMO_BBOX.south, MALMO_BBOX.north) }),
      fc.record({ lon: coord(-180, 180), lat: coord(-90, 90) }),
    ),
    { nil: null },
  ),
  category: fc.option(fc.string({ minLength: 1, maxLength: 100 }), { nil: null }),
  description: fc.string({ maxLength: 1500, unit: 'grapheme' }),
  observedAt: fc.string({ maxLength: 40 }),
  hasPhoto: fc.boolean(),
  notify: fc.boolean(),
  notifyEmail: fc.string({ maxLength: 300 }),
});

describe('draft (de)serialisation', () => {
  it('round-trips every valid draft (normalised)', () => {
    fc.assert(
      fc.property(draftArb, (d) => {
        expect(parseDraft(serializeDraft(d))).toEqual(normalizeDraft(d));
      }),
    );
  });

  it('normalising is idempotent and never moves a step forward', () => {
    fc.assert(
      fc.property(draftArb, (d) => {
        const n = normalizeDraft(d);
        expect(normalizeDraft(n)).toEqual(n);
        expect(DRAFT_STEPS.indexOf(n.step)).toBeLessThanOrEqual(DRAFT_STEPS.indexOf(d.step));
      }),
    );
  });

  it('never throws on junk and returns null for it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const d = parseDraft(raw);
        if (d !== null) expect(parseDraft(serializeDraft(d))).toEqual(d);
      }),
    );
    expect(parseDraft(null)).toBeNull();
    expect(parseDraft('')).toBeNull();
    expect(parseDraft('{')).toBeNull();
    expect(parseDraft('{"v":2}')).toBeNull();
  });

  it('discards invalid fields instead of trusting them', () => {
    const d = newDraft('7d7b0b1e-8f2a-4c7e-9f55-2c5b0a3d9e11', null, new Date(2025, 0, 2, 3, 4));
    expect(parseDraft(serializeDraft(d))).toEqual(d);
    expect(parseDraft(JSON.stringify({ ...d, id: 'not-a-uuid' }))).toBeNull();
    expect(parseDraft(JSON.stringify({ ...d, pin: { lon: 'x', lat: 1 } }))).toBeNull();
    expect(parseDraft(JSON.stringify({ ...d, step: 'done' }))).toBeNull();
    expect(parseDraft(JSON.stringify({ ...d, description: 'x'.repeat(9000) }))).toBeNull();
  });

  it('clamps a restored step to the data it has', () => {
    const d = newDraft('7d7b0b1e-8f2a-4c7e-9f55-2c5b0a3d9e11', null);
    expect(parseDraft(serializeDraft({ ...d, step: 'details' }))?.step).toBe('place');
  });

  it('starts empty at the place step with observedAt = now', () => {
    const d = newDraft('7d7b0b1e-8f2a-4c7e-9f55-2c5b0a3d9e11', 'u1', new Date(2025, 4, 6, 7, 8));
    expect(d.step).toBe('place');
    expect(d.observedAt).toBe('2025-05-06T07:08');
    expect(draftHasContent(d)).toBe(false);
    expect(draftHasContent({ ...d, description: 'x' })).toBe(true);
  });

  it('belongs only to the user who started it', () => {
    const d = newDraft('7d7b0b1e-8f2a-4c7e-9f55-2c5b0a3d9e11', 'u1');
    expect(draftBelongsTo(d, 'u1')).toBe(true);
    expect(draftBelongsTo(d, null)).toBe(true);
    expect(draftBelongsTo(d, 'u2')).toBe(false);
    expect(draftBelongsTo({ ...d, userId: null }, 'u2')).toBe(true);
  });
});
