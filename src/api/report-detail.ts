import { z } from 'zod';
import { MODERATION_REASONS, MODERATION_STATES, PHOTO_MODERATION_STATES } from '../domain/moderation';
import { challengeCodeSchema, districtSchema, isoDate } from './common';
import { defineApiFunction } from './define';

export const reportDetail = defineApiFunction(
  'report_detail',
  z.object({ id: z.guid({ message: 'report_not_found' }) }),
  z.object({
    id: z.guid(),
    category: z.string(),
    challenge: challengeCodeSchema,
    status: z.string(),
    status_group: z.enum(['open', 'closed']),
    source: z.string(),
    /** The reporter's text for staff and the reporter; for anyone else the approved (or edited) text, else null. */
    description: z.string().nullable(),
    moderation: z.enum(MODERATION_STATES),
    /** Staff and the reporter only (else null): what the screen found, the moderator's reason, the public text. */
    moderation_reasons: z.array(z.enum(MODERATION_REASONS)).nullable(),
    moderation_reason: z.string().nullable(),
    public_description: z.string().nullable(),
    photo_moderation: z.enum(PHOTO_MODERATION_STATES).nullable(),
    observed_at: isoDate,
    created_at: isoDate,
    is_dark: z.boolean(),
    lon: z.number(),
    lat: z.number(),
    precise: z.boolean(),
    district: districtSchema.nullable(),
    support_count: z.number(),
    supported_by_me: z.boolean(),
    is_mine: z.boolean(),
    photo_path: z.string().nullable(),
    updates: z.array(
      z.object({
        from_status: z.string().nullable(),
        to_status: z.string(),
        note: z.string().nullable(),
        created_at: isoDate,
        /** A crew's photo with the status change; only for staff and the reporter, else null. */
        photo_path: z.string().nullable(),
      }),
    ),
  }),
  (a) => ({ p_id: a.id }),
);
export type ReportDetail = z.infer<typeof reportDetail.result>;
