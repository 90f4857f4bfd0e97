import { z } from 'zod';
import { challengeCodeSchema, isoDate } from './common';
import { defineApiFunction } from './define';

export const myReports = defineApiFunction(
  'my_reports',
  z.object({}),
  z.array(
    z.object({
      id: z.guid(),
      category: z.string(),
      challenge: challengeCodeSchema,
      status: z.string(),
      status_group: z.enum(['open', 'closed']),
      description: z.string(),
      created_at: isoDate,
      support_count: z.number(),
      last_update_at: isoDate.nullable(),
    }),
  ),
  () => ({}),
);
export type MyReport = z.infer<typeof myReports.result>[number];
