import type { Polygon } from 'geojson';
import {
  hexCenter,
  hexRing,
  sweref99tmToWgs84,
  type CellHotspotResult,
  type HotspotClass,
} from '../../../analysis';

/** One significant hot cell of the annual follow-up: where a measure could go. */
export interface OpenHotspot {
  /** 'q:r' at `size` (axial cell as `hexCellOf` in src/analysis/hex-grid.ts). */
  id: string;
  size: number;
  q: number;
  r: number;
  n: number;
  z: number;
  cls: HotspotClass;
  center: { lon: number; lat: number };
  polygon: Polygon;
}

function toWgs84([x, y]: [number, number]): [number, number] {
  const ll = sweref99tmToWgs84(x, y);
  return [ll[0] as number, ll[1] as number];
}

/**
 * The significant hot spots (classes +1…+3 of `findHotspots`: Gi*, Benjamini–Hochberg) of an analysis of the
 * database's cell counts over the study area — the strategist's view of the same analysis the crew's hotspot map and
 * planning run. Highest confidence first, then most reports: at small cells Gi* also marks empty cells inside a hot
 * area (their neighbours' counts), and a list of places for measures that opened with "0 reports" read as an error.
 */
export function openHotspots(result: CellHotspotResult): OpenHotspot[] {
  const size = result.size;
  const out: OpenHotspot[] = [];
  for (let i = 0; i < result.q.length; i++) {
    const cls = result.classes[i] as HotspotClass;
    if (cls <= 0) continue;
    const q = result.q[i] as number;
    const r = result.r[i] as number;
    const [lon, lat] = toWgs84(hexCenter(q, r, size));
    out.push({
      id: `${q}:${r}`,
      size,
      q,
      r,
      n: result.n[i] as number,
      z: result.z[i] as number,
      cls,
      center: { lon, lat },
      polygon: { type: 'Polygon', coordinates: [hexRing(q, r, size).map(toWgs84)] },
    });
  }
  return out.sort((a, b) => b.cls - a.cls || b.n - a.n || b.z - a.z);
}
