import { classifyHotspots } from './classes.ts';
import { benjaminiHochberg } from './fdr.ts';
import type { AreaGeometry } from './geometry.ts';
import { getisOrdGiStar } from './gi-star.ts';
import { binPoints, coverArea, type HexGrid } from './hex-grid.ts';
import { defaultBand, defaultCellSize, distanceBandNeighbors } from './neighbors.ts';

export interface HotspotOptions {
  /** A prepared grid (reuse it across runs: covering the area is the slowest step for small inputs). */
  grid?: HexGrid;
  /** Or the study area to cover (WGS84 Polygon/MultiPolygon), e.g. Malmö's boundary. */
  area?: AreaGeometry;
  /** Hexagon edge length in metres (50–500); default `defaultCellSize(points)`. Ignored when `grid` is given. */
  cellSize?: number;
  /** Distance band in metres; default `defaultBand(grid)` (3 × cell size). */
  band?: number;
  /** Weight per point (e.g. 1 + supports); default 1. */
  weights?: ArrayLike<number>;
  /** 'fdr' (default): classes from Benjamini–Hochberg q-values; 'none': from raw p-values. */
  correction?: 'fdr' | 'none';
}

export interface HotspotResult {
  grid: HexGrid;
  band: number;
  /** Reports (or weights) per cell, zeros included. */
  counts: Float64Array;
  /** Points outside the study area's cells (not counted). */
  outside: number;
  neighbors: Int32Array[];
  z: Float64Array;
  p: Float64Array;
  q: Float64Array;
  /** −3 … +3 per cell, see `classifyHotspots`. */
  classes: Int8Array;
  /** Milliseconds per stage (performance.now), for benchmarks and diagnostics. */
  timings: {
    grid: number;
    bin: number;
    neighbors: number;
    giStar: number;
    fdr: number;
    classes: number;
  };
}

/**
 * The hotspot analysis end to end: bin the points into hexagons (zeros included) → distance-band
 * neighbours → Getis–Ord Gi* → Benjamini–Hochberg → classes −3 … +3.
 *
 * @param lonLat interleaved WGS84 coordinates `[lon0, lat0, lon1, lat1, …]`
 */
export function hotspotPipeline(lonLat: ArrayLike<number>, options: HotspotOptions): HotspotResult {
  const now = () => performance.now();
  let t = now();
  let grid = options.grid;
  if (!grid) {
    if (!options.area) throw new Error('hotspotPipeline needs a grid or an area');
    grid = coverArea(options.area, options.cellSize ?? defaultCellSize(lonLat));
  }
  const tGrid = now() - t;
  t = now();
  const { counts, outside } = binPoints(grid, lonLat, options.weights);
  const tBin = now() - t;
  t = now();
  const band = options.band ?? defaultBand(grid);
  const neighbors = distanceBandNeighbors(grid, band);
  const tNb = now() - t;
  t = now();
  const { z, p } = getisOrdGiStar(counts, neighbors);
  const tGi = now() - t;
  t = now();
  const q = options.correction === 'none' ? p : benjaminiHochberg(p);
  const tFdr = now() - t;
  t = now();
  const classes = classifyHotspots(z, q);
  const tCls = now() - t;
  return {
    grid,
    band,
    counts,
    outside,
    neighbors,
    z,
    p,
    q,
    classes,
    timings: { grid: tGrid, bin: tBin, neighbors: tNb, giStar: tGi, fdr: tFdr, classes: tCls },
  };
}
