import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { loadDataFile } from '../../../map/data-url';
import { LEVEL_FILES, type DistrictLevel } from '../lib/choropleth';

const fetchGeoJson = (file: string) => loadDataFile<FeatureCollection>(file);

/** The bundled boundary file of a district level (static, cached for the session). */
export function useBoundaries(level: DistrictLevel) {
  return useQuery({
    queryKey: ['strategy', 'boundaries', level],
    queryFn: () => fetchGeoJson(LEVEL_FILES[level]),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** Malmö's boundary (the study area of the hotspot analysis). */
export function useMalmoBoundary() {
  return useQuery({
    queryKey: ['strategy', 'boundaries', 'kommun'],
    queryFn: () => fetchGeoJson('malmo_kommun_simplified.geojson'),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
