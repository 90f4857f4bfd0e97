import booleanIntersects from '@turf/boolean-intersects';
import type { MultiPolygon, Polygon } from 'geojson';
import {
  cellCenterWgs84,
  cellPolygonWgs84,
  coverArea,
  hexCenter,
  hotspotPipeline,
  sweref99tmToWgs84,
  type AreaGeometry,
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
 * The hotspot analysis on the database's cell counts (`api.hotspot_cells`), then the significant cells that
 * touch the development or its buffer. Each cell's count is fed to src/analysis's pipeline as one weighted
 * point at the cell centre, so binning puts it back in the very same cell and the pipeline runs unchanged.
 */
export function touchingHotspots(
  cells: ReadonlyArray<readonly [number, number, number, ...number[]]>,
  cellM: number,
  studyArea: AreaGeometry,
  development: Polygon | MultiPolygon,
  buffer: Polygon | MultiPolygon | null,
  grid: HexGrid = coverArea(studyArea, cellM),
): { cells: TouchingCell[]; grid: HexGrid } {
  const lonLat = new Float64Array(cells.length * 2);
  const weights = new Float64Array(cells.length);
  cells.forEach(([q, r, n], i) => {
    const [x, y] = hexCenter(q, r, cellM);
    const ll = sweref99tmToWgs84(x, y);
    lonLat[2 * i] = ll[0] as number;
    lonLat[2 * i + 1] = ll[1] as number;
    weights[i] = n;
  });
  const result = hotspotPipeline(lonLat, { grid, weights });
  const [w, s, e, n] = bboxOf(buffer ?? development);
  const pad = 0.01; // ~1 km: the cell centre may lie outside the box while its edge touches
  const out: TouchingCell[] = [];
  for (let i = 0; i < grid.length; i++) {
    const cls = result.classes[i] as number;
    if (cls === 0) continue;
    const [lon, lat] = cellCenterWgs84(grid, i);
    if (lon < w - pad || lon > e + pad || lat < s - pad || lat > n + pad) continue;
    const ring = cellPolygonWgs84(grid, i);
    const hexagon: Polygon = { type: 'Polygon', coordinates: [ring] };
    const touches = booleanIntersects(hexagon, development)
      ? 'development'
      : buffer && booleanIntersects(hexagon, buffer)
        ? 'buffer'
        : null;
    if (!touches) continue;
    out.push({
      id: `${cellM}:${grid.q[i]}:${grid.r[i]}`,
      cellM,
      q: grid.q[i] as number,
      r: grid.r[i] as number,
      count: result.counts[i] as number,
      z: result.z[i] as number,
      qValue: result.q[i] as number,
      cls,
      touches,
      ring,
    });
  }
  out.sort((a, b) => b.cls - a.cls || b.count - a.count);
  return { cells: out, grid };
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
