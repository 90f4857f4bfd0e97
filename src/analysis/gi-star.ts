import { twoSidedP } from './normal.ts';

/** Result of {@link getisOrdGiStar}: one z-score and one two-sided p-value per cell, in input order. */
export interface GiStarResult {
  z: Float64Array;
  p: Float64Array;
}

/**
 * Local Getis–Ord Gi* ("G-i-star") hotspot statistic with binary distance-band weights
 * (Getis & Ord 1992; Ord & Getis 1995, "Local spatial autocorrelation statistics: distributional issues and
 * an application", Geographical Analysis 27(4), eq. 14 — the form ArcGIS's Hot Spot Analysis uses).
 *
 * For each cell i, it compares the total of the values in i's neighbourhood — the cell itself and every
 * cell within the distance band — with what that total would be if the values were spread at random over
 * the study area:
 *
 *   Gi* = (Σⱼ wᵢⱼ xⱼ − x̄ Σⱼ wᵢⱼ) / ( S · √( (n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²) / (n − 1) ) )
 *
 *   x̄ = Σ xⱼ / n,   S = √( Σ xⱼ² / n − x̄² )
 *
 * With binary weights (wᵢⱼ = 1 for j in the band, including j = i; 0 otherwise), Σⱼ wᵢⱼ = Σⱼ wᵢⱼ² = kᵢ, the
 * number of cells in the neighbourhood, so the denominator is S · √((n kᵢ − kᵢ²)/(n − 1)).
 * Gi* is itself a z-score: under the null hypothesis of no spatial clustering it is approximately standard
 * normal, and the p-value here is two-sided, P(|Z| ≥ |Gi*|).
 *
 * How to read it: a large positive z with a small p is a hot spot — the cell sits among high counts, more
 * than chance explains. A large negative z is a cold spot. A single high cell surrounded by low ones is not
 * a hot spot; a neighbourhood of high cells is. z near 0 means nothing unusual. The p-values are not
 * corrected for testing every cell: pass them to `benjaminiHochberg` before classifying.
 *
 * Properties: z does not change if a constant is added to every value, or if every value is multiplied by
 * a positive constant (only the pattern matters). When all values are equal (S = 0), or a neighbourhood is
 * the whole study area (n kᵢ = kᵢ²), there is nothing to test: z = 0 and p = 1.
 *
 * @param values the value of each cell (e.g. the number of reports; cells with zero reports must be included)
 * @param neighbors neighbors[i] lists the indices j ≠ i within the distance band of cell i (i itself is always
 *   counted and must not be listed; duplicates are not removed)
 */
export function getisOrdGiStar(
  values: ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
): GiStarResult {
  const n = values.length;
  if (neighbors.length !== n)
    throw new RangeError(`neighbors has ${neighbors.length} entries for ${n} values`);
  const z = new Float64Array(n);
  const p = new Float64Array(n).fill(1);
  if (n < 2) return { z, p };
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  const variance = sumSq / n - mean * mean;
  // Relative tolerance: values that are all equal up to rounding have no pattern to test.
  if (!(variance > 1e-12 * (sumSq / n))) return { z, p };
  const s = Math.sqrt(variance);
  for (let i = 0; i < n; i++) {
    const nb = neighbors[i] as ArrayLike<number>;
    let local = values[i] as number;
    for (let k = 0; k < nb.length; k++) local += values[nb[k] as number] as number;
    const w = nb.length + 1;
    const spread = (n * w - w * w) / (n - 1);
    if (spread <= 0) continue;
    const zi = (local - mean * w) / (s * Math.sqrt(spread));
    z[i] = zi;
    p[i] = twoSidedP(zi);
  }
  return { z, p };
}
