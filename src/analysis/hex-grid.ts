import {
  ringsOf,
  type AreaGeometry,
  type Feature,
  type FeatureCollection,
  type PolygonGeometry,
} from './geometry.ts';
import {
  createProjectionTable,
  projectWithTable,
  sweref99tmToWgs84,
  wgs84ToSweref99tm,
  type ProjectionTable,
} from './projection.ts';

/**
 * Hexagonal cells in SWEREF 99 TM (EPSG:3006), computed arithmetically.
 *
 * Layout: flat-topped regular hexagons of edge length `size` (= circumradius, the `size` of PostGIS
 * `ST_HexagonGrid` and the `cellSide` of Turf's `hexGrid`), on a lattice anchored at the EPSG:3006 origin.
 * Cell (q, r) in axial coordinates (Red Blob Games, "Hexagonal Grids") has its centre at
 *
 *   x = size · 3/2 · q,   y = size · √3 · (r + q/2)        (metres, easting/northing)
 *
 * so neighbouring centres are √3 · size apart and a cell covers (3√3/2) · size² m² (size 100 m → 2.6 ha).
 * The cell of a point is found in O(1) by inverting that map and rounding in cube coordinates — never by
 * testing polygons. The same arithmetic in SQL (on `ST_Transform(geom, 3006)`) gives the same cells:
 *
 *   qf = (2/3 · x) / size;  rf = (−x/3 + √3/3 · y) / size;  then cube-round (qf, −qf−rf, rf).
 *
 * Rounding is floor(v + 0.5) rather than Math.round: the same floating-point operations as the SQL
 * (app.hex_key_axial), where it is the cheapest exact form, so both sides agree bit for bit.
 */

const SQRT3 = Math.sqrt(3);

/** Axial coordinates of the hexagon containing (x, y) (EPSG:3006 metres). Writes [q, r] into `out`. */
export function hexCellOf(
  x: number,
  y: number,
  size: number,
  out: Int32Array = new Int32Array(2),
): Int32Array {
  const qf = ((2 / 3) * x) / size;
  const rf = ((-1 / 3) * x + (SQRT3 / 3) * y) / size;
  const sf = -qf - rf;
  let q = Math.floor(qf + 0.5);
  let r = Math.floor(rf + 0.5);
  const s = Math.floor(sf + 0.5);
  const dq = Math.abs(q - qf);
  const dr = Math.abs(r - rf);
  const ds = Math.abs(s - sf);
  if (dq > dr && dq > ds) q = -r - s;
  else if (dr > ds) r = -q - s;
  out[0] = q;
  out[1] = r;
  return out;
}

/** Centre (EPSG:3006 metres) of hexagon (q, r). */
export function hexCenter(q: number, r: number, size: number): [number, number] {
  return [size * 1.5 * q, size * SQRT3 * (r + q / 2)];
}

/** Hex (lattice) distance between two cells: the number of steps through shared edges. */
export function hexDistance(dq: number, dr: number): number {
  return (Math.abs(dq) + Math.abs(dr) + Math.abs(dq + dr)) / 2;
}

/** The six corners of hexagon (q, r) in EPSG:3006, counter-clockwise from east, ring closed (7 positions). */
export function hexRing(q: number, r: number, size: number): [number, number][] {
  const [cx, cy] = hexCenter(q, r, size);
  const ring: [number, number][] = [];
  for (let k = 0; k <= 6; k++) {
    const a = ((k % 6) * Math.PI) / 3;
    ring.push([cx + size * Math.cos(a), cy + size * Math.sin(a)]);
  }
  return ring;
}

/** The study area's cells: every hexagon whose centre lies in the area, in a fixed order (by q, then r). */
export interface HexGrid {
  /** Edge length (= circumradius) in metres. */
  readonly size: number;
  readonly length: number;
  readonly q: Int32Array;
  readonly r: Int32Array;
  /** Centres in EPSG:3006. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Dense lookup over the bounding box of (q, r): cell index or −1. Index = (q − qMin) · rSpan + (r − rMin). */
  readonly lookup: Int32Array;
  readonly qMin: number;
  readonly rMin: number;
  readonly qSpan: number;
  readonly rSpan: number;
}

/** Cell index of axial (q, r) in the grid, or −1 when that hexagon is not part of the study area. */
export function cellIndex(grid: HexGrid, q: number, r: number): number {
  const a = q - grid.qMin;
  const b = r - grid.rMin;
  if (a < 0 || b < 0 || a >= grid.qSpan || b >= grid.rSpan) return -1;
  return grid.lookup[a * grid.rSpan + b] as number;
}

/** Build a grid from a list of axial coordinates (e.g. cells returned by the database). */
export function gridFromCells(
  size: number,
  cells: ReadonlyArray<readonly [number, number]>,
): HexGrid {
  let qMin = Infinity;
  let qMax = -Infinity;
  let rMin = Infinity;
  let rMax = -Infinity;
  for (const [q, r] of cells) {
    if (q < qMin) qMin = q;
    if (q > qMax) qMax = q;
    if (r < rMin) rMin = r;
    if (r > rMax) rMax = r;
  }
  const n = cells.length;
  const qSpan = n ? qMax - qMin + 1 : 0;
  const rSpan = n ? rMax - rMin + 1 : 0;
  const lookup = new Int32Array(qSpan * rSpan).fill(-1);
  const qa = new Int32Array(n);
  const ra = new Int32Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  cells.forEach(([q, r], i) => {
    const slot = (q - qMin) * rSpan + (r - rMin);
    if (lookup[slot] !== -1) throw new Error(`duplicate cell ${q},${r}`);
    lookup[slot] = i;
    qa[i] = q;
    ra[i] = r;
    x[i] = size * 1.5 * q;
    y[i] = size * SQRT3 * (r + q / 2);
  });
  return {
    size,
    length: n,
    q: qa,
    r: ra,
    x,
    y,
    lookup,
    qMin: n ? qMin : 0,
    rMin: n ? rMin : 0,
    qSpan,
    rSpan,
  };
}

/**
 * Cover an area (a WGS84 Polygon or MultiPolygon, e.g. Malmö's municipal boundary) with hexagons of edge
 * `size` metres: a cell belongs to the study area when its centre is inside (even–odd rule, so holes and
 * multi-part areas work). Empty cells are included — Gi* needs the zeros. Cost: one scan line per lattice
 * column against the boundary's edges, O(columns × edges + cells), no point-in-polygon per cell.
 *
 * Consequence of testing centres: a report on land whose hexagon's centre lies just outside the boundary
 * (in the sea, or across the municipal line) falls outside the grid; `binPoints` counts those.
 */
export function coverArea(area: AreaGeometry, size: number): HexGrid {
  if (!(size > 0)) throw new RangeError(`cell size must be positive, got ${size}`);
  const rings = ringsOf(area).map((ring) => {
    const xy = new Float64Array(ring.length * 2);
    ring.forEach((pos, k) => wgs84ToSweref99tm(pos[0] as number, pos[1] as number, xy, 2 * k));
    return xy;
  });
  let xMin = Infinity;
  let xMax = -Infinity;
  for (const xy of rings)
    for (let k = 0; k < xy.length; k += 2) {
      const x = xy[k] as number;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
    }
  const cells: [number, number][] = [];
  const rowStep = size * SQRT3;
  const crossings: number[] = [];
  for (let q = Math.ceil(xMin / (1.5 * size)); q * 1.5 * size <= xMax; q++) {
    const x = q * 1.5 * size;
    crossings.length = 0;
    for (const xy of rings) {
      const m = xy.length / 2;
      for (let k = 0, j = m - 1; k < m; j = k++) {
        const ax = xy[2 * j] as number;
        const ay = xy[2 * j + 1] as number;
        const bx = xy[2 * k] as number;
        const by = xy[2 * k + 1] as number;
        if (ax <= x !== bx <= x) crossings.push(ay + ((x - ax) / (bx - ax)) * (by - ay));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let c = 0; c + 1 < crossings.length; c += 2) {
      const lo = Math.ceil((crossings[c] as number) / rowStep - q / 2);
      const hi = Math.floor((crossings[c + 1] as number) / rowStep - q / 2);
      for (let r = lo; r <= hi; r++) cells.push([q, r]);
    }
  }
  return gridFromCells(size, cells);
}

/** Counts per cell, and how many points fell outside the study area. */
export interface BinResult {
  counts: Float64Array;
  outside: number;
}

// One projection table per grid (memoised; grids are immutable): covers the grid's extent plus a margin.
const tables = new WeakMap<HexGrid, ProjectionTable | null>();
function tableFor(grid: HexGrid): ProjectionTable | null {
  let t = tables.get(grid);
  if (t !== undefined) return t;
  t = null;
  if (grid.length > 0) {
    let xMin = Infinity;
    let xMax = -Infinity;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (let i = 0; i < grid.length; i++) {
      xMin = Math.min(xMin, grid.x[i] as number);
      xMax = Math.max(xMax, grid.x[i] as number);
      yMin = Math.min(yMin, grid.y[i] as number);
      yMax = Math.max(yMax, grid.y[i] as number);
    }
    let west = Infinity;
    let east = -Infinity;
    let south = Infinity;
    let north = -Infinity;
    const m = grid.size;
    for (const fx of [0, 0.5, 1])
      for (const fy of [0, 0.5, 1]) {
        const ll = sweref99tmToWgs84(
          xMin - m + fx * (xMax - xMin + 2 * m),
          yMin - m + fy * (yMax - yMin + 2 * m),
        );
        west = Math.min(west, ll[0] as number);
        east = Math.max(east, ll[0] as number);
        south = Math.min(south, ll[1] as number);
        north = Math.max(north, ll[1] as number);
      }
    // Only worth it for a city-sized extent (≤ ~250,000 nodes); otherwise project exactly.
    if ((east - west) * (north - south) < 1)
      t = createProjectionTable(west - 0.01, south - 0.01, east + 0.01, north + 0.01);
  }
  tables.set(grid, t);
  return t;
}

/**
 * Count points into the grid's cells in O(1) per point (project → axial round → dense lookup).
 * Projection uses a per-grid interpolation table (error < 1 mm, see `createProjectionTable`), so a point
 * closer than a millimetre to a cell edge may land in the neighbouring cell compared with an exact projection.
 *
 * @param lonLat interleaved WGS84 `[lon0, lat0, lon1, lat1, …]`
 * @param weights optional weight per point (e.g. 1 + number of supports); default 1
 */
export function binPoints(
  grid: HexGrid,
  lonLat: ArrayLike<number>,
  weights?: ArrayLike<number>,
): BinResult {
  const counts = new Float64Array(grid.length);
  const xy = new Float64Array(2);
  const size = grid.size;
  const { lookup, qMin, rMin, qSpan, rSpan } = grid;
  const table = tableFor(grid);
  let outside = 0;
  const n = lonLat.length >> 1;
  for (let i = 0; i < n; i++) {
    if (table) projectWithTable(table, lonLat[2 * i] as number, lonLat[2 * i + 1] as number, xy, 0);
    else wgs84ToSweref99tm(lonLat[2 * i] as number, lonLat[2 * i + 1] as number, xy, 0);
    const x = xy[0] as number;
    const y = xy[1] as number;
    // hexCellOf, inlined (this loop runs a million times)
    const qf = ((2 / 3) * x) / size;
    const rf = ((-1 / 3) * x + (SQRT3 / 3) * y) / size;
    const sf = -qf - rf;
    let q = Math.floor(qf + 0.5);
    let r = Math.floor(rf + 0.5);
    const s = Math.floor(sf + 0.5);
    const dq = Math.abs(q - qf);
    const dr = Math.abs(r - rf);
    const ds = Math.abs(s - sf);
    if (dq > dr && dq > ds) q = -r - s;
    else if (dr > ds) r = -q - s;
    const a = q - qMin;
    const b = r - rMin;
    const idx = a < 0 || b < 0 || a >= qSpan || b >= rSpan ? -1 : (lookup[a * rSpan + b] as number);
    if (idx < 0) outside++;
    else counts[idx] = (counts[idx] as number) + (weights ? (weights[i] as number) : 1);
  }
  return { counts, outside };
}

/** Centre of cell i in WGS84 [lon, lat]. */
export function cellCenterWgs84(grid: HexGrid, i: number): [number, number] {
  const ll = sweref99tmToWgs84(grid.x[i] as number, grid.y[i] as number);
  return [ll[0] as number, ll[1] as number];
}

/** Outline of cell i as a closed WGS84 ring (for display; the hexagon is regular in EPSG:3006). */
export function cellPolygonWgs84(grid: HexGrid, i: number): [number, number][] {
  return hexRing(grid.q[i] as number, grid.r[i] as number, grid.size).map(([x, y]) => {
    const ll = sweref99tmToWgs84(x, y);
    return [ll[0] as number, ll[1] as number];
  });
}

/** Stable id of a cell for APIs and URLs: `"<size>:<q>:<r>"`. */
export function cellId(grid: HexGrid, i: number): string {
  return `${grid.size}:${grid.q[i]}:${grid.r[i]}`;
}

/** The grid as WGS84 polygons with per-cell properties, for the map or a fixture. */
export function gridToGeoJSON<P extends Record<string, unknown>>(
  grid: HexGrid,
  properties: (i: number) => P,
): FeatureCollection<PolygonGeometry, P & { id: string }> {
  const features: Feature<PolygonGeometry, P & { id: string }>[] = [];
  for (let i = 0; i < grid.length; i++) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [cellPolygonWgs84(grid, i)] },
      properties: { id: cellId(grid, i), ...properties(i) },
    });
  }
  return { type: 'FeatureCollection', features };
}
