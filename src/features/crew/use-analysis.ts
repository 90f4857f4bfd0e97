import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { hotspotCells } from '../../api';
import { cellCountsFromRows, type AreaGeometry, type CellHotspotResult } from '../../analysis';
import { sharedHotspotClient } from '../../analysis/worker';
import type { Backend } from '../../backend';
import { queryKey } from '../../hooks';
import type { Challenge } from '../../domain/challenges';
import { analysisWindow } from './lib/windows';

export interface HotspotParams {
  challenge: Challenge | '';
  category: string;
  windowDays: number;
  recentDays: number;
  /** Hexagon edge, metres (50–500). */
  cellSize: number;
  /** Distance band in metres, or null for the default (3 × cell size, or what keeps every cell connected). */
  band: number | null;
  weighting: 'count' | 'supports';
  /** When the analysis was asked for (ms): fixes the time window so a refetch analyses the same period. */
  at: number;
}

export interface Analysis {
  params: HotspotParams;
  res: CellHotspotResult;
  /** Reports counted by the database (all cells, inside the study area or not). */
  total: number;
  /** Class per cell `"q:r"` at params.cellSize, for the work list. */
  classOf: Map<string, number>;
}

/**
 * hotspot_cells for the chosen filters → Gi* + BH + classes + emerging in the app's hotspot worker, over the study
 * area. An `analysis` query: run when the crew asks ("Beräkna"), not again behind their back on every new report.
 */
export function useAnalysis(backend: Backend, area: AreaGeometry | undefined, params: HotspotParams | null) {
  const query = useQuery({
    queryKey: queryKey('analysis', 'crew_hotspots', { ...params }),
    enabled: params !== null && area !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<Analysis> => {
      const p = params!;
      const w = analysisWindow(new Date(p.at), p.windowDays, p.recentDays);
      const data = await hotspotCells.call(backend, {
        cellM: p.cellSize,
        challenges: p.challenge ? [p.challenge] : null,
        categories: p.category ? [p.category] : null,
        from: w.from,
        to: w.to,
        recentFrom: w.recentFrom,
      });
      const res = await sharedHotspotClient().findHotspots(
        cellCountsFromRows(data.cells, data.cell_m, {
          weighting: p.weighting,
          band: p.band,
          emerging: { recentDays: w.recentDays, baselineDays: w.baselineDays },
        }),
        area,
      );
      const classOf = new Map<string, number>();
      for (let i = 0; i < res.q.length; i++) if (res.classes[i] !== 0) classOf.set(`${res.q[i]}:${res.r[i]}`, res.classes[i] as number);
      return { params: p, res, total: data.total, classOf };
    },
  });
  return query;
}
