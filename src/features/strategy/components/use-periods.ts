import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { getStrategyPeriod, listStrategyPeriods } from '../../../api';
import type { Backend } from '../../../backend';
import { apiQuery } from '../../../hooks';

export function usePeriods(backend: Backend, ready: boolean) {
  return useQuery({ ...apiQuery(backend, listStrategyPeriods, {}), enabled: ready });
}

export function usePeriod(backend: Backend, ready: boolean, id: string | null) {
  return useQuery({ ...apiQuery(backend, getStrategyPeriod, { id: id ?? '' }), enabled: ready && id !== null });
}

/**
 * After publishing, everything that depends on the period in force changes: the reference data (challenges,
 * categories — kept for the session otherwise), dashboards, follow-ups. Publishing is rare, so all is refetched.
 */
export function useInvalidateAll() {
  const client = useQueryClient();
  return useCallback(() => void client.invalidateQueries(), [client]);
}
