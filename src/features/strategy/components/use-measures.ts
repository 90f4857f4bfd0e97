import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { fetchAllPages, listMeasures } from '../../../api';
import type { Backend } from '../../../backend';
import type { Challenge } from '../../../domain/challenges';
import type { MeasureStatus } from '../../../domain/measures';

export const MEASURES_KEY = ['strategy', 'measures'] as const;
export const PUBLIC_MEASURES_KEY = ['strategy-public', 'measures'] as const;

/**
 * The whole register (every page of list_measures): the list, the dashboard's counts and the committee print need
 * every measure, and a register is hundreds of rows, not tens of thousands.
 */
export function useMeasures(backend: Backend, ready: boolean, challenge: Challenge | null, status: MeasureStatus | null) {
  return useQuery({
    queryKey: [...MEASURES_KEY, challenge, status],
    queryFn: () =>
      fetchAllPages((page) => listMeasures.call(backend, { challenge, statuses: status ? [status] : null, ...page })),
    enabled: ready,
  });
}

/** After a save: everything under 'strategy' (lists, dashboard, follow-up) and the residents' layer. */
export function useInvalidateStrategy() {
  const client = useQueryClient();
  return useCallback(() => {
    void client.invalidateQueries({ queryKey: ['strategy'] });
    void client.invalidateQueries({ queryKey: PUBLIC_MEASURES_KEY });
  }, [client]);
}

/** New or changed reports change the numbers: refetch this feature's report-based queries (not the static files). */
export function useReportChanges(backend: Backend, enabled: boolean) {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || !backend.subscribeReports) return;
    return backend.subscribeReports(() => {
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'strategy' && q.queryKey[1] !== 'boundaries' });
    });
  }, [backend, enabled, client]);
}
