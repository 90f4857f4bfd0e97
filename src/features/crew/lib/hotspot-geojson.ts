import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { EMERGING_CATEGORIES, hexRing, sweref99tmToWgs84, type DensityRaster, type EmergingCategory } from '../../../analysis';
import type { CellHotspotResult } from '../../../analysis';

/** One analysed cell, as the panel's tables and the map's features describe it. */
export interface CellRow {
  index: number;
  /** `"<size>:<q>:<r>"`, the same as `cellId` in src/analysis. */
  id: string;
  q: number;
  r: number;
  cls: number;
  n: number;
  value: number;
  z: number;
  qValue: number;
  emerging: EmergingCategory | null;
  rateRatio: number | null;
}

export function cellRow(res: CellHotspotResult, i: number): CellRow {
  const cat = res.emerging ? EMERGING_CATEGORIES[res.emerging.category[i] as number] ?? 'none' : null;
  return {
    index: i,
    id: `${res.size}:${res.q[i]}:${res.r[i]}`,
    q: res.q[i] as number,
    r: res.r[i] as number,
    cls: res.classes[i] as number,
    n: res.n[i] as number,
    value: res.values[i] as number,
    z: res.z[i] as number,
    qValue: res.qValue[i] as number,
    emerging: cat,
    rateRatio: res.emerging ? (res.emerging.rateRatio[i] as number) : null,
  };
}

/** Significant cells (class ≠ 0): hot first (strongest, then highest z), then cold (strongest first). */
export function significantCells(res: CellHotspotResult): CellRow[] {
  const rows: CellRow[] = [];
  for (let i = 0; i < res.classes.length; i++) if (res.classes[i] !== 0) rows.push(cellRow(res, i));
  return rows.sort((a, b) => {
    if (a.cls > 0 !== b.cls > 0) return a.cls > 0 ? -1 : 1;
    return Math.abs(b.cls) - Math.abs(a.cls) || Math.abs(b.z) - Math.abs(a.z);
  });
}

/** Cells in an emerging category other than 'none', in the order of EMERGING_CATEGORIES, then by z. */
export function emergingCells(res: CellHotspotResult): CellRow[] {
  if (!res.emerging) return [];
  const rows: CellRow[] = [];
  for (let i = 0; i < res.classes.length; i++) {
    const c = res.emerging.category[i] as number;
    if (EMERGING_CATEGORIES[c] !== 'none') rows.push(cellRow(res, i));
  }
  return rows.sort(
    (a, b) => EMERGING_CATEGORIES.indexOf(a.emerging!) - EMERGING_CATEGORIES.indexOf(b.emerging!) || b.z - a.z,
  );
}

/** The hexagon (q, r) at `size` as a closed WGS84 ring. */
export function cellRing(q: number, r: number, size: number): [number, number][] {
  return hexRing(q, r, size).map(([x, y]) => {
    const ll = sweref99tmToWgs84(x, y);
    return [round6(ll[0] as number), round6(ll[1] as number)];
  });
}

export function cellPolygon(q: number, r: number, size: number): Polygon {
  return { type: 'Polygon', coordinates: [cellRing(q, r, size)] };
}

/** Centre of the hexagon in WGS84. */
export function cellCentre(q: number, r: number, size: number): { lon: number; lat: number } {
  const ll = sweref99tmToWgs84(size * 1.5 * q, size * Math.sqrt(3) * (r + q / 2));
  return { lon: ll[0] as number, lat: ll[1] as number };
}

/** Every cell of the study area with its class (zeros included: they were analysed too). */
export function hotspotGeoJSON(res: CellHotspotResult): FeatureCollection {
  const features: Feature[] = [];
  for (let i = 0; i < res.q.length; i++) {
    const q = res.q[i] as number;
    const r = res.r[i] as number;
    features.push({
      type: 'Feature',
      geometry: cellPolygon(q, r, res.size),
      properties: { id: `${res.size}:${q}:${r}`, q, r, cls: res.classes[i] as number, n: res.n[i] as number },
    });
  }
  return { type: 'FeatureCollection', features };
}

export function emergingGeoJSON(res: CellHotspotResult): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: emergingCells(res).map((row) => ({
      type: 'Feature',
      geometry: cellPolygon(row.q, row.r, res.size),
      properties: { id: row.id, q: row.q, r: row.r, category: row.emerging, cls: row.cls },
    })),
  };
}

/** Centres of the non-empty cells and their counts: the input of the density picture. */
export function cellCentresWeighted(res: CellHotspotResult): { lonLat: Float64Array; weights: Float64Array } {
  const idx: number[] = [];
  for (let i = 0; i < res.n.length; i++) if ((res.n[i] as number) > 0) idx.push(i);
  const lonLat = new Float64Array(idx.length * 2);
  const weights = new Float64Array(idx.length);
  idx.forEach((i, k) => {
    const c = cellCentre(res.q[i] as number, res.r[i] as number, res.size);
    lonLat[2 * k] = c.lon;
    lonLat[2 * k + 1] = c.lat;
    weights[k] = res.n[i] as number;
  });
  return { lonLat, weights };
}

/**
 * The density raster as squares with a `level` 0 … 4 (quintiles of the values above 5 % of the maximum;
 * the faint rest is left out so the picture and the GeoJSON stay small). Also returns the level limits for
 * the legend (reports per km²).
 */
export function densityGeoJSON(raster: DensityRaster): { data: FeatureCollection; breaks: number[] } {
  const { values, width, height, x0, y0, cellSize } = raster;
  let max = 0;
  for (let k = 0; k < values.length; k++) max = Math.max(max, values[k] as number);
  const floor = max * 0.05;
  const kept: number[] = [];
  for (let k = 0; k < values.length; k++) if ((values[k] as number) > floor) kept.push(values[k] as number);
  const sorted = Float64Array.from(kept).sort();
  const breaks = [0.2, 0.4, 0.6, 0.8].map((f) => sorted[Math.floor(f * (sorted.length - 1))] ?? 0);
  const features: Feature[] = [];
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const v = values[row * width + col] as number;
      if (!(v > floor)) continue;
      const level = breaks.filter((b) => v > b).length;
      // values are stored from the north edge; row 0 is the northernmost
      const south = y0 + (height - 1 - row) * cellSize;
      const west = x0 + col * cellSize;
      const ring = [
        [west, south],
        [west + cellSize, south],
        [west + cellSize, south + cellSize],
        [west, south + cellSize],
        [west, south],
      ].map(([x, y]) => {
        const ll = sweref99tmToWgs84(x as number, y as number);
        return [round6(ll[0] as number), round6(ll[1] as number)];
      });
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { level } });
    }
  }
  return { data: { type: 'FeatureCollection', features }, breaks };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
