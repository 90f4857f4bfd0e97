import { z } from 'zod';
import { effectCountsSchema, measureEffect } from '../../../api';
import { isoDate } from '../../../api/common';
import { defineApiFunction } from '../../../api/define';

/**
 * api.measure_effect with its data window: the challenge's first and last report (null without reports), which
 * the effect view states and checks the "before" window against (lib/data-window.ts).
 *
 * Kept here only because src/api is not this feature's to change: the fields belong in src/api/measure-effect.ts
 * (effectCountsSchema), after which this file reduces to a re-export.
 */
export const effectWithDataSchema = effectCountsSchema.extend({
  data: z.object({ first: isoDate.nullable(), last: isoDate.nullable() }),
});
export type EffectWithData = z.infer<typeof effectWithDataSchema>;

export const measureEffectWithData = defineApiFunction(
  'measure_effect',
  measureEffect.args,
  effectWithDataSchema,
  (a) => ({ p_id: a.id, p_months: a.months, p_comparison: a.comparison }),
);
