import { useCallback, useEffect, useRef } from 'react';
import type { MapController } from '../map';
import type { Route, Tab } from './route';

/**
 * Opening and closing a report's detail (in Utforska) from anywhere — a list, a staff panel, a click on the map —
 * and giving focus back to what had it when the detail closes. `openReport` keeps one identity (it reads where
 * we are from a ref), since staff panels get it (docs/architecture.md, decision 22).
 */
export function useReportDetail(map: MapController, navigate: (route: Route) => void, here: { reportId: string | null; tab: Tab; sub: string }) {
  const { reportId, tab, sub } = here;
  const returnFocus = useRef<HTMLElement | null>(null);
  const returnRoute = useRef<{ tab: Tab; sub: string }>({ tab: 'browse', sub: '' });
  const current = useRef(here);
  useEffect(() => {
    current.current = { reportId, tab, sub };
  }, [reportId, tab, sub]);

  const openReport = useCallback(
    (id: string) => {
      const active = document.activeElement;
      if (!current.current.reportId) {
        returnFocus.current = active instanceof HTMLElement && active !== document.body ? active : null;
        returnRoute.current = { tab: current.current.tab, sub: current.current.sub };
      }
      navigate({ tab: 'browse', reportId: id, sub: '' });
    },
    [navigate],
  );
  useEffect(() => map.on('reportClick', openReport), [map, openReport]);

  const pendingFocus = useRef(false);
  const closeReport = useCallback(() => {
    pendingFocus.current = true;
    navigate({ tab: returnRoute.current.tab, reportId: null, sub: returnRoute.current.sub });
  }, [navigate]);
  // After the detail has closed and the previous panel is visible again, give focus back.
  useEffect(() => {
    if (reportId || !pendingFocus.current) return;
    pendingFocus.current = false;
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target && target.isConnected && target.getClientRects().length > 0) target.focus();
    else document.getElementById('main-panel')?.focus();
  }, [reportId, tab]);

  return { openReport, closeReport };
}
