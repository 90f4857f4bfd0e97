import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeDistrictLookup } from './district-lookup';

const fc = JSON.parse(readFileSync(new URL('../../public/data/malmo_delomraden.geojson', import.meta.url), 'utf8'));
const lookup = makeDistrictLookup(fc);

describe('district lookup', () => {
  // The spot checks listed in public/data/SOURCES.md.
  it.each([
    ['Turning Torso', 12.9762, 55.6132, 'Västra Hamnen'],
    ['Möllevångstorget', 13.0115, 55.5912, 'Möllevången'],
    ['Stortorget', 13.0012, 55.6056, 'Gamla Staden'],
    ['Emporia', 12.9796, 55.5646, 'Hyllievång'],
  ])('%s is in %s', (_place, lon, lat, name) => {
    expect(lookup(lon, lat)?.name).toBe(name);
  });

  it('returns null outside Malmö', () => {
    expect(lookup(12.8, 55.6)).toBeNull(); // Öresund
  });
});
