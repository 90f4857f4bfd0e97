import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DISTRICT_LEVELS, type DistrictLevel } from '../../../domain/measures';

export { DISTRICT_LEVELS, type DistrictLevel };

/** The bundled boundary file of each district level (coarse to fine). */
export const LEVEL_FILES = {
  stadsomrade: 'malmo_stadsomraden_simplified.geojson',
  stadsdel: 'malmo_stadsdelar_simplified.geojson',
  delomrade: 'malmo_delomraden_simplified.geojson',
} as const satisfies Record<DistrictLevel, string>;

/** Which property of the boundary file the API's `by_district[].code` joins on. */
export function joinKeyOf(level: DistrictLevel, properties: Record<string, unknown> | null): string | null {
  const value = level === 'delomrade' ? properties?.do_kod : properties?.name;
  return value == null ? null : String(value);
}

export interface DistrictCount {
  code: string | number;
  name: string;
  n: number;
  km2: number;
}

export interface ChoroplethRow {
  code: string;
  name: string;
  n: number;
  km2: number;
  /** Reports per km²; null when the area is unknown. */
  perKm2: number | null;
  /** Class 0 … breaks.length, −1 without a rate. */
  cls: number;
}

/**
 * Class limits by quantiles of the rates (each class holds about the same number of districts), made
 * strictly increasing so every class is non-empty. Returns the upper bounds of every class but the last.
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0 || classes < 2) return [];
  const breaks: number[] = [];
  for (let k = 1; k < classes; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil((k * sorted.length) / classes) - 1)]!;
    if ((breaks.length === 0 || v > breaks[breaks.length - 1]!) && v < sorted[sorted.length - 1]!) breaks.push(v);
  }
  return breaks;
}

/** The class of a value: the number of breaks strictly below it (value ≤ breaks[0] → class 0). */
export function classOf(value: number | null, breaks: readonly number[]): number {
  if (value == null || !Number.isFinite(value)) return -1;
  let k = 0;
  while (k < breaks.length && value > breaks[k]!) k++;
  return k;
}

export interface ChoroplethModel {
  rows: ChoroplethRow[];
  breaks: number[];
  /** Class labels' ranges: [lower, upper] in reports per km² (lower exclusive except for the first). */
  ranges: [number, number][];
  data: FeatureCollection;
}

/**
 * Joins the API's district counts to the boundary file of the level, rates per km², classes. The rows (the
 * panel's table) and the map features get the same n, rate and class. Districts missing from the API get 0.
 */
export function buildChoropleth(
  level: DistrictLevel,
  boundaries: FeatureCollection,
  counts: readonly DistrictCount[],
  classes = 5,
): ChoroplethModel {
  const byCode = new Map(counts.map((c) => [String(c.code), c]));
  const rows: ChoroplethRow[] = [];
  const features: Feature<Geometry, Record<string, unknown>>[] = [];
  const seen = new Set<string>();
  for (const f of boundaries.features) {
    const code = joinKeyOf(level, f.properties);
    if (code == null || seen.has(code)) continue;
    seen.add(code);
    const c = byCode.get(code);
    const areaM2 = Number(f.properties?.area_m2);
    const km2 = c && c.km2 > 0 ? c.km2 : Number.isFinite(areaM2) && areaM2 > 0 ? areaM2 / 1e6 : 0;
    const n = c?.n ?? 0;
    rows.push({ code, name: c?.name ?? String(f.properties?.name ?? code), n, km2, perKm2: km2 > 0 ? n / km2 : null, cls: -1 });
    features.push({ type: 'Feature', geometry: f.geometry, properties: { code } });
  }
  const breaks = quantileBreaks(
    rows.flatMap((r) => (r.perKm2 == null ? [] : [r.perKm2])),
    classes,
  );
  for (const r of rows) r.cls = classOf(r.perKm2, breaks);
  const rowByCode = new Map(rows.map((r) => [r.code, r]));
  for (const f of features) {
    const r = rowByCode.get(f.properties.code as string)!;
    f.properties = { code: r.code, name: r.name, n: r.n, per_km2: r.perKm2, cls: r.cls };
  }
  const rates = rows.flatMap((r) => (r.perKm2 == null ? [] : [r.perKm2]));
  const min = rates.length ? Math.min(...rates) : 0;
  const max = rates.length ? Math.max(...rates) : 0;
  const bounds = [min, ...breaks, max];
  const ranges = bounds.slice(1).map((upper, k) => [bounds[k]!, upper] as [number, number]);
  rows.sort((a, b) => (b.perKm2 ?? -1) - (a.perKm2 ?? -1) || a.name.localeCompare(b.name, 'sv'));
  return { rows, breaks, ranges, data: { type: 'FeatureCollection', features } };
}
