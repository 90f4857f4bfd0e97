import { useMemo } from 'react';
import type { Backend } from '../../../backend/backend';
import type { ReportChange } from '../../../backend/report-change';
import { useReportsChanged } from '../../../hooks';

/**
 * Keeps the resident's own reports live through the same change subscription the crews use (Supabase Realtime,
 * where RLS sends a resident only their own reports; PGlite NOTIFY locally, where every report's change arrives):
 * a change of a report that is not theirs is ignored, an insert (possibly theirs, from another device) or a
 * "refetch everything" is not. No polling.
 */
export function useMyReportsLive(backend: Backend, enabled: boolean, ownIds: readonly string[]): void {
  const key = ownIds.join(',');
  const ignore = useMemo(() => notAboutOwnReports(key ? key.split(',') : []), [key]);
  useReportsChanged(backend, enabled, { ignore });
}

/** Which changes to ignore: an update of a report that is not one of `ownIds`. */
export function notAboutOwnReports(ownIds: readonly string[]): (change: ReportChange) => boolean {
  const own = new Set(ownIds);
  return (change) => change.kind === 'update' && change.id !== null && !own.has(change.id);
}
