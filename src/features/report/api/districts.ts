import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { geoJsonFileOptions } from '../../../hooks';
import { toDistrictEntries, type DistrictEntry } from '../lib/district-search';

/** The search entries of a loaded file, computed once (the place step and the search box both ask). */
const entriesOf = new WeakMap<FeatureCollection, DistrictEntry[]>();
function districtEntries(fc: FeatureCollection): DistrictEntry[] {
  let entries = entriesOf.get(fc);
  if (!entries) entriesOf.set(fc, (entries = toDistrictEntries(fc)));
  return entries;
}

/** The 136 delområden (the shared loader of the static file) as search entries with an interior point. */
export function useDistricts() {
  return useQuery({ ...geoJsonFileOptions('malmo_delomraden.geojson'), select: districtEntries });
}
