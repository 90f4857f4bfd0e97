import { z } from 'zod';
import { defineApiFunction } from './define';

export const CHANGE_STATUS_MANY_MAX = 500;

/**
 * The same status change for many reports ("resolve all reports in a cell"), all or nothing: the first
 * report that change_status would refuse aborts the whole call with that report's error.
 */
export const changeStatusMany = defineApiFunction(
  'change_status_many',
  z.object({
    reportIds: z
      .array(z.guid({ message: 'report_not_found' }))
      .max(CHANGE_STATUS_MANY_MAX, { message: 'too_many' }),
    toStatus: z.string().min(1, { message: 'transition_not_allowed' }),
    note: z.string().max(2000, { message: 'note_too_long' }).nullable().optional(),
  }),
  z.object({ changed: z.number(), ids: z.array(z.guid()) }),
  (a) => ({ p_report_ids: a.reportIds, p_to_status: a.toStatus, p_note: a.note ?? null }),
);
export type ChangedStatusMany = z.infer<typeof changeStatusMany.result>;
