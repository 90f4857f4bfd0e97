import { z } from 'zod';
import { REPORT_SOURCES, STATUSES } from '../domain/statuses';
import { challengeCode, challengeCodeSchema, isoDate } from './common';
import { defineApiFunction } from './define';
import { HOTSPOT_CELL_M_MAX, HOTSPOT_CELL_M_MIN } from './hotspot-cells';

export const WORK_LIST_MAX_LIMIT = 5000;

export const workItemSchema = z.object({
  id: z.guid(),
  category: z.string(),
  challenge: challengeCodeSchema,
  status: z.enum(STATUSES),
  /** Exact position (staff only). */
  lon: z.number(),
  lat: z.number(),
  district_code: z.number().nullable(),
  district_name: z.string().nullable(),
  observed_at: isoDate,
  created_at: isoDate,
  supports: z.number(),
  description: z.string(),
  source: z.enum(REPORT_SOURCES),
  /** The report has a photo from its reporter. */
  has_photo: z.boolean(),
  assigned_to_me: z.boolean(),
  /** Claimed by anyone (including the caller). */
  assigned: z.boolean(),
  /** Who holds it (a staff member's id; claimed or assigned), and the day it should be done by. */
  assignee: z.guid().nullable(),
  due_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /** Axial hex cell of the exact position at the requested `cellM`, as `hexCellOf`. */
  q: z.number(),
  r: z.number(),
});
export type WorkItem = z.infer<typeof workItemSchema>;

/**
 * The crew's work list: reports (default the open statuses new/confirmed/in_progress) in the districts,
 * challenges and categories given (null: all), oldest observation first, at most `limit`; `total` counts all that
 * match. Prioritisation happens in the client.
 */
export const workList = defineApiFunction(
  'work_list',
  z.object({
    districtCodes: z.array(z.number().int({ message: 'invalid_filter' })).nullable().default(null),
    statuses: z.array(z.enum(STATUSES, { message: 'invalid_filter' })).nullable().default(null),
    challenges: z.array(challengeCode('invalid_filter')).nullable().default(null),
    categories: z.array(z.string().min(1, { message: 'invalid_filter' })).max(100, { message: 'invalid_filter' }).nullable().default(null),
    limit: z
      .number()
      .int({ message: 'invalid_filter' })
      .min(1, { message: 'invalid_filter' })
      .max(WORK_LIST_MAX_LIMIT, { message: 'invalid_filter' })
      .default(500),
    cellM: z
      .number({ message: 'invalid_cell_size' })
      .min(HOTSPOT_CELL_M_MIN, { message: 'invalid_cell_size' })
      .max(HOTSPOT_CELL_M_MAX, { message: 'invalid_cell_size' })
      .default(100),
  }),
  z.object({ total: z.number(), items: z.array(workItemSchema) }),
  (a) => ({
    p_district_codes: a.districtCodes,
    p_statuses: a.statuses,
    p_challenges: a.challenges,
    p_limit: a.limit,
    p_cell_m: a.cellM,
    p_categories: a.categories,
  }),
);
export type WorkList = z.infer<typeof workList.result>;
