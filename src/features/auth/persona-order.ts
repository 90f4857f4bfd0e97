import type { Role } from '../../domain/roles';

export const PERSONA_ORDER: readonly Role[] = ['resident', 'crew', 'planner', 'strategist', 'moderator', 'admin', 'anon'];

/** The personas offered by the backend, in a fixed, sensible order, without duplicates. */
export function orderPersonas(list: ReadonlyArray<{ role: Role }>): Role[] {
  const roles = new Set(list.map((p) => p.role));
  return PERSONA_ORDER.filter((r) => roles.has(r));
}

export function isPlausibleEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}
