import { benjaminiHochberg } from './fdr.ts';
import { normalCdf } from './normal.ts';
import { mulberry32 } from './random.ts';

/**
 * Perceived against actual risk, cell by cell: the bivariate Moran's I (Wartenberg 1985, "Multivariate spatial
 * correlation: a method for exploratory geographical analysis", Geographical Analysis 17(4); Anselin, Syabri &
 * Smirnov 2002, "Visualizing multivariate spatial correlation with dynamically linked windows") — global and
 * local, exactly as PySAL's esda computes `Moran_BV` and `Moran_Local_BV` with row-standardised weights
 * (checked against esda's published values in bivariate.test.ts).
 *
 * Inputs. x = the perceived risk (residents' reports of a challenge) and y = the actual risk (imported events of
 * some types), one value per cell (or per district), as RATES: count per km² of the unit's area
 * ({@link ratesPerKm2}). For equal-area hexagons the rate is the count times a constant, and both statistics
 * standardise each variable to z-scores first, so counts and rates per km² give the same result there; for
 * districts of different sizes the rate is what makes units comparable. Cells with zero reports or events must be
 * included (the zeros are data).
 *
 * Weights. Binary neighbours (the same lists as the Gi* analysis: `distanceBandNeighbors`, i itself not listed),
 * row-standardised: wᵢⱼ = 1/kᵢ for the kᵢ neighbours of i, so the spatial lag (Wz)ᵢ is the mean of z over i's
 * neighbours. A unit without neighbours has lag 0 and is not tested.
 *
 * Global (esda `Moran_BV`): with z-scores using the sample standard deviation (n − 1),
 *
 *   I_B = Σᵢ zxᵢ (W zy)ᵢ / (n − 1)
 *
 * — the correlation between the perceived rate here and the actual rate around here. Inference: y is permuted
 * over all units (total randomisation), I_B recomputed for each permutation — as the dot product of the permuted
 * zy with Wᵀzx (the same number, by Σᵢ zxᵢ Σⱼ wᵢⱼ zyⱼ = Σⱼ zyⱼ Σᵢ wᵢⱼ zxᵢ), O(n) per permutation instead of O(n·k).
 *
 * Local (esda `Moran_Local_BV`): with z-scores using the population standard deviation (n),
 *
 *   I_B,i = (n − 1) · zxᵢ · (W zy)ᵢ / Σⱼ zxⱼ²        (= (n − 1)/n · zxᵢ · (W zy)ᵢ)
 *
 * Inference by conditional randomisation (Anselin 1995, "Local indicators of spatial association — LISA"): x at
 * i is held fixed, i's kᵢ neighbours' y values are replaced by kᵢ values drawn without replacement from the
 * other n − 1 units, and I_B,i recomputed. As in esda, one set of draws (per permutation, the first kᵢ of a
 * random ordering of the other units) is shared by all units; and since a unit's simulated sum then depends on it
 * only through how many of the row's draws lie below its index, one table per neighbourhood size gives each
 * (unit, draw) in O(1) amortised (SizeTables): O(n · permutations) in all, not O(n · permutations · k) or n².
 *
 * p-values (pseudo, folded): p = (min(#{sim ≥ obs}, #{sim ≤ obs}) + 1) / (permutations + 1). For continuous data
 * this is esda's rule (min(larger, permutations − larger)); with count data many draws TIE with the observed
 * value (a cell whose neighbours all have zero events, drawn among mostly empty cells), and esda's rule would then
 * call the very commonest value "extreme" — counting ties on both sides keeps such cells not significant. Sums
 * that differ only by rounding (rates added in another order) are ties too, so rates give the counts' p-values.
 * Also as in esda, each unit's draws give a z-score, z_sim = (I − mean of the simulated I) / their standard
 * deviation, and p_z = P(Z ≥ |z_sim|) (esda's `p_z_sim`, one tail of the folded statistic, like the pseudo p).
 *
 * Which p-value the classes use (`significance`, default 'pseudo'): the local p-values are adjusted for testing
 * every unit with Benjamini–Hochberg (fdr.ts), and a unit is significant when its q-value ≤ alpha. A pseudo p-value
 * can never be below 1/(P + 1), so with m units BH at level alpha needs at least m / (alpha · (P + 1)) units at
 * that floor before it calls ANY significant — about 125 of Malmö's ~6,200 100 m cells at 999 permutations, which
 * even strong synthetic clusters do not reach (measured: 71 cells at the floor, smallest q 0.088, nothing
 * significant). So a unit whose pseudo p is ≤ 0.002 after the first P draws (at 999: at most one draw as extreme)
 * continues to `maxPermutations` draws (default 9,999; the floor becomes 0.0001) and its p is counted over all of
 * them. This two-stage p-value is still valid (threshold t: for u ≤ t, P(p ≤ u) ≤ P(p over all draws ≤ u) ≤ u;
 * for u > t, P(p ≤ u) ≤ P(first-stage p ≤ u) ≤ u), the units that were not promising keep their first-stage p, and it
 * costs extra only for the few promising units. 'z' adjusts p_z instead: continuous, but a normal approximation
 * that loses power on the skewed distributions of counts (a cell whose neighbours have no events, among mostly quiet
 * cells and a few very busy ones, is at the very bottom of its draws yet only z ≈ −1.7).
 *
 * Classes (the four quadrants of the bivariate Moran scatterplot, esda's q: 1 HH, 2 LH, 3 LL, 4 HL), for
 * significant units only:
 *   both_high                    x here above the mean, y around above the mean (HH)
 *   perceived_high_actual_low    x high, y around low (HL) — fear without recorded harm: lighting, upkeep,
 *                                presence are the usual levers
 *   actual_high_perceived_low    x low, y around high (LH) — hidden danger: traffic measures, information
 *   both_low                     (LL)
 *   not_significant              q > alpha, or untestable (no neighbours)
 * The words belong to the locales; the keys are all this module knows. A unit's y is its NEIGHBOURHOOD's actual
 * rate (its spatial lag), as in every bivariate LISA: "many reports here, few injuries around here".
 *
 * Refusals (BivariateInputError): the lengths differ, fewer than 3 units, a value is not finite, a neighbour index
 * is out of range or the unit itself, or a variable is constant (its z-scores are undefined: nothing to compare).
 */

export type BivariateClass =
  | 'both_high'
  | 'perceived_high_actual_low'
  | 'actual_high_perceived_low'
  | 'both_low'
  | 'not_significant';

/** Every class key, in legend order. */
export const BIVARIATE_CLASSES: readonly BivariateClass[] = [
  'both_high',
  'perceived_high_actual_low',
  'actual_high_perceived_low',
  'both_low',
  'not_significant',
];

/** esda's quadrant numbers (PySAL scheme, not GeoDa's): 1 HH, 2 LH, 3 LL, 4 HL (x here, lag of y around). */
export const QUADRANT_CLASS: Readonly<Record<1 | 2 | 3 | 4, BivariateClass>> = {
  1: 'both_high',
  2: 'actual_high_perceived_low',
  3: 'both_low',
  4: 'perceived_high_actual_low',
};

export type BivariateRefusal =
  | 'length_mismatch'
  | 'too_few_units'
  | 'not_finite'
  | 'invalid_neighbor'
  | 'constant_variable'
  | 'invalid_option';

/** Why the statistic cannot be computed for this input; `code` is stable (for the UI's message). */
export class BivariateInputError extends RangeError {
  readonly code: BivariateRefusal;
  constructor(code: BivariateRefusal, message?: string) {
    super(message ? `${code}: ${message}` : code);
    this.name = 'BivariateInputError';
    this.code = code;
  }
}

export interface PermutationOptions {
  /** Number of permutations (default 999, so the smallest p-value is 0.001). 0 = no inference. */
  permutations?: number;
  /** Seed of the random draws: the same data, neighbours and seed give the same p-values. */
  seed?: number;
}

export interface GlobalBivariateResult {
  /** Global bivariate Moran's I (esda `Moran_BV.I`). */
  I: number;
  permutations: number;
  /** Pseudo p-value, folded (NaN without permutations). */
  pSim: number;
  /** Mean and standard deviation of I under the permutations, and (I − mean)/sd. */
  meanSim: number;
  sdSim: number;
  zSim: number;
}

export interface LocalBivariateResult {
  /** Local bivariate Moran's I per unit (esda `Moran_Local_BV.Is`). */
  Is: Float64Array;
  /** esda's quadrant per unit: 1 HH, 2 LH, 3 LL, 4 HL. */
  quadrant: Uint8Array;
  /** Pseudo p-value per unit (NaN for a unit without neighbours). */
  p: Float64Array;
  /** z-score of I against its simulated distribution, and its normal tail P(Z ≥ |z|) (esda z_sim, p_z_sim). */
  zSim: Float64Array;
  pZ: Float64Array;
  /** Which p-value the q-values adjust. */
  significance: 'z' | 'pseudo';
  /** Units that were promising after the first draws and got `maxPermutations` draws. */
  refined: number;
  /** Benjamini–Hochberg q-value per unit. */
  q: Float64Array;
  /** Class per unit (q ≤ alpha → its quadrant's class, else not_significant). */
  classes: BivariateClass[];
  /** How many units are in each class. */
  counts: Record<BivariateClass, number>;
  permutations: number;
  alpha: number;
}

export interface LocalOptions extends PermutationOptions {
  /** False discovery rate for "significant" (default 0.05). */
  alpha?: number;
  /** Adjust the pseudo p-values (default) or p_z (see the module comment). */
  significance?: 'z' | 'pseudo';
  /** Draws for a unit whose pseudo p is ≤ 0.002 after `permutations` (default 9,999; = permutations to refine none). */
  maxPermutations?: number;
}

const DEFAULT_PERMUTATIONS = 999;
const DEFAULT_MAX_PERMUTATIONS = 9999;
/** Units at or below this pseudo p after the first draws get `maxPermutations` draws. */
const REFINE_AT = 0.002;
const DEFAULT_SEED = 20261202;

/** count / area: the rate per km² of each unit (area in km², one for all equal cells or one per unit). */
export function ratesPerKm2(
  counts: ArrayLike<number>,
  areaKm2: number | ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const a = typeof areaKm2 === 'number' ? areaKm2 : (areaKm2[i] as number);
    if (!(a > 0))
      throw new BivariateInputError('invalid_option', `area of unit ${i} is not positive`);
    out[i] = (counts[i] as number) / a;
  }
  return out;
}

function checkInput(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
): number {
  const n = x.length;
  if (y.length !== n || neighbors.length !== n)
    throw new BivariateInputError(
      'length_mismatch',
      `x ${n}, y ${y.length}, neighbors ${neighbors.length}`,
    );
  if (n < 3) throw new BivariateInputError('too_few_units');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i] as number) || !Number.isFinite(y[i] as number))
      throw new BivariateInputError('not_finite', `unit ${i}`);
    const nb = neighbors[i] as ArrayLike<number>;
    if (nb.length > n - 1) throw new BivariateInputError('invalid_neighbor', `unit ${i}`);
    for (let k = 0; k < nb.length; k++) {
      const j = nb[k] as number;
      if (!Number.isInteger(j) || j < 0 || j >= n || j === i)
        throw new BivariateInputError('invalid_neighbor', `unit ${i}`);
    }
  }
  return n;
}

function checkPermutations(p: number): number {
  if (!Number.isInteger(p) || p < 0 || p > 99_999)
    throw new BivariateInputError('invalid_option', 'permutations');
  return p;
}

/** z-scores with the standard deviation over n − ddof; a constant variable is refused. */
function standardise(v: ArrayLike<number>, ddof: 0 | 1): Float64Array {
  const n = v.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += v[i] as number;
  const mean = sum / n;
  let ss = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const d = (v[i] as number) - mean;
    ss += d * d;
    scale = Math.max(scale, Math.abs(v[i] as number));
  }
  const sd = Math.sqrt(ss / (n - ddof));
  // Relative tolerance: values equal up to rounding have no pattern.
  if (!(sd > 1e-12 * scale)) throw new BivariateInputError('constant_variable');
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = ((v[i] as number) - mean) / sd;
  return z;
}

/** Row-standardised spatial lag: the mean of z over each unit's neighbours (0 without neighbours). */
export function spatialLag(
  z: ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
): Float64Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const nb = neighbors[i] as ArrayLike<number>;
    if (nb.length === 0) continue;
    let s = 0;
    for (let k = 0; k < nb.length; k++) s += z[nb[k] as number] as number;
    out[i] = s / nb.length;
  }
  return out;
}

/** Global bivariate Moran's I of x against the spatial lag of y (esda `Moran_BV`), with total randomisation. */
export function bivariateMoranGlobal(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
  options: PermutationOptions = {},
): GlobalBivariateResult {
  const n = checkInput(x, y, neighbors);
  const permutations = checkPermutations(options.permutations ?? DEFAULT_PERMUTATIONS);
  const zx = standardise(x, 1);
  const zy = standardise(y, 1);
  // v = Wᵀ zx: I = zy · v / (n − 1) for the observed and every permuted zy.
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nb = neighbors[i] as ArrayLike<number>;
    if (nb.length === 0) continue;
    const w = (zx[i] as number) / nb.length;
    for (let k = 0; k < nb.length; k++) {
      const j = nb[k] as number;
      v[j] = (v[j] as number) + w;
    }
  }
  const statistic = (values: Float64Array) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += (values[j] as number) * (v[j] as number);
    return s / (n - 1);
  };
  const I = statistic(zy);
  if (permutations === 0)
    return { I, permutations, pSim: NaN, meanSim: NaN, sdSim: NaN, zSim: NaN };
  const rand = mulberry32(options.seed ?? DEFAULT_SEED);
  const shuffled = Float64Array.from(zy);
  let above = 0;
  let below = 0;
  let sum = 0;
  let sumSq = 0;
  for (let p = 0; p < permutations; p++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = shuffled[i] as number;
      shuffled[i] = shuffled[j] as number;
      shuffled[j] = t;
    }
    const sim = statistic(shuffled);
    if (sim >= I) above++;
    if (sim <= I) below++;
    sum += sim;
    sumSq += sim * sim;
  }
  const meanSim = sum / permutations;
  const sdSim = Math.sqrt(Math.max(0, sumSq / permutations - meanSim * meanSim));
  return {
    I,
    permutations,
    pSim: (Math.min(above, below) + 1) / (permutations + 1),
    meanSim,
    sdSim,
    zSim: sdSim > 0 ? (I - meanSim) / sdSim : NaN,
  };
}

/**
 * The shared conditional draws: for each permutation, the first `k` of a uniformly random ordering of the
 * indices 0 … n − 2 (partial Fisher–Yates on one pool that is never reset — a partial shuffle of any ordering is
 * still uniform). Unit i reads index d as the unit d when d < i, else d + 1, so it never draws itself.
 */
function conditionalDraws(n: number, k: number, permutations: number, seed: number): Int32Array {
  const rand = mulberry32(seed);
  const pool = new Int32Array(n - 1);
  for (let i = 0; i < n - 1; i++) pool[i] = i;
  const out = new Int32Array(permutations * k);
  for (let p = 0; p < permutations; p++) {
    for (let t = 0; t < k; t++) {
      const r = t + Math.floor(rand() * (n - 1 - t));
      const v = pool[r] as number;
      pool[r] = pool[t] as number;
      pool[t] = v;
      out[p * k + t] = v;
    }
  }
  return out;
}

/**
 * The simulated neighbourhood sums of every draw row for one neighbourhood size k, for any unit. Unit i reads the
 * row's first k draws d as d (d < i) or d + 1 (d ≥ i), so its sum depends on i only through j = how many of those
 * draws are below i: with the draws sorted, S[j] = Σ_{t<j} y[D_t] + Σ_{t≥j} y[D_t + 1]. Units come in increasing
 * order, so each row's j only grows: a cursor per row finds it in amortised O(1), and a unit's draw costs one
 * comparison and one read instead of k reads (the inner loop of the whole analysis).
 */
class SizeTables {
  readonly sorted: Int32Array;
  readonly sums: Float64Array;
  readonly cursor: Int32Array;
  constructor(
    readonly k: number,
    readonly rows: number,
    draws: Int32Array,
    maxK: number,
    values: Float64Array,
    unit: number,
  ) {
    this.sorted = new Int32Array(rows * k);
    this.sums = new Float64Array(rows * (k + 1));
    this.cursor = new Int32Array(rows);
    const row = new Int32Array(k);
    for (let s = 0; s < rows; s++) {
      for (let t = 0; t < k; t++) row[t] = draws[s * maxK + t] as number;
      row.sort();
      this.sorted.set(row, s * k);
      const base = s * (k + 1);
      // S[j] = A[j] + B[j]: A the unshifted prefix, B the shifted suffix.
      let suffix = 0;
      for (let j = k; j >= 0; j--) {
        this.sums[base + j] = suffix;
        if (j > 0) suffix += values[(row[j - 1] as number) + 1] as number;
      }
      let prefix = 0;
      for (let j = 0; j <= k; j++) {
        this.sums[base + j] = (this.sums[base + j] as number) + prefix;
        if (j < k) prefix += values[row[j] as number] as number;
      }
      let c = 0;
      while (c < k && (row[c] as number) < unit) c++;
      this.cursor[s] = c;
    }
  }
}

/**
 * Local bivariate Moran's I of x at each unit against the spatial lag of y (esda `Moran_Local_BV`), conditional
 * permutation inference, Benjamini–Hochberg over the units, and the four classes.
 */
export function bivariateMoranLocal(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
  options: LocalOptions = {},
): LocalBivariateResult {
  const n = checkInput(x, y, neighbors);
  const permutations = checkPermutations(options.permutations ?? DEFAULT_PERMUTATIONS);
  const maxPermutations = checkPermutations(
    options.maxPermutations ?? Math.max(permutations, DEFAULT_MAX_PERMUTATIONS),
  );
  if (maxPermutations < permutations)
    throw new BivariateInputError('invalid_option', 'maxPermutations');
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new BivariateInputError('invalid_option', 'alpha');
  const zx = standardise(x, 0);
  const zy = standardise(y, 0);
  const lag = spatialLag(zy, neighbors);
  const scale = (n - 1) / n; // (n − 1) / Σ zx², and Σ zx² = n with the population standard deviation
  const Is = new Float64Array(n);
  const quadrant = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = zx[i] as number;
    const l = lag[i] as number;
    Is[i] = scale * a * l;
    quadrant[i] = a > 0 ? (l > 0 ? 1 : 4) : l > 0 ? 2 : 3;
  }

  const p = new Float64Array(n).fill(NaN);
  const zSim = new Float64Array(n).fill(NaN);
  const pZ = new Float64Array(n).fill(NaN);
  let refined = 0;
  if (permutations > 0) {
    let maxK = 0;
    for (let i = 0; i < n; i++) maxK = Math.max(maxK, (neighbors[i] as ArrayLike<number>).length);
    const draws = conditionalDraws(n, maxK, maxPermutations, options.seed ?? DEFAULT_SEED);
    const values = Float64Array.from(y);
    let maxAbs = 0;
    for (let j = 0; j < n; j++) maxAbs = Math.max(maxAbs, Math.abs(values[j] as number));
    // Tables per neighbourhood size, for the first-stage rows and (once a unit of that size needs it) all rows.
    const firstStage = new Map<number, SizeTables>();
    const allRows = new Map<number, SizeTables>();
    for (let i = 0; i < n; i++) {
      const nb = neighbors[i] as ArrayLike<number>;
      const k = nb.length;
      if (k === 0) continue; // no neighbourhood, nothing to test
      const a = zx[i] as number;
      if (a === 0) {
        p[i] = 1; // I is 0 under every draw
        pZ[i] = 1;
        zSim[i] = 0;
        continue;
      }
      // I_sim ≥ I_obs ⇔ zxᵢ · Σ y_sim ≥ zxᵢ · Σ y_obs (same k, zy an increasing affine map of y), so the raw sums
      // are compared; I is affine in the sum, so the sums' mean and spread give z_sim too. Sums that differ only by
      // rounding (the same values added in another order) count as ties.
      let observed = 0;
      for (let t = 0; t < k; t++) observed += values[nb[t] as number] as number;
      const tie = 1e-9 * k * maxAbs;
      let above = 0;
      let below = 0;
      let total = 0;
      let totalSq = 0;
      let used = permutations;
      // Stage 1: rows 0 … P − 1; stage 2 (promising units only): all maxPermutations rows, counted afresh.
      for (let stage = 0; stage < 2; stage++) {
        let tables: SizeTables | undefined;
        if (stage === 0) {
          tables = allRows.get(k) ?? firstStage.get(k);
          if (!tables) {
            tables = new SizeTables(k, permutations, draws, maxK, values, i);
            firstStage.set(k, tables);
          }
        } else {
          if (
            maxPermutations === permutations ||
            (Math.min(above, below) + 1) / (permutations + 1) > REFINE_AT
          )
            break;
          tables = allRows.get(k);
          if (!tables) {
            tables = new SizeTables(k, maxPermutations, draws, maxK, values, i);
            allRows.set(k, tables);
          }
          used = maxPermutations;
          refined++;
          above = below = total = totalSq = 0;
        }
        const { sorted, sums, cursor } = tables;
        const end = stage === 0 ? permutations : maxPermutations;
        for (let s = 0; s < end; s++) {
          let c = cursor[s] as number;
          const base = s * k;
          while (c < k && (sorted[base + c] as number) < i) c++;
          cursor[s] = c;
          const sum = sums[s * (k + 1) + c] as number;
          if (sum >= observed - tie) above++;
          if (sum <= observed + tie) below++;
          total += sum;
          totalSq += sum * sum;
        }
      }
      // For zx < 0 the order of I is the reverse of the sums'; the fold takes the smaller side either way.
      p[i] = (Math.min(above, below) + 1) / (used + 1);
      const mean = total / used;
      const sd = Math.sqrt(Math.max(0, totalSq / used - mean * mean));
      if (sd > 1e-12 * Math.max(1, Math.abs(mean))) {
        const z = (a > 0 ? 1 : -1) * ((observed - mean) / sd);
        zSim[i] = z;
        pZ[i] = normalCdf(-Math.abs(z));
      } else {
        pZ[i] = p[i] as number; // every draw gave the same sum: no spread to scale by
      }
    }
  }

  const significance = options.significance ?? 'pseudo';
  if (significance !== 'z' && significance !== 'pseudo')
    throw new BivariateInputError('invalid_option', 'significance');
  const q = benjaminiHochberg(significance === 'z' ? pZ : p);
  const classes: BivariateClass[] = new Array(n);
  const counts = Object.fromEntries(BIVARIATE_CLASSES.map((c) => [c, 0])) as Record<
    BivariateClass,
    number
  >;
  for (let i = 0; i < n; i++) {
    const qi = q[i] as number;
    const c =
      Number.isFinite(qi) && qi <= alpha && (Is[i] as number) !== 0
        ? QUADRANT_CLASS[quadrant[i] as 1 | 2 | 3 | 4]
        : 'not_significant';
    classes[i] = c;
    counts[c]++;
  }
  return {
    Is,
    quadrant,
    p,
    zSim,
    pZ,
    significance,
    refined,
    q,
    classes,
    counts,
    permutations,
    alpha,
  };
}

/** Both statistics for one pair of variables (the comparison the strategists' view shows). */
export function compareRisks(
  perceived: ArrayLike<number>,
  actual: ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
  options: LocalOptions = {},
): { global: GlobalBivariateResult; local: LocalBivariateResult } {
  return {
    global: bivariateMoranGlobal(perceived, actual, neighbors, options),
    local: bivariateMoranLocal(perceived, actual, neighbors, options),
  };
}
