import { z } from 'zod';
import { isoDate } from './common';
import { defineApiFunction } from './define';

/** Path of a status-update photo; the database also checks that the folder is the caller's id. */
export const UPDATE_PHOTO_PATH =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/updates\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|webp)$/;

/**
 * Moves a report along the status workflow (app.status_transitions) for the caller's role; idempotent by
 * `updateId` when one is given.
 */
export const changeStatus = defineApiFunction(
  'change_status',
  z.object({
    reportId: z.guid({ message: 'report_not_found' }),
    toStatus: z.string().min(1, { message: 'transition_not_allowed' }),
    note: z.string().max(2000, { message: 'note_too_long' }).nullable().optional(),
    duplicateOf: z.guid({ message: 'duplicate_of_invalid' }).nullable().optional(),
    /** A photo the caller uploaded to bucket report-photos: `<own uid>/updates/<uuid>.<jpg|webp>`. */
    photoPath: z
      .string()
      .regex(UPDATE_PHOTO_PATH, { message: 'invalid_photo_path' })
      .nullable()
      .optional(),
    /**
     * An id the client chose for this update (the crew outbox's item id): a retry with the same id returns
     * the first call's result instead of changing the status again.
     */
    updateId: z.guid({ message: 'id_conflict' }).nullable().optional(),
  }),
  z.object({
    id: z.guid(),
    status: z.string(),
    status_group: z.enum(['open', 'closed']),
    updated_at: isoDate,
  }),
  (a) => ({
    p_report_id: a.reportId,
    p_to_status: a.toStatus,
    p_note: a.note ?? null,
    p_duplicate_of: a.duplicateOf ?? null,
    // Sent only when given, so calls without a photo stay exactly as before.
    ...(a.photoPath ? { p_photo_path: a.photoPath } : {}),
    ...(a.updateId ? { p_update_id: a.updateId } : {}),
  }),
);
export type ChangedStatus = z.infer<typeof changeStatus.result>;
