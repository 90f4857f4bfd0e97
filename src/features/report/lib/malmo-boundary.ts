import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Boundary } from '../../../hooks';
import { isInMalmoEnvelope } from '../../../domain/report-rules';

/**
 * Is the pin inside Malmö? The municipal boundary (the bundled file the database's `app.boundary` is seeded
 * from), so a pin in Öresund is refused where it is placed rather than by submit_report at the last step. Until
 * the file has loaded only the envelope is known; the database still decides.
 */
export function isInMalmo(boundary: Boundary | undefined, pin: { lon: number; lat: number }): boolean {
  if (!isInMalmoEnvelope(pin.lon, pin.lat)) return false;
  return boundary ? booleanPointInPolygon([pin.lon, pin.lat], boundary) : true;
}
