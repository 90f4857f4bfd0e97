import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { CellComparisonResult } from '../../../../analysis/bivariate-protocol';
import type { BivariateClass, DistrictUnit, UnitComparison } from '../../../../analysis/bivariate-units';
import { hexCenter, hexRing } from '../../../../analysis/hex-grid';
import { sweref99tmToWgs84, wgs84ToSweref99tm } from '../../../../analysis/projection';

/** One unit (cell or district) of the comparison, as the table lists it and the map draws it. */
export interface ComparisonRow {
  id: string;
  /** The district's name; for a cell, the delområde its centre lies in (null outside every one). */
  name: string | null;
  perceived: number;
  actual: number;
  perceivedRate: number;
  actualRate: number;
  cls: BivariateClass;
  p: number;
  q: number;
  /** [lon, lat] of the centre, to show the unit on the map. */
  centre: [number, number];
}

export interface ComparisonModel {
  rows: ComparisonRow[];
  data: FeatureCollection;
}

const toLonLat = (x: number, y: number): [number, number] => {
  const ll = sweref99tmToWgs84(x, y);
  return [Math.round((ll[0] as number) * 1e6) / 1e6, Math.round((ll[1] as number) * 1e6) / 1e6];
};

/** Significant units first (by q), then by their counts; ties by id so the order is stable. */
export function byRelevance(a: ComparisonRow, b: ComparisonRow): number {
  const sa = a.cls !== 'not_significant' ? 0 : 1;
  const sb = b.cls !== 'not_significant' ? 0 : 1;
  return sa - sb || (sa === 0 ? a.q - b.q : 0) || b.perceived + b.actual - (a.perceived + a.actual) || a.id.localeCompare(b.id);
}

/**
 * The cells worth a row and a hexagon: every significant cell, and every other cell with a report or an event
 * (empty, non-significant cells are most of Malmö and say nothing; their number is shown apart).
 */
export function cellModel(result: CellComparisonResult, districtOf: (lon: number, lat: number) => string | null): ComparisonModel {
  const rows: ComparisonRow[] = [];
  const features: Feature<Polygon, Record<string, unknown>>[] = [];
  for (let i = 0; i < result.cellQ.length; i++) {
    const cls = result.classes[i]!;
    const perceived = result.perceived[i]!;
    const actual = result.actual[i]!;
    if (cls === 'not_significant' && perceived === 0 && actual === 0) continue;
    const q = result.cellQ[i]!;
    const r = result.cellR[i]!;
    const [cx, cy] = hexCenter(q, r, result.size);
    const centre = toLonLat(cx, cy);
    const id = `${result.size}:${q}:${r}`;
    rows.push({
      id,
      name: districtOf(centre[0], centre[1]),
      perceived,
      actual,
      perceivedRate: result.perceivedRate[i]!,
      actualRate: result.actualRate[i]!,
      cls,
      p: result.p[i]!,
      q: result.q[i]!,
      centre,
    });
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [hexRing(q, r, result.size).map(([x, y]) => toLonLat(x, y))] },
      properties: { id, cls },
    });
  }
  rows.sort(byRelevance);
  return { rows, data: { type: 'FeatureCollection', features } };
}

export interface DistrictFeature {
  code: string;
  name: string;
  km2: number;
  geometry: Polygon | MultiPolygon;
}

/** The delområden of the bundled file as units: rings in SWEREF 99 TM for the neighbour test. */
export function districtUnits(districts: readonly DistrictFeature[]): DistrictUnit[] {
  const out = new Float64Array(2);
  const project = (ring: Position[]) =>
    ring.map(([lon, lat]) => {
      wgs84ToSweref99tm(lon as number, lat as number, out, 0);
      return [out[0] as number, out[1] as number];
    });
  return districts.map((d) => ({
    code: d.code,
    km2: d.km2,
    rings: (d.geometry.type === 'Polygon' ? [d.geometry.coordinates] : d.geometry.coordinates).flat().map(project),
  }));
}

/** Districts from the bundled delområden file (`do_kod`, `name`, `area_m2`), one per code. */
export function districtsOf(fc: FeatureCollection | undefined): DistrictFeature[] {
  const seen = new Set<string>();
  const out: DistrictFeature[] = [];
  for (const f of fc?.features ?? []) {
    const code = f.properties?.do_kod;
    const g = f.geometry as Geometry | null;
    if (code == null || !g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || seen.has(String(code))) continue;
    seen.add(String(code));
    const m2 = Number(f.properties?.area_m2);
    out.push({ code: String(code), name: String(f.properties?.name ?? code), km2: m2 > 0 ? m2 / 1e6 : 0, geometry: g });
  }
  return out;
}

export function districtModel(result: UnitComparison, districts: readonly DistrictFeature[]): ComparisonModel {
  const rows: ComparisonRow[] = [];
  const features: Feature<Geometry, Record<string, unknown>>[] = [];
  districts.forEach((d, i) => {
    const cls = result.classes[i]!;
    const ring = (d.geometry.type === 'Polygon' ? d.geometry.coordinates[0] : d.geometry.coordinates[0]?.[0]) ?? [];
    const lon = ring.reduce((s, p) => s + (p[0] as number), 0) / Math.max(1, ring.length);
    const lat = ring.reduce((s, p) => s + (p[1] as number), 0) / Math.max(1, ring.length);
    rows.push({
      id: d.code,
      name: d.name,
      perceived: result.perceived[i]!,
      actual: result.actual[i]!,
      perceivedRate: result.perceivedRate[i]!,
      actualRate: result.actualRate[i]!,
      cls,
      p: result.p[i]!,
      q: result.q[i]!,
      centre: [lon, lat],
    });
    features.push({ type: 'Feature', geometry: d.geometry, properties: { id: d.code, cls, name: d.name } });
  });
  rows.sort(byRelevance);
  return { rows, data: { type: 'FeatureCollection', features } };
}
