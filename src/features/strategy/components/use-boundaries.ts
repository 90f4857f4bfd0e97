import { useGeoJsonFile } from '../../../hooks';
import { LEVEL_FILES, type DistrictLevel } from '../lib/choropleth';

/** The bundled boundary file of a district level (the shared loader: one cache entry per file). */
export function useBoundaries(level: DistrictLevel) {
  return useGeoJsonFile(LEVEL_FILES[level]);
}
