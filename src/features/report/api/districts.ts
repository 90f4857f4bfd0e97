import { useQuery } from '@tanstack/react-query';
import { geoJsonFileOptions } from '../../../hooks';
import { toDistrictEntries } from '../lib/district-search';

/** The 136 delområden (the shared loader of the static file) as search entries with an interior point. */
export function useDistricts() {
  return useQuery({ ...geoJsonFileOptions('malmo_delomraden.geojson'), select: toDistrictEntries });
}
