import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DESCRIPTION_MAX,
  isInMalmoEnvelope,
  MALMO_CENTER,
  OBSERVED_MAX_AGE_DAYS,
  reportInputSchema,
} from './report-rules';

const valid = {
  id: '0b6f2a47-52c2-4f39-9c4d-4d1b8f1f3a10',
  category: 'litter',
  lon: MALMO_CENTER.lon,
  lat: MALMO_CENTER.lat,
  description: 'Mycket skräp vid busshållplatsen',
  observedAt: new Date(Date.now() - 60_000),
};

function errorCode(input: unknown): string | undefined {
  const r = reportInputSchema.safeParse(input);
  return r.success ? undefined : r.error.issues[0]?.message;
}

describe('reportInputSchema', () => {
  it('accepts a complete report and defaults source and photo', () => {
    const r = reportInputSchema.parse(valid);
    expect(r.source).toBe('resident');
    expect(r.photoPath).toBeNull();
  });

  it('trims the description and requires something in it', () => {
    expect(errorCode({ ...valid, description: '   \n ' })).toBe('description_required');
    expect(reportInputSchema.parse({ ...valid, description: '  glas  ' }).description).toBe('glas');
  });

  it('limits the description to the same length as the database', () => {
    expect(errorCode({ ...valid, description: 'x'.repeat(DESCRIPTION_MAX) })).toBeUndefined();
    expect(errorCode({ ...valid, description: 'x'.repeat(DESCRIPTION_MAX + 1) })).toBe(
      'description_too_long',
    );
  });

  it('rejects observations in the future beyond the clock-skew tolerance', () => {
    expect(errorCode({ ...valid, observedAt: new Date(Date.now() + 60 * 60_000) })).toBe(
      'observed_in_future',
    );
    expect(errorCode({ ...valid, observedAt: new Date(Date.now() + 60_000) })).toBeUndefined();
  });

  it('rejects observations older than the limit', () => {
    const old = new Date(Date.now() - (OBSERVED_MAX_AGE_DAYS + 1) * 86_400_000);
    expect(errorCode({ ...valid, observedAt: old })).toBe('observed_too_old');
  });

  it('rejects non-finite positions with invalid_position', () => {
    expect(errorCode({ ...valid, lon: Number.NaN })).toBe('invalid_position');
    expect(errorCode({ ...valid, lat: Number.POSITIVE_INFINITY })).toBe('invalid_position');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(() => reportInputSchema.safeParse(input)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe('isInMalmoEnvelope', () => {
  it('contains the centre of Malmö and not Copenhagen or Lund', () => {
    expect(isInMalmoEnvelope(MALMO_CENTER.lon, MALMO_CENTER.lat)).toBe(true);
    expect(isInMalmoEnvelope(12.5683, 55.6761)).toBe(false);
    expect(isInMalmoEnvelope(13.191, 55.7047)).toBe(false);
  });
});
