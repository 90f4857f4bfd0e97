import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getisOrdGiStar } from './gi-star.ts';
import { distanceBandNeighbors } from './neighbors.ts';
import { gridFromCells } from './hex-grid.ts';

// Ord & Getis (1995), eq. 14, with binary weights and the cell itself included:
//   Gi* = (Σⱼ wᵢⱼ xⱼ − x̄ Wᵢ) / ( S √((n Wᵢ − Wᵢ²)/(n − 1)) ),  x̄ = Σx/n,  S² = Σx²/n − x̄²,  Wᵢ = kᵢ.

describe('getisOrdGiStar, worked by hand', () => {
  it('5 cells on a line, band = 1 step', () => {
    // x = [2, 4, 6, 8, 10]: n = 5, x̄ = 6, Σx²/n = 220/5 = 44, S² = 44 − 36 = 8, S = 2√2.
    // Cell 0: neighbourhood {0, 1}, W = 2: numerator 6 − 2·6 = −6;
    //   denominator 2√2 · √((5·2 − 4)/4) = 2√2 · √1.5 = 2√3  →  z = −6 / 2√3 = −√3.
    // Cell 1: {0, 1, 2}, W = 3: 12 − 18 = −6; 2√2 · √((15 − 9)/4) = 2√3  →  −√3.
    // Cell 2: {1, 2, 3}: 18 − 18 = 0  →  0.   Cells 3, 4 mirror cells 1, 0: +√3.
    // Two-sided p for |z| = √3: erfc(√3/√2) = 0.0832645166635504.
    const { z, p } = getisOrdGiStar([2, 4, 6, 8, 10], [[1], [0, 2], [1, 3], [2, 4], [3]]);
    const r3 = Math.sqrt(3);
    [-r3, -r3, 0, r3, r3].forEach((v, i) => expect(z[i]).toBeCloseTo(v, 12));
    [0, 1, 3, 4].forEach((i) => expect(p[i]).toBeCloseTo(0.0832645166635504, 7));
    expect(p[2]).toBeCloseTo(1, 7);
  });

  it('7-hex rosette: a centre with 7 reports, six ring cells with 1 each, band = adjacent cells', () => {
    // Neighbours from the lattice: the centre touches all six; each ring cell touches the centre and the two ring
    // cells beside it (checked against the grid below).
    const cells: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, -1],
      [0, -1],
      [-1, 0],
      [-1, 1],
      [0, 1],
    ];
    const grid = gridFromCells(100, cells);
    const neighbors = distanceBandNeighbors(grid, Math.sqrt(3) * 100);
    expect(neighbors.map((nb) => [...nb].sort((a, b) => a - b))).toEqual([
      [1, 2, 3, 4, 5, 6],
      [0, 2, 6],
      [0, 1, 3],
      [0, 2, 4],
      [0, 3, 5],
      [0, 4, 6],
      [0, 1, 5],
    ]);
    // x = [7, 1, 1, 1, 1, 1, 1]: n = 7, x̄ = 13/7, Σx²/n = 55/7, S² = 55/7 − 169/49 = 216/49, S = √216 / 7.
    // Centre: its neighbourhood is the whole area (W = n = 7): n·W − W² = 0, nothing to compare → z = 0, p = 1.
    // Ring cell: W = 4, local sum 7 + 1 + 1 + 1 = 10, numerator 10 − 4·13/7 = 18/7;
    //   denominator (√216/7) · √((28 − 16)/6) = (√216/7)·√2  →  z = 18/√432 = 18/(12√3) = √3/2 ≈ 0.866.
    // p = erfc((√3/2)/√2) = 0.3864762307712327.
    const { z, p } = getisOrdGiStar([7, 1, 1, 1, 1, 1, 1], neighbors);
    expect(z[0]).toBe(0);
    expect(p[0]).toBe(1);
    for (let i = 1; i < 7; i++) {
      expect(z[i]).toBeCloseTo(Math.sqrt(3) / 2, 12);
      expect(p[i]).toBeCloseTo(0.3864762307712327, 7);
    }
  });

  it('all values equal: no pattern, z = 0 and p = 1 (including all zeros)', () => {
    for (const v of [0, 3]) {
      const { z, p } = getisOrdGiStar([v, v, v], [[1], [0, 2], [1]]);
      expect(Array.from(z)).toEqual([0, 0, 0]);
      expect(Array.from(p)).toEqual([1, 1, 1]);
    }
  });

  it('rejects neighbour lists of the wrong length', () => {
    expect(() => getisOrdGiStar([1, 2], [[1]])).toThrow(RangeError);
  });
});

// Random symmetric neighbourhoods on n cells, and values.
const instance = fc
  .integer({ min: 3, max: 25 })
  .chain((n) =>
    fc.record({
      values: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: n, maxLength: n }),
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
    }),
  )
  .map(({ values, edges }) => {
    const sets = values.map(() => new Set<number>());
    for (const [a, b] of edges)
      if (a !== b) {
        sets[a]!.add(b);
        sets[b]!.add(a);
      }
    return { values, neighbors: sets.map((s) => [...s]) };
  });

describe('getisOrdGiStar, properties', () => {
  it('agrees with the general-weights formula written out with a full weight matrix', () => {
    fc.assert(
      fc.property(instance, ({ values, neighbors }) => {
        const n = values.length;
        const w = values.map((_, i) =>
          values.map((__, j): number => (i === j || neighbors[i]!.includes(j) ? 1 : 0)),
        );
        const mean = values.reduce((a, b) => a + b, 0) / n;
        const s = Math.sqrt(values.reduce((a, b) => a + b * b, 0) / n - mean * mean);
        const { z } = getisOrdGiStar(values, neighbors);
        return values.every((_, i) => {
          const wi = w[i]!;
          const W = wi.reduce((a, b) => a + b, 0);
          const S1 = wi.reduce((a, b) => a + b * b, 0);
          const num = wi.reduce((a, wij, j) => a + wij * values[j]!, 0) - mean * W;
          const den = s * Math.sqrt((n * S1 - W * W) / (n - 1));
          const expected = s > 1e-9 && den > 0 ? num / den : 0;
          return Math.abs((z[i] as number) - expected) < 1e-9 * Math.max(1, Math.abs(expected));
        });
      }),
    );
  });

  it('z is unchanged by adding a constant or scaling by a positive factor, and flips sign when values are negated', () => {
    fc.assert(
      fc.property(
        instance,
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: 1, max: 20 }),
        ({ values, neighbors }, c, k) => {
          const base = getisOrdGiStar(values, neighbors).z;
          const shifted = getisOrdGiStar(
            values.map((v) => v + c),
            neighbors,
          ).z;
          const scaled = getisOrdGiStar(
            values.map((v) => v * k),
            neighbors,
          ).z;
          const negated = getisOrdGiStar(
            values.map((v) => -v),
            neighbors,
          ).z;
          return Array.from(base).every(
            (zi, i) =>
              Math.abs((shifted[i] as number) - zi) < 1e-7 &&
              Math.abs((scaled[i] as number) - zi) < 1e-7 &&
              Math.abs((negated[i] as number) + zi) < 1e-7,
          );
        },
      ),
    );
  });

  it('p is two-sided and in [0, 1]', () => {
    fc.assert(
      fc.property(instance, ({ values, neighbors }) => {
        const { z, p } = getisOrdGiStar(values, neighbors);
        return Array.from(p).every(
          (pi, i) => pi >= 0 && pi <= 1 && (Math.abs(z[i] as number) < 1e-6 ? pi > 0.9999 : pi < 1),
        );
      }),
    );
  });
});
