import { useQuery } from '@tanstack/react-query';
import {
  developmentAssessments,
  developmentEvidence,
  fetchAllPages,
  hotspotCells,
  listDevelopments,
  MAX_EVIDENCE_REPORTS,
  type EvidenceBuffer,
} from '../../api';
import { cellCountsFromRows, type AreaGeometry } from '../../analysis';
import { sharedHotspotClient } from '../../analysis/worker';
import type { Backend } from '../../backend';
import { apiKey, apiQuery, queryKey } from '../../hooks';
import { useCellSize } from '../../hooks/cell-size';

export type { Boundary } from '../../hooks';

/** Every development (every page of list_developments): the map overlay and the list show them all. */
export function useDevelopments(backend: Backend, enabled: boolean) {
  return useQuery({
    queryKey: apiKey(listDevelopments, { pages: 'all' }),
    queryFn: () => fetchAllPages((page) => listDevelopments.call(backend, page)),
    enabled,
  });
}

export function useEvidence(backend: Backend, id: string | null, buffer: EvidenceBuffer, enabled: boolean) {
  return useQuery({
    // The most the API lists: this list is also the evidence pack that is exported.
    ...apiQuery(backend, developmentEvidence, { id: id ?? '', bufferM: buffer, limit: MAX_EVIDENCE_REPORTS }),
    enabled: enabled && id !== null,
    placeholderData: (previous) => previous,
  });
}

export function useAssessments(backend: Backend, id: string | null, enabled: boolean) {
  return useQuery({
    ...apiQuery(backend, developmentAssessments, { developmentId: id ?? '' }),
    enabled: enabled && id !== null,
  });
}

/**
 * The hotspot analysis around developments: city-wide report counts per cell (the analysis needs the whole study
 * area, not just the plan) at the cell size of the one rule (cellSizeFor on the shared sample of reports), analysed
 * in the app's hotspot worker. The same analysis for every development; each picks the cells that touch it.
 */
export function useCityHotspots(backend: Backend, area: AreaGeometry | undefined, enabled: boolean) {
  const size = useCellSize(backend, '', enabled);
  const cellM = size.data?.size;
  const cells = useQuery({
    ...apiQuery(backend, hotspotCells, { cellM: cellM ?? 0 }),
    enabled: enabled && cellM !== undefined,
    staleTime: 5 * 60_000,
  });
  const analysis = useQuery({
    queryKey: queryKey('analysis', 'planning_hotspots', { cellM, at: cells.dataUpdatedAt }),
    queryFn: () => sharedHotspotClient().findHotspots(cellCountsFromRows(cells.data!.cells, cells.data!.cell_m), area),
    enabled: cells.data !== undefined && area !== undefined,
    staleTime: Infinity,
  });
  const failed = size.error ?? cells.error ?? analysis.error;
  return {
    cellM,
    result: analysis.data,
    error: failed,
    isFetching: size.isFetching || cells.isFetching || analysis.isFetching,
    refetch: () => void (size.isError ? size.refetch() : cells.isError ? cells.refetch() : analysis.refetch()),
  };
}
