import { EMERGING_CATEGORIES, emergingHotspots } from '../emerging.ts';
import { benjaminiHochberg } from '../fdr.ts';
import { classifyHotspots } from '../classes.ts';
import type { AreaGeometry } from '../geometry.ts';
import { getisOrdGiStar } from '../gi-star.ts';
import { cellIndex, coverArea, type HexGrid } from '../hex-grid.ts';
import { defaultBand, distanceBandNeighbors } from '../neighbors.ts';

/**
 * Gi* on counts that were aggregated per cell elsewhere (api.hotspot_cells returns only the non-empty
 * cells): the study area's grid supplies the zeros, the database's cells fill in the counts. Pure; the
 * worker (hotspot.worker.ts) only wraps it in messages.
 */
export interface CellCountsInput {
  /** Hexagon edge length in metres (the `cell_m` the counts were made at). */
  size: number;
  /** Non-empty cells from the database, parallel arrays. */
  q: Int32Array;
  r: Int32Array;
  n: Float64Array;
  supports: Float64Array;
  nRecent: Float64Array;
  /** 'count': reports per cell; 'supports': reports + their supports (each report weighs 1 + supports). */
  weighting: 'count' | 'supports';
  /** Distance band in metres; default `defaultBand(grid)`. */
  band?: number | null;
  /** Compare the recent window (n_recent) with the baseline before it (n − n_recent). */
  emerging?: { recentDays: number; baselineDays: number; change?: number } | null;
}

export interface CellHotspotResult {
  size: number;
  band: number;
  /** The study area's cells (zeros included), in grid order. */
  q: Int32Array;
  r: Int32Array;
  /** Reports per grid cell, and the analysed values (= n, or n + supports). */
  n: Float64Array;
  values: Float64Array;
  z: Float64Array;
  p: Float64Array;
  /** Benjamini–Hochberg q-values. */
  qValue: Float64Array;
  classes: Int8Array;
  /** Reports in cells whose centre lies outside the study area (not analysed). */
  outside: number;
  /** Index into EMERGING_CATEGORIES per cell, when asked for. */
  emerging: { category: Uint8Array; rateRatio: Float64Array; recentClasses: Int8Array; baselineClasses: Int8Array } | null;
}

/** Grid covering cost dominates for small inputs; the caller may pass the one it keeps per size. */
export function cellHotspots(input: CellCountsInput, area: AreaGeometry, grid?: HexGrid): CellHotspotResult {
  const g = grid ?? coverArea(area, input.size);
  if (g.size !== input.size) throw new RangeError(`grid size ${g.size} ≠ ${input.size}`);
  const len = g.length;
  const n = new Float64Array(len);
  const values = new Float64Array(len);
  const recent = new Float64Array(len);
  let outside = 0;
  for (let k = 0; k < input.q.length; k++) {
    const i = cellIndex(g, input.q[k] as number, input.r[k] as number);
    const count = input.n[k] as number;
    if (i < 0) {
      outside += count;
      continue;
    }
    n[i] = (n[i] as number) + count;
    values[i] = (values[i] as number) + count + (input.weighting === 'supports' ? (input.supports[k] as number) : 0);
    recent[i] = (recent[i] as number) + (input.nRecent[k] as number);
  }
  const band = input.band && input.band > 0 ? input.band : defaultBand(g);
  const neighbors = distanceBandNeighbors(g, band);
  const { z, p } = getisOrdGiStar(values, neighbors);
  const qValue = benjaminiHochberg(p);
  const classes = classifyHotspots(z, qValue);
  let emerging: CellHotspotResult['emerging'] = null;
  if (input.emerging) {
    const baseline = new Float64Array(len);
    for (let i = 0; i < len; i++) baseline[i] = (n[i] as number) - (recent[i] as number);
    const e = emergingHotspots(recent, baseline, neighbors, input.emerging);
    const category = new Uint8Array(len);
    e.category.forEach((c, i) => (category[i] = EMERGING_CATEGORIES.indexOf(c)));
    emerging = {
      category,
      rateRatio: e.rateRatio,
      recentClasses: e.recent.classes,
      baselineClasses: e.baseline.classes,
    };
  }
  return { size: g.size, band, q: g.q, r: g.r, n, values, z, p, qValue, classes, outside, emerging };
}
