import { projectToSweref99tm, sweref99tmToWgs84 } from './projection.ts';

/**
 * Kernel density of points on a raster, for DISPLAY ONLY — a smoothed picture of where reports are, not a
 * statistical test. It has no notion of chance: a busy street always glows, and the look depends heavily on
 * the bandwidth. Use the Gi* classes to say where reports concentrate more than chance explains.
 *
 * Kernel: the quartic (biweight) kernel of Silverman (1986, eq. 4.5), the one ArcGIS's Kernel Density uses:
 *
 *   K(d) = 3 / (π h²) · (1 − d²/h²)²   for d < h, else 0
 *
 * which integrates to 1 over the plane, so the raster sums (× cell area) to the number of points (or the sum of
 * weights) when it covers them all. Values are densities in points per km², evaluated at raster cell centres.
 */
export interface DensityRaster {
  /** A label to carry to the legend. */
  readonly kind: 'kernel density — a picture, not a test';
  /** South-west corner of the raster in EPSG:3006. */
  readonly x0: number;
  readonly y0: number;
  /** Raster cell size (m) and bandwidth h (m). */
  readonly cellSize: number;
  readonly bandwidth: number;
  readonly width: number;
  readonly height: number;
  /** Row-major from the NORTH edge (image order): values[row · width + col], points per km². */
  readonly values: Float32Array;
  /** WGS84 corners [west, south, east, north] of the raster's EPSG:3006 bounding box (for an image source; approximate: the raster is square in EPSG:3006). */
  readonly boundsWgs84: [number, number, number, number];
}

export interface DensityOptions {
  /** Bandwidth h in metres (search radius). */
  bandwidth: number;
  /** Raster cell size in metres. */
  cellSize: number;
  /** Raster extent in EPSG:3006 [xMin, yMin, xMax, yMax]; default: the points' extent grown by h. */
  extent?: readonly [number, number, number, number];
  /** Optional weight per point. */
  weights?: ArrayLike<number>;
}

/** Quartic-kernel density of WGS84 points (interleaved lon, lat) — see {@link DensityRaster}. */
export function kernelDensity(lonLat: ArrayLike<number>, options: DensityOptions): DensityRaster {
  return kernelDensityProjected(projectToSweref99tm(lonLat), options);
}

/** As {@link kernelDensity}, for points already in EPSG:3006 (interleaved x, y). */
export function kernelDensityProjected(
  xy: ArrayLike<number>,
  options: DensityOptions,
): DensityRaster {
  const h = options.bandwidth;
  const c = options.cellSize;
  if (!(h > 0) || !(c > 0)) throw new RangeError('bandwidth and cellSize must be positive');
  const n = xy.length >> 1;
  let ext = options.extent;
  if (!ext) {
    let xMin = Infinity;
    let yMin = Infinity;
    let xMax = -Infinity;
    let yMax = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i] as number;
      const y = xy[2 * i + 1] as number;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
    ext = n ? [xMin - h, yMin - h, xMax + h, yMax + h] : [0, 0, c, c];
  }
  const [x0, y0, x1, y1] = ext;
  const width = Math.max(1, Math.ceil((x1 - x0) / c));
  const height = Math.max(1, Math.ceil((y1 - y0) / c));
  const values = new Float32Array(width * height);
  const norm = (3 / (Math.PI * h * h)) * 1e6; // per km²
  const h2 = h * h;
  for (let i = 0; i < n; i++) {
    const px = xy[2 * i] as number;
    const py = xy[2 * i + 1] as number;
    const w = options.weights ? (options.weights[i] as number) : 1;
    // Columns/rows whose centres (x0 + (col + ½)c) are within h of the point.
    const cMin = Math.max(0, Math.ceil((px - h - x0) / c - 0.5));
    const cMax = Math.min(width - 1, Math.floor((px + h - x0) / c - 0.5));
    const rMin = Math.max(0, Math.ceil((py - h - y0) / c - 0.5));
    const rMax = Math.min(height - 1, Math.floor((py + h - y0) / c - 0.5));
    for (let row = rMin; row <= rMax; row++) {
      const dy = y0 + (row + 0.5) * c - py;
      const base = (height - 1 - row) * width;
      for (let col = cMin; col <= cMax; col++) {
        const dx = x0 + (col + 0.5) * c - px;
        const u = 1 - (dx * dx + dy * dy) / h2;
        if (u > 0) values[base + col] = (values[base + col] as number) + w * norm * u * u;
      }
    }
  }
  const sw = sweref99tmToWgs84(x0, y0);
  const ne = sweref99tmToWgs84(x0 + width * c, y0 + height * c);
  return {
    kind: 'kernel density — a picture, not a test',
    x0,
    y0,
    cellSize: c,
    bandwidth: h,
    width,
    height,
    values,
    boundsWgs84: [sw[0] as number, sw[1] as number, ne[0] as number, ne[1] as number],
  };
}
