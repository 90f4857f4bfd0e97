import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './fdr.ts';

describe('benjaminiHochberg', () => {
  it('textbook example, worked by hand', () => {
    // p = [0.01, 0.04, 0.03, 0.005, 0.2], m = 5. Sorted: 0.005 (1), 0.01 (2), 0.03 (3), 0.04 (4), 0.2 (5).
    // m·p/k: 0.025, 0.025, 0.05, 0.05, 0.2; running minimum from the top: 0.025, 0.025, 0.05, 0.05, 0.2.
    // Back in input order:
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]);
    expect(Array.from(q)).toEqual(
      [0.025, 0.05, 0.05, 0.025, 0.2].map((v) => expect.closeTo(v, 12)),
    );
  });

  it('step-up: a larger p can pull a smaller one down', () => {
    // p = [0.04, 0.05], m = 2: 2·0.04/1 = 0.08, 2·0.05/2 = 0.05 → q₁ = min(0.08, 0.05) = 0.05.
    expect(Array.from(benjaminiHochberg([0.04, 0.05]))).toEqual(
      [0.05, 0.05].map((v) => expect.closeTo(v, 12)),
    );
  });

  it('Benjamini & Hochberg (1995) example: 15 p-values, 4 discoveries at q = 0.05', () => {
    const p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
      0.6528, 0.759, 1,
    ];
    const q = benjaminiHochberg(p);
    expect(Array.from(q).filter((v) => v <= 0.05)).toHaveLength(4);
    expect(q[3]).toBeCloseTo((0.0095 * 15) / 4, 12);
  });

  it('NaN is left out of m and stays NaN; empty input gives empty output', () => {
    const q = benjaminiHochberg([0.01, NaN, 0.02]);
    expect(q[1]).toBeNaN();
    expect(q[0]).toBeCloseTo(0.02, 12); // m = 2: min(2·0.01/1, 2·0.02/2) = 0.02
    expect(q[2]).toBeCloseTo(0.02, 12);
    expect(benjaminiHochberg([])).toHaveLength(0);
  });

  const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
    minLength: 1,
    maxLength: 60,
  });

  it('property: p ≤ q ≤ 1', () => {
    fc.assert(
      fc.property(pValues, (p) => {
        const q = benjaminiHochberg(p);
        return p.every((pi, i) => (q[i] as number) >= pi - 1e-15 && (q[i] as number) <= 1);
      }),
    );
  });

  it('property: monotone — a smaller p never gets a larger q', () => {
    fc.assert(
      fc.property(pValues, (p) => {
        const q = benjaminiHochberg(p);
        for (let i = 0; i < p.length; i++)
          for (let j = 0; j < p.length; j++)
            if ((p[i] as number) < (p[j] as number) && (q[i] as number) > (q[j] as number))
              return false;
        return true;
      }),
    );
  });

  it('property: {q ≤ α} is exactly the BH step-up rejection set at level α', () => {
    fc.assert(
      fc.property(pValues, fc.constantFrom(0.01, 0.05, 0.1, 0.2), (p, alpha) => {
        // The procedure as published: the largest k with p₍ₖ₎ ≤ k·α/m; reject p₍₁₎ … p₍ₖ₎.
        const m = p.length;
        const sorted = [...p].sort((a, b) => a - b);
        let k = 0;
        sorted.forEach((v, i) => {
          if (v <= ((i + 1) * alpha) / m) k = i + 1;
        });
        const threshold = k ? (sorted[k - 1] as number) : -1;
        const q = benjaminiHochberg(p);
        // Allow for rounding exactly at the boundary.
        return p.every((pi, i) => {
          const byQ = (q[i] as number) <= alpha * (1 + 1e-12);
          return byQ === pi <= threshold || Math.abs((q[i] as number) - alpha) < 1e-12;
        });
      }),
    );
  });

  it('property: permuting the input permutes the output', () => {
    fc.assert(
      fc.property(pValues, fc.nat(), (p, seed) => {
        const perm = p
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
        const q = benjaminiHochberg(p);
        const qp = benjaminiHochberg(perm.map((i) => p[i] as number));
        return perm.every((i, k) => Math.abs((qp[k] as number) - (q[i] as number)) < 1e-12);
      }),
    );
  });
});
