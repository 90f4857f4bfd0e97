import { z } from 'zod';
import { STAFF_ROLES } from '../domain/roles';
import { isoDate } from './common';
import { defineApiFunction } from './define';
import { pageArgsSchema } from './paging';

/** One role change: who (actor) changed whose role (user) from what to what (null = no role), and when. */
export const staffRoleEventSchema = z.object({
  id: z.number(),
  at: isoDate,
  actor_id: z.guid().nullable(),
  actor_email: z.string().nullable(),
  user_id: z.guid(),
  user_email: z.string().nullable(),
  from_role: z.enum(STAFF_ROLES).nullable(),
  to_role: z.enum(STAFF_ROLES).nullable(),
});
export type StaffRoleEvent = z.infer<typeof staffRoleEventSchema>;

/** Admins only: the audit of role changes, newest first, of everyone or of one user; paged. */
export const staffRoleEvents = defineApiFunction(
  'staff_role_events',
  pageArgsSchema.extend({
    userId: z.guid({ message: 'invalid_filter' }).nullable().default(null),
  }),
  z.object({ items: z.array(staffRoleEventSchema), total: z.number() }),
  (a) => ({ p_user_id: a.userId, p_limit: a.limit, p_offset: a.offset }),
);
export type StaffRoleEventList = z.infer<typeof staffRoleEvents.result>;
