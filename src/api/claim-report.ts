import { z } from 'zod';
import { STATUSES } from '../domain/statuses';
import { isoDate } from './common';
import { defineApiFunction } from './define';

/**
 * Claim an open report for the caller (crew, admin), or release it (`release: true`). Claiming a report that
 * someone else holds fails `already_claimed` (admins may take it over); only the holder or an admin may
 * release (`not_claim_holder`); closed reports cannot be claimed (`report_closed`). Claiming a new or confirmed
 * report moves it to in_progress (a status change by the claimer); `status` is the report's status afterwards.
 */
export const claimReport = defineApiFunction(
  'claim_report',
  z.object({
    reportId: z.guid({ message: 'report_not_found' }),
    release: z.boolean().default(false),
  }),
  z.object({
    id: z.guid(),
    assigned_to: z.guid().nullable(),
    assigned_at: isoDate.nullable(),
    status: z.enum(STATUSES),
  }),
  (a) => ({ p_report_id: a.reportId, p_release: a.release }),
);
export type ClaimedReport = z.infer<typeof claimReport.result>;
