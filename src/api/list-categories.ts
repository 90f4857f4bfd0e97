import { z } from 'zod';
import { CHALLENGES } from '../domain/challenges';
import { defineApiFunction } from './define';

export const challengeSchema = z.object({
  code: z.enum(CHALLENGES),
  name_sv: z.string(),
  name_en: z.string(),
  description_sv: z.string(),
  description_en: z.string(),
  sort: z.number(),
});
export const categorySchema = z.object({
  code: z.string(),
  challenge: z.enum(CHALLENGES),
  name_sv: z.string(),
  name_en: z.string(),
  duplicate_radius_m: z.number(),
  public_precision_m: z.number(),
  sort: z.number(),
});
export const statusSchema = z.object({
  code: z.string(),
  group: z.enum(['open', 'closed']),
  name_sv: z.string(),
  name_en: z.string(),
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
export type Category = z.infer<typeof categorySchema>;
export type StatusInfo = z.infer<typeof statusSchema>;
export type Transition = z.infer<typeof transitionSchema>;

export const listCategories = defineApiFunction(
  'list_categories',
  z.object({}),
  z.object({
    challenges: z.array(challengeSchema),
    categories: z.array(categorySchema),
    statuses: z.array(statusSchema),
    transitions: z.array(transitionSchema),
  }),
  () => ({}),
);
export type ReferenceData = z.infer<typeof listCategories.result>;
