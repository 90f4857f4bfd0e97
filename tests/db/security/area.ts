/**
 * One area's part of the access matrix (docs/security.md and docs/security-<area>.md), so that each area can
 * add its tables and functions without editing the shared test. tests/db/security-suite.ts merges all areas
 * (see ./index.ts), checks the merged matrix against the docs cell by cell and against the database's tables
 * and functions, and runs every cell as its persona inside a rolled-back transaction on both engines.
 */
import type { Engine, Who } from '../engines';

export type Role = 'anon' | 'resident' | 'crew' | 'planner' | 'strategist' | 'admin';
export const ROLES: Role[] = ['anon', 'resident', 'crew', 'planner', 'strategist', 'admin'];

/** Fixed persona ids; `other` is a second resident. */
export const ID: Record<Exclude<Role, 'anon'> | 'other', string> = {
  resident: 'a11ce000-0000-4000-8000-00000000000a',
  other: 'b0b00000-0000-4000-8000-00000000000b',
  crew: 'c4e00000-0000-4000-8000-00000000000c',
  planner: '91a00000-0000-4000-8000-00000000000d',
  strategist: '57a00000-0000-4000-8000-00000000000e',
  admin: 'ad000000-0000-4000-8000-00000000000f',
};
export const who = (role: Role): Who => (role === 'anon' ? { role: 'anon' } : { role: 'authenticated', sub: ID[role] });

export interface SecurityContext {
  db: Engine;
  /**
   * Reports made by the core fixtures (all at Gamla staden, category litter): `mine` (resident, new),
   * `resolved` (resident, resolved by crew), `others` (the other resident, new). 300 demo reports exist too.
   */
  R: { mine: string; resolved: string; others: string };
}

export interface SecurityArea {
  /** Six tokens per row (anon resident crew planner strategist admin): all | own | no. */
  tables: Record<string, { read: string; create: string; update: string; delete: string }>;
  /** Six tokens per row: ok | no (execute not granted, 42501) | <documented error code>. */
  functions: Record<string, string>;
  /** Rows a role may see when a read cell says `own` ($1 = the caller's id). */
  own?: Record<string, string>;
  /** One representative statement per table and write operation (a valid row, so only access can stop it). */
  writes: Record<string, { create: string; update: string; delete: string }>;
  /** Runs once after the core fixtures, as the superuser or via ctx.db.call(..., { commit: true }). Make at least one row in each of your tables. */
  setup?(ctx: SecurityContext): Promise<void>;
  /** Valid arguments for one cell of your functions (undefined = not yours). `sql` for non-api functions. */
  args?(fn: string, role: Role, ctx: SecurityContext): { sql?: string; args: Record<string, unknown> } | undefined;
  /** Error codes each of your api functions may raise (name without `api.`). */
  documented?: Record<string, string[]>;
}
