import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** Where in its district a point lies: one of nine parts of the district's bounding box. */
export const COMPASS = ['north_west', 'north', 'north_east', 'west', 'centre', 'east', 'south_west', 'south', 'south_east'] as const;
export type Compass = (typeof COMPASS)[number];

export interface DistrictShape {
  code: number;
  name: string;
  bbox: [number, number, number, number];
  feature: Feature<Polygon | MultiPolygon>;
}

export interface CellPlace {
  /** The delområde the point falls in. */
  district: string;
  code: number;
  /** The part of the district; null when the district is too small for a part to mean anything. */
  part: Compass | null;
}

/** Below this width and height (degrees ≈ 300 m) a district is named without a part. */
const SMALL_DEGREES = 0.003;

/** The delområden of public/data/malmo_delomraden*.geojson, with their bounding boxes (computed once). */
export function districtShapes(fc: FeatureCollection): DistrictShape[] {
  return fc.features
    .filter((f): f is Feature<Polygon | MultiPolygon> => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon')
    .map((f) => ({
      code: Number(f.properties?.do_kod),
      name: String(f.properties?.name ?? ''),
      bbox: turfBbox(f) as [number, number, number, number],
      feature: f,
    }));
}

/**
 * A human name for a place, for crews who know the city by its districts: the delområde it falls in and the part of
 * it ("Möllevången, north-east part"). Public/data holds no named places (streets, squares), so the part is a compass
 * position within the district's bounding box, in thirds. Null outside every district.
 */
export function placeOf(lon: number, lat: number, shapes: readonly DistrictShape[]): CellPlace | null {
  for (const d of shapes) {
    const [w, s, e, n] = d.bbox;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    if (!booleanPointInPolygon([lon, lat], d.feature)) continue;
    const small = e - w < SMALL_DEGREES && n - s < SMALL_DEGREES;
    if (small) return { district: d.name, code: d.code, part: null };
    const fx = (lon - w) / (e - w);
    const fy = (lat - s) / (n - s);
    const col = fx < 1 / 3 ? 0 : fx > 2 / 3 ? 2 : 1;
    const row = fy > 2 / 3 ? 0 : fy < 1 / 3 ? 2 : 1;
    return { district: d.name, code: d.code, part: COMPASS[row * 3 + col]! };
  }
  return null;
}
