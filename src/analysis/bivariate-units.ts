import {
  BIVARIATE_CLASSES,
  compareRisks,
  ratesPerKm2,
  type BivariateClass,
  type LocalOptions,
} from './bivariate.ts';
import type { Position } from './geometry.ts';
import { cellIndex, type HexGrid } from './hex-grid.ts';
import { defaultBand, distanceBandNeighbors } from './neighbors.ts';

/**
 * The units the strategists compare perceived and actual risk on, and what bivariate.ts needs of them: every
 * unit of the study area (zeros included: they are data), a rate per km² of each variable, and neighbour lists.
 *  - Hexagon cells of the study area (the hotspot grid): neighbours within the hotspot analysis' distance band.
 *  - Districts (delområden): neighbours that touch (share a border point, within a tolerance, since the
 *    bundled outlines are simplified one by one and neighbours' vertices no longer coincide exactly).
 */
export interface UnitComparison {
  /** Counts per unit, in the units' order. */
  perceived: Float64Array;
  actual: Float64Array;
  /** Per km² of the unit. */
  perceivedRate: Float64Array;
  actualRate: Float64Array;
  Is: Float64Array;
  p: Float64Array;
  /** Benjamini–Hochberg q-values of p. */
  q: Float64Array;
  classes: BivariateClass[];
  counts: Record<BivariateClass, number>;
  global: { I: number; pSim: number };
  permutations: number;
  alpha: number;
  /** Units without a neighbour (never tested). */
  isolated: number;
}

/** [q, r, n]: a cell's count, as hotspot_cells and risk_event_cells give them (extra entries are ignored). */
export type CellCount = readonly [number, number, number, ...number[]];

/** Counts per grid cell; counts in cells outside the grid (centre outside the area) are summed apart. */
export function countsOnGrid(grid: HexGrid, cells: readonly CellCount[]): { counts: Float64Array; outside: number } {
  const counts = new Float64Array(grid.length);
  let outside = 0;
  for (const [q, r, n] of cells) {
    const i = cellIndex(grid, q, r);
    if (i >= 0) counts[i] = (counts[i] as number) + n;
    else outside += n;
  }
  return { counts, outside };
}

/** The area of a hexagon of edge `size` metres, in km². */
export function hexAreaKm2(size: number): number {
  return ((3 * Math.sqrt(3)) / 2) * size * size * 1e-6;
}

function compare(
  perceived: Float64Array,
  actual: Float64Array,
  km2: number | ArrayLike<number>,
  neighbors: ReadonlyArray<ArrayLike<number>>,
  options: LocalOptions,
): UnitComparison {
  const perceivedRate = ratesPerKm2(perceived, km2);
  const actualRate = ratesPerKm2(actual, km2);
  const { global, local } = compareRisks(perceivedRate, actualRate, neighbors, options);
  return {
    perceived,
    actual,
    perceivedRate,
    actualRate,
    Is: local.Is,
    p: local.p,
    q: local.q,
    classes: local.classes,
    counts: local.counts,
    global: { I: global.I, pSim: global.pSim },
    permutations: local.permutations,
    alpha: local.alpha,
    isolated: neighbors.filter((nb) => nb.length === 0).length,
  };
}

/** Perceived against actual on the hexagon grid of the study area. */
export function compareCells(
  grid: HexGrid,
  perceivedCells: readonly CellCount[],
  actualCells: readonly CellCount[],
  options: LocalOptions = {},
): UnitComparison & { outside: { perceived: number; actual: number } } {
  const perceived = countsOnGrid(grid, perceivedCells);
  const actual = countsOnGrid(grid, actualCells);
  const neighbors = distanceBandNeighbors(grid, defaultBand(grid));
  return {
    ...compare(perceived.counts, actual.counts, hexAreaKm2(grid.size), neighbors, options),
    outside: { perceived: perceived.outside, actual: actual.outside },
  };
}

/**
 * Which polygons touch: two units are neighbours when a vertex of one lies within `tolerance` (in the
 * coordinates' units) of a vertex of the other. Vertices are hashed into buckets of the tolerance's size, so
 * this is about linear in the number of vertices. `polygons[i]` is unit i's rings (all parts of a multipolygon).
 */
export function touchingNeighbors(polygons: ReadonlyArray<ReadonlyArray<ReadonlyArray<Position>>>, tolerance: number): Int32Array[] {
  const buckets = new Map<string, Array<[number, number, number]>>();
  const key = (bx: number, by: number) => `${bx},${by}`;
  polygons.forEach((rings, unit) => {
    for (const ring of rings)
      for (const p of ring) {
        const x = p[0] as number;
        const y = p[1] as number;
        const k = key(Math.floor(x / tolerance), Math.floor(y / tolerance));
        let list = buckets.get(k);
        if (!list) buckets.set(k, (list = []));
        list.push([x, y, unit]);
      }
  });
  const sets = polygons.map(() => new Set<number>());
  const t2 = tolerance * tolerance;
  for (const [k, list] of buckets) {
    const [bx, by] = k.split(',').map(Number) as [number, number];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const other = buckets.get(key(bx + dx, by + dy));
        if (!other) continue;
        for (const [x, y, a] of list)
          for (const [x2, y2, b] of other) {
            if (a === b || sets[a]!.has(b)) continue;
            if ((x - x2) ** 2 + (y - y2) ** 2 <= t2) {
              sets[a]!.add(b);
              sets[b]!.add(a);
            }
          }
      }
  }
  return sets.map((s) => Int32Array.from([...s].sort((a, b) => a - b)));
}

export interface DistrictUnit {
  code: string;
  km2: number;
  /** Rings in EPSG:3006 metres (all parts). */
  rings: ReadonlyArray<ReadonlyArray<Position>>;
}

/** Vertices closer than this (metres) count as a shared border (measured on the bundled delområden: every one of the 136 gets neighbours, 6.3 on average, the same from 5 to 40 m). */
export const DISTRICT_TOUCH_M = 20;

/** Perceived against actual per district; `perceived`/`actual` by district code (missing = 0). */
export function compareDistricts(
  units: readonly DistrictUnit[],
  perceived: ReadonlyMap<string, number>,
  actual: ReadonlyMap<string, number>,
  options: LocalOptions = {},
): UnitComparison {
  const p = Float64Array.from(units, (u) => perceived.get(u.code) ?? 0);
  const a = Float64Array.from(units, (u) => actual.get(u.code) ?? 0);
  const neighbors = touchingNeighbors(
    units.map((u) => u.rings),
    DISTRICT_TOUCH_M,
  );
  return compare(
    p,
    a,
    units.map((u) => u.km2),
    neighbors,
    options,
  );
}

/** Every class, in legend order (re-exported for the views, which may not import bivariate.ts' internals). */
export { BIVARIATE_CLASSES, type BivariateClass };
