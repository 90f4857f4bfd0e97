import { z } from 'zod';
import { STAFF_ROLES } from '../domain/roles';
import { defineApiFunction } from './define';

/** Admins only: sets a user's staff role (replacing any other), or removes it with `role: null`. */
export const setStaffRole = defineApiFunction(
  'set_staff_role',
  z.object({
    userId: z.guid({ message: 'invalid_role' }),
    role: z.enum(STAFF_ROLES, { message: 'invalid_role' }).nullable(),
  }),
  z.object({ user_id: z.guid(), role: z.enum(STAFF_ROLES).nullable() }),
  (a) => ({ p_user_id: a.userId, p_role: a.role }),
);
