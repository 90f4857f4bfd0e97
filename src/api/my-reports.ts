import { z } from 'zod';
import { MODERATION_STATES, PHOTO_MODERATION_STATES } from '../domain/moderation';
import { challengeCodeSchema, isoDate } from './common';
import { defineApiFunction } from './define';

export const myReports = defineApiFunction(
  'my_reports',
  z.object({}),
  z.array(
    z.object({
      id: z.guid(),
      category: z.string(),
      challenge: challengeCodeSchema,
      status: z.string(),
      status_group: z.enum(['open', 'closed']),
      description: z.string(),
      created_at: isoDate,
      support_count: z.number(),
      last_update_at: isoDate.nullable(),
      moderation: z.enum(MODERATION_STATES),
      /** The moderator's reason (edit, hide; may be given with approve). */
      moderation_reason: z.string().nullable(),
      photo_moderation: z.enum(PHOTO_MODERATION_STATES).nullable(),
    }),
  ),
  () => ({}),
);
export type MyReport = z.infer<typeof myReports.result>[number];
