import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Backend, ReportChange } from '../backend';
import { invalidateAfterWrite } from './query-keys';

/** A burst of changes (e.g. "resolve all in a cell") refreshes once. */
const BURST_MS = 300;

/**
 * New and changed reports arrive through the backend (Supabase Realtime / PGlite NOTIFY): someone else wrote, so
 * the same rule as after our own write applies (invalidateAfterWrite). `ignore` skips changes the caller already
 * has in its cache (its own writes). Returns how many changes arrived since mount, for a polite announcement.
 */
export function useReportsChanged(
  backend: Backend,
  enabled: boolean,
  options: { ignore?: (change: ReportChange) => boolean } = {},
): number {
  const queryClient = useQueryClient();
  const [changes, setChanges] = useState(0);
  const { ignore } = options;
  useEffect(() => {
    if (!enabled || !backend.subscribeReports) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = backend.subscribeReports((change) => {
      if (ignore?.(change)) return;
      setChanges((n) => n + 1);
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void invalidateAfterWrite(queryClient);
      }, BURST_MS);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, [backend, enabled, ignore, queryClient]);
  return changes;
}
