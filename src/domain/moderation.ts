/** Moderation before publication (docs/security-moderation.md): states, reasons and actions as the database has them. */
import type { Role } from './roles';

export const MODERATION_STATES = ['held', 'approved', 'edited', 'hidden'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];
export const PHOTO_MODERATION_STATES = ['held', 'approved', 'hidden'] as const;
export type PhotoModerationState = (typeof PHOTO_MODERATION_STATES)[number];
/** Why an item is in the queue: what the automatic screen found, or a photo waiting for a moderator. */
export const MODERATION_REASONS = ['personal_number', 'phone', 'email', 'plate', 'photo'] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];
export const MODERATION_ACTIONS = ['approve', 'edit', 'hide'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
/** The longest moderator's reason and edited text the database accepts. */
export const MODERATION_TEXT_MAX = 2000;

/** Moderators and admins moderate; the database decides (api.moderate_report). */
export function canModerate(role: Role): boolean {
  return role === 'moderator' || role === 'admin';
}

/** Edit and hide need a reason (shown to the reporter). */
export function needsReason(action: ModerationAction): boolean {
  return action !== 'approve';
}
