import { useEffect, useState } from 'react';
import type { StatusInfo } from '../api';
import type { Backend } from '../backend';
import { DEFAULT_FILTERS, useReportsInView, type BrowseFilters, type Viewport } from '../features/browse';
import type { MapController, MapReportItem } from '../map';

const NO_ITEMS: ReadonlyArray<MapReportItem> = [];

/**
 * The reports on the map and in Utforska's list: the map's visible area (from the controller's `view` events)
 * and the browse filters select them; the map shows them and marks the open report.
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
  const items = inView.query.data?.items ?? NO_ITEMS;

  useEffect(() => map.on('view', setView), [map]);
  useEffect(() => map.setReports(items), [map, items]);
  useEffect(() => map.setSelectedReport(selectedId), [map, selectedId]);

  return { view, filters, setFilters, inView };
}
