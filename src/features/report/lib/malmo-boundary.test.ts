import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { mergedBoundary } from '../../../hooks/static-data';
import { isInMalmo } from './malmo-boundary';

const boundary = mergedBoundary(
  JSON.parse(readFileSync(join(__dirname, '../../../../public/data/malmo_kommun.geojson'), 'utf8')) as FeatureCollection,
);

describe('isInMalmo', () => {
  it('takes a place on land in Malmö', () => {
    expect(isInMalmo(boundary, { lon: 13.0095, lat: 55.5906 })).toBe(true); // Möllevångstorget
  });

  it('refuses Öresund off Ribersborg, inside the envelope', () => {
    expect(isInMalmo(boundary, { lon: 12.955, lat: 55.605 })).toBe(false);
  });

  it('refuses Lund, and knows only the envelope before the boundary has loaded', () => {
    expect(isInMalmo(boundary, { lon: 13.191, lat: 55.7047 })).toBe(false);
    expect(isInMalmo(undefined, { lon: 12.955, lat: 55.605 })).toBe(true);
    expect(isInMalmo(undefined, { lon: 12.5, lat: 55.7 })).toBe(false);
  });
});
