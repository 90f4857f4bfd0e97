import { classifyHotspots } from './classes.ts';
import { EMERGING_CATEGORIES, emergingHotspots } from './emerging.ts';
import { benjaminiHochberg } from './fdr.ts';
import type { AreaGeometry } from './geometry.ts';
import { getisOrdGiStar } from './gi-star.ts';
import { cellIndex, coverArea, hexCellOf, type HexGrid } from './hex-grid.ts';
import { averageNearestNeighborDistance, defaultBand, distanceBandNeighbors } from './neighbors.ts';
import { projectToSweref99tm } from './projection.ts';

// The range `api.hotspot_cells` accepts (HOTSPOT_CELL_M_MIN/MAX in src/api, which this pure layer does not import).
const CELL_SIZE_MIN = 50;
const CELL_SIZE_MAX = 500;

/** The step of default cell sizes (see app.hotspot_summary_sizes()). */
export const CELL_SIZE_STEP = 50;

/** The side of the square in which the densest part of the city (its core) is looked for, in metres. */
const CORE_SQUARE_M = 1000;
/** "Several cells": the core's reports must fall in at least this many cells (a hexagon and two rings round it). */
const CORE_MIN_CELLS = 19;
/** Fewer reports than this in the densest square kilometre (of the sample) is no dense core. */
const CORE_MIN_REPORTS = 30;

export interface CellSizeOptions {
  /**
   * How many reports the sample stands for. A random sample of n of N reports is N/n times sparser than the data,
   * so its nearest-neighbour distance is √(N/n) times longer: without this, a 2,000-report sample of 20,000 gave
   * cells three times too wide (the inner city one blob at 500 m).
   */
  total?: number;
}

/**
 * The one cell-size rule of the hotspot analysis (crew, planning and strategy all use it), for a sample of the
 * reports to analyse as WGS84 points (interleaved lon, lat). The smaller of two sizes, in whole 50 m steps within
 * 50–500 m:
 *
 *  1. 4 × the average nearest-neighbour distance of the data (the sample's, corrected for thinning: `total`). For
 *     points spread at random with density λ that distance is 1/(2√λ), so a hexagon of edge 4 × it covers
 *     (3√3/2)·16/(4λ) ≈ 10.4/λ m² and holds about ten points — enough for counts to vary, small enough to see
 *     streets (the spirit of ArcGIS's Optimized Hot Spot Analysis, which also derives its scale from the points).
 *  2. Where the reports have a dense core (the densest square kilometre holds at least 30 and twice the mean of the
 *     squares with reports: the inner city, in Malmö), the largest size at which that square still falls in at least
 *     nineteen cells (a hexagon and two rings round it). The average distance is dominated by wherever most
 *     reports are; this keeps the place where they are densest from turning into one blob when the rest is sparse.
 *
 * With no points (nothing to resolve) it is the coarsest size.
 */
export function cellSizeFor(lonLat: ArrayLike<number>, { total }: CellSizeOptions = {}): number {
  const xy = projectToSweref99tm(lonLat);
  const n = xy.length >> 1;
  const ann = averageNearestNeighborDistance(xy);
  if (!Number.isFinite(ann)) return CELL_SIZE_MAX;
  const thinning = total && total > n ? Math.sqrt(n / total) : 1;
  const byDistance = 4 * ann * thinning;
  const size = Math.min(byDistance, coreCellSize(xy));
  return Math.min(CELL_SIZE_MAX, Math.max(CELL_SIZE_MIN, Math.round(size / CELL_SIZE_STEP) * CELL_SIZE_STEP));
}

/** Rule 2 of cellSizeFor: the largest 50 m step at which the densest square kilometre's points fall in CORE_MIN_CELLS cells. */
function coreCellSize(xy: Float64Array): number {
  const n = xy.length >> 1;
  const squares = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = `${Math.floor(xy[2 * i]! / CORE_SQUARE_M)}:${Math.floor(xy[2 * i + 1]! / CORE_SQUARE_M)}`;
    let list = squares.get(k);
    if (!list) squares.set(k, (list = []));
    list.push(i);
  }
  let core: number[] = [];
  for (const list of squares.values()) if (list.length > core.length) core = list;
  // A core is both dense and denser than the rest: at least CORE_MIN_REPORTS (reports scattered at 10 per km² peak at
  // about 20 in one square) and twice the mean of the squares with reports (an evenly spread city has no core, and
  // rule 1 alone sizes it).
  if (core.length < Math.max(CORE_MIN_REPORTS, (2 * n) / squares.size)) return Infinity;
  const cell = new Int32Array(2);
  for (let size = CELL_SIZE_MAX; size >= CELL_SIZE_MIN; size -= CELL_SIZE_STEP) {
    const cells = new Set<number>();
    for (const i of core) {
      hexCellOf(xy[2 * i]!, xy[2 * i + 1]!, size, cell);
      cells.add(cell[0]! * 1_048_576 + cell[1]!);
    }
    if (cells.size >= CORE_MIN_CELLS) return size;
  }
  return CELL_SIZE_MIN;
}

/** Report counts per hexagon cell, aggregated elsewhere (`api.hotspot_cells` returns only non-empty cells). */
export interface CellCountsInput {
  /** Hexagon edge length in metres (the `cell_m` the counts were made at). */
  size: number;
  /** Non-empty cells, parallel arrays. */
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
  emerging: {
    category: Uint8Array;
    rateRatio: Float64Array;
    recentClasses: Int8Array;
    baselineClasses: Int8Array;
  } | null;
}

/** What every run shares once the values sit in the grid: neighbours → Gi* → Benjamini–Hochberg → classes. */
export interface GridAnalysis {
  band: number;
  neighbors: Int32Array[];
  z: Float64Array;
  p: Float64Array;
  q: Float64Array;
  classes: Int8Array;
  timings: { neighbors: number; giStar: number; fdr: number; classes: number };
}

export function analyseGrid(
  grid: HexGrid,
  values: Float64Array,
  options: { band?: number | null; correction?: 'fdr' | 'none' } = {},
): GridAnalysis {
  const now = () => performance.now();
  let t = now();
  const band = options.band && options.band > 0 ? options.band : defaultBand(grid);
  const neighbors = distanceBandNeighbors(grid, band);
  const tNb = now() - t;
  t = now();
  const { z, p } = getisOrdGiStar(values, neighbors);
  const tGi = now() - t;
  t = now();
  const q = options.correction === 'none' ? p : benjaminiHochberg(p);
  const tFdr = now() - t;
  t = now();
  const classes = classifyHotspots(z, q);
  const tCls = now() - t;
  return {
    band,
    neighbors,
    z,
    p,
    q,
    classes,
    timings: { neighbors: tNb, giStar: tGi, fdr: tFdr, classes: tCls },
  };
}

/**
 * The hotspot analysis of crew, planning and strategy: Gi* on counts aggregated per cell by the database, with
 * the study area's grid supplying the zeros → Benjamini–Hochberg → classes −3 … +3 (and emerging hot spots when
 * asked). Pure; off the main thread through `createHotspotClient` (src/analysis/worker), which wraps exactly this.
 *
 * @param options.grid the area's grid at `cells.size`, when the caller keeps one (covering the area is the
 *   slowest step for small inputs); otherwise it is made from `options.area`.
 */
export function findHotspots(
  cells: CellCountsInput,
  options: { area: AreaGeometry; grid?: HexGrid | undefined },
): CellHotspotResult {
  const g = options.grid ?? coverArea(options.area, cells.size);
  if (g.size !== cells.size) throw new RangeError(`grid size ${g.size} ≠ ${cells.size}`);
  const len = g.length;
  const n = new Float64Array(len);
  const values = new Float64Array(len);
  const recent = new Float64Array(len);
  let outside = 0;
  for (let k = 0; k < cells.q.length; k++) {
    const i = cellIndex(g, cells.q[k] as number, cells.r[k] as number);
    const count = cells.n[k] as number;
    if (i < 0) {
      outside += count;
      continue;
    }
    n[i] = (n[i] as number) + count;
    values[i] =
      (values[i] as number) +
      count +
      (cells.weighting === 'supports' ? (cells.supports[k] as number) : 0);
    recent[i] = (recent[i] as number) + (cells.nRecent[k] as number);
  }
  const {
    band,
    neighbors,
    z,
    p,
    q: qValue,
    classes,
  } = analyseGrid(g, values, { band: cells.band ?? null });

  let emerging: CellHotspotResult['emerging'] = null;
  if (cells.emerging) {
    const baseline = new Float64Array(len);
    for (let i = 0; i < len; i++) baseline[i] = (n[i] as number) - (recent[i] as number);
    const e = emergingHotspots(recent, baseline, neighbors, cells.emerging);
    const category = new Uint8Array(len);
    e.category.forEach((c, i) => (category[i] = EMERGING_CATEGORIES.indexOf(c)));
    emerging = {
      category,
      rateRatio: e.rateRatio,
      recentClasses: e.recent.classes,
      baselineClasses: e.baseline.classes,
    };
  }
  return {
    size: g.size,
    band,
    q: g.q,
    r: g.r,
    n,
    values,
    z,
    p,
    qValue,
    classes,
    outside,
    emerging,
  };
}

/**
 * The database's rows `[q, r, n, supports?, n_recent?]` (as `api.hotspot_cells` returns them) as the parallel
 * arrays `findHotspots` reads.
 */
export function cellCountsFromRows(
  rows: ReadonlyArray<readonly [number, number, number, ...number[]]>,
  size: number,
  options: Pick<CellCountsInput, 'weighting' | 'band' | 'emerging'> = { weighting: 'count' },
): CellCountsInput {
  const m = rows.length;
  const q = new Int32Array(m);
  const r = new Int32Array(m);
  const n = new Float64Array(m);
  const supports = new Float64Array(m);
  const nRecent = new Float64Array(m);
  rows.forEach((c, k) => {
    q[k] = c[0];
    r[k] = c[1];
    n[k] = c[2];
    supports[k] = c[3] ?? 0;
    nRecent[k] = c[4] ?? 0;
  });
  return { size, q, r, n, supports, nRecent, ...options };
}
