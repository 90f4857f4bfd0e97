import { z } from 'zod';
import { reportInputSchema } from '../domain/report-rules';
import { challengeCodeSchema, districtSchema, isoDate } from './common';
import { defineApiFunction } from './define';

export const submitReport = defineApiFunction(
  'submit_report',
  reportInputSchema,
  z.object({
    id: z.guid(),
    status: z.string(),
    challenge: challengeCodeSchema,
    category: z.string(),
    district: districtSchema.nullable(),
    is_dark: z.boolean(),
    created_at: isoDate,
    observed_at: isoDate,
  }),
  (r) => ({
    p_id: r.id,
    p_category: r.category,
    p_lon: r.lon,
    p_lat: r.lat,
    p_description: r.description,
    p_observed_at: r.observedAt.toISOString(),
    p_source: r.source,
    p_photo_path: r.photoPath,
  }),
);
export type SubmittedReport = z.infer<typeof submitReport.result>;
