import { z } from 'zod';
import { MODERATION_ACTIONS, MODERATION_STATES, MODERATION_TEXT_MAX, PHOTO_MODERATION_STATES } from '../domain/moderation';
import { defineApiFunction } from './define';

/** A decision on the photo alone (api.moderate_report's p_photo). */
export const PHOTO_ACTIONS = ['approve', 'hide'] as const;
export type PhotoAction = (typeof PHOTO_ACTIONS)[number];

/**
 * Moderators and admins decide the text — approve (public), edit (the moderator's text public instead), hide
 * (nothing public) or null (unchanged) — and, on its own, the photo: approve, hide, or null (it follows the text:
 * approve/edit approve it, hide hides it). Edit, hide and a hidden photo need a reason, which the reporter sees in
 * my_reports.
 */
export const moderateReport = defineApiFunction(
  'moderate_report',
  z
    .object({
      reportId: z.guid({ message: 'report_not_found' }),
      action: z.enum(MODERATION_ACTIONS, { message: 'invalid_action' }).nullable().default(null),
      photo: z.enum(PHOTO_ACTIONS, { message: 'invalid_action' }).nullable().default(null),
      description: z.string().trim().max(MODERATION_TEXT_MAX, { message: 'description_too_long' }).nullable().default(null),
      reason: z.string().trim().max(MODERATION_TEXT_MAX, { message: 'note_too_long' }).nullable().default(null),
    })
    .refine((a) => a.action !== null || a.photo !== null, { message: 'invalid_action' })
    .refine((a) => !!a.reason || (a.action !== 'edit' && a.action !== 'hide' && a.photo !== 'hide'), {
      message: 'reason_required',
    })
    .refine((a) => a.action !== 'edit' || !!a.description, { message: 'description_required' }),
  z.object({
    id: z.guid(),
    moderation: z.enum(MODERATION_STATES),
    photo_moderation: z.enum(PHOTO_MODERATION_STATES).nullable(),
    public_description: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  (a) => ({
    p_report_id: a.reportId,
    p_action: a.action,
    p_description: a.description,
    p_reason: a.reason || null,
    p_photo: a.photo,
  }),
);
export type ModeratedReport = z.infer<typeof moderateReport.result>;
