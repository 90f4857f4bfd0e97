import { useQuery } from '@tanstack/react-query';
import type { Backend } from '../../../backend/backend';
import { myReports } from '../../../api';
import { apiQuery } from '../../../hooks';

/** The caller's own reports, newest first (api.my_reports). Keyed by user so a persona switch refetches. */
export function myReportsOptions(backend: Backend, userId: string | null) {
  return apiQuery(backend, myReports, {}, { scope: { user: userId } });
}

export function useMyReports(backend: Backend, userId: string | null) {
  return useQuery(myReportsOptions(backend, userId));
}
