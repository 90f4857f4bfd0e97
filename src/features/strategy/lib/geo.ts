import type { FeatureCollection, Geometry, Position } from 'geojson';

function eachPosition(value: unknown, visit: (p: Position) => void): void {
  if (!Array.isArray(value)) return;
  if (typeof value[0] === 'number' && typeof value[1] === 'number') visit(value as Position);
  else for (const v of value) eachPosition(v, visit);
}

/** [west, south, east, north] of any GeoJSON geometry's coordinates; null when it has none. */
export function bboxOf(geometry: { coordinates: unknown } | null | undefined): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  eachPosition(geometry?.coordinates, ([x, y]) => {
    if (x! < w) w = x!;
    if (x! > e) e = x!;
    if (y! < s) s = y!;
    if (y! > n) n = y!;
  });
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** A FeatureCollection of items with a geometry and flat properties. */
export function toFeatureCollection<T>(
  items: readonly T[],
  geometry: (item: T) => unknown,
  properties: (item: T) => Record<string, unknown>,
): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items.map((item) => ({ type: 'Feature', geometry: geometry(item) as Geometry, properties: properties(item) })),
  };
}
