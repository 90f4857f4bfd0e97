import { useQuery } from '@tanstack/react-query';
import { listCategories } from '../api';
import type { Backend } from '../backend';

/** Challenges, categories and statuses: loaded once the database is ready, and kept for the session. */
export function useReferenceData(backend: Backend, ready: boolean) {
  return useQuery({
    queryKey: ['list_categories'],
    queryFn: () => listCategories.call(backend, {}),
    enabled: ready,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
