import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Backend } from '../../../backend/backend';
import { myReports } from '../../../api';

/** The caller's own reports, newest first (api.my_reports). Keyed by user so a persona switch refetches. */
export function myReportsOptions(backend: Backend, userId: string | null) {
  return queryOptions({
    queryKey: ['my_reports', userId] as const,
    queryFn: () => myReports.call(backend, {}),
    // Local mode's database is in the browser: it answers offline too.
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });
}

export function useMyReports(backend: Backend, userId: string | null) {
  return useQuery(myReportsOptions(backend, userId));
}
