import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildChoropleth, classOf, joinKeyOf, quantileBreaks } from './choropleth';

const square = (x: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[x, 55], [x + 0.01, 55], [x + 0.01, 55.01], [x, 55.01], [x, 55]]],
});

describe('quantileBreaks / classOf', () => {
  it('splits ten values into five classes of two', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const breaks = quantileBreaks(values, 5);
    expect(breaks).toEqual([2, 4, 6, 8]);
    expect(values.map((v) => classOf(v, breaks))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('never makes an empty class from ties, and none at all from one value', () => {
    expect(quantileBreaks([0, 0, 0, 0, 5], 5)).toEqual([0]);
    expect(quantileBreaks([3, 3, 3], 4)).toEqual([]);
    expect(classOf(null, [1])).toBe(-1);
  });
});

describe('buildChoropleth', () => {
  const stadsdelar: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: square(13), properties: { name: 'Centrum', area_m2: 2_000_000 } },
      { type: 'Feature', geometry: square(13.1), properties: { name: 'Husie', area_m2: 10_000_000 } },
      { type: 'Feature', geometry: square(13.2), properties: { name: 'Fosie', area_m2: 4_000_000 } },
    ],
  };

  it('joins by name at stadsdel level, fills missing districts with 0 and ranks by rate', () => {
    const model = buildChoropleth('stadsdel', stadsdelar, [
      { code: 'Centrum', name: 'Centrum', n: 40, km2: 2 },
      { code: 'Husie', name: 'Husie', n: 50, km2: 10 },
    ], 3);
    expect(model.rows.map((r) => [r.name, r.n, r.perKm2])).toEqual([
      ['Centrum', 40, 20],
      ['Husie', 50, 5],
      ['Fosie', 0, 0], // area from the boundary file
    ]);
    expect(model.rows.map((r) => r.cls)).toEqual([2, 1, 0]);
  });

  it('gives the map features exactly the table rows\' numbers and classes', () => {
    const model = buildChoropleth('stadsdel', stadsdelar, [{ code: 'Husie', name: 'Husie', n: 7, km2: 10 }]);
    for (const f of model.data.features) {
      const row = model.rows.find((r) => r.code === f.properties!.code)!;
      expect([f.properties!.n, f.properties!.per_km2, f.properties!.cls]).toEqual([row.n, row.perKm2, row.cls]);
    }
    expect(model.data.features).toHaveLength(3);
  });

  it('joins delområden by their numeric code', () => {
    expect(joinKeyOf('delomrade', { do_kod: 10101, name: 'Västra Hamnen' })).toBe('10101');
    expect(joinKeyOf('stadsomrade', { name: 'Norr' })).toBe('Norr');
  });
});
