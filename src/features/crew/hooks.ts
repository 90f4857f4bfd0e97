import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AreaGeometry } from '../../analysis';
import { createHotspotClient, type HotspotClient } from '../../analysis/worker';
import type { Backend, Identity } from '../../backend';
import { dataUrl, loadDataFile } from '../../map/data-url';
import { isOwn } from './lib/own-changes';

export function useIdentity(backend: Backend): Identity {
  const [identity, setIdentity] = useState<Identity>(() => backend.identity());
  useEffect(() => backend.onIdentityChange(setIdentity), [backend]);
  return identity;
}

const base = () => import.meta.env.BASE_URL ?? '/';

/** Malmö's municipal boundary (the study area: the grid covers its land, zeros included). */
export function useBoundary() {
  return useQuery({
    queryKey: ['static', 'crew-boundary'],
    queryFn: async (): Promise<AreaGeometry> => {
      const fc = await loadDataFile<{ features: { geometry: AreaGeometry }[] }>('malmo_kommun.geojson');
      const parts = fc.features.map((f) => f.geometry);
      if (parts.length === 1) return parts[0]!;
      return {
        type: 'MultiPolygon',
        coordinates: parts.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)),
      };
    },
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export interface DistrictOption {
  code: number;
  name: string;
  stadsdel: string;
}

/** The 136 delområden for the work list's district filter (from the bundled CSV, no backend call). */
export function useDistricts() {
  return useQuery({
    queryKey: ['static', 'crew-districts'],
    queryFn: async (): Promise<DistrictOption[]> => {
      const res = await fetch(dataUrl(base(), 'malmo_omraden.csv'));
      if (!res.ok) throw new Error(`districts: HTTP ${res.status}`);
      const lines = (await res.text()).trim().split(/\r?\n/).slice(1);
      return lines
        .map((line) => line.split(','))
        .map(([code, name, , stadsdel]) => ({ code: Number(code), name: name ?? '', stadsdel: stadsdel ?? '' }))
        .filter((d) => Number.isInteger(d.code))
        .sort((a, b) => a.stadsdel.localeCompare(b.stadsdel, 'sv') || a.name.localeCompare(b.name, 'sv'));
    },
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** One hotspot worker per mounted panel, with the boundary sent once. */
export function useHotspotClient(area: AreaGeometry | undefined): HotspotClient | null {
  const [client, setClient] = useState<HotspotClient | null>(null);
  useEffect(() => {
    if (!area) return;
    const c = createHotspotClient();
    let live = true;
    void c.setArea(area).then(() => live && setClient(c));
    return () => {
      live = false;
      c.dispose();
      setClient(null);
    };
  }, [area]);
  return client;
}

type Subscribe = (listener: (change: { id: string; kind: 'insert' | 'update' }) => void) => () => void;

/**
 * New and changed reports arrive through the backend (Supabase Realtime / PGlite NOTIFY): refresh the
 * work list and the hotspot counts. Returns how many changes arrived since mount, for a polite announcement.
 */
export function useReportChanges(backend: Backend): number {
  const queryClient = useQueryClient();
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const subscribe = (backend as Backend & { subscribeReports?: Subscribe }).subscribeReports;
    if (!subscribe) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribe.call(backend, (change) => {
      // Our own writes are already in the cache.
      if (isOwn(change.id)) return;
      setChanges((n) => n + 1);
      // A burst (e.g. "resolve all in a cell") refreshes once.
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: ['work_list', 'crew-list'] });
        void queryClient.invalidateQueries({ queryKey: ['work_list', 'crew-cell'] });
        // Hot spots are recomputed when asked ("Beräkna"), not behind the crew's back on every report.
        void queryClient.invalidateQueries({ queryKey: ['hotspot_cells'], refetchType: 'none' });
      }, 300);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, [backend, queryClient]);
  return changes;
}
