/**
 * The admin screen (issue 17) in the access matrix (docs/security.md): the audit of role changes is read only
 * through api.staff_role_events; the staff list, the audit and the e-mail lookup are for admins only.
 * set_staff_role's own row is in the core matrix (tests/db/security-suite.ts); its error codes now include the
 * refused own role and the quota.
 */
import { randomUUID } from 'node:crypto';
import type { SecurityArea } from './area';

const ADMINS = 'no forbidden forbidden forbidden forbidden ok';
const NO = 'no no no no no no';
const ADMIN_ID = 'ad000000-0000-4000-8000-00000000000f';
const LOOKED_UP = { id: 'e4a11000-0000-4000-8000-0000000000e1', email: 'staff.lookup@example.test' };

export const adminArea: SecurityArea = {
  tables: {
    'app.staff_role_events': { read: NO, create: NO, update: NO, delete: NO },
  },
  functions: {
    'api.list_staff': ADMINS,
    'api.staff_role_events': ADMINS,
    'api.find_user_by_email': ADMINS,
  },
  writes: {
    'app.staff_role_events': {
      create: `insert into app.staff_role_events (user_id, to_role) values (gen_random_uuid(), 'admin')`,
      update: `update app.staff_role_events set to_role = 'admin'`,
      delete: `delete from app.staff_role_events`,
    },
  },
  async setup(ctx) {
    // One audit row (the admin grants a role), and an account to look up by e-mail.
    await ctx.db.call({ role: 'authenticated', sub: ADMIN_ID }, 'set_staff_role',
      { p_user_id: randomUUID(), p_role: 'crew' }, { commit: true });
    await ctx.db.query(`insert into auth.users (id, email) values ($1, $2) on conflict (id) do nothing`,
      [LOOKED_UP.id, LOOKED_UP.email]);
  },
  args(fn) {
    switch (fn) {
      case 'api.list_staff':
        return { args: { p_role: null, p_limit: 50, p_offset: 0 } };
      case 'api.staff_role_events':
        return { args: { p_user_id: null, p_limit: 50, p_offset: 0 } };
      case 'api.find_user_by_email':
        return { args: { p_email: LOOKED_UP.email } };
      default:
        return undefined;
    }
  },
  documented: {
    list_staff: ['forbidden', 'invalid_role', 'invalid_limit'],
    staff_role_events: ['forbidden', 'invalid_limit'],
    find_user_by_email: ['forbidden', 'invalid_email', 'user_not_found'],
    set_staff_role: ['forbidden', 'invalid_role', 'cannot_change_own_role', 'rate_limited'],
  },
};
