import { describe, expect, it } from 'vitest';
import { rateRatioEffect } from './effect';

// Worked examples, computed by hand (natural logarithms; z = 1.96):
describe('rateRatioEffect', () => {
  it('a clear decrease: area 40 → 20, comparison 400 → 400', () => {
    // RR = (20/40) / (400/400) = 0.5
    // SE = √(1/20 + 1/40 + 1/400 + 1/400) = √(0.05 + 0.025 + 0.0025 + 0.0025) = √0.08 = 0.28284
    // 1.96 · SE = 0.55437; ln 0.5 = −0.69315
    // CI = exp(−0.69315 − 0.55437) = exp(−1.24752) = 0.2872, exp(−0.69315 + 0.55437) = exp(−0.13878) = 0.8704
    const r = rateRatioEffect({
      areaBefore: 40,
      areaAfter: 20,
      comparisonBefore: 400,
      comparisonAfter: 400,
    });
    expect(r.rateRatio).toBeCloseTo(0.5, 6);
    expect(r.ciLow).toBeCloseTo(0.2872, 3);
    expect(r.ciHigh).toBeCloseTo(0.8704, 3);
    expect(r.percentChange).toBeCloseTo(-50, 6);
    expect(r.verdict).toBe('decrease');
    expect(r.corrected).toBe(false);
  });

  it('a clear increase: area 20 → 50, comparison 200 → 200', () => {
    // RR = (50/20) / 1 = 2.5; SE = √(1/50 + 1/20 + 1/200 + 1/200) = √0.08 = 0.28284
    // ln 2.5 = 0.91629; CI = exp(0.91629 ∓ 0.55437) = exp(0.36192) = 1.4361, exp(1.47066) = 4.3521
    const r = rateRatioEffect({
      areaBefore: 20,
      areaAfter: 50,
      comparisonBefore: 200,
      comparisonAfter: 200,
    });
    expect(r.rateRatio).toBeCloseTo(2.5, 6);
    expect(r.ciLow).toBeCloseTo(1.4361, 3);
    expect(r.ciHigh).toBeCloseTo(4.3521, 3);
    expect(r.verdict).toBe('increase');
  });

  it('the comparison trend is taken out: both halve → RR 1', () => {
    // RR = (30/60) / (300/600) = 0.5 / 0.5 = 1
    const r = rateRatioEffect({
      areaBefore: 60,
      areaAfter: 30,
      comparisonBefore: 600,
      comparisonAfter: 300,
    });
    expect(r.rateRatio).toBeCloseTo(1, 9);
    expect(r.verdict).toBe('no_clear_change');
  });

  it('no clear change when the interval spans 1: area 10 → 12, comparison 100 → 100', () => {
    // RR = 1.2; SE = √(1/12 + 1/10 + 1/100 + 1/100) = √0.20333 = 0.45092; 1.96 · SE = 0.88381
    // ln 1.2 = 0.18232; CI = exp(−0.70149) = 0.4959, exp(1.06614) = 2.9041
    const r = rateRatioEffect({
      areaBefore: 10,
      areaAfter: 12,
      comparisonBefore: 100,
      comparisonAfter: 100,
    });
    expect(r.rateRatio).toBeCloseTo(1.2, 6);
    expect(r.ciLow).toBeCloseTo(0.4959, 3);
    expect(r.ciHigh).toBeCloseTo(2.9041, 3);
    expect(r.verdict).toBe('no_clear_change');
  });

  it('a zero count: 0.5 is added to all four, and the verdict refuses', () => {
    // counts 12, 0, 50, 60 → 12.5, 0.5, 50.5, 60.5
    // RR = (0.5/12.5) / (60.5/50.5) = 0.04 / 1.19802 = 0.033388
    // SE = √(1/12.5 + 1/0.5 + 1/50.5 + 1/60.5) = √(0.08 + 2 + 0.019802 + 0.016529) = √2.116331 = 1.45476
    // CI = 0.033388 · exp(∓2.85128) = 0.033388 · 0.057770 = 0.001929, 0.033388 · 17.3102 = 0.5780
    const r = rateRatioEffect({
      areaBefore: 12,
      areaAfter: 0,
      comparisonBefore: 50,
      comparisonAfter: 60,
    });
    expect(r.corrected).toBe(true);
    expect(r.rateRatio).toBeCloseTo(0.033388, 5);
    expect(r.ciLow).toBeCloseTo(0.001929, 5);
    expect(r.ciHigh).toBeCloseTo(0.578, 3);
    expect(r.verdict).toBe('too_few');
  });

  it('too few: any count below 5, or the area total below 10, even with a large apparent effect', () => {
    // 4 in the comparison's before window
    expect(
      rateRatioEffect({ areaBefore: 50, areaAfter: 10, comparisonBefore: 4, comparisonAfter: 40 })
        .verdict,
    ).toBe('too_few');
    // 5 + 4 = 9 < 10 in the area (and 4 < 5)
    expect(
      rateRatioEffect({ areaBefore: 5, areaAfter: 4, comparisonBefore: 500, comparisonAfter: 500 })
        .verdict,
    ).toBe('too_few');
    // 5 + 5 = 10: enough to judge (the interval then decides)
    expect(
      rateRatioEffect({ areaBefore: 5, areaAfter: 5, comparisonBefore: 500, comparisonAfter: 500 })
        .verdict,
    ).toBe('no_clear_change');
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() =>
      rateRatioEffect({ areaBefore: -1, areaAfter: 5, comparisonBefore: 5, comparisonAfter: 5 }),
    ).toThrow(RangeError);
    expect(() =>
      rateRatioEffect({ areaBefore: 1.5, areaAfter: 5, comparisonBefore: 5, comparisonAfter: 5 }),
    ).toThrow(RangeError);
  });
});
