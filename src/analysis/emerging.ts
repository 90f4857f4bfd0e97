import { classifyHotspots } from './classes.ts';
import { benjaminiHochberg } from './fdr.ts';
import { getisOrdGiStar } from './gi-star.ts';

/**
 * Emerging hotspots: what is new, getting worse, staying, or fading.
 *
 * The recent window (e.g. the last 28 days) and the baseline before it (e.g. the 180 days before that) are
 * each analysed on their own — Gi* with the same cells and distance band, Benjamini–Hochberg, classes — and a
 * cell is "hot" in a window when its class is +1 or more (hot at ≥ 90 % confidence after FDR correction).
 * The change in intensity is the ratio of the neighbourhood's rate in the two windows, where the rate is
 * (reports in the cell and its band) ÷ (days in the window), so windows of different length compare fairly.
 *
 * This is a descriptive comparison of two tests, not a test of change itself; cold spots are not classified.
 * The rules, in order (`EMERGING_RULES` has the texts for the UI):
 *
 *   new           hot now, not hot in the baseline
 *   intensifying  hot in both, and the neighbourhood rate rose by at least the factor `change` (default 1.25)
 *   diminishing   hot in the baseline, and either no longer hot, or its rate fell by at least that factor
 *   persistent    hot in both, rate within the factor either way
 *   none          everything else
 */
export type EmergingCategory = 'new' | 'intensifying' | 'persistent' | 'diminishing' | 'none';

export const EMERGING_CATEGORIES: ReadonlyArray<EmergingCategory> = [
  'new',
  'intensifying',
  'persistent',
  'diminishing',
  'none',
];

/** The rules, as the UI should show them (`{factor}` is replaced by the change factor, e.g. "25 %"). */
export const EMERGING_RULES: Readonly<
  Record<EmergingCategory, { readonly sv: string; readonly en: string }>
> = {
  new: {
    sv: 'Ny: en signifikant hot spot den senaste perioden, men inte under perioden före.',
    en: 'New: a significant hot spot in the recent period, but not in the period before it.',
  },
  intensifying: {
    sv: 'Förstärks: en hot spot i båda perioderna, och antalet rapporter per dag i området har ökat med minst {factor}.',
    en: 'Intensifying: a hot spot in both periods, and reports per day in the area rose by at least {factor}.',
  },
  persistent: {
    sv: 'Ihållande: en hot spot i båda perioderna, med ungefär lika många rapporter per dag (ändring under {factor}).',
    en: 'Persistent: a hot spot in both periods, with about as many reports per day (change under {factor}).',
  },
  diminishing: {
    sv: 'Avtar: en hot spot under perioden före, som nu inte längre är signifikant eller där rapporterna per dag minskat med minst {factor}.',
    en: 'Diminishing: a hot spot in the period before that is no longer significant, or where reports per day fell by at least {factor}.',
  },
  none: {
    sv: 'Ingen: inte en hot spot i någon av perioderna.',
    en: 'None: not a hot spot in either period.',
  },
};

export interface EmergingOptions {
  /** Length of the recent window in days (> 0). */
  recentDays: number;
  /** Length of the baseline window in days (> 0). */
  baselineDays: number;
  /** Factor a neighbourhood's rate must change by to count as intensifying/diminishing (default 1.25). */
  change?: number;
}

export interface EmergingWindow {
  z: Float64Array;
  p: Float64Array;
  q: Float64Array;
  classes: Int8Array;
  /** Reports per day in the cell and its band. */
  rate: Float64Array;
}

export interface EmergingResult {
  category: EmergingCategory[];
  recent: EmergingWindow;
  baseline: EmergingWindow;
  /** recent rate ÷ baseline rate per cell (Infinity when the baseline had none, NaN when neither had any). */
  rateRatio: Float64Array;
}

function analyseWindow(
  values: ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
  days: number,
): EmergingWindow {
  const { z, p } = getisOrdGiStar(values, neighbors);
  const q = benjaminiHochberg(p);
  const rate = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const nb = neighbors[i] as ArrayLike<number>;
    let s = values[i] as number;
    for (let k = 0; k < nb.length; k++) s += values[nb[k] as number] as number;
    rate[i] = s / days;
  }
  return { z, p, q, classes: classifyHotspots(z, q), rate };
}

/**
 * Classify cells by comparing a recent window with the baseline before it (rules above).
 *
 * @param recent counts per cell in the recent window
 * @param baseline counts per cell in the baseline window (same cells, same order)
 * @param neighbors distance-band neighbours, as for `getisOrdGiStar`
 */
export function emergingHotspots(
  recent: ArrayLike<number>,
  baseline: ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
  options: EmergingOptions,
): EmergingResult {
  if (recent.length !== baseline.length)
    throw new RangeError('recent and baseline differ in length');
  if (!(options.recentDays > 0) || !(options.baselineDays > 0))
    throw new RangeError('window lengths must be positive');
  const change = options.change ?? 1.25;
  if (!(change >= 1)) throw new RangeError('change must be ≥ 1');
  const r = analyseWindow(recent, neighbors, options.recentDays);
  const b = analyseWindow(baseline, neighbors, options.baselineDays);
  const n = recent.length;
  const category: EmergingCategory[] = new Array(n);
  const rateRatio = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ratio = (r.rate[i] as number) / (b.rate[i] as number);
    rateRatio[i] = ratio;
    const hotNow = (r.classes[i] as number) >= 1;
    const hotBefore = (b.classes[i] as number) >= 1;
    category[i] = emergingCategory(hotNow, hotBefore, ratio, change);
  }
  return { category, recent: r, baseline: b, rateRatio };
}

/** The rule table as a function: one cell's category from its hot/not-hot status in each window and its rate ratio. */
export function emergingCategory(
  hotNow: boolean,
  hotBefore: boolean,
  rateRatio: number,
  change = 1.25,
): EmergingCategory {
  if (hotNow && !hotBefore) return 'new';
  if (hotNow && hotBefore) {
    if (rateRatio >= change) return 'intensifying';
    if (rateRatio <= 1 / change) return 'diminishing';
    return 'persistent';
  }
  if (hotBefore) return 'diminishing';
  return 'none';
}

/**
 * Split observation times into the two windows: 1 = recent (end − recentDays, end], 0 = baseline
 * (end − recentDays − baselineDays, end − recentDays], −1 = neither. Times in milliseconds since the epoch.
 * Use the result as weights for `binPoints` (`w === 1` / `w === 0`) to get the two count vectors.
 */
export function splitWindows(
  times: ArrayLike<number>,
  end: number,
  recentDays: number,
  baselineDays: number,
): Int8Array {
  const day = 86_400_000;
  const split = end - recentDays * day;
  const start = split - baselineDays * day;
  const out = new Int8Array(times.length);
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    out[i] = t > split && t <= end ? 1 : t > start && t <= split ? 0 : -1;
  }
  return out;
}
