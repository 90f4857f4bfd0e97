import { z } from 'zod';
import { MODERATION_REASONS, MODERATION_STATES, PHOTO_MODERATION_STATES } from '../domain/moderation';
import { challengeCodeSchema, isoDate } from './common';
import { defineApiFunction } from './define';

export const MODERATION_QUEUE_MAX_LIMIT = 200;

export const moderationItemSchema = z.object({
  id: z.guid(),
  category: z.string(),
  challenge: challengeCodeSchema,
  status: z.string(),
  source: z.string(),
  created_at: isoDate,
  observed_at: isoDate,
  /** The reporter's own text (staff only). */
  description: z.string(),
  moderation: z.enum(MODERATION_STATES),
  reasons: z.array(z.enum(MODERATION_REASONS)),
  photo_moderation: z.enum(PHOTO_MODERATION_STATES).nullable(),
  photo_path: z.string().nullable(),
});
export type ModerationItem = z.infer<typeof moderationItemSchema>;

/** Moderators and admins: held texts and photos, oldest first, with the reasons. */
export const moderationQueue = defineApiFunction(
  'moderation_queue',
  z.object({
    limit: z.number().int().min(1, { message: 'invalid_filter' }).max(MODERATION_QUEUE_MAX_LIMIT, { message: 'invalid_filter' }).default(50),
    offset: z.number().int().min(0, { message: 'invalid_filter' }).max(100_000, { message: 'invalid_filter' }).default(0),
  }),
  z.object({ total: z.number(), items: z.array(moderationItemSchema) }),
  (a) => ({ p_limit: a.limit, p_offset: a.offset }),
);
export type ModerationQueue = z.infer<typeof moderationQueue.result>;
