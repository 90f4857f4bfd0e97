import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridFromCells, hexCenter } from './hex-grid.ts';
import {
  averageNearestNeighborDistance,
  bandOffsets,
  defaultBand,
  distanceBandNeighbors,
  minimumConnectingBand,
} from './neighbors.ts';

const S = 100;

describe('bandOffsets (hex rings)', () => {
  // Centre distances on the lattice: ring 1 at √3·s (6 cells); ring 2 at 3·s (6, across corners) and 2√3·s (6).
  it.each([
    [0.5 * S, 0],
    [Math.sqrt(3) * S, 6],
    [2.9 * S, 6],
    [3 * S, 12],
    [2 * Math.sqrt(3) * S, 18],
    [Math.sqrt(21) * S, 30], // ring 3 has 12 cells at √21·s
  ])('band %f m → %i neighbours', (band, count) => {
    expect(bandOffsets(S, band).length / 2).toBe(count);
  });

  it('property: the offsets are exactly the lattice cells within the band (brute force over a window)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 12 * S, noNaN: true }), (band) => {
        const expected = new Set<string>();
        for (let dq = -15; dq <= 15; dq++)
          for (let dr = -15; dr <= 15; dr++) {
            if (dq === 0 && dr === 0) continue;
            const [x, y] = hexCenter(dq, dr, S);
            if (Math.hypot(x, y) <= band * (1 + 1e-9)) expected.add(`${dq},${dr}`);
          }
        const off = bandOffsets(S, band);
        const got = new Set<string>();
        for (let k = 0; k < off.length; k += 2) got.add(`${off[k]},${off[k + 1]}`);
        return got.size === expected.size && [...got].every((g) => expected.has(g));
      }),
    );
  });
});

describe('distanceBandNeighbors', () => {
  it('property: symmetric, never contains i, and matches brute force over all pairs', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: -6, max: 6 })), {
          minLength: 1,
          maxLength: 40,
          selector: ([q, r]) => `${q},${r}`,
        }),
        fc.double({ min: 0, max: 6 * S, noNaN: true }),
        (cells, band) => {
          const grid = gridFromCells(S, cells);
          const nb = distanceBandNeighbors(grid, band);
          for (let i = 0; i < grid.length; i++) {
            const expected: number[] = [];
            for (let j = 0; j < grid.length; j++)
              if (
                j !== i &&
                Math.hypot(grid.x[i]! - grid.x[j]!, grid.y[i]! - grid.y[j]!) <= band * (1 + 1e-9)
              )
                expected.push(j);
            const got = [...nb[i]!].sort((a, b) => a - b);
            if (got.join() !== expected.join()) return false;
          }
          return true;
        },
      ),
    );
  });
});

describe('default band', () => {
  it('is 3·s (12 neighbours) on a connected area', () => {
    const cells: [number, number][] = [];
    for (let q = 0; q < 8; q++) for (let r = 0; r < 8; r++) cells.push([q, r]);
    expect(defaultBand(gridFromCells(S, cells))).toBeCloseTo(3 * S, 9);
  });

  it('grows so that an isolated cell gets a neighbour', () => {
    // Two cells 4 steps apart along q: centre distance √3·s·4 = 6.93·s.
    const grid = gridFromCells(S, [
      [0, 0],
      [4, 0],
    ]);
    expect(minimumConnectingBand(grid)).toBeCloseTo(4 * Math.sqrt(3) * S, 9);
    expect(defaultBand(grid)).toBeCloseTo(4 * Math.sqrt(3) * S, 9);
  });
});

describe('average nearest-neighbour distance', () => {
  it('a square lattice with spacing 10 m: every point is 10 m from its nearest', () => {
    const xy: number[] = [];
    for (let i = 0; i < 30; i++)
      for (let j = 0; j < 20; j++) xy.push(370000 + 10 * i, 6160000 + 10 * j);
    expect(averageNearestNeighborDistance(xy)).toBeCloseTo(10, 9);
  });

  it('coincident points are not each other’s neighbours', () => {
    // (0,0) twice and (3,4): nearest at a different position is 5 m for all three.
    expect(averageNearestNeighborDistance([0, 0, 0, 0, 3, 4])).toBeCloseTo(5, 12);
    expect(averageNearestNeighborDistance([1, 1, 1, 1])).toBeNaN();
  });

  it('property: equals the brute-force O(n²) mean', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 500 })), {
          minLength: 2,
          maxLength: 80,
        }),
        (pts) => {
          let total = 0;
          let counted = 0;
          for (const [x, y] of pts) {
            let best = Infinity;
            for (const [u, v] of pts) {
              const d = Math.hypot(u - x, v - y);
              if (d > 0 && d < best) best = d;
            }
            if (Number.isFinite(best)) {
              total += best;
              counted++;
            }
          }
          const expected = counted ? total / counted : NaN;
          const got = averageNearestNeighborDistance(pts.flat());
          return Number.isNaN(expected)
            ? Number.isNaN(got)
            : Math.abs(got - expected) < 1e-9 * expected;
        },
      ),
    );
  });
});
