/** Who is using the app. `anon` has no session; `resident` is any signed-in user without a staff role. */
export const ROLES = ['anon', 'resident', 'crew', 'planner', 'strategist', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['crew', 'planner', 'strategist', 'moderator', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaff(role: Role): boolean {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
