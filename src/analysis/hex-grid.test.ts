import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolygonGeometry } from './geometry.ts';
import {
  binPoints,
  cellIndex,
  cellPolygonWgs84,
  coverArea,
  gridFromCells,
  hexCellOf,
  hexCenter,
  hexDistance,
  hexRing,
} from './hex-grid.ts';
import { sweref99tmToWgs84, wgs84ToSweref99tm } from './projection.ts';

const toLonLat = (x: number, y: number): [number, number] => {
  const ll = sweref99tmToWgs84(x, y);
  return [ll[0] as number, ll[1] as number];
};

describe('hexagon arithmetic', () => {
  it('centres: neighbours are √3·size apart, cell (1, 0) is at (1.5 s, √3/2 s)', () => {
    expect(hexCenter(1, 0, 100)).toEqual([150, expect.closeTo((Math.sqrt(3) / 2) * 100, 9)]);
    const [x, y] = hexCenter(0, 1, 100);
    expect(Math.hypot(x, y)).toBeCloseTo(Math.sqrt(3) * 100, 9);
  });

  it('a hexagon of edge s has area (3√3/2)·s² (shoelace) and corners s from the centre', () => {
    const ring = hexRing(3, -7, 80);
    let a = 0;
    for (let k = 0; k < 6; k++) a += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1];
    expect(a / 2).toBeCloseTo(((3 * Math.sqrt(3)) / 2) * 80 * 80, 6);
    const [cx, cy] = hexCenter(3, -7, 80);
    for (const [x, y] of ring) expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(80, 9);
  });

  it('hex distance', () => {
    expect(hexDistance(0, 0)).toBe(0);
    expect(hexDistance(1, -1)).toBe(1);
    expect(hexDistance(2, 1)).toBe(3);
  });

  it('property: the centre of (q, r) maps back to (q, r)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100000, max: 100000 }),
        fc.integer({ min: -100000, max: 100000 }),
        fc.integer({ min: 50, max: 500 }),
        (q, r, s) => {
          const [x, y] = hexCenter(q, r, s);
          const c = hexCellOf(x, y, s);
          return c[0] === q && c[1] === r;
        },
      ),
    );
  });

  it('property: every point falls in the hexagon whose centre is nearest to it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 300000, max: 450000, noNaN: true }),
        fc.double({ min: 6100000, max: 6250000, noNaN: true }),
        fc.integer({ min: 50, max: 500 }),
        (x, y, s) => {
          const [q, r] = hexCellOf(x, y, s);
          const [cx, cy] = hexCenter(q!, r!, s);
          const d = Math.hypot(x - cx, y - cy);
          // Compare with every centre in two rings around it (the nearest one is certainly among them).
          for (let dq = -2; dq <= 2; dq++)
            for (let dr = -2; dr <= 2; dr++) {
              const [ox, oy] = hexCenter(q! + dq, r! + dr, s);
              if (Math.hypot(x - ox, y - oy) < d - 1e-6) return false;
            }
          return d <= s + 1e-6; // and it is inside the hexagon's circumcircle
        },
      ),
    );
  });
});

/** A rectangle that is exactly axis-aligned in EPSG:3006, as a WGS84 polygon (corners only; edges are short). */
function rectangle(x0: number, y0: number, x1: number, y1: number): PolygonGeometry {
  return {
    type: 'Polygon',
    coordinates: [
      [toLonLat(x0, y0), toLonLat(x1, y0), toLonLat(x1, y1), toLonLat(x0, y1), toLonLat(x0, y0)],
    ],
  };
}

describe('coverArea', () => {
  it('keeps exactly the hexagons whose centre is inside (checked by enumerating centres)', () => {
    const [x0, y0, x1, y1] = [370123, 6160456, 372987, 6162811];
    const s = 150;
    const grid = coverArea(rectangle(x0, y0, x1, y1), s);
    const expected = new Set<string>();
    for (let q = -5000; q <= 5000; q++) {
      const cx = 1.5 * s * q;
      if (cx < x0 - 1 || cx > x1 + 1) continue;
      for (let r = -60000; r <= 60000; r++) {
        const [, cy] = hexCenter(q, r, s);
        if (cy < y0 - 1) continue;
        if (cy > y1 + 1) break;
        // strictly inside by more than the projection round-off of the corners (≈ µm) — no centre is that close here
        if (cx > x0 && cx < x1 && cy > y0 && cy < y1) expected.add(`${q},${r}`);
      }
    }
    const got = new Set(Array.from(grid.q, (q, i) => `${q},${grid.r[i]}`));
    expect(got).toEqual(expected);
    expect(grid.length).toBeGreaterThan(50);
  });

  it('handles holes and multipolygons (even–odd)', () => {
    const outer = rectangle(370000, 6160000, 373000, 6163000).coordinates[0]!;
    const hole = rectangle(371000, 6161000, 372000, 6162000).coordinates[0]!;
    const withHole = coverArea({ type: 'Polygon', coordinates: [outer, hole] }, 100);
    const full = coverArea({ type: 'Polygon', coordinates: [outer] }, 100);
    const holeOnly = coverArea({ type: 'Polygon', coordinates: [hole] }, 100);
    expect(withHole.length).toBe(full.length - holeOnly.length);
    const two = coverArea(
      {
        type: 'MultiPolygon',
        coordinates: [[outer], [rectangle(380000, 6160000, 381000, 6161000).coordinates[0]!]],
      },
      100,
    );
    expect(two.length).toBe(
      full.length + coverArea(rectangle(380000, 6160000, 381000, 6161000), 100).length,
    );
  });

  it("Malmö's boundary: the cells' total area is the municipality's area (161.4 km²) within 1 %", () => {
    const fc0 = JSON.parse(
      readFileSync(new URL('../../public/data/malmo_kommun.geojson', import.meta.url), 'utf8'),
    );
    const feature = fc0.features[0];
    for (const s of [100, 250]) {
      const grid = coverArea(feature.geometry, s);
      const area = grid.length * ((3 * Math.sqrt(3)) / 2) * s * s;
      expect(Math.abs(area / feature.properties.area_m2 - 1)).toBeLessThan(0.01);
    }
  });
});

describe('binPoints', () => {
  const grid = gridFromCells(100, [
    [2480, 34330],
    [2481, 34330],
    [2480, 34331],
  ]);

  it('counts points arithmetically, zeros included, and reports points outside the grid', () => {
    const at = (q: number, r: number, dx = 0, dy = 0) =>
      toLonLat(hexCenter(q, r, 100)[0] + dx, hexCenter(q, r, 100)[1] + dy);
    const pts = [
      at(2480, 34330),
      at(2480, 34330, 40, -30),
      at(2481, 34330, -20, 50),
      at(2500, 34000),
    ].flat();
    const { counts, outside } = binPoints(grid, pts);
    expect(Array.from(counts)).toEqual([2, 1, 0]);
    expect(outside).toBe(1);
    const weighted = binPoints(grid, pts, [1, 3, 2, 9]);
    expect(Array.from(weighted.counts)).toEqual([4, 2, 0]);
  });

  it('property: binning a WGS84 point gives the cell of its projection (within the table’s 1 mm)', () => {
    const big = coverArea(rectangle(370000, 6160000, 373000, 6163000), 120);
    fc.assert(
      fc.property(
        fc.double({ min: 370000, max: 373000, noNaN: true }),
        fc.double({ min: 6160000, max: 6163000, noNaN: true }),
        (x, y) => {
          const [lon, lat] = toLonLat(x, y);
          const xy = wgs84ToSweref99tm(lon, lat);
          const { counts, outside } = binPoints(big, [lon, lat]);
          // The cell of the exact projection or, for a point within 1 mm of an edge, of a point 1 mm away.
          const candidates = [
            [0, 0],
            [1e-3, 0],
            [-1e-3, 0],
            [0, 1e-3],
            [0, -1e-3],
          ].map(([dx, dy]) => {
            const [q, r] = hexCellOf((xy[0] as number) + dx!, (xy[1] as number) + dy!, 120);
            return cellIndex(big, q!, r!);
          });
          const exact = candidates[0]!;
          if (candidates.every((c) => c === exact))
            return exact < 0 ? outside === 1 : counts[exact] === 1 && outside === 0;
          return candidates.some((c) => (c < 0 ? outside === 1 : counts[c] === 1));
        },
      ),
    );
  });

  it('cell outlines in WGS84 project back to the regular hexagon', () => {
    const ring = cellPolygonWgs84(grid, 1);
    expect(ring).toHaveLength(7);
    const [cx, cy] = hexCenter(2481, 34330, 100);
    for (const [lon, lat] of ring) {
      const xy = wgs84ToSweref99tm(lon, lat);
      expect(
        Math.abs(Math.hypot((xy[0] as number) - cx, (xy[1] as number) - cy) - 100),
      ).toBeLessThan(1e-4); // series round trip ≈ µm
    }
  });
});
