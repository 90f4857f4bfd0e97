import { describe, expect, it } from 'vitest';
import { EMERGING_CATEGORIES, sweref99tmToWgs84, type DensityRaster } from '../../../analysis';
import type { CellHotspotResult } from '../../../analysis';
import { cellCentre, densityGeoJSON, emergingCells, hotspotGeoJSON, significantCells } from './hotspot-geojson';

function result(classes: number[], z: number[], emerging?: string[]): CellHotspotResult {
  const n = classes.length;
  return {
    size: 100,
    band: 300,
    q: Int32Array.from({ length: n }, (_, i) => i),
    r: new Int32Array(n),
    n: Float64Array.from({ length: n }, (_, i) => i * 2),
    values: new Float64Array(n),
    z: Float64Array.from(z),
    p: new Float64Array(n),
    qValue: new Float64Array(n).fill(0.01),
    classes: Int8Array.from(classes),
    outside: 0,
    emerging: emerging
      ? {
          category: Uint8Array.from(emerging.map((c) => EMERGING_CATEGORIES.indexOf(c as never))),
          rateRatio: new Float64Array(n).fill(1),
          recentClasses: new Int8Array(n),
          baselineClasses: new Int8Array(n),
        }
      : null,
  };
}

describe('cell tables', () => {
  it('lists significant cells hot first (strongest, then highest z), then cold (strongest first)', () => {
    const res = result([0, 2, 3, -1, 3, -3], [0.1, 2.5, 3.1, -1.8, 4.0, -3.5]);
    expect(significantCells(res).map((c) => [c.q, c.cls])).toEqual([
      [4, 3],
      [2, 3],
      [1, 2],
      [5, -3],
      [3, -1],
    ]);
    expect(significantCells(res)[0]).toMatchObject({ id: '100:4:0', n: 8 });
  });

  it('lists emerging cells by category order, leaving out "none"', () => {
    const res = result([1, 1, 1, 0], [1, 2, 3, 0], ['diminishing', 'new', 'none', 'new']);
    expect(emergingCells(res).map((c) => [c.q, c.emerging])).toEqual([
      [1, 'new'],
      [3, 'new'],
      [0, 'diminishing'],
    ]);
  });

  it('turns every cell (zeros too) into a closed hexagon with its class', () => {
    const fc = hotspotGeoJSON(result([0, 3], [0, 4]));
    expect(fc.features).toHaveLength(2);
    const ring = (fc.features[1]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring).toHaveLength(7);
    expect(ring[0]).toEqual(ring[6]);
    expect(fc.features[1]!.properties).toMatchObject({ id: '100:1:0', cls: 3, q: 1, r: 0 });
    // the centre of cell (0,0) at 100 m is the EPSG:3006 origin's projection
    const c = cellCentre(0, 0, 100);
    const o = sweref99tmToWgs84(0, 0);
    expect([c.lon, c.lat]).toEqual([o[0], o[1]]);
  });
});

describe('densityGeoJSON', () => {
  it('keeps values above 5 % of the maximum, in quintile levels, with row 0 at the north edge', () => {
    // 2 columns × 3 rows, values in image order (north row first)
    const raster: DensityRaster = {
      kind: 'kernel density — a picture, not a test',
      x0: 370_000,
      y0: 6_160_000,
      cellSize: 100,
      bandwidth: 300,
      width: 2,
      height: 3,
      values: Float32Array.from([100, 1, 50, 20, 10, 4]),
      boundsWgs84: [0, 0, 0, 0],
    };
    const { data, breaks } = densityGeoJSON(raster);
    // 1 and 4 are below 5 % of 100 and left out
    expect(data.features).toHaveLength(4);
    // sorted kept values [10, 20, 50, 100]; breaks at ranks ⌊0.2·3⌋, ⌊0.4·3⌋, ⌊0.6·3⌋, ⌊0.8·3⌋ = 0, 1, 1, 2
    expect(breaks).toEqual([10, 20, 20, 50]);
    const levels = data.features.map((f) => f.properties!.level);
    expect(levels).toEqual([4, 3, 1, 0]); // 100, 50, 20, 10: how many breaks each value exceeds
    // the first feature (value 100, row 0 = north) lies north of the last (value 10, row 2)
    const southOf = (k: number) => (data.features[k]!.geometry as { coordinates: number[][][] }).coordinates[0]![0]![1]!;
    expect(southOf(0)).toBeGreaterThan(southOf(3));
  });
});
