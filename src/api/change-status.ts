import { z } from 'zod';
import { isoDate } from './common';
import { defineApiFunction } from './define';

/** Moves a report along the status workflow (app.status_transitions) for the caller's role. */
export const changeStatus = defineApiFunction(
  'change_status',
  z.object({
    reportId: z.guid({ message: 'report_not_found' }),
    toStatus: z.string().min(1, { message: 'transition_not_allowed' }),
    note: z.string().max(2000, { message: 'note_too_long' }).nullable().optional(),
    duplicateOf: z.guid({ message: 'duplicate_of_invalid' }).nullable().optional(),
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
  }),
);
export type ChangedStatus = z.infer<typeof changeStatus.result>;
