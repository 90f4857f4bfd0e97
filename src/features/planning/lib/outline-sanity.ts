import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { isWarning, type AreaGeometry, type PlanCandidate, type ProblemCode } from './plan-features';

/**
 * Sanity limits for an imported outline, checked here and again by api.import_developments (same numbers in
 * supabase/migrations/20261202000800_planning.sql): a development is not a city district, and it lies in Malmö.
 * A wrong CRS or swapped axes show up exactly like this — an outline kilometres away or the size of a county.
 */
export const MAX_OUTLINE_KM2 = 5;
/** How far past the municipal boundary a vertex may lie: boundaries and plan drawings differ by that much. */
export const EDGE_TOLERANCE_M = 500;

export type SanityProblem = 'outline_too_large' | 'beyond_malmo';
export type ImportProblem = ProblemCode | SanityProblem;
export interface ImportCandidate extends Omit<PlanCandidate, 'problems'> {
  problems: ImportProblem[];
}

const EARTH_RADIUS_M = 6_378_137;
const rad = (deg: number) => (deg * Math.PI) / 180;

function polygonsOf(g: AreaGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** The area of a ring on the sphere (m², unsigned), the formula Turf's area uses. */
function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[i + 1]!;
    sum += rad(lon2! - lon1!) * (2 + Math.sin(rad(lat1!)) + Math.sin(rad(lat2!)));
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area in m² (holes subtracted). */
export function outlineAreaM2(g: AreaGeometry): number {
  return polygonsOf(g).reduce(
    (total, [outer, ...holes]) => total + (outer ? ringArea(outer) : 0) - holes.reduce((s, h) => s + ringArea(h), 0),
    0,
  );
}

/** Distance in metres from a point to a segment, on a local plane around the point (exact enough within km). */
function pointSegmentM(p: Position, a: Position, b: Position): number {
  const kx = 111_320 * Math.cos(rad(p[1]!));
  const ky = 110_574;
  const ax = (a[0]! - p[0]!) * kx;
  const ay = (a[1]! - p[1]!) * ky;
  const bx = (b[0]! - p[0]!) * kx;
  const by = (b[1]! - p[1]!) * ky;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** The ring's vertices and points every ~100 m along its edges: an edge across a bay can leave Malmö between two vertices inside. */
function* samples(ring: Position[]): Generator<Position> {
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    yield a;
    const b = ring[i + 1];
    if (!b) break;
    const lengthM = pointSegmentM(a, b, b);
    const steps = Math.min(50, Math.floor(lengthM / 100));
    for (let k = 1; k <= steps; k++) {
      const t = k / (steps + 1);
      yield [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
    }
  }
}

/**
 * How far (m) the outline's farthest point lies outside the boundary (vertices and points every ~100 m along the
 * edges; the database checks the exact outline against the boundary widened by the tolerance); 0 when inside.
 */
export function farthestOutsideM(g: AreaGeometry, boundary: Feature<AreaGeometry> | AreaGeometry): number {
  const b = 'geometry' in boundary ? boundary.geometry : boundary;
  const edges = polygonsOf(b).flat();
  let worst = 0;
  for (const ring of polygonsOf(g).flat()) {
    for (const p of samples(ring)) {
      if (booleanPointInPolygon(p, b)) continue;
      let nearest = Infinity;
      for (const edgeRing of edges) {
        for (let i = 0; i < edgeRing.length - 1 && nearest > worst; i++) {
          nearest = Math.min(nearest, pointSegmentM(p, edgeRing[i]!, edgeRing[i + 1]!));
        }
      }
      worst = Math.max(worst, nearest);
    }
  }
  return worst;
}

/** The sanity problems of one outline (WGS 84). */
export function sanityProblems(g: AreaGeometry, boundary: Feature<AreaGeometry> | AreaGeometry): SanityProblem[] {
  const problems: SanityProblem[] = [];
  if (outlineAreaM2(g) > MAX_OUTLINE_KM2 * 1e6) problems.push('outline_too_large');
  if (farthestOutsideM(g, boundary) > EDGE_TOLERANCE_M) problems.push('beyond_malmo');
  return problems;
}

/**
 * Adds the sanity problems to validated candidates (the outline that would be sent: the repaired one where a
 * repair is offered). One already outside Malmö altogether is not told twice.
 */
export function withSanity(
  candidates: readonly PlanCandidate[],
  boundary: Feature<Polygon | MultiPolygon> | AreaGeometry,
): ImportCandidate[] {
  return candidates.map((c) => {
    const outline = c.repaired ?? c.geometry;
    if (!outline || c.problems.includes('invalid_ring') || c.problems.includes('outside_malmo')) return c;
    const extra = sanityProblems(outline, boundary);
    return extra.length ? { ...c, problems: [...c.problems, ...extra] } : c;
  });
}

/** Whether a candidate can be imported: only warnings left, or a self-intersection whose repair was accepted. */
export function isImportableCandidate(c: ImportCandidate, repairAccepted: boolean): boolean {
  return c.problems.every(
    (p) =>
      (p !== 'outline_too_large' && p !== 'beyond_malmo' && isWarning(p)) ||
      (p === 'self_intersection' && repairAccepted && c.repaired != null),
  );
}

/** The outline to send: the repaired one where it was accepted. */
export function outlineOf(c: ImportCandidate, repairAccepted: boolean): AreaGeometry | null {
  return c.problems.includes('self_intersection') ? (repairAccepted ? c.repaired : null) : c.geometry;
}
