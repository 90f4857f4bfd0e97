import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchAllPages, listMeasures } from '../../../api';
import type { Backend } from '../../../backend';
import type { Challenge } from '../../../domain/challenges';
import type { MeasureStatus } from '../../../domain/measures';
import { apiKey, invalidateAfterWrite } from '../../../hooks';

/**
 * The whole register (every page of list_measures): the list, the dashboard's counts and the committee print need
 * every measure, and a register is hundreds of rows, not tens of thousands.
 */
export function useMeasures(backend: Backend, ready: boolean, challenge: Challenge | null, status: MeasureStatus | null) {
  return useQuery({
    queryKey: apiKey(listMeasures, { challenge, statuses: status ? [status] : null, pages: 'all' }),
    queryFn: () =>
      fetchAllPages((page) => listMeasures.call(backend, { challenge, statuses: status ? [status] : null, ...page })),
    enabled: ready,
  });
}

/** After a save: the write rule (lists, dashboard, follow-up, the residents' "Åtgärdat" layer). */
export function useInvalidateStrategy() {
  const client = useQueryClient();
  return useCallback(() => void invalidateAfterWrite(client), [client]);
}
