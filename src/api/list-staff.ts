import { z } from 'zod';
import { STAFF_ROLES } from '../domain/roles';
import { isoDate } from './common';
import { defineApiFunction } from './define';
import { pageArgsSchema } from './paging';

export const staffMemberSchema = z.object({
  user_id: z.guid(),
  /** Null for an account without an address (e.g. an anonymous resident given a role by id). */
  email: z.string().nullable(),
  role: z.enum(STAFF_ROLES),
  granted_at: isoDate,
  /** Null when the database owner inserted the row (the first admin, local mode's personas). */
  granted_by: z.guid().nullable(),
  granted_by_email: z.string().nullable(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

/** Admins only: the staff, highest role first, then the oldest grant first; paged. */
export const listStaff = defineApiFunction(
  'list_staff',
  pageArgsSchema.extend({
    role: z.enum(STAFF_ROLES, { message: 'invalid_role' }).nullable().default(null),
  }),
  z.object({ items: z.array(staffMemberSchema), total: z.number() }),
  (a) => ({ p_role: a.role, p_limit: a.limit, p_offset: a.offset }),
);
export type StaffList = z.infer<typeof listStaff.result>;
