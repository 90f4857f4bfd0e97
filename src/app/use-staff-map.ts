import { createElement, useCallback, useEffect, useMemo, useRef } from 'react';
import { FoldableLegend } from '../ui';
import type { LonLat, MapController, MapOverlay } from '../map';
import { STAFF_TABS, type StaffTab, type Tab } from './route';

type ClickHandler = (p: LonLat) => void;

/** Legends the user can fold away: each overlay's legend wrapped once (the same overlay gives the same object). */
const folded = new WeakMap<MapOverlay, MapOverlay>();
function withFoldableLegend(overlay: MapOverlay): MapOverlay {
  if (!overlay.legend) return overlay;
  let out = folded.get(overlay);
  if (!out) {
    out = { ...overlay, legend: createElement(FoldableLegend, { id: overlay.id, children: overlay.legend }) };
    folded.set(overlay, out);
  }
  return out;
}
const foldLegends = (overlays: MapOverlay[]) => overlays.map(withFoldableLegend);

/**
 * What the staff panels may do to the map, as callbacks that keep their identity for the panel's lifetime
 * (docs/architecture.md, decision 22): hand over overlays, capture map clicks (only while the panel's tab is
 * shown and no report is open), fly to a place and fit the map to a box. Every overlay's legend can be folded away
 * (on a phone the public measures' legend would otherwise cover a corner of the map for good).
 */
export function useStaffMap(map: MapController, tab: Tab, reportOpen: boolean) {
  const overlaySetters = useMemo(
    () =>
      Object.fromEntries(
        STAFF_TABS.map((owner) => [owner, (overlays: MapOverlay[]) => map.setOverlays(owner, foldLegends(overlays))]),
      ) as Record<StaffTab, (overlays: MapOverlay[]) => void>,
    [map],
  );
  const setPublicOverlays = useCallback((overlays: MapOverlay[]) => map.setOverlays('public', foldLegends(overlays)), [map]);

  // The last panel to capture clicks holds them; the map gets its handler while that panel is the one shown.
  const captured = useRef<{ owner: StaffTab; handler: ClickHandler } | null>(null);
  const shown = useRef({ tab, reportOpen });
  const applyClickHandler = useCallback(() => {
    const c = captured.current;
    const active = c && c.owner === shown.current.tab && !shown.current.reportOpen;
    map.setClickHandler(active ? c.handler : null);
  }, [map]);
  useEffect(() => {
    shown.current = { tab, reportOpen };
    applyClickHandler();
  }, [tab, reportOpen, applyClickHandler]);
  const clickSetters = useMemo(
    () =>
      Object.fromEntries(
        STAFF_TABS.map((owner) => [
          owner,
          (handler: ClickHandler | null) => {
            const prev = captured.current;
            captured.current = handler ? { owner, handler } : prev?.owner === owner ? null : prev;
            applyClickHandler();
          },
        ]),
      ) as Record<StaffTab, (handler: ClickHandler | null) => void>,
    [applyClickHandler],
  );

  const flyTo = useCallback((target: LonLat & { zoom?: number }) => map.flyTo(target), [map]);
  const fitBounds = useCallback((bbox: [number, number, number, number]) => map.fitBounds(bbox), [map]);

  return { overlaySetters, setPublicOverlays, clickSetters, flyTo, fitBounds };
}
