/**
 * Did a measure change anything? A difference-in-differences style comparison of report counts.
 *
 * Inputs are four counts over the same two windows (the months before the measure's done date and the months
 * after it): `a0`, `a1` in the measure's area and `c0`, `c1` in a comparison area (the rest of its stadsdel,
 * or the rest of the city). The comparison absorbs what changed everywhere (season, reporting habits, the app
 * getting known), so the estimate is the rate ratio
 *
 *     RR = (a1 / a0) / (c1 / c0)
 *
 * — below 1 means reports fell in the area relative to the comparison. Its 95 % confidence interval uses the
 * log method for a ratio of Poisson ratios: SE(ln RR) = √(1/a1 + 1/a0 + 1/c1 + 1/c0),
 * CI = exp(ln RR ± 1.96 · SE). When any count is 0, 0.5 is added to all four (Haldane's correction), so the
 * ratio and its interval stay finite.
 *
 * The verdict refuses to claim anything from small numbers: 'too_few' when any count is below 5 or the area's
 * two windows together hold fewer than 10 reports; otherwise 'decrease' or 'increase' when the interval
 * excludes 1, else 'no_clear_change'. The time spans cancel out because both areas share the windows, and the
 * area sizes cancel because each area is compared with itself. It remains an observational comparison:
 * a change can have other causes (another measure, a new housing area) — the UI says so.
 */

export const EFFECT_VERDICTS = ['too_few', 'decrease', 'increase', 'no_clear_change'] as const;
export type EffectVerdict = (typeof EFFECT_VERDICTS)[number];

export interface EffectInput {
  /** Reports in the measure's area, before and after. */
  areaBefore: number;
  areaAfter: number;
  /** Reports in the comparison area over the same windows. */
  comparisonBefore: number;
  comparisonAfter: number;
}

export interface EffectResult {
  rateRatio: number;
  ciLow: number;
  ciHigh: number;
  /** (RR − 1) · 100: the relative change in the area beyond the comparison's change. */
  percentChange: number;
  verdict: EffectVerdict;
  /** True when 0.5 was added to every count because one of them was 0. */
  corrected: boolean;
}

/** Any count below this, and the verdict is 'too_few'. */
export const EFFECT_MIN_COUNT = 5;
/** The area's before + after below this, and the verdict is 'too_few'. */
export const EFFECT_MIN_AREA_TOTAL = 10;
/** The two-sided 95 % quantile of the standard normal distribution. */
const Z_95 = 1.959964;

export function rateRatioEffect(input: EffectInput): EffectResult {
  const counts = [input.areaBefore, input.areaAfter, input.comparisonBefore, input.comparisonAfter];
  for (const n of counts) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('counts must be non-negative integers');
  }
  const corrected = counts.some((n) => n === 0);
  const [a0, a1, c0, c1] = corrected ? counts.map((n) => n + 0.5) : counts;
  // The four are defined: `counts` has exactly four entries.
  const rateRatio = a1! / a0! / (c1! / c0!);
  const se = Math.sqrt(1 / a0! + 1 / a1! + 1 / c0! + 1 / c1!);
  const ciLow = rateRatio * Math.exp(-Z_95 * se);
  const ciHigh = rateRatio * Math.exp(Z_95 * se);
  const tooFew =
    counts.some((n) => n < EFFECT_MIN_COUNT) ||
    input.areaBefore + input.areaAfter < EFFECT_MIN_AREA_TOTAL;
  const verdict: EffectVerdict = tooFew
    ? 'too_few'
    : ciHigh < 1
      ? 'decrease'
      : ciLow > 1
        ? 'increase'
        : 'no_clear_change';
  return { rateRatio, ciLow, ciHigh, percentChange: (rateRatio - 1) * 100, verdict, corrected };
}
