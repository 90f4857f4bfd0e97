import booleanIntersects from '@turf/boolean-intersects';
import type { MultiPolygon, Polygon } from 'geojson';
import {
  cellCountsFromRows,
  coverArea,
  findHotspots,
  hexCenter,
  hexRing,
  sweref99tmToWgs84,
  type AreaGeometry,
  type CellHotspotResult,
  type HexGrid,
} from '../../../analysis';

export interface TouchingCell {
  /** `"<cell_m>:<q>:<r>"`, as `cellId` in src/analysis. */
  id: string;
  cellM: number;
  q: number;
  r: number;
  count: number;
  z: number;
  qValue: number;
  /** −3 … +3 (Gi* with Benjamini–Hochberg), see src/analysis/classes.ts. */
  cls: number;
  /** 'development' when the cell touches the development itself, 'buffer' when only the buffer. */
  touches: 'development' | 'buffer';
  ring: [number, number][];
}

/**
 * The hotspot analysis on the database's cell counts (`api.hotspot_cells`, rows `[q, r, n, …]`) over the study
 * area — `findHotspots`, the same analysis as the crew's and the strategist's — then the significant cells that
 * touch the development or its buffer.
 */
export function touchingHotspots(
  cells: ReadonlyArray<readonly [number, number, number, ...number[]]>,
  cellM: number,
  studyArea: AreaGeometry,
  development: Polygon | MultiPolygon,
  buffer: Polygon | MultiPolygon | null,
  grid: HexGrid = coverArea(studyArea, cellM),
): { cells: TouchingCell[]; grid: HexGrid } {
  const result = findHotspots(cellCountsFromRows(cells, cellM), { area: studyArea, grid });
  return { cells: touchingCells(result, development, buffer), grid };
}

/** The significant cells of a hotspot result that touch the development or its buffer, strongest first. */
export function touchingCells(
  result: CellHotspotResult,
  development: Polygon | MultiPolygon,
  buffer: Polygon | MultiPolygon | null,
): TouchingCell[] {
  const cellM = result.size;
  const [w, s, e, n] = bboxOf(buffer ?? development);
  const pad = 0.01; // ~1 km: the cell centre may lie outside the box while its edge touches
  const out: TouchingCell[] = [];
  for (let i = 0; i < result.q.length; i++) {
    const cls = result.classes[i] as number;
    if (cls === 0) continue;
    const q = result.q[i] as number;
    const r = result.r[i] as number;
    const [lon, lat] = toWgs84(hexCenter(q, r, cellM));
    if (lon < w - pad || lon > e + pad || lat < s - pad || lat > n + pad) continue;
    const ring = hexRing(q, r, cellM).map(toWgs84);
    const hexagon: Polygon = { type: 'Polygon', coordinates: [ring] };
    const touches = booleanIntersects(hexagon, development)
      ? 'development'
      : buffer && booleanIntersects(hexagon, buffer)
        ? 'buffer'
        : null;
    if (!touches) continue;
    out.push({
      id: `${cellM}:${q}:${r}`,
      cellM,
      q,
      r,
      count: result.n[i] as number,
      z: result.z[i] as number,
      qValue: result.qValue[i] as number,
      cls,
      touches,
      ring,
    });
  }
  return out.sort((a, b) => b.cls - a.cls || b.count - a.count);
}

function toWgs84([x, y]: [number, number]): [number, number] {
  const ll = sweref99tmToWgs84(x, y);
  return [ll[0] as number, ll[1] as number];
}

function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    for (const ring of poly)
      for (const [lon, lat] of ring) {
        w = Math.min(w, lon!);
        e = Math.max(e, lon!);
        s = Math.min(s, lat!);
        n = Math.max(n, lat!);
      }
  return [w, s, e, n];
}
