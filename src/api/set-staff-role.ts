import { z } from 'zod';
import { STAFF_ROLES } from '../domain/roles';
import { defineApiFunction } from './define';

/**
 * Admins only: sets a user's staff role (replacing any other), or removes it with `role: null`. Every change is
 * recorded in the audit (api.staff_role_events); an admin's own role is refused (`cannot_change_own_role`).
 */
export const setStaffRole = defineApiFunction(
  'set_staff_role',
  z.object({
    userId: z.guid({ message: 'invalid_role' }),
    role: z.enum(STAFF_ROLES, { message: 'invalid_role' }).nullable(),
  }),
  z.object({ user_id: z.guid(), role: z.enum(STAFF_ROLES).nullable() }),
  (a) => ({ p_user_id: a.userId, p_role: a.role }),
);
