import { z } from 'zod';
import { MEASURE_TYPES } from '../domain/measures';
import { challengeCodeSchema } from './common';
import { defineApiFunction } from './define';
import { pageArgsSchema } from './paging';
import { geoJsonGeometrySchema } from './save-measure';

/** Completed measures ("åtgärdat") for everyone, anon included: no cost, department or staff ids. */
export const publicMeasureSchema = z.object({
  id: z.guid(),
  title: z.string(),
  type: z.enum(MEASURE_TYPES),
  challenge: challengeCodeSchema,
  done_date: z.string(),
  geometry: geoJsonGeometrySchema,
  report_ids: z.array(z.guid()),
});
export type PublicMeasure = z.infer<typeof publicMeasureSchema>;

/** Newest first, paged (the geometries are simplified to at most 250 vertices each). */
export const publicMeasures = defineApiFunction(
  'public_measures',
  pageArgsSchema,
  z.object({ items: z.array(publicMeasureSchema), total: z.number() }),
  (a) => ({ p_limit: a.limit, p_offset: a.offset }),
);
