import { queryOptions, useQuery } from '@tanstack/react-query';
import { toDistrictEntries, type DistrictEntry } from '../lib/district-search';

/** The 136 delområden (static file, not a backend function), as search entries with an interior point. */
export const DISTRICTS_URL = `${import.meta.env.BASE_URL}data/malmo_delomraden.geojson`;

let cached: Promise<DistrictEntry[]> | null = null;

/** Loads once per page; the app invalidates report queries after a submit, this file never changes. */
function loadDistricts(): Promise<DistrictEntry[]> {
  cached ??= fetch(DISTRICTS_URL)
    .then((res) => {
      if (!res.ok) throw new Error(`network: ${res.status}`);
      return res.json() as Promise<unknown>;
    })
    .then(toDistrictEntries)
    .catch((e: unknown) => {
      cached = null;
      throw e;
    });
  return cached;
}

export const districtsOptions = queryOptions({
  queryKey: ['static', 'delomraden-search'] as const,
  queryFn: loadDistricts,
  staleTime: Infinity,
  gcTime: Infinity,
});

export function useDistricts() {
  return useQuery(districtsOptions);
}
