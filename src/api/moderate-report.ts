import { z } from 'zod';
import { MODERATION_ACTIONS, MODERATION_STATES, MODERATION_TEXT_MAX, PHOTO_MODERATION_STATES } from '../domain/moderation';
import { defineApiFunction } from './define';

/**
 * Moderators and admins: approve (text and photo public), edit (the moderator's text public instead) or hide
 * (nothing public). Edit and hide need a reason, which the reporter sees in my_reports.
 */
export const moderateReport = defineApiFunction(
  'moderate_report',
  z
    .object({
      reportId: z.guid({ message: 'report_not_found' }),
      action: z.enum(MODERATION_ACTIONS, { message: 'invalid_action' }),
      description: z.string().trim().max(MODERATION_TEXT_MAX, { message: 'description_too_long' }).nullable().default(null),
      reason: z.string().trim().max(MODERATION_TEXT_MAX, { message: 'note_too_long' }).nullable().default(null),
    })
    .refine((a) => a.action === 'approve' || !!a.reason, { message: 'reason_required' })
    .refine((a) => a.action !== 'edit' || !!a.description, { message: 'description_required' }),
  z.object({
    id: z.guid(),
    moderation: z.enum(MODERATION_STATES),
    photo_moderation: z.enum(PHOTO_MODERATION_STATES).nullable(),
    public_description: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  (a) => ({ p_report_id: a.reportId, p_action: a.action, p_description: a.description, p_reason: a.reason || null }),
);
export type ModeratedReport = z.infer<typeof moderateReport.result>;
