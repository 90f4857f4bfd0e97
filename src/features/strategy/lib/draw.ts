import type { MeasureGeometry } from '../../../domain/measures';

/** What a strategist draws: a point, a line (2+ vertices) or an area (3+ vertices, closed here). */
export type DrawKind = 'Point' | 'LineString' | 'Polygon';
export const DRAW_KINDS: readonly DrawKind[] = ['Point', 'LineString', 'Polygon'];
export type Vertex = [number, number];

/** The fewest vertices each kind needs. */
export const MIN_VERTICES: Record<DrawKind, number> = { Point: 1, LineString: 2, Polygon: 3 };

/**
 * The geometry from the vertices drawn so far, or null while too few: a point is the last vertex, a line the
 * vertices in order, an area their ring closed by repeating the first (RFC 7946; the database checks that it is
 * valid and within Malmö). Repeated consecutive vertices (a double click) are dropped.
 */
export function geometryFromVertices(kind: DrawKind, vertices: readonly Vertex[]): MeasureGeometry | null {
  const vs = vertices.filter((v, i) => i === 0 || v[0] !== vertices[i - 1]![0] || v[1] !== vertices[i - 1]![1]);
  if (vs.length < MIN_VERTICES[kind]) return null;
  if (kind === 'Point') return { type: 'Point', coordinates: vs[vs.length - 1]! };
  if (kind === 'LineString') return { type: 'LineString', coordinates: vs.map((v) => [v[0], v[1]]) };
  return { type: 'Polygon', coordinates: [[...vs.map((v): Vertex => [v[0], v[1]]), [vs[0]![0], vs[0]![1]]]] };
}

/** The vertices of a drawn geometry, to go on editing it (an area's closing vertex left out). */
export function verticesOf(g: MeasureGeometry | null): { kind: DrawKind; vertices: Vertex[] } | null {
  if (!g) return null;
  if (g.type === 'Point') return { kind: 'Point', vertices: [[g.coordinates[0]!, g.coordinates[1]!]] };
  if (g.type === 'LineString') return { kind: 'LineString', vertices: g.coordinates.map((p): Vertex => [p[0]!, p[1]!]) };
  if (g.type === 'Polygon' && g.coordinates.length === 1) {
    return { kind: 'Polygon', vertices: g.coordinates[0]!.slice(0, -1).map((p): Vertex => [p[0]!, p[1]!]) };
  }
  return null; // a MultiPolygon or a polygon with holes came from a cell or a plan; it is replaced, not edited
}
