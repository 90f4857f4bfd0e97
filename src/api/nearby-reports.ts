import { z } from 'zod';
import { isoDate } from './common';
import { defineApiFunction } from './define';

export const nearbyReports = defineApiFunction(
  'nearby_reports',
  z.object({ lon: z.number().finite(), lat: z.number().finite(), category: z.string().min(1) }),
  z.array(
    z.object({
      id: z.guid(),
      distance_m: z.number(),
      /** Null when the text is not public (held or hidden) and the caller is neither staff nor the reporter. */
      description: z.string().nullable(),
      status: z.string(),
      observed_at: isoDate,
      support_count: z.number(),
      supported_by_me: z.boolean(),
    }),
  ),
  (a) => ({ p_lon: a.lon, p_lat: a.lat, p_category: a.category }),
);
export type NearbyReport = z.infer<typeof nearbyReports.result>[number];
