/**
 * The standard normal distribution, for turning Gi* z-scores into p-values.
 *
 * `erfc` is the complementary error function erfc(x) = 2/√π ∫ₓ^∞ e^(−t²) dt, evaluated with the Chebyshev
 * fit of Numerical Recipes (Press et al., "Numerical Recipes in C", 2nd ed., §6.2, `erfcc`): fractional
 * error below 1.2 × 10⁻⁷ for every x, including the far tail (it multiplies exp(−x²) by a smooth factor, so
 * small p-values keep their relative accuracy — which matters for the Benjamini–Hochberg ranking).
 * The tests check it against tabulated values (Abramowitz & Stegun Table 7.1; Φ(1.96) = 0.975002).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution Φ(z) = P(Z ≤ z) = ½ erfc(−z/√2). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Two-sided p-value of a z-score: P(|Z| ≥ |z|) = erfc(|z|/√2). z = ±1.645 → 0.10, ±1.960 → 0.05,
 * ±2.576 → 0.01. NaN stays NaN.
 */
export function twoSidedP(z: number): number {
  // min: the approximation is 1.0000000x just above 0; a probability must not exceed 1.
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}
