/**
 * Hot/cold spot classes −3 … +3, as ArcGIS's `Gi_Bin`: the sign of the Gi* z-score says hot (+) or cold (−),
 * the magnitude says the confidence:
 *
 *   ±3  significant at 99 % confidence (q ≤ 0.01)
 *   ±2  significant at 95 % confidence (q ≤ 0.05)
 *   ±1  significant at 90 % confidence (q ≤ 0.10)
 *    0  not significant
 *
 * "Significant" is judged on the Benjamini–Hochberg q-value (false discovery rate) by default, so that the
 * hundreds of tests over a city do not produce hotspots by chance: a cell in class +2 is one of a set of hot
 * cells of which we expect at most 5 % to be false alarms. Pass raw p-values instead to classify without the
 * correction (more cells, more false alarms).
 */
export type HotspotClass = -3 | -2 | -1 | 0 | 1 | 2 | 3;

/** The thresholds behind the classes, strongest first. */
export const CONFIDENCE_LEVELS: ReadonlyArray<{
  readonly cls: 1 | 2 | 3;
  readonly alpha: number;
  readonly confidence: string;
}> = [
  { cls: 3, alpha: 0.01, confidence: '99 %' },
  { cls: 2, alpha: 0.05, confidence: '95 %' },
  { cls: 1, alpha: 0.1, confidence: '90 %' },
];

/** Class of one cell from its z-score and its (adjusted) significance. */
export function hotspotClass(z: number, significance: number): HotspotClass {
  if (!(z !== 0) || !Number.isFinite(significance)) return 0;
  const magnitude =
    significance <= 0.01 ? 3 : significance <= 0.05 ? 2 : significance <= 0.1 ? 1 : 0;
  return (z > 0 ? magnitude : -magnitude) as HotspotClass;
}

/** Classes for every cell: `significance` is the q-value from `benjaminiHochberg` (or a raw p-value). */
export function classifyHotspots(z: ArrayLike<number>, significance: ArrayLike<number>): Int8Array {
  if (z.length !== significance.length) throw new RangeError('z and significance differ in length');
  const out = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++)
    out[i] = hotspotClass(z[i] as number, significance[i] as number);
  return out;
}

/** Legend texts for the classes (Swedish and English), for the map legend. */
export const HOTSPOT_CLASS_LABELS: Readonly<
  Record<`${HotspotClass}`, { readonly sv: string; readonly en: string }>
> = {
  '3': { sv: 'Hot spot, 99 % konfidens', en: 'Hot spot, 99 % confidence' },
  '2': { sv: 'Hot spot, 95 % konfidens', en: 'Hot spot, 95 % confidence' },
  '1': { sv: 'Hot spot, 90 % konfidens', en: 'Hot spot, 90 % confidence' },
  '0': { sv: 'Inte signifikant', en: 'Not significant' },
  '-1': { sv: 'Cold spot, 90 % konfidens', en: 'Cold spot, 90 % confidence' },
  '-2': { sv: 'Cold spot, 95 % konfidens', en: 'Cold spot, 95 % confidence' },
  '-3': { sv: 'Cold spot, 99 % konfidens', en: 'Cold spot, 99 % confidence' },
};
