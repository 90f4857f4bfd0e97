import { useEffect, useMemo, useState } from 'react';
import type { ReportsInView, StatusInfo } from '../api';
import type { Backend } from '../backend';
import { DEFAULT_FILTERS, useReportsInView, type BrowseFilters, type Viewport } from '../features/browse';
import type { MapController, MapReportItem } from '../map';
import { cacheLive, earlyAnswer, earlySource, type EarlySource, type FilterKey } from './first-view-cells';

const NO_ITEMS: ReadonlyArray<MapReportItem> = [];

/** Where the map's reports came from (`html[data-map-reports-from]`, for tests and the start-up benchmark). */
export type MapReportsFrom = 'live' | 'shipped' | 'cache' | 'none';

/**
 * The reports on the map and in Utforska's list: the map's visible area (from the controller's `view` events)
 * and the browse filters select them; the map shows them and marks the open report.
 *
 * Until the live query has data (the embedded database still starting), the map shows the early answer for the
 * same view and filter key (src/app/first-view-cells.ts) — the same cells and counts the database gives, so the
 * hand-over changes nothing on screen. Moved before the database is ready, the map keeps the last early answer,
 * as it keeps the previous live answer while a new one loads.
 */
export function useMapReports(
  backend: Backend,
  map: MapController,
  ready: boolean,
  selectedId: string | null,
  statuses: readonly StatusInfo[] | undefined,
) {
  const [view, setView] = useState<Viewport | null>(null);
  const [filters, setFilters] = useState<BrowseFilters>(DEFAULT_FILTERS);
  const inView = useReportsInView(backend, view, filters, ready, statuses);
  // The view as it is now, not once settled: an early answer is a lookup, not a query worth saving.
  const early = useEarlyAnswer(backend, inView.viewKeyNow, inView.filterKey, inView.query.data === undefined);
  const live = inView.query.data;
  const items = live?.items ?? early?.result.items ?? NO_ITEMS;
  const from: MapReportsFrom = live ? 'live' : (early?.from ?? 'none');

  // The live answer for its own key (not a previous view's, kept while loading) is the next visit's early answer.
  const { viewKey, filterKey } = inView;
  const current = inView.query.isPlaceholderData ? undefined : live;
  useEffect(() => {
    if (backend.kind === 'local' && current && viewKey && filterKey) cacheLive(viewKey, filterKey, current);
  }, [backend.kind, current, viewKey, filterKey]);

  useEffect(() => map.on('view', setView), [map]);
  useEffect(() => {
    map.setReports(items);
    markMapReports(items, from);
  }, [map, items, from]);
  useEffect(() => map.setSelectedReport(selectedId), [map, selectedId]);

  // What the map shows before the live answer, for the list that is its text equivalent.
  const earlyShown = live ? null : (early?.result ?? null);
  return { view, filters, setFilters, inView, earlyShown };
}

interface Early {
  from: 'shipped' | 'cache';
  result: ReportsInView;
  /** The filter key it answers (JSON): a changed filter does not keep cells of another filter on the map. */
  filter: string;
}

/**
 * The early answer for the current key while `waiting`; once one was shown, it stays (for the same filter) until the
 * live data comes.
 */
function useEarlyAnswer(
  backend: Backend,
  viewKey: Viewport | null,
  filterKey: FilterKey | null,
  waiting: boolean,
): Early | null {
  const [source, setSource] = useState<EarlySource | null>(null);
  useEffect(() => {
    let alive = true;
    void earlySource(backend).then((s) => alive && setSource(s));
    return () => {
      alive = false;
    };
  }, [backend]);
  const match = useMemo((): Early | null => {
    if (!waiting || !source || source.kind === 'none' || !viewKey || !filterKey) return null;
    const result = earlyAnswer(source, viewKey, filterKey);
    return result ? { from: source.kind, result, filter: JSON.stringify(filterKey) } : null;
  }, [waiting, source, viewKey, filterKey]);
  const [shown, setShown] = useState<Early | null>(null);
  if (match && match !== shown) setShown(match);
  if (!waiting) return null;
  return match ?? (shown && shown.filter === JSON.stringify(filterKey) ? shown : null);
}

/** `html[data-map-reports]`: how many reports the map was given (the sum of its cells' counts), and from where. */
function markMapReports(items: ReadonlyArray<MapReportItem>, from: MapReportsFrom): void {
  const root = document.documentElement;
  root.dataset.mapReports = String(items.reduce((n, it) => n + it[2], 0));
  root.dataset.mapReportsFrom = items.length ? from : 'none';
}
