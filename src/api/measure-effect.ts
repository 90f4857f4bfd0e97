import { z } from 'zod';
import { EFFECT_COMPARISONS, EFFECT_MONTHS_MAX, EFFECT_MONTHS_MIN } from '../domain/measures';
import { isoDate } from './common';
import { defineApiFunction } from './define';

const windowSchema = z.object({ from: isoDate, to: isoDate });

/**
 * Report counts (the measure's challenge, duplicates excluded) in the measure's area and in a comparison area,
 * `months` before and after its done_date; the client computes the rate ratio with src/analysis/effect.ts.
 * A point or line is buffered by `buffer_m` (MEASURE_EFFECT_BUFFER_M). The after window is cut at now, so
 * `months_after` may be shorter than asked (a decimal number of months).
 */
export const effectCountsSchema = z.object({
  measure_id: z.guid(),
  challenge: z.string(),
  done_date: z.string(),
  months_before: z.number(),
  months_after: z.number(),
  before: windowSchema,
  after: windowSchema,
  buffer_m: z.number(),
  area: z.object({ before: z.number(), after: z.number(), km2: z.number() }),
  comparison: z.object({
    kind: z.enum(EFFECT_COMPARISONS),
    /** The stadsdel whose rest is the comparison area (kind 'district'), else null. */
    name: z.string().nullable(),
    before: z.number(),
    after: z.number(),
    km2: z.number(),
  }),
  /**
   * The challenge's first and last report (duplicates excluded; null without reports): the client states this
   * window and warns or refuses when the before window reaches beyond the first report.
   */
  data: z.object({ first: isoDate.nullable(), last: isoDate.nullable() }),
});
export type EffectCounts = z.infer<typeof effectCountsSchema>;

/**
 * Events of actual risk (the challenge's risk types at the done date) counted in the same area, comparison and
 * windows as the reports. `data` is the range their sources cover (events are only known inside it; null
 * without a source): the client checks the before window against it as for the reports.
 */
export const effectEventsSchema = z.object({
  types: z.array(z.string()),
  area: z.object({ before: z.number(), after: z.number() }),
  comparison: z.object({ before: z.number(), after: z.number() }),
  data: z.object({ first: isoDate.nullable(), last: isoDate.nullable() }),
});
export type EffectEvents = z.infer<typeof effectEventsSchema>;

export const measureEffectResultSchema = effectCountsSchema.extend({ events: effectEventsSchema.nullable() });
export type MeasureEffect = z.infer<typeof measureEffectResultSchema>;

export const measureEffect = defineApiFunction(
  'measure_effect',
  z.object({
    id: z.guid({ message: 'measure_not_found' }),
    months: z
      .number({ message: 'invalid_months' })
      .int({ message: 'invalid_months' })
      .min(EFFECT_MONTHS_MIN, { message: 'invalid_months' })
      .max(EFFECT_MONTHS_MAX, { message: 'invalid_months' })
      .default(12),
    comparison: z.enum(EFFECT_COMPARISONS, { message: 'invalid_comparison' }).default('district'),
  }),
  /** `events`: null when the measure's challenge has no risk types. */
  measureEffectResultSchema,
  (a) => ({ p_id: a.id, p_months: a.months, p_comparison: a.comparison }),
);
