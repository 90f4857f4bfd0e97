import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BivariateInputError,
  bivariateMoranGlobal,
  bivariateMoranLocal,
  compareRisks,
  ratesPerKm2,
  spatialLag,
} from './bivariate.ts';
import { gridFromCells } from './hex-grid.ts';
import { distanceBandNeighbors } from './neighbors.ts';

// Published values: PySAL esda (github.com/pysal/esda, esda/tests/test_moran.py and the docstrings in
// esda/moran.py), on libpysal's example "sids2" with its contiguity file sids2.gal, row-standardised ("r", the
// default). The fixture and its source and licence: tests/fixtures/analysis/sids2.README.md.

const fixtures = join(import.meta.dirname, '../../tests/fixtures/analysis');

function loadSids2() {
  const lines = readFileSync(join(fixtures, 'sids2.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const column = (name: string) => rows.map((r) => Number(r[header.indexOf(name)]));
  const ids = column('FIPSNO');
  const index = new Map(ids.map((id, i) => [id, i]));
  // GAL: a header "0 n name key", then per unit "id count" and a line of neighbour ids.
  const gal = readFileSync(join(fixtures, 'sids2.gal'), 'utf8').trim().split('\n').slice(1);
  const neighbors: number[][] = ids.map(() => []);
  for (let k = 0; k < gal.length;) {
    const [id, count] = gal[k]!.trim().split(/\s+/).map(Number);
    const list = Number(count) > 0 ? gal[k + 1]!.trim().split(/\s+/).map(Number) : [];
    neighbors[index.get(id!)!] = list.map((j) => index.get(j)!);
    k += 2;
  }
  return {
    neighbors,
    SIDR74: column('SIDR74'),
    SIDR79: column('SIDR79'),
    NWR74: column('NWR74'),
    NWR79: column('NWR79'),
  };
}

const sids = loadSids2();

describe('bivariate Moran against esda (sids2, sids2.gal, row-standardised)', () => {
  it('reads the fixture: 100 counties, symmetric contiguity', () => {
    expect(sids.neighbors).toHaveLength(100);
    sids.neighbors.forEach((nb, i) => nb.forEach((j) => expect(sids.neighbors[j]).toContain(i)));
  });

  it('global I equals Moran_BV_matrix: (SIDR74, SIDR79) 0.19362610652874668, (NWR79, SIDR74) 0.37701382542927858', () => {
    // esda/tests/test_moran.py, TestMoranBVmatrix.test_defaults: res[(0, 1)].I and res[(3, 0)].I, where
    // res[(i, j)] = Moran_BV(variables[i], variables[j]) and variables = [SIDR74, SIDR79, NWR74, NWR79].
    const a = bivariateMoranGlobal(sids.SIDR74, sids.SIDR79, sids.neighbors, { permutations: 0 });
    expect(a.I).toBeCloseTo(0.19362610652874668, 12);
    const b = bivariateMoranGlobal(sids.NWR79, sids.SIDR74, sids.neighbors, { permutations: 0 });
    expect(b.I).toBeCloseTo(0.37701382542927858, 12);
  });

  it('global I of Moran_BV(SIDR79, SIDR74) rounds to 0.156 and its permutation p-value to 0.001 (docstring)', () => {
    // esda/moran.py, Moran_BV docstring: round(mbi.I, 3) == 0.156; round(mbi.p_z_sim, 3) == 0.001 (999 permutations).
    const r = bivariateMoranGlobal(sids.SIDR79, sids.SIDR74, sids.neighbors, {
      permutations: 999,
      seed: 10,
    });
    expect(Math.round(r.I * 1000) / 1000).toBe(0.156);
    // Our random draws are not numpy's, so only the conclusion can be compared: far in the upper tail (esda's
    // p_z_sim ≈ 0.001 is z ≈ 3.1; the estimate of z from 999 draws moves by a few tenths with the draws).
    expect(r.pSim).toBeLessThanOrEqual(0.01);
    expect(r.zSim).toBeGreaterThan(2.5);
  });

  it('local Is[0] of Moran_Local_BV(SIDR79, SIDR74) is 1.4649221250620736 (TestMoranLocalBV.test_defaults)', () => {
    const r = bivariateMoranLocal(sids.SIDR79, sids.SIDR74, sids.neighbors, {
      permutations: 99,
      seed: 12345,
    });
    expect(r.Is[0]).toBeCloseTo(1.4649221250620736, 12);
  });

  it('local quadrants of the first ten counties are esda docstring q[:10] = [3, 4, 3, 4, 2, 1, 4, 4, 2, 4]', () => {
    const r = bivariateMoranLocal(sids.SIDR79, sids.SIDR74, sids.neighbors, { permutations: 0 });
    expect(Array.from(r.quadrant.slice(0, 10))).toEqual([3, 4, 3, 4, 2, 1, 4, 4, 2, 4]);
  });

  it('the local statistics average to the global one with the local standardisation: Σ Is / (n − 1) = Σ zx·lag / n', () => {
    // With population z-scores, I_B,i = (n−1)/n · zxᵢ (W zy)ᵢ; the global uses sample z-scores, which differ by the
    // factor (n−1)/n per variable: Σᵢ Is_i = (n−1)/n · n/(n−1) · (n−1) · I_B = (n − 1) · I_B.
    const local = bivariateMoranLocal(sids.SIDR79, sids.SIDR74, sids.neighbors, {
      permutations: 0,
    });
    const global = bivariateMoranGlobal(sids.SIDR79, sids.SIDR74, sids.neighbors, {
      permutations: 0,
    });
    const sum = local.Is.reduce((s, v) => s + v, 0);
    expect(sum / 99).toBeCloseTo(global.I, 12);
  });
});

describe('conditional permutation inference', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const opts = { permutations: 199, seed: 7 };
    const a = bivariateMoranLocal(sids.SIDR79, sids.SIDR74, sids.neighbors, opts);
    const b = bivariateMoranLocal(sids.SIDR79, sids.SIDR74, sids.neighbors, opts);
    expect(Array.from(a.p)).toEqual(Array.from(b.p));
    const c = bivariateMoranLocal(sids.SIDR79, sids.SIDR74, sids.neighbors, {
      permutations: 199,
      seed: 8,
    });
    expect(Array.from(a.p)).not.toEqual(Array.from(c.p));
  });

  it('p-values lie in [1/(maxPermutations+1), 1], p_z in [0, ½], and q ≥ the p-value it adjusts (Benjamini–Hochberg)', () => {
    for (const significance of ['z', 'pseudo'] as const) {
      const r = bivariateMoranLocal(sids.SIDR79, sids.SIDR74, sids.neighbors, {
        permutations: 99,
        significance,
      });
      expect(r.significance).toBe(significance);
      for (let i = 0; i < 100; i++) {
        expect(r.p[i]).toBeGreaterThanOrEqual(1 / 10000);
        expect(r.p[i]).toBeLessThanOrEqual(1);
        expect(r.pZ[i]).toBeGreaterThanOrEqual(0);
        expect(r.pZ[i]).toBeLessThanOrEqual(0.5);
        expect(r.q[i]).toBeGreaterThanOrEqual(significance === 'z' ? r.pZ[i]! : r.p[i]!);
      }
    }
  });

  it('z_sim of county 0 agrees with esda (1.3307 from 99 draws) and with the exact moments of conditional randomisation', () => {
    // esda TestMoranLocalBV.test_defaults: z_sim[0] = 1.330673752886702, p_z_sim[0] = 0.09164819151535242 — from 99
    // numpy draws, so only within their sampling error (the sd of 99 draws is off by ~7 %, z by ~0.1).
    const r = bivariateMoranLocal(sids.SIDR79, sids.SIDR74, sids.neighbors, {
      permutations: 9999,
      seed: 12345,
    });
    expect(Math.abs(r.zSim[0]! - 1.330673752886702)).toBeLessThan(0.25);
    // Exact: the k neighbours' sum under conditional randomisation is a sample of k without replacement from the
    // other N = n − 1 values: mean k·μ, variance k·σ²·(N − k)/(N − 1) (σ² the population variance of those N).
    const y = sids.SIDR74;
    const others = y.filter((_, j) => j !== 0);
    const N = others.length;
    const mu = others.reduce((s, v) => s + v, 0) / N;
    const s2 = others.reduce((s, v) => s + (v - mu) ** 2, 0) / N;
    const k = sids.neighbors[0]!.length;
    const observed = sids.neighbors[0]!.reduce((s, j) => s + y[j]!, 0);
    // I is zx[0] times the lag: its z has the sign of zx[0] (county 0 had no deaths in 1979: below the mean).
    const x = sids.SIDR79;
    const sign = x[0]! > x.reduce((s, v) => s + v, 0) / x.length ? 1 : -1;
    const exact = (sign * (observed - k * mu)) / Math.sqrt((k * s2 * (N - k)) / (N - 1));
    expect(r.zSim[0]).toBeCloseTo(exact, 1);
    expect(Math.abs(r.pZ[0]! - 0.09164819151535242)).toBeLessThan(0.05);
  });

  it('a neighbourhood far in the tail is significant; ties with the commonest value are not', () => {
    // 61 cells on a hexagonal patch; perceived and actual both high only in the centre rosette.
    const cells: [number, number][] = [];
    for (let q = -4; q <= 4; q++)
      for (let r = Math.max(-4, -q - 4); r <= Math.min(4, -q + 4); r++) cells.push([q, r]);
    const grid = gridFromCells(100, cells);
    const neighbors = distanceBandNeighbors(grid, Math.sqrt(3) * 100);
    const centre = cells.findIndex(([q, r]) => q === 0 && r === 0);
    const ring = new Set([centre, ...neighbors[centre]!]);
    const x = cells.map((_, i) => (ring.has(i) ? 20 : 0));
    const y = cells.map((_, i) => (ring.has(i) ? 10 : 0));
    // 9,999 draws: with 61 tests, Benjamini–Hochberg needs p well below 0.05 / 61 for the strongest cell.
    const r = bivariateMoranLocal(x, y, neighbors, { permutations: 9999, seed: 3 });
    expect(r.p[centre]).toBeLessThanOrEqual(0.0002);
    expect(r.classes[centre]).toBe('both_high');
    // A far corner: zero here, zero around — the commonest configuration, never "significantly low".
    const corner = cells.findIndex(([q, r]) => q === 4 && r === -4);
    expect(r.classes[corner]).toBe('not_significant');
    expect(r.p[corner]).toBeGreaterThan(0.5);
  });

  it('classes follow the quadrant when significant: perceived high with actual low around, and the reverse', () => {
    const cells: [number, number][] = [];
    for (let q = -6; q <= 6; q++)
      for (let r = Math.max(-6, -q - 6); r <= Math.min(6, -q + 6); r++) cells.push([q, r]);
    const grid = gridFromCells(100, cells);
    const neighbors = distanceBandNeighbors(grid, Math.sqrt(3) * 100);
    const at = (q0: number, r0: number) => cells.findIndex(([q, r]) => q === q0 && r === r0);
    const a = at(-3, 0);
    const b = at(3, 0);
    const x = cells.map(() => 1);
    const y = cells.map(() => 1);
    // Around a: many reports, no events; around b: many events, no reports (background 1 everywhere).
    for (const i of [a, ...neighbors[a]!]) {
      x[i] = 30;
      y[i] = 0;
    }
    for (const i of [b, ...neighbors[b]!]) {
      x[i] = 0;
      y[i] = 30;
    }
    const r = bivariateMoranLocal(x, y, neighbors, { permutations: 999, seed: 11 });
    expect(r.classes[a]).toBe('perceived_high_actual_low');
    expect(r.classes[b]).toBe('actual_high_perceived_low');
    expect(Object.values(r.counts).reduce((s, v) => s + v, 0)).toBe(cells.length);
  });
});

describe('refinement of promising units', () => {
  it('lets FDR find a clear cluster among 1,261 cells that 999 draws alone cannot (floor 0.001 × 1261 / rank)', () => {
    const cells: [number, number][] = [];
    for (let q = -20; q <= 20; q++)
      for (let r = Math.max(-20, -q - 20); r <= Math.min(20, -q + 20); r++) cells.push([q, r]);
    const grid = gridFromCells(100, cells);
    const neighbors = distanceBandNeighbors(grid, Math.sqrt(3) * 100);
    const centre = cells.findIndex(([q, r]) => q === 0 && r === 0);
    const x = cells.map((_, i) => 1 + (i % 3));
    const y = cells.map((_, i) => 1 + ((i * 7) % 4));
    for (const i of [centre, ...neighbors[centre]!]) {
      x[i] = 40;
      y[i] = 40;
    }
    const coarse = bivariateMoranLocal(x, y, neighbors, {
      permutations: 999,
      maxPermutations: 999,
      seed: 4,
    });
    expect(coarse.p[centre]).toBeCloseTo(0.001, 12);
    expect(coarse.refined).toBe(0);
    expect(coarse.classes[centre]).toBe('not_significant');
    const refined = bivariateMoranLocal(x, y, neighbors, { permutations: 999, seed: 4 });
    expect(refined.refined).toBeGreaterThan(0);
    expect(refined.refined).toBeLessThan(cells.length / 10);
    expect(refined.p[centre]).toBeCloseTo(0.0001, 12);
    expect(refined.classes[centre]).toBe('both_high');
    // The first stage is the same draws: units that were not promising keep their p-values exactly.
    refined.p.forEach((p, i) => {
      if (coarse.p[i]! > 0.002) expect(p).toBe(coarse.p[i]);
    });
  });
});

describe('refusals and helpers', () => {
  const nb = [[1], [0, 2], [1]];
  it('refuses a constant variable, too few units, mismatched lengths, bad neighbours, non-finite values', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(BivariateInputError);
        return (e as BivariateInputError).code;
      }
      return 'no error';
    };
    expect(code(() => bivariateMoranLocal([1, 2, 3], [5, 5, 5], nb))).toBe('constant_variable');
    expect(code(() => bivariateMoranGlobal([0, 0, 0], [1, 2, 3], nb))).toBe('constant_variable');
    expect(code(() => bivariateMoranLocal([1, 2], [1, 2], [[1], [0]]))).toBe('too_few_units');
    expect(code(() => bivariateMoranLocal([1, 2, 3], [1, 2], nb))).toBe('length_mismatch');
    expect(code(() => bivariateMoranLocal([1, 2, 3], [1, 2, 4], [[0], [0], [1]]))).toBe(
      'invalid_neighbor',
    );
    expect(code(() => bivariateMoranLocal([1, 2, 3], [1, 2, 4], [[3], [0], [1]]))).toBe(
      'invalid_neighbor',
    );
    expect(code(() => bivariateMoranLocal([1, NaN, 3], [1, 2, 4], nb))).toBe('not_finite');
    expect(code(() => bivariateMoranLocal([1, 2, 3], [1, 2, 4], nb, { permutations: -1 }))).toBe(
      'invalid_option',
    );
    expect(code(() => ratesPerKm2([1], 0))).toBe('invalid_option');
  });

  it('rates per km² divide by each unit area; the lag is the neighbours’ mean', () => {
    expect(Array.from(ratesPerKm2([2, 3], [0.5, 3]))).toEqual([4, 1]);
    expect(Array.from(spatialLag([1, 2, 6], nb))).toEqual([2, 3.5, 2]);
    expect(Array.from(spatialLag([1, 2, 6], [[], [0], [0, 1]]))).toEqual([0, 1, 1.5]);
  });

  it('a unit without neighbours is not tested', () => {
    const r = bivariateMoranLocal([1, 2, 3, 9], [3, 1, 2, 7], [[1], [0, 2], [1], []], {
      permutations: 19,
    });
    expect(r.p[3]).toBeNaN();
    expect(r.classes[3]).toBe('not_significant');
  });

  it('compareRisks returns both statistics for the same inputs', () => {
    const r = compareRisks(sids.SIDR74, sids.SIDR79, sids.neighbors, { permutations: 0 });
    expect(r.global.I).toBeCloseTo(0.19362610652874668, 12);
    expect(r.local.Is).toHaveLength(100);
  });
});

// Random instances: symmetric neighbourhoods on n units and two non-constant variables.
const instance = fc
  .integer({ min: 4, max: 30 })
  .chain((n) =>
    fc.record({
      x: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }),
      y: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }),
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
      scale: fc.integer({ min: 1, max: 1000 }),
      shift: fc.integer({ min: -100, max: 100 }),
    }),
  )
  .filter(({ x, y }) => new Set(x).size > 1 && new Set(y).size > 1)
  .map(({ x, y, edges, scale, shift }) => {
    const sets = x.map(() => new Set<number>());
    for (const [a, b] of edges)
      if (a !== b) {
        sets[a]!.add(b);
        sets[b]!.add(a);
      }
    return { x, y, neighbors: sets.map((s) => [...s]), scale, shift };
  });

describe('properties', () => {
  it('negating both variables leaves every I unchanged (global and local)', () => {
    fc.assert(
      fc.property(instance, ({ x, y, neighbors }) => {
        const g = bivariateMoranGlobal(x, y, neighbors, { permutations: 0 });
        const gNeg = bivariateMoranGlobal(
          x.map((v) => -v),
          y.map((v) => -v),
          neighbors,
          { permutations: 0 },
        );
        expect(gNeg.I).toBeCloseTo(g.I, 9);
        const l = bivariateMoranLocal(x, y, neighbors, { permutations: 0 });
        const lNeg = bivariateMoranLocal(
          x.map((v) => -v),
          y.map((v) => -v),
          neighbors,
          { permutations: 0 },
        );
        l.Is.forEach((v, i) => expect(lNeg.Is[i]).toBeCloseTo(v, 9));
      }),
      { numRuns: 200, seed: 20261206 },
    );
  });

  it('rates: a positive scale and a shift of either variable change nothing (p-values included)', () => {
    fc.assert(
      fc.property(instance, ({ x, y, neighbors, scale, shift }) => {
        const a = bivariateMoranLocal(x, y, neighbors, { permutations: 49, seed: 5 });
        const b = bivariateMoranLocal(
          x.map((v) => v * scale + shift),
          y.map((v) => v * scale + shift),
          neighbors,
          { permutations: 49, seed: 5 },
        );
        a.Is.forEach((v, i) => expect(b.Is[i]).toBeCloseTo(v, 9));
        expect(Array.from(b.p)).toEqual(Array.from(a.p));
        expect(b.classes).toEqual(a.classes);
      }),
      { numRuns: 100, seed: 20261207 },
    );
  });

  it('counts and rates per km² give the same p-values (sums of the same rates in another order tie)', () => {
    const cellKm2 = ((3 * Math.sqrt(3)) / 2) * 100 * 100 * 1e-6;
    fc.assert(
      fc.property(instance, ({ x, y, neighbors }) => {
        const counts = bivariateMoranLocal(x, y, neighbors, { permutations: 99, seed: 9 });
        const rates = bivariateMoranLocal(
          ratesPerKm2(x, cellKm2),
          ratesPerKm2(y, cellKm2),
          neighbors,
          {
            permutations: 99,
            seed: 9,
          },
        );
        expect(Array.from(rates.p)).toEqual(Array.from(counts.p));
      }),
      { numRuns: 100, seed: 20261210 },
    );
  });

  it('negating one variable negates the global I', () => {
    fc.assert(
      fc.property(instance, ({ x, y, neighbors }) => {
        const g = bivariateMoranGlobal(x, y, neighbors, { permutations: 0 });
        const h = bivariateMoranGlobal(
          x,
          y.map((v) => -v),
          neighbors,
          { permutations: 0 },
        );
        expect(h.I).toBeCloseTo(-g.I, 9);
      }),
      { numRuns: 200, seed: 20261208 },
    );
  });

  it('p-values are in [1/(P+1), 1] (refined: 1/(maxP+1)) or NaN exactly for units without neighbours; constant → refused', () => {
    fc.assert(
      fc.property(instance, fc.integer({ min: -5, max: 5 }), ({ x, y, neighbors }, c) => {
        const r = bivariateMoranLocal(x, y, neighbors, {
          permutations: 19,
          maxPermutations: 199,
          seed: 2,
        });
        r.p.forEach((p, i) => {
          if (neighbors[i]!.length === 0) expect(p).toBeNaN();
          else {
            expect(p).toBeGreaterThanOrEqual(1 / 200);
            expect(p).toBeLessThanOrEqual(1);
          }
        });
        expect(() =>
          bivariateMoranLocal(
            x,
            y.map(() => c),
            neighbors,
          ),
        ).toThrow(BivariateInputError);
        expect(() =>
          bivariateMoranGlobal(
            x.map(() => c),
            y,
            neighbors,
          ),
        ).toThrow(BivariateInputError);
      }),
      { numRuns: 100, seed: 20261209 },
    );
  });
});
