import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { LAND_COLOR, SEA_COLOR } from './basemap';

/**
 * The basemap of a printed map, drawn as SVG from the bundled Malmö files: no tiles, no WebGL, no network, crisp
 * at any print resolution. Sea, Malmö's land, its neighbours' land, the delområden with their names, the
 * municipal boundary, a scale bar and a north arrow. Pure: the React side is print-map.tsx.
 */

/** [west, south, east, north] in WGS84 degrees. */
export type LonLatBox = [number, number, number, number];

export const PRINT_COLORS = {
  sea: SEA_COLOR,
  land: LAND_COLOR,
  /** The neighbouring municipalities: land, but not ours (darker than Malmö's land). */
  neighbour: '#e2ded6',
  district: '#8c8c8c',
  boundary: '#333333',
  label: '#3c3c3c',
} as const;

/** Metres per degree of latitude (and of longitude at the equator): 2π × 6,371 km / 360. */
const M_PER_DEG = 111_195;

export interface PrintFrame {
  width: number;
  height: number;
  /** The lon/lat box the frame shows (the content's box widened to the frame's shape). */
  view: LonLatBox;
  metresPerPx: number;
  px(lon: number, lat: number): [number, number];
  /** An SVG path for a (multi)polygon or line (even-odd fill keeps holes open). */
  path(g: Geometry): string;
}

/**
 * A frame of width × height px showing `content` (with `margin` px around it, and at least `minSpanM` metres
 * across so one building does not fill a page). Equirectangular with cos(latitude): exact enough over a city.
 */
export function printFrame(content: LonLatBox, width: number, height: number, margin = 24, minSpanM = 600): PrintFrame {
  const [w, s, e, n] = content;
  const lat0 = (s + n) / 2;
  const kx = Math.cos((lat0 * Math.PI) / 180);
  const cx = ((w + e) / 2) * kx;
  const cy = (s + n) / 2;
  const minSpan = minSpanM / M_PER_DEG;
  const spanX = Math.max((e - w) * kx, minSpan);
  const spanY = Math.max(n - s, minSpan);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY); // px per degree of latitude
  const px = (lon: number, lat: number): [number, number] => [
    round1(width / 2 + (lon * kx - cx) * scale),
    round1(height / 2 - (lat - cy) * scale),
  ];
  const halfW = width / 2 / scale;
  const halfH = height / 2 / scale;
  const view: LonLatBox = [(cx - halfW) / kx, cy - halfH, (cx + halfW) / kx, cy + halfH];
  const ring = (r: Position[], close: boolean) =>
    r.map((p, i) => `${i ? 'L' : 'M'}${px(p[0]!, p[1]!).join(' ')}`).join('') + (close ? 'Z' : '');
  const path = (g: Geometry): string => {
    switch (g.type) {
      case 'Polygon':
        return g.coordinates.map((r) => ring(r, true)).join('');
      case 'MultiPolygon':
        return g.coordinates.flatMap((poly) => poly.map((r) => ring(r, true))).join('');
      case 'LineString':
        return ring(g.coordinates, false);
      case 'MultiLineString':
        return g.coordinates.map((r) => ring(r, false)).join('');
      case 'GeometryCollection':
        return g.geometries.map(path).join('');
      default:
        return '';
    }
  };
  return { width, height, view, metresPerPx: M_PER_DEG / scale, px, path };
}

export interface PrintLabel {
  x: number;
  y: number;
  text: string;
}

export interface PrintBasemap {
  /** Paths in drawing order: sea over the neighbours' land, Malmö's land, district outlines, the boundary. */
  sea: string;
  land: string;
  districts: string;
  boundary: string;
  labels: PrintLabel[];
  scaleBar: { x: number; y: number; length: number; label: string };
  north: { x: number; y: number };
}

/** The two ends of Malmö's coastline on its boundary: the Vellinge border at Klagshamn and the Burlöv border at the
 * northern harbour. Between them, round by the west, the boundary is the shore of Öresund. */
const COAST_SOUTH_END: Position = [12.9306, 55.5031];
const COAST_NORTH_END: Position = [13.0664, 55.6308];

/**
 * The sea as a polygon: Malmö's coastline (the boundary from one coast end to the other by the west) closed far out
 * in Öresund. Our files hold only Malmö's outline, so the neighbours' coasts (Lomma bay, Vellinge) are
 * approximated by straight lines north and south of the coast ends.
 */
export function seaPolygon(kommun: Polygon | MultiPolygon): Polygon | null {
  const rings = kommun.type === 'Polygon' ? [kommun.coordinates[0]!] : kommun.coordinates.map((p) => p[0]!);
  // The mainland: the ring with the most vertices.
  const ring = rings.reduce((a, b) => (b.length > a.length ? b : a), [] as Position[]).slice(0, -1);
  if (ring.length < 4) return null;
  const nearest = (q: Position) =>
    ring.reduce((best, p, i) => (dist2(p, q) < dist2(ring[best]!, q) ? i : best), 0);
  const a = nearest(COAST_SOUTH_END);
  const b = nearest(COAST_NORTH_END);
  // The two ways round from b to a; the coast is the one through the westernmost vertex.
  const west = ring.reduce((best, p, i) => (p[0]! < ring[best]![0]! ? i : best), 0);
  const walk = (step: 1 | -1) => {
    const out: Position[] = [];
    let passesWest = false;
    for (let i = b; ; i = (i + step + ring.length) % ring.length) {
      out.push(ring[i]!);
      if (i === west) passesWest = true;
      if (i === a) break;
    }
    return { out, passesWest };
  };
  const forward = walk(1);
  const coast = forward.passesWest ? forward.out : walk(-1).out;
  const far = 1;
  const south = ring[a]!;
  const north = ring[b]!;
  return {
    type: 'Polygon',
    coordinates: [
      [...coast, [south[0]!, south[1]! - far], [south[0]! - far, south[1]! - far], [north[0]! - far, north[1]! + far],
        [north[0]!, north[1]! + far], coast[0]!],
    ],
  };
}

/** Text width at 12 px (Chromium's sans-serif averages about 0.56 em per character in Swedish names). */
const LABEL_PX = 12;
const labelWidth = (text: string) => text.length * LABEL_PX * 0.58;

/**
 * The basemap for a frame. Districts outside the frame are left out (the SVG clips the rest); names go where they
 * fit: biggest districts first, none over another name, the scale bar or the north arrow, none for a district
 * drawn narrower than its name.
 */
export function printBasemap(
  frame: PrintFrame,
  kommun: Feature<Polygon | MultiPolygon> | null,
  districts: FeatureCollection | null,
): PrintBasemap {
  const { width, height } = frame;
  const scaleBar = niceScaleBar(frame);
  const north = { x: width - 28, y: 16 };
  const taken: Box[] = [
    { x0: scaleBar.x - 8, y0: scaleBar.y - 22, x1: scaleBar.x + scaleBar.length + 60, y1: height },
    { x0: north.x - 20, y0: 0, x1: width, y1: north.y + 44 },
  ];
  const inView = (g: Geometry) => overlaps(bboxOf(g), frame.view);
  const parts: string[] = [];
  const candidates: { area: number; label: PrintLabel; box: Box; span: number }[] = [];
  for (const f of districts?.features ?? []) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !inView(g)) continue;
    parts.push(frame.path(g));
    const name = (f.properties as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !name) continue;
    const outer = largestOuterRing(g);
    const [cx, cy] = frame.px(...ringCentre(outer));
    const [bx0, by1] = frame.px(...bboxOf({ type: 'Polygon', coordinates: [outer] }).slice(0, 2) as [number, number]);
    const [bx1, by0] = frame.px(...bboxOf({ type: 'Polygon', coordinates: [outer] }).slice(2, 4) as [number, number]);
    const w = labelWidth(name);
    candidates.push({
      area: (bx1 - bx0) * (by1 - by0),
      span: bx1 - bx0,
      label: { x: cx, y: cy, text: name },
      box: { x0: cx - w / 2 - 2, y0: cy - LABEL_PX, x1: cx + w / 2 + 2, y1: cy + 4 },
    });
  }
  const labels: PrintLabel[] = [];
  for (const c of candidates.sort((p, q) => q.area - p.area)) {
    const inside = c.box.x0 >= 4 && c.box.x1 <= width - 4 && c.box.y0 >= 4 && c.box.y1 <= height - 4;
    if (!inside || c.span < (c.box.x1 - c.box.x0) * 0.7) continue;
    if (taken.some((t) => intersects(t, c.box))) continue;
    taken.push(c.box);
    labels.push(c.label);
  }
  const sea = kommun ? seaPolygon(kommun.geometry) : null;
  return {
    sea: sea ? frame.path(sea) : '',
    land: kommun ? frame.path(kommun.geometry) : '',
    districts: parts.join(''),
    boundary: kommun ? frame.path(kommun.geometry) : '',
    labels,
    scaleBar,
    north,
  };
}

/** A scale bar of a round length (1, 2 or 5 × 10ⁿ m) about a fifth of the frame wide, bottom left. */
export function niceScaleBar(frame: Pick<PrintFrame, 'width' | 'height' | 'metresPerPx'>) {
  const target = (frame.width / 5) * frame.metresPerPx;
  const power = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((k) => k * power).find((m) => m <= target) ?? power;
  return {
    x: 16,
    y: frame.height - 16,
    length: Math.round((metres / frame.metresPerPx) * 10) / 10,
    label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m`,
  };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const intersects = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const overlaps = (a: LonLatBox, b: LonLatBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const dist2 = (p: Position, q: Position) => (p[0]! - q[0]!) ** 2 + (p[1]! - q[1]!) ** 2;
const round1 = (v: number) => Math.round(v * 10) / 10;

export function bboxOf(g: Geometry): LonLatBox {
  const box: LonLatBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      box[0] = Math.min(box[0], x!);
      box[1] = Math.min(box[1], y!);
      box[2] = Math.max(box[2], x!);
      box[3] = Math.max(box[3], y!);
    } else (c as unknown[]).forEach(visit);
  };
  if (g.type === 'GeometryCollection') return unionBox(g.geometries.map(bboxOf)) ?? box;
  visit(g.coordinates);
  return box;
}

/** The union of boxes (null parts skipped). */
export function unionBox(boxes: ReadonlyArray<LonLatBox | null | undefined>): LonLatBox | null {
  const real = boxes.filter((b): b is LonLatBox => !!b && Number.isFinite(b[0]));
  if (real.length === 0) return null;
  return [
    Math.min(...real.map((b) => b[0])),
    Math.min(...real.map((b) => b[1])),
    Math.max(...real.map((b) => b[2])),
    Math.max(...real.map((b) => b[3])),
  ];
}

function largestOuterRing(g: Polygon | MultiPolygon): Position[] {
  const outers = g.type === 'Polygon' ? [g.coordinates[0]!] : g.coordinates.map((p) => p[0]!);
  return outers.reduce((a, b) => (Math.abs(ringArea(b)) > Math.abs(ringArea(a)) ? b : a));
}

function ringArea(r: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i]![0]! * r[i + 1]![1]! - r[i + 1]![0]! * r[i]![1]!;
  return s / 2;
}

/** The area centroid of a ring (where a district's name goes; Malmö's districts are compact enough). */
function ringCentre(r: Position[]): [number, number] {
  const a = ringArea(r);
  if (Math.abs(a) < 1e-12) return [r[0]![0]!, r[0]![1]!];
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const k = r[i]![0]! * r[i + 1]![1]! - r[i + 1]![0]! * r[i]![1]!;
    cx += (r[i]![0]! + r[i + 1]![0]!) * k;
    cy += (r[i]![1]! + r[i + 1]![1]!) * k;
  }
  return [cx / (6 * a), cy / (6 * a)];
}
