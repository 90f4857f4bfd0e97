import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { reportsInView, type StatusInfo } from '../../api';
import type { Backend } from '../../backend';
import { apiKey } from '../../hooks';
import { toFilterKey, toViewFilter, toViewKey, type BrowseFilters, type Viewport } from './filter-model';

/**
 * The reports_in_view query for the current map view and filters (keeps the previous data while moving).
 * `statuses` (reference data) resolves "open" and "closed"; until it is there, only those two filters wait.
 */
export function useReportsInView(
  backend: Backend,
  view: Viewport | null,
  filters: BrowseFilters,
  enabled: boolean,
  statuses: readonly StatusInfo[] | undefined,
) {
  // While the map animates (fly-to, kinetic pan) only the view it settles on is fetched.
  const settled = useSettled(view, VIEW_SETTLE_MS);
  const viewKey = useMemo(() => toViewKey(settled), [settled]);
  // The view's key before it settles: an answer that needs no query (the map's early cells) can use it at once.
  const viewKeyNow = useMemo(() => toViewKey(view), [view]);
  // Rounded to the local day inside toFilterKey, so "now" changing within a day does not change the key.
  const filterKey = useMemo(() => toFilterKey(filters, new Date(), statuses), [filters, statuses]);
  const query = useQuery({
    queryKey: apiKey(reportsInView, { view: viewKey, filter: filterKey }),
    queryFn: () => {
      if (!viewKey || !filterKey) throw new Error('unexpected');
      return reportsInView.call(backend, { ...viewKey, filter: toViewFilter(filterKey) });
    },
    enabled: enabled && viewKey !== null && filterKey !== null,
    placeholderData: keepPreviousData,
  });
  return { query, viewKey, viewKeyNow, filterKey, outside: settled !== null && viewKey === null };
}
export type ReportsInViewState = ReturnType<typeof useReportsInView>;

const VIEW_SETTLE_MS = 250;

/** `value` once it has not changed for `ms` (the first non-null value passes at once). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), settled === null ? 0 : ms);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, ms]);
  return settled;
}
