import { useQuery } from '@tanstack/react-query';
import { listCategories } from '../api';
import type { Backend } from '../backend';
import { apiQuery } from '../hooks';

/** Challenges, categories and statuses: loaded once the database is ready, and kept for the session. */
export function useReferenceData(backend: Backend, ready: boolean) {
  return useQuery({
    ...apiQuery(backend, listCategories, {}, { kind: 'reference' }),
    enabled: ready,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
