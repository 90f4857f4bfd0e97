import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export interface DistrictHit {
  code: number;
  name: string;
}

interface Indexed {
  feature: Feature<Polygon | MultiPolygon>;
  bbox: [number, number, number, number];
  hit: DistrictHit;
}

/**
 * Point-in-polygon over the 136 delområden with a bbox pre-check. 136 polygons is small enough that no
 * spatial index is worth it; the bbox test skips almost all exact checks.
 */
export function makeDistrictLookup(fc: FeatureCollection): (lon: number, lat: number) => DistrictHit | null {
  const indexed: Indexed[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const rings = g.type === 'Polygon' ? [g.coordinates[0]!] : g.coordinates.map((p) => p[0]!);
    const bbox: Indexed['bbox'] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of rings) {
      for (const [x, y] of ring) {
        bbox[0] = Math.min(bbox[0], x!);
        bbox[1] = Math.min(bbox[1], y!);
        bbox[2] = Math.max(bbox[2], x!);
        bbox[3] = Math.max(bbox[3], y!);
      }
    }
    const props = (f.properties ?? {}) as { do_kod?: unknown; name?: unknown };
    indexed.push({
      feature: f as Feature<Polygon | MultiPolygon>,
      bbox,
      hit: { code: Number(props.do_kod), name: String(props.name ?? '') },
    });
  }
  return (lon, lat) => {
    for (const d of indexed) {
      const [w, s, e, n] = d.bbox;
      if (lon < w || lon > e || lat < s || lat > n) continue;
      if (booleanPointInPolygon([lon, lat], d.feature)) return d.hit;
    }
    return null;
  };
}
