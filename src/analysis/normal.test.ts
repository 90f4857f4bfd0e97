import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, twoSidedP } from './normal.ts';

// Reference values: Abramowitz & Stegun, Handbook of Mathematical Functions, Table 7.1 (erf) and 26.1 (Φ),
// to the digits given there; extended digits as printed by the C library's erfc (Python math.erfc).
const relClose = (actual: number, expected: number, rel = 2e-7) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('erfc', () => {
  it.each([
    [0, 1],
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [1.5, 0.033894853524689274],
    [2, 0.004677734981047265],
    [3, 2.2090496998585438e-5],
    [4, 1.541725790028002e-8],
    [5, 1.5374597944280351e-12],
    [6, 2.1519736712498916e-17],
    [10, 2.088487583762545e-45],
  ])('erfc(%f) = %g within 1.2e-7 relative, also in the far tail', (x, expected) => {
    relClose(erfc(x), expected);
  });

  it('erfc(−x) = 2 − erfc(x)', () => {
    relClose(erfc(-1), 2 - 0.15729920705028513);
    relClose(erfc(-3), 2 - 2.2090496998585438e-5);
  });

  it('is NaN for NaN', () => expect(erfc(NaN)).toBeNaN());
});

describe('normal distribution', () => {
  it('Φ at tabulated points', () => {
    relClose(normalCdf(0), 0.5);
    relClose(normalCdf(1), 0.8413447460685429);
    relClose(normalCdf(1.96), 0.9750021048517795); // the textbook 0.975002
    relClose(normalCdf(-3), 0.0013498980316300957);
  });

  it('two-sided p at the usual critical values', () => {
    relClose(twoSidedP(1.6448536269514722), 0.1);
    relClose(twoSidedP(-1.959963984540054), 0.05);
    relClose(twoSidedP(2.5758293035489004), 0.01);
    relClose(twoSidedP(1.96), 0.04999579029644087);
    expect(twoSidedP(0)).toBeCloseTo(1, 7);
  });
});
