import { z } from 'zod';
import { defineApiFunction } from './define';

/**
 * An e-mail address for status notifications, as the database accepts it (app.email_ok): trimmed, 6–254
 * characters, one @, no spaces, a dot in the domain.
 */
export const notifyEmailSchema = z
  .string()
  .trim()
  .min(6, { message: 'invalid_email' })
  .max(254, { message: 'invalid_email' })
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: 'invalid_email' });

/** The reporter opts in (an address) or out (null) of e-mail on a status change of one of their own reports. */
export const setReportNotification = defineApiFunction(
  'set_report_notification',
  z.object({
    reportId: z.guid({ message: 'report_not_found' }),
    email: notifyEmailSchema.nullable(),
    lang: z.enum(['sv', 'en', 'ar']).default('sv'),
  }),
  z.object({ report_id: z.guid(), notify: z.boolean() }),
  (a) => ({ p_report_id: a.reportId, p_email: a.email, p_lang: a.lang }),
);
