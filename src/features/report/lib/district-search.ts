import centroid from '@turf/centroid';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** One delområde as the search needs it: names plus a point guaranteed to lie inside it. */
export interface DistrictEntry {
  code: number | null;
  name: string;
  stadsdel: string;
  lon: number;
  lat: number;
  /** Normalised name and stadsdel, for matching. */
  key: string;
  stadsdelKey: string;
  /** The polygon and its bounding box [west, south, east, north], to tell which district a pin is in. */
  geometry: Polygon | MultiPolygon;
  bbox: [number, number, number, number];
}

/** Lower case without diacritics: "Möllevången" → "mollevangen". Also folds æ/ø/ß. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Districts matching `query`, best first: name starts with it, a word of the name starts with it, the name
 * contains it, then the stadsdel matches. Diacritic- and case-insensitive. Empty query → nothing.
 */
export function searchDistricts(districts: readonly DistrictEntry[], query: string, limit = 8): DistrictEntry[] {
  const q = normalizeText(query);
  if (q === '') return [];
  const scored: Array<{ d: DistrictEntry; score: number }> = [];
  for (const d of districts) {
    let score: number;
    if (d.key.startsWith(q)) score = 0;
    else if (d.key.split(/[\s-]/).some((w) => w.startsWith(q))) score = 1;
    else if (d.key.includes(q)) score = 2;
    else if (d.stadsdelKey.startsWith(q)) score = 3;
    else if (d.stadsdelKey.includes(q)) score = 4;
    else continue;
    scored.push({ d, score });
  }
  scored.sort((a, b) => a.score - b.score || a.d.name.localeCompare(b.d.name, 'sv'));
  return scored.slice(0, limit).map((s) => s.d);
}

/** Signed area of a ring (shoelace, in degree² — only used to compare polygons of one feature). */
function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j]![0]! + ring[i]![0]!) * (ring[j]![1]! - ring[i]![1]!);
  }
  return Math.abs(a / 2);
}

/**
 * A point inside a polygon (with holes) by scan lines: for horizontal lines at several heights, the
 * crossings with all rings split the line into inside intervals; the midpoint of the widest one is inside.
 */
export function scanlineInteriorPoint(rings: Position[][]): [number, number] | null {
  const outer = rings[0];
  if (!outer || outer.length < 4) return null;
  let south = Infinity;
  let north = -Infinity;
  for (const p of outer) {
    south = Math.min(south, p[1]!);
    north = Math.max(north, p[1]!);
  }
  let best: { x: number; y: number; width: number } | null = null;
  for (const f of [0.5, 0.25, 0.75, 0.375, 0.625, 0.125, 0.875, 0.1, 0.9]) {
    // Nudge so the line never passes exactly through a vertex.
    const y = south + (north - south) * f + (north - south) * 1e-7;
    const xs: number[] = [];
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [x1, y1] = ring[j] as [number, number];
        const [x2, y2] = ring[i] as [number, number];
        if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const width = xs[k + 1]! - xs[k]!;
      if (width > 0 && (!best || width > best.width)) best = { x: (xs[k]! + xs[k + 1]!) / 2, y, width };
    }
  }
  return best ? [best.x, best.y] : null;
}

/** A point inside the feature: the centroid when it falls inside, otherwise an interior point. */
export function pointInside(feature: Feature<Polygon | MultiPolygon>): [number, number] | null {
  const c = centroid(feature).geometry.coordinates as [number, number];
  if (booleanPointInPolygon(c, feature)) return c;
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const largest = [...polygons].sort((a, b) => ringArea(b[0] ?? []) - ringArea(a[0] ?? []))[0];
  return largest ? scanlineInteriorPoint(largest) : null;
}

/** Turns the delområden GeoJSON into search entries; features without a name or geometry are skipped. */
export function toDistrictEntries(geojson: unknown): DistrictEntry[] {
  const features = (geojson as { features?: unknown })?.features;
  if (!Array.isArray(features)) return [];
  const out: DistrictEntry[] = [];
  for (const f of features as Array<Feature<Polygon | MultiPolygon, Record<string, unknown> | null>>) {
    const t = f?.geometry?.type;
    if (t !== 'Polygon' && t !== 'MultiPolygon') continue;
    const name = typeof f.properties?.name === 'string' ? f.properties.name : null;
    if (!name) continue;
    const stadsdel = typeof f.properties?.stadsdel === 'string' ? f.properties.stadsdel : '';
    const code = typeof f.properties?.do_kod === 'number' ? f.properties.do_kod : null;
    const p = pointInside(f);
    if (!p) continue;
    out.push({
      code,
      name,
      stadsdel,
      lon: p[0],
      lat: p[1],
      key: normalizeText(name),
      stadsdelKey: normalizeText(stadsdel),
      geometry: f.geometry,
      bbox: bboxOf(f.geometry),
    });
  }
  return out;
}

function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polygons)
    for (const p of poly[0] ?? []) {
      b[0] = Math.min(b[0], p[0]!);
      b[1] = Math.min(b[1], p[1]!);
      b[2] = Math.max(b[2], p[0]!);
      b[3] = Math.max(b[3], p[1]!);
    }
  return b;
}

/** The district containing the point, if any (bounding-box prefilter, then point-in-polygon). */
export function districtAt(districts: readonly DistrictEntry[], lon: number, lat: number): DistrictEntry | null {
  for (const d of districts) {
    const [w, s, e, n] = d.bbox;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    if (booleanPointInPolygon([lon, lat], d.geometry)) return d;
  }
  return null;
}
