import { z } from 'zod';
import { MEASURE_STATUSES } from '../domain/measures';
import { challengeCode } from './common';
import { defineApiFunction } from './define';
import { pageArgsSchema } from './paging';
import { measureSchema } from './save-measure';

/** The measure register for staff, in priority order (score descending, then the oldest first), paged. */
export const listMeasures = defineApiFunction(
  'list_measures',
  pageArgsSchema.extend({
    challenge: challengeCode('invalid_challenge').nullable().default(null),
    statuses: z
      .array(z.enum(MEASURE_STATUSES, { message: 'invalid_measure_status' }))
      .nullable()
      .default(null),
  }),
  z.object({ items: z.array(measureSchema), total: z.number() }),
  (a) => ({ p_challenge: a.challenge, p_status: a.statuses, p_limit: a.limit, p_offset: a.offset }),
);
export type MeasureList = z.infer<typeof listMeasures.result>;
