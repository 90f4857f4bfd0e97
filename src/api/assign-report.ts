import { z } from 'zod';
import { STATUSES } from '../domain/statuses';
import { isoDate } from './common';
import { defineApiFunction } from './define';

/** A calendar day, 'YYYY-MM-DD' (PostgreSQL `date` in JSON). */
export const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'invalid_date' });

/**
 * Assign an open report to a colleague (crew or admin), optionally with a due date (today … a year ahead; null
 * clears it). The assignee holds the report as if they had claimed it; its status does not change. Someone else's
 * case only an admin may reassign (`already_claimed`); `invalid_assignee` for anyone without the crew or admin role.
 */
export const assignReport = defineApiFunction(
  'assign_report',
  z.object({
    reportId: z.guid({ message: 'report_not_found' }),
    assignee: z.guid({ message: 'invalid_assignee' }),
    dueOn: dayString.nullable().default(null),
  }),
  z.object({
    id: z.guid(),
    assigned_to: z.guid(),
    assigned_at: isoDate,
    due_on: dayString.nullable(),
    status: z.enum(STATUSES),
  }),
  (a) => ({ p_report_id: a.reportId, p_assignee: a.assignee, p_due_on: a.dueOn }),
);
export type AssignedReport = z.infer<typeof assignReport.result>;
