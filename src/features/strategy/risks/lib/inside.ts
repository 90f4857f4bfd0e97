import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

/** The database's tolerance outside Malmö's boundary (app.risk_boundary_tolerance_m()). */
export const BOUNDARY_TOLERANCE_M = 250;

/**
 * Whether a point lies in Malmö or near enough for the database to take it: inside the boundary, or one of
 * eight points 240 m around it is (a little inside the database's 250 m, so the client never sends a point
 * the database refuses; a point within 250 m of a thin spit may be left out here — shown as "outside").
 */
export function insideMalmo(boundary: Feature<Polygon | MultiPolygon>): (lon: number, lat: number) => boolean {
  const r = BOUNDARY_TOLERANCE_M - 10;
  return (lon, lat) => {
    if (booleanPointInPolygon([lon, lat], boundary)) return true;
    const dLat = r / 111_320;
    const dLon = r / (111_320 * Math.cos((lat * Math.PI) / 180));
    for (let k = 0; k < 8; k++) {
      const a = (k * Math.PI) / 4;
      if (booleanPointInPolygon([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)], boundary)) return true;
    }
    return false;
  };
}
