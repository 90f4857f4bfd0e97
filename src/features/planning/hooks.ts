import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import {
  developmentAssessments,
  developmentEvidence,
  fetchAllPages,
  hotspotCells,
  listDevelopments,
  MAX_EVIDENCE_REPORTS,
  type EvidenceBuffer,
} from '../../api';
import type { Backend, Identity } from '../../backend';
import { loadDataFile } from '../../map/data-url';

/** Query keys of this feature; all start with 'planning' so one predicate invalidates them. */
export const PLANNING_KEY = 'planning';
export const developmentsKey = [PLANNING_KEY, 'developments'] as const;
export const evidenceKey = (id: string, buffer: number) => [PLANNING_KEY, 'evidence', id, buffer] as const;
export const assessmentsKey = (id: string) => [PLANNING_KEY, 'assessments', id] as const;

/** Hexagon edge for the hotspot cells around a development: fine enough for a plan area. */
export const HOTSPOT_CELL_M = 100;

export function useIdentity(backend: Backend): Identity {
  const [identity, setIdentity] = useState<Identity>(() => backend.identity());
  useEffect(() => backend.onIdentityChange(setIdentity), [backend]);
  return identity;
}

/** New or changed reports change the evidence: refetch this feature's queries (not the static files). */
export function useReportChanges(backend: Backend, enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || !backend.subscribeReports) return;
    return backend.subscribeReports(() => {
      void queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] === PLANNING_KEY && q.queryKey[1] !== 'boundary',
      });
    });
  }, [backend, enabled, queryClient]);
}

/** Every development (every page of list_developments): the map overlay and the list show them all. */
export function useDevelopments(backend: Backend, enabled: boolean) {
  return useQuery({
    queryKey: developmentsKey,
    queryFn: () => fetchAllPages((page) => listDevelopments.call(backend, page)),
    enabled,
  });
}

export function useEvidence(backend: Backend, id: string | null, buffer: EvidenceBuffer, enabled: boolean) {
  return useQuery({
    queryKey: evidenceKey(id ?? '', buffer),
    // The most the API lists: this list is also the evidence pack that is exported.
    queryFn: () => developmentEvidence.call(backend, { id: id!, bufferM: buffer, limit: MAX_EVIDENCE_REPORTS }),
    enabled: enabled && id !== null,
    placeholderData: (previous) => previous,
  });
}

export function useAssessments(backend: Backend, id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: assessmentsKey(id ?? ''),
    queryFn: () => developmentAssessments.call(backend, { developmentId: id! }),
    enabled: enabled && id !== null,
  });
}

/** City-wide report counts per cell (the hotspot analysis needs the whole study area, not just the plan). */
export function useHotspotCells(backend: Backend, enabled: boolean) {
  return useQuery({
    queryKey: [PLANNING_KEY, 'hotspot-cells', HOTSPOT_CELL_M],
    queryFn: () => hotspotCells.call(backend, { cellM: HOTSPOT_CELL_M }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export type Boundary = Feature<Polygon | MultiPolygon>;

/** Malmö's municipal boundary (import validation and the hotspot study area). */
export function useBoundary() {
  return useQuery({
    queryKey: [PLANNING_KEY, 'boundary'],
    queryFn: async (): Promise<Boundary> => {
      const fc = await loadDataFile<{ features: Boundary[] }>('malmo_kommun.geojson');
      if (fc.features.length === 1) return fc.features[0]!;
      return {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'MultiPolygon',
          coordinates: fc.features.flatMap((f) =>
            f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
          ),
        },
      };
    },
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
