import { useQuery } from '@tanstack/react-query';
import { workList } from '../api';
import { cellSizeFor } from '../analysis';
import type { Backend } from '../backend';
import type { Challenge } from '../domain/challenges';
import { STATUSES } from '../domain/statuses';
import { apiKey } from './query-keys';

/** The statuses of the reports whose spacing sets the cell size: every report that was not set aside as a duplicate. */
const SAMPLE_STATUSES = STATUSES.filter((s) => s !== 'duplicate');
/** Reports sampled for the cell size: enough for a stable mean nearest-neighbour distance. */
const SAMPLE_LIMIT = 2000;

export interface CellSizeSample {
  /** Hexagon edge in metres by the analysis's one rule (cellSizeFor: the data's spacing, the inner city in several cells). */
  size: number;
  sampled: number;
  total: number;
}

/**
 * The default hotspot cell size for a challenge ('' = all), from a sample of its reports. The crew's hotspot map,
 * the planners' evidence and the strategist's follow-up share this one query (and so one size per challenge).
 * An `analysis` query: a new report does not resize the grid behind the user's back.
 */
export function useCellSize(backend: Backend, challenge: Challenge | '', enabled: boolean) {
  const args = { statuses: SAMPLE_STATUSES, challenges: challenge ? [challenge] : null, limit: SAMPLE_LIMIT };
  return useQuery({
    queryKey: apiKey(workList, args, 'analysis'),
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<CellSizeSample> => {
      const list = await workList.call(backend, args);
      const lonLat = new Float64Array(list.items.length * 2);
      list.items.forEach((it, k) => {
        lonLat[2 * k] = it.lon;
        lonLat[2 * k + 1] = it.lat;
      });
      // The sample stands for all of the challenge's reports: cellSizeFor corrects its spacing for the thinning.
      return { size: cellSizeFor(lonLat, { total: list.total }), sampled: list.items.length, total: list.total };
    },
  });
}
