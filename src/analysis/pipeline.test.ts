import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AreaGeometry } from './geometry.ts';
import { interleave } from './geometry.ts';
import { gridToGeoJSON } from './hex-grid.ts';
import { hotspotPipeline } from './pipeline.ts';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../tests/fixtures/analysis/${name}`, import.meta.url), 'utf8'),
  );

interface In {
  features: {
    properties: { role: string; cellSize?: number; band?: number };
    geometry: { coordinates: number[] } & AreaGeometry;
  }[];
}

describe('hotspotPipeline — golden fixture tests/fixtures/analysis/hotspot-rosette.*.geojson', () => {
  const input: In = fixture('hotspot-rosette.input.geojson');
  const expected = fixture('hotspot-rosette.output.geojson');
  const area = input.features.find((f) => f.properties.role === 'area')!;
  const reports = input.features.filter((f) => f.properties.role === 'report');
  const result = hotspotPipeline(interleave(reports.map((f) => f.geometry.coordinates)), {
    area: area.geometry,
    cellSize: area.properties.cellSize!,
    band: area.properties.band!,
  });
  const actual = gridToGeoJSON(result.grid, (i) => ({
    count: result.counts[i]!,
    z: result.z[i]!,
    p: result.p[i]!,
    q: result.q[i]!,
    class: result.classes[i]!,
    neighbors: result.neighbors[i]!.length,
  }));

  it('matches the golden output cell by cell (ids, values, outlines within 1e-7°)', () => {
    expect(actual.features).toHaveLength(expected.features.length);
    actual.features.forEach((f, i) => {
      const e = expected.features[i];
      expect(f.properties.id).toBe(e.properties.id);
      for (const key of ['count', 'class', 'neighbors'] as const)
        expect(f.properties[key]).toBe(e.properties[key]);
      for (const key of ['z', 'p', 'q'] as const)
        expect(f.properties[key]).toBeCloseTo(e.properties[key], 9);
      f.geometry.coordinates[0]!.forEach(([lon, lat], k) => {
        expect(lon).toBeCloseTo(e.geometry.coordinates[0][k][0], 7);
        expect(lat).toBeCloseTo(e.geometry.coordinates[0][k][1], 7);
      });
    });
  });

  it('and the golden values are the hand-worked rosette', () => {
    // 7 cells; 7 reports in the centre, 1 in each ring cell (see gi-star.test.ts for the arithmetic):
    // centre z = 0 (its neighbourhood is the whole area), ring z = √3/2, p = 0.3864762307712327.
    // BH, m = 7: the six equal ring p-values get q = p·7/6 = 0.45089; the centre's p = 1 gives q = 1.
    expect(result.outside).toBe(0);
    for (const f of expected.features) {
      if (f.properties.count === 7) {
        expect(f.properties.z).toBe(0);
        expect(f.properties.q).toBeCloseTo(1, 9);
      } else {
        expect(f.properties.count).toBe(1);
        expect(f.properties.z).toBeCloseTo(Math.sqrt(3) / 2, 12);
        expect(f.properties.p).toBeCloseTo(0.3864762307712327, 7);
        expect(f.properties.q).toBeCloseTo((0.3864762307712327 * 7) / 6, 7);
      }
      expect(f.properties.class).toBe(0);
    }
  });
});

describe('hotspotPipeline on a synthetic cluster', () => {
  it('finds a dense cluster as a 99 % hot spot and keeps empty cells', () => {
    // A 3 km × 3 km square near Malmö C; 238 reports spread evenly on a ~200 m lattice (so many 100 m cells are
    // empty) plus 300 in one spot.
    const area: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [12.98, 55.59],
          [13.03, 55.59],
          [13.03, 55.617],
          [12.98, 55.617],
          [12.98, 55.59],
        ],
      ],
    };
    const pts: number[] = [];
    for (let i = 0; i < 17; i++)
      for (let j = 0; j < 14; j++) pts.push(12.9805 + 0.003 * i, 55.5905 + 0.0019 * j);
    for (let k = 0; k < 300; k++)
      pts.push(13.005 + 0.0001 * Math.cos(k), 55.603 + 0.0001 * Math.sin(k));
    const r = hotspotPipeline(pts, { area, cellSize: 100 });
    expect(r.band).toBeCloseTo(300, 9);
    const hottest = r.z.indexOf(Math.max(...r.z));
    expect(r.classes[hottest]).toBe(3);
    expect(r.q[hottest]).toBeLessThan(0.01);
    expect(r.counts.some((c) => c === 0)).toBe(true);
    expect(r.counts.reduce((s, c) => s + c, 0) + r.outside).toBe(pts.length / 2);
  });
});
