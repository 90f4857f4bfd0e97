import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import centroid from '@turf/centroid';
import type { Feature, Polygon } from 'geojson';
import { districtAt, normalizeText, pointInside, searchDistricts, toDistrictEntries } from './district-search';

const geojson = JSON.parse(readFileSync(new URL('../../../../public/data/malmo_delomraden.geojson', import.meta.url), 'utf8'));
const districts = toDistrictEntries(geojson);

describe('district search', () => {
  it('folds case and diacritics', () => {
    expect(normalizeText('  Möllevången ')).toBe('mollevangen');
    expect(normalizeText('ÅSA  Örn')).toBe('asa orn');
  });

  it('loads all 136 delområden, each with a point inside its polygon', () => {
    expect(districts).toHaveLength(136);
    for (const f of geojson.features) {
      const d = districts.find((x) => x.name === f.properties.name && x.code === f.properties.do_kod)!;
      expect(booleanPointInPolygon([d.lon, d.lat], f)).toBe(true);
    }
  });

  it('matches without diacritics and ranks prefix matches first', () => {
    expect(searchDistricts(districts, 'mollevangen')[0]?.name).toBe('Möllevången');
    expect(searchDistricts(districts, 'MÖLLE')[0]?.name).toBe('Möllevången');
    expect(searchDistricts(districts, 'vastra ham')[0]?.name).toBe('Västra Hamnen');
    const hamnen = searchDistricts(districts, 'hamnen', 20).map((d) => d.name);
    expect(hamnen).toContain('Västra Hamnen');
    expect(hamnen).toContain('Östra Hamnen');
  });

  it('finds districts by stadsdel after name matches', () => {
    const r = searchDistricts(districts, 'centrum', 50);
    expect(r.length).toBeGreaterThan(0);
    expect(r.every((d) => d.key.includes('centrum') || d.stadsdelKey.includes('centrum'))).toBe(true);
  });

  it('tells which district a point is in', () => {
    const m = districts.find((d) => d.name === 'Möllevången')!;
    expect(districtAt(districts, m.lon, m.lat)?.name).toBe('Möllevången');
    expect(districtAt(districts, 12.5, 55.6)).toBeNull();
  });

  it('returns nothing for an empty query and honours the limit', () => {
    expect(searchDistricts(districts, '   ')).toEqual([]);
    expect(searchDistricts(districts, 'a', 5)).toHaveLength(5);
  });

  it('falls back to an interior point when the centroid is outside (a U shape)', () => {
    const u: Feature<Polygon> = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
      },
    };
    expect(booleanPointInPolygon(centroid(u), u)).toBe(false);
    const p = pointInside(u)!;
    expect(booleanPointInPolygon(p, u)).toBe(true);
  });

  it('finds an interior point of a ring with a hole around the centroid', () => {
    const holed: Feature<Polygon> = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
          [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]],
        ],
      },
    };
    const p = pointInside(holed)!;
    expect(booleanPointInPolygon(p, holed)).toBe(true);
  });
});
