import { z } from 'zod';
import { challengeCodeSchema as challengeCode } from './common';
import { defineApiFunction } from './define';

/** An Arabic name: null (or absent, in data from before it existed) = none yet; the Swedish one is shown instead. */
export const arabicNameSchema = z.string().nullish();

/** One prioritised challenge of the period in force (src/api/strategy-periods.ts has the whole challenge map). */
export const challengeSchema = z.object({
  code: challengeCode,
  name_sv: z.string(),
  name_en: z.string(),
  name_ar: arabicNameSchema,
  description_sv: z.string(),
  description_en: z.string(),
  /** The Arabic description; null or absent = none (the Swedish one is shown). */
  description_ar: arabicNameSchema,
  sort: z.number(),
  /** The thematic area's code in that period; null = not placed. */
  area: z.string().nullable(),
  /** The crew's field report offers this challenge's categories first and its hot spots by default. */
  crew_focus: z.boolean(),
  /** The dashboard also counts other challenges' reports linked to a planned development. */
  counts_development_links: z.boolean(),
});
/** The strategy period in force (null only before any period is published). */
export const periodInForceSchema = z.object({
  id: z.guid(),
  name: z.string(),
  starts_on: z.string(),
});
export const categorySchema = z.object({
  code: z.string(),
  /** The category's challenge in the period in force. */
  challenge: challengeCode,
  name_sv: z.string(),
  name_en: z.string(),
  name_ar: arabicNameSchema,
  duplicate_radius_m: z.number(),
  public_precision_m: z.number(),
  sort: z.number(),
});
export const statusSchema = z.object({
  code: z.string(),
  group: z.enum(['open', 'closed']),
  name_sv: z.string(),
  name_en: z.string(),
  name_ar: arabicNameSchema,
  sort: z.number(),
  /** Moving a report into this status needs a note (src/domain/status-rules.ts reads these two). */
  note_required: z.boolean(),
  /** Its reporter may reopen a report this many days after it entered this status; null: never. */
  reopen_days: z.number().int().positive().nullable(),
});
/** The status workflow as data: which roles may move a report from `from` to `to`. */
export const transitionSchema = z.object({
  from: z.string(),
  to: z.string(),
  roles: z.array(z.enum(['resident', 'crew', 'planner', 'strategist', 'admin'])),
});
export type ChallengeInfo = z.infer<typeof challengeSchema>;
export type PeriodInForce = z.infer<typeof periodInForceSchema>;
export type Category = z.infer<typeof categorySchema>;
export type StatusInfo = z.infer<typeof statusSchema>;
export type Transition = z.infer<typeof transitionSchema>;

export const listCategories = defineApiFunction(
  'list_categories',
  z.object({}),
  z.object({
    period: periodInForceSchema.nullable(),
    challenges: z.array(challengeSchema),
    categories: z.array(categorySchema),
    statuses: z.array(statusSchema),
    transitions: z.array(transitionSchema),
  }),
  () => ({}),
);
export type ReferenceData = z.infer<typeof listCategories.result>;
