import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Backend } from '../../../backend/backend';
import { nearbyReports } from '../../../api';
import { apiKey } from '../../../hooks';

export interface NearbyArgs {
  lon: number;
  lat: number;
  category: string;
}

/** Open reports of the same category within the category's duplicate radius (api.nearby_reports). */
export function nearbyReportsOptions(backend: Backend, args: NearbyArgs | null) {
  return queryOptions({
    queryKey: apiKey(nearbyReports, { ...args, user: backend.identity().userId }),
    queryFn: () => nearbyReports.call(backend, args!),
    enabled: args !== null,
    staleTime: 15_000,
  });
}

export function useNearbyReports(backend: Backend, args: NearbyArgs | null) {
  return useQuery(nearbyReportsOptions(backend, args));
}
