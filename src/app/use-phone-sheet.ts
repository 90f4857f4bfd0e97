import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { MALMO_BBOX } from '../domain/report-rules';
import { SHEET_FIT_EVENT, type SheetFitRequest } from '../hooks/sheet-fit';
import type { LonLat, MapController } from '../map';
import { STAFF_TABS, type Tab } from './route';
import { useSheet, type SheetState } from './use-sheet';

const isStaffTab = (tab: Tab) => (STAFF_TABS as readonly Tab[]).includes(tab);

/** Where a phone's sheet starts: map first on the map, a staff area's workspace full screen, the rest half way. */
function firstSheet(tab: Tab, reportOpen: boolean): SheetState {
  if (isStaffTab(tab)) return 'full';
  return tab === 'browse' && !reportOpen ? 'peek' : 'half';
}

interface Shown {
  activeTab: Tab;
  reportId: string | null;
  /** The report pin, while the report tab is shown. */
  pin: LonLat | null;
  zoom: number | undefined;
}

/**
 * The phone's bottom sheet and the map above it. The map ends where the sheet begins (`mapInset`, px), so a flight,
 * a fit, the pin, the legends and the attribution all land in the part that is seen; up, the sheet leaves the map a
 * half-height size underneath (not 0 px), and during a drag the map keeps its size until the sheet settles. The
 * first view shows all of Malmö; opening a tab or a report raises a lowered sheet; a new map size re-aims at the pin.
 */
export function usePhoneSheet(map: MapController, isPhone: boolean, { activeTab, reportId, pin, zoom }: Shown) {
  const layoutRef = useRef<HTMLDivElement>(null);
  const sheetRef = useRef<HTMLElement>(null);
  const sheet = useSheet(sheetRef, layoutRef, isPhone, firstSheet(activeTab, reportId !== null));
  const { setState: setSheet } = sheet;
  const [dragging, setDragging] = useState(false);

  // A panel in the sheet may ask it to fit what the panel shows (requestSheetFit, src/hooks/sheet-fit.ts): the sheet is
  // then as tall as its content, at most half the layout, until the panel withdraws or the user sets a height.
  const [fit, setFit] = useState(false);
  useEffect(() => {
    const el = sheetRef.current;
    if (!el) return;
    const onRequest = (e: Event) => setFit((e as CustomEvent<SheetFitRequest>).detail.fit);
    el.addEventListener(SHEET_FIT_EVENT, onRequest);
    return () => el.removeEventListener(SHEET_FIT_EVENT, onRequest);
  }, []);
  const fitted = isPhone && fit && !dragging;
  useLayoutEffect(() => {
    const el = sheetRef.current;
    if (!el || !fitted) return;
    el.style.height = 'auto';
    el.style.maxHeight = '50%';
    return () => {
      el.style.height = '';
      el.style.maxHeight = '';
    };
  }, [fitted]);
  // A height the user chooses (the sheet's buttons, a drag, a tab) ends a fit.
  const chooseSheet = useCallback(
    (s: SheetState | ((s: SheetState) => SheetState)) => {
      setFit(false);
      setSheet(s);
    },
    [setSheet],
  );

  const { covered, layout } = sheet.geometry;
  const liveInset = !isPhone ? 0 : covered > layout * 0.8 ? Math.round(layout / 2) : Math.round(covered);
  const [mapInset, setMapInset] = useState(liveInset);
  if (!dragging && mapInset !== liveInset) setMapInset(liveInset);

  // The first view shows all of Malmö above the sheet (the desktop start view shows only part of it on a phone).
  const fittedMalmo = useRef(false);
  useEffect(() => {
    if (fittedMalmo.current || !isPhone || reportId || mapInset <= 0) return;
    fittedMalmo.current = true;
    map.fitBounds([MALMO_BBOX.west, MALMO_BBOX.south, MALMO_BBOX.east, MALMO_BBOX.north]);
  }, [isPhone, reportId, mapInset, map]);

  // Opening a tab or a report raises the sheet: a staff area to the full screen, the rest half way.
  const shownBefore = useRef({ activeTab, reportId });
  useEffect(() => {
    const before = shownBefore.current;
    shownBefore.current = { activeTab, reportId };
    if (!isPhone || (before.activeTab === activeTab && (before.reportId === reportId || !reportId))) return;
    setSheet((s) => (isStaffTab(activeTab) ? 'full' : s === 'peek' ? 'half' : s));
  }, [isPhone, activeTab, reportId, setSheet]);

  // The chosen place stays in sight: when the map changes size, it aims at the pin again (at the same zoom).
  const aim = useRef({ pin, zoom });
  useEffect(() => {
    aim.current = { pin, zoom };
  }, [pin, zoom]);
  useEffect(() => {
    const target = aim.current.pin;
    if (isPhone && target) map.flyTo({ lon: target.lon, lat: target.lat, zoom: aim.current.zoom });
  }, [isPhone, mapInset, map]);

  return { layoutRef, sheetRef, state: sheet.state, setSheet: chooseSheet, dragging: isPhone && dragging, setDragging, mapInset };
}
