/** Minimal GeoJSON shapes used by the analysis (kept local so the pure layer needs no type package). */
export type Position = readonly number[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: ReadonlyArray<ReadonlyArray<Position>>;
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: ReadonlyArray<ReadonlyArray<ReadonlyArray<Position>>>;
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface Feature<G, P> {
  type: 'Feature';
  geometry: G;
  properties: P;
}
export interface FeatureCollection<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

/** All linear rings of a Polygon or MultiPolygon (outer rings and holes alike). */
export function ringsOf(geometry: AreaGeometry): ReadonlyArray<ReadonlyArray<Position>> {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Interleaved [lon, lat, …] from GeoJSON points (Point features or bare positions). */
export function interleave(
  points: ReadonlyArray<Position | { geometry: { coordinates: Position } }>,
): Float64Array {
  const out = new Float64Array(points.length * 2);
  points.forEach((pt, i) => {
    const c = Array.isArray(pt)
      ? (pt as Position)
      : (pt as { geometry: { coordinates: Position } }).geometry.coordinates;
    out[2 * i] = c[0] as number;
    out[2 * i + 1] = c[1] as number;
  });
  return out;
}
