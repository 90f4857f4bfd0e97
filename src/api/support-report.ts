import { z } from 'zod';
import { defineApiFunction } from './define';

export const supportReport = defineApiFunction(
  'support_report',
  z.object({ reportId: z.guid({ message: 'report_not_found' }) }),
  z.object({ report_id: z.guid(), support_count: z.number(), supported_by_me: z.boolean() }),
  (a) => ({ p_report_id: a.reportId }),
);
