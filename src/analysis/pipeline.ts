import type { AreaGeometry } from './geometry.ts';
import { binPoints, coverArea, type HexGrid } from './hex-grid.ts';
import { analyseGrid, cellSizeFor } from './hotspots.ts';

export interface HotspotOptions {
  /** A prepared grid (reuse it across runs: covering the area is the slowest step for small inputs). */
  grid?: HexGrid;
  /** Or the study area to cover (WGS84 Polygon/MultiPolygon), e.g. Malmö's boundary. */
  area?: AreaGeometry;
  /** Hexagon edge length in metres (50–500); default `cellSizeFor(points)`. Ignored when `grid` is given. */
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
 * The hotspot analysis on raw points (golden fixtures, benchmarks): bin the points into hexagons (zeros
 * included), then the same neighbours → Gi* → Benjamini–Hochberg → classes as `findHotspots`, which the app
 * runs on the database's cell counts (both end in `analyseGrid`).
 *
 * @param lonLat interleaved WGS84 coordinates `[lon0, lat0, lon1, lat1, …]`
 */
export function hotspotPipeline(lonLat: ArrayLike<number>, options: HotspotOptions): HotspotResult {
  const now = () => performance.now();
  let t = now();
  let grid = options.grid;
  if (!grid) {
    if (!options.area) throw new Error('hotspotPipeline needs a grid or an area');
    grid = coverArea(options.area, options.cellSize ?? cellSizeFor(lonLat));
  }
  const tGrid = now() - t;
  t = now();
  const { counts, outside } = binPoints(grid, lonLat, options.weights);
  const tBin = now() - t;
  const { band, neighbors, z, p, q, classes, timings } = analyseGrid(grid, counts, options);
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
    timings: { grid: tGrid, bin: tBin, ...timings },
  };
}
