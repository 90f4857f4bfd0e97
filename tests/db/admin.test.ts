/**
 * The admin screen's SQL (issue 17) on both engines: set_staff_role writes the audit (app.staff_role_events) in
 * the same transaction, refuses an admin's own role, counts a quota; list_staff and staff_role_events page like
 * list_measures; find_user_by_email returns one id and nothing else. Admins only; nobody reads the audit table.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../src/api/find-user-by-email';
import { listStaff } from '../../src/api/list-staff';
import { setStaffRole } from '../../src/api/set-staff-role';
import { staffRoleEvents } from '../../src/api/staff-role-events';
import type { Backend } from '../../src/backend/backend';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';

type Json = Record<string, unknown>;
const engines: EngineName[] = ['pglite', 'postgres'];
const ID = {
  admin: 'ad000000-0000-4000-8000-0000000001f1',
  admin2: 'ad000000-0000-4000-8000-0000000001f2',
  crew: 'c4e00000-0000-4000-8000-0000000001c1',
  resident: 'a11ce000-0000-4000-8000-0000000001a1',
};
const as = (id: string): Who => ({ role: 'authenticated', sub: id });
const anon: Who = { role: 'anon' };

describe.each(engines)('admin: staff roles and their audit on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: number }>(sql, params))[0].n);
  const setRole = (who: Who, user: string | null, role: string | null) =>
    db.call<Json>(who, 'set_staff_role', { p_user_id: user, p_role: role }, { commit: true });
  const events = (user: string) =>
    db.query<Json>(
      `select actor_id::text as actor, from_role, to_role from app.staff_role_events where user_id = $1 order by id`, [user]);

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(`insert into auth.users (id, email) values
      ($1, 'admin@example.test'), ($2, 'Admin2@Example.test'), ($3, 'crew@example.test'), ($4, null)`,
      [ID.admin, ID.admin2, ID.crew, ID.resident]);
    await db.query(`insert into app.staff_roles (user_id, role) values ($1, 'admin'), ($2, 'crew')`, [ID.admin, ID.crew]);
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('grant, change, revoke: each writes one audit row (who, whom, from, to) with the change; a repeat writes none', async () => {
    const user = randomUUID();
    expect(await setRole(as(ID.admin), user, 'crew')).toEqual({ user_id: user, role: 'crew' });
    expect(await setRole(as(ID.admin), user, 'crew')).toEqual({ user_id: user, role: 'crew' });
    await setRole(as(ID.admin), user, 'planner');
    expect(await db.call(as(user), 'whoami')).toEqual({ user_id: user, role: 'planner' });
    await setRole(as(ID.admin), user, null);
    expect(await db.call(as(user), 'whoami')).toEqual({ user_id: user, role: 'resident' });
    expect(await events(user)).toEqual([
      { actor: ID.admin, from_role: null, to_role: 'crew' },
      { actor: ID.admin, from_role: 'crew', to_role: 'planner' },
      { actor: ID.admin, from_role: 'planner', to_role: null },
    ]);
    // Revoking a role nobody has is no change.
    await setRole(as(ID.admin), user, null);
    expect(await events(user)).toHaveLength(3);
  });

  it('the grant records who granted it; a refused call writes neither the role nor an audit row', async () => {
    const user = randomUUID();
    await setRole(as(ID.admin), user, 'strategist');
    expect(await db.query(`select granted_by::text as by from app.staff_roles where user_id = $1`, [user]))
      .toEqual([{ by: ID.admin }]);
    const before = await count(`select count(*)::int as n from app.staff_role_events`);
    expect(await codeOf(setRole(as(ID.crew), user, null))).toBe('forbidden');
    expect(await codeOf(setRole(as(ID.admin), user, 'owner'))).toBe('invalid_role');
    expect(await codeOf(setRole(as(ID.admin), null, 'crew'))).toBe('invalid_role');
    expect(await count(`select count(*)::int as n from app.staff_role_events`)).toBe(before);
    expect(await db.call(as(user), 'whoami')).toEqual({ user_id: user, role: 'strategist' });
  });

  it('an admin cannot change or revoke their own role, so the last admin stays', async () => {
    for (const role of [null, 'crew', 'admin']) {
      expect(await codeOf(setRole(as(ID.admin), ID.admin, role))).toBe('cannot_change_own_role');
    }
    expect(await db.call(as(ID.admin), 'whoami')).toEqual({ user_id: ID.admin, role: 'admin' });
    expect(await count(`select count(*)::int as n from app.staff_roles where role = 'admin'`)).toBe(1);
    // A second admin can remove the first one; then the second one is the admin that remains, and cannot leave.
    await setRole(as(ID.admin), ID.admin2, 'admin');
    await setRole(as(ID.admin2), ID.admin, null);
    expect(await codeOf(setRole(as(ID.admin2), ID.admin2, null))).toBe('cannot_change_own_role');
    expect(await codeOf(setRole(as(ID.admin), ID.admin2, null))).toBe('forbidden');
    await setRole(as(ID.admin2), ID.admin, 'admin');
    await setRole(as(ID.admin), ID.admin2, null);
    expect(await db.query(`select user_id::text as u from app.staff_roles where role = 'admin'`)).toEqual([{ u: ID.admin }]);
  });

  it('list_staff: the staff by role with e-mail, when and by whom granted; paged with the total', async () => {
    const user = randomUUID();
    await setRole(as(ID.admin), user, 'moderator');
    const all = await db.call<{ total: number; items: Json[] }>(as(ID.admin), 'list_staff', { p_role: null, p_limit: 500, p_offset: 0 });
    const rows = await count(`select count(*)::int as n from app.staff_roles`);
    expect(all.total).toBe(rows);
    expect(all.items).toHaveLength(rows);
    // ID.admin's role was last granted by admin2 (the test above).
    expect(all.items[0]).toMatchObject({ user_id: ID.admin, role: 'admin', email: 'admin@example.test', granted_by: ID.admin2 });
    const mod = all.items.find((i) => i.user_id === user)!;
    expect(mod).toMatchObject({ role: 'moderator', email: null, granted_by: ID.admin, granted_by_email: 'admin@example.test' });
    expect(Number.isNaN(Date.parse(String(mod.granted_at)))).toBe(false);
    // Highest role first.
    const rank = ['admin', 'strategist', 'planner', 'moderator', 'crew'];
    const ranks = all.items.map((i) => rank.indexOf(String(i.role)));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // Pages put together are the whole list.
    const p1 = await db.call<{ total: number; items: Json[] }>(as(ID.admin), 'list_staff', { p_role: null, p_limit: 2, p_offset: 0 });
    const p2 = await db.call<{ total: number; items: Json[] }>(as(ID.admin), 'list_staff', { p_role: null, p_limit: 500, p_offset: 2 });
    expect([...p1.items, ...p2.items]).toEqual(all.items);
    expect(p1.total).toBe(rows);
    const crews = await db.call<{ total: number; items: Json[] }>(as(ID.admin), 'list_staff', { p_role: 'crew', p_limit: 100, p_offset: 0 });
    expect(crews.items.every((i) => i.role === 'crew')).toBe(true);
    expect(crews.total).toBe(await count(`select count(*)::int as n from app.staff_roles where role = 'crew'`));
    for (const [limit, offset] of [[0, 0], [501, 0], [10, -1]]) {
      expect(await codeOf(db.call(as(ID.admin), 'list_staff', { p_role: null, p_limit: limit, p_offset: offset }))).toBe('invalid_limit');
    }
    expect(await codeOf(db.call(as(ID.admin), 'list_staff', { p_role: 'owner', p_limit: 10, p_offset: 0 }))).toBe('invalid_role');
  });

  it('staff_role_events: newest first, with the e-mails, of everyone or of one user; paged with the total', async () => {
    await setRole(as(ID.admin), ID.resident, 'crew');
    await setRole(as(ID.admin), ID.resident, null);
    const mine = await db.call<{ total: number; items: Json[] }>(as(ID.admin), 'staff_role_events', { p_user_id: ID.resident, p_limit: 100, p_offset: 0 });
    expect(mine.total).toBe(2);
    expect(mine.items.map((e) => [e.from_role, e.to_role])).toEqual([['crew', null], [null, 'crew']]);
    expect(mine.items[0]).toMatchObject({ actor_id: ID.admin, actor_email: 'admin@example.test', user_id: ID.resident, user_email: null });
    const total = await count(`select count(*)::int as n from app.staff_role_events`);
    const first = await db.call<{ total: number; items: Json[] }>(as(ID.admin), 'staff_role_events', { p_user_id: null, p_limit: 1, p_offset: 0 });
    expect(first.total).toBe(total);
    expect(first.items).toEqual([mine.items[0]]);
    const rest = await db.call<{ total: number; items: Json[] }>(as(ID.admin), 'staff_role_events', { p_user_id: null, p_limit: 500, p_offset: 1 });
    expect(rest.items).toHaveLength(total - 1);
    expect(await codeOf(db.call(as(ID.admin), 'staff_role_events', { p_user_id: null, p_limit: 501, p_offset: 0 }))).toBe('invalid_limit');
  });

  it('find_user_by_email: exactly one account by its address (case and spaces ignored), only its id', async () => {
    const find = (who: Who, email: string | null) => db.call<Json>(who, 'find_user_by_email', { p_email: email });
    expect(await find(as(ID.admin), 'crew@example.test')).toEqual({ user_id: ID.crew });
    expect(await find(as(ID.admin), '  CREW@example.TEST ')).toEqual({ user_id: ID.crew });
    expect(await codeOf(find(as(ID.admin), 'admin2@example.test'))).toBe('user_not_found'); // stored with capitals
    expect(await codeOf(find(as(ID.admin), 'nobody@example.test'))).toBe('user_not_found');
    expect(await codeOf(find(as(ID.admin), 'crew@example'))).toBe('user_not_found');
    expect(await codeOf(find(as(ID.admin), '%@example.test'))).toBe('user_not_found');
    for (const bad of [null, '', '   ', 'crew', `${'x'.repeat(320)}@example.test`]) {
      expect(await codeOf(find(as(ID.admin), bad))).toBe('invalid_email');
    }
    // Two accounts with one address: neither is returned.
    await db.query(`insert into auth.users (id, email) values ($1, 'twin@example.test'), ($2, 'twin@example.test')`, [randomUUID(), randomUUID()]);
    expect(await codeOf(find(as(ID.admin), 'twin@example.test'))).toBe('user_not_found');
    expect(await codeOf(find(as(ID.crew), 'crew@example.test'))).toBe('forbidden');
    expect(await codeOf(find(as(ID.resident), 'crew@example.test'))).toBe('forbidden');
  });

  it('admins only; anon may not call; nobody reads or writes the audit table directly', async () => {
    const calls: Record<string, Json> = {
      list_staff: { p_role: null, p_limit: 10, p_offset: 0 },
      staff_role_events: { p_user_id: null, p_limit: 10, p_offset: 0 },
      find_user_by_email: { p_email: 'crew@example.test' },
      set_staff_role: { p_user_id: ID.resident, p_role: 'admin' },
    };
    for (const [fn, args] of Object.entries(calls)) {
      const e = await errorOf(db.call(anon, fn, args));
      expect(e.code, fn).toBe('42501');
      expect(e.message, fn).toMatch(/permission denied for function/);
      expect(await codeOf(db.call(as(ID.crew), fn, args)), fn).toBe('forbidden');
      expect(await codeOf(db.call(as(ID.resident), fn, args)), fn).toBe('forbidden');
    }
    for (const w of [anon, as(ID.resident), as(ID.crew), as(ID.admin)]) {
      expect((await errorOf(db.asRole(w, (q) => q('select count(*) from app.staff_role_events')))).code).toBe('42501');
      expect((await errorOf(db.asRole(w, (q) => q(
        `insert into app.staff_role_events (user_id, to_role) values ('${randomUUID()}', 'admin')`)))).code).toBe('42501');
    }
  });

  it('role changes count against the admin\'s hourly quota; a refused change writes nothing', async () => {
    const admin = randomUUID();
    await db.query(`insert into app.staff_roles (user_id, role) values ($1, 'admin')`, [admin]);
    // The budget is the admin's decisions (kind 'moderation', 2,000 per hour): fill it to one below.
    await db.query(`select app.take_quota('moderation', $1::uuid, 1999)`, [admin]);
    const user = randomUUID();
    await setRole(as(admin), user, 'crew');
    expect(await codeOf(setRole(as(admin), user, 'planner'))).toBe('rate_limited');
    expect(await events(user)).toEqual([{ actor: admin, from_role: null, to_role: 'crew' }]);
    expect(await db.call(as(user), 'whoami')).toEqual({ user_id: user, role: 'crew' });
    // A call that changes nothing is free.
    await setRole(as(admin), user, 'crew');
  });

  it('the Zod contracts (src/api) parse the real results and drop no field', async () => {
    // The contract's call, through a backend that runs it as the admin; the raw jsonb of the same call beside it.
    const raw: unknown[] = [];
    const backend = {
      rpc: async (fn: string, args: Record<string, unknown> = {}) => {
        const value = await db.call(as(ID.admin), fn, args, { commit: true });
        raw.push(value);
        return value;
      },
    } as unknown as Backend;
    const user = randomUUID();
    const checks = [
      await setStaffRole.call(backend, { userId: user, role: 'planner' }),
      await listStaff.call(backend, {}),
      await listStaff.call(backend, { role: 'planner', limit: 1, offset: 0 }),
      await staffRoleEvents.call(backend, {}),
      await staffRoleEvents.call(backend, { userId: user }),
      await findUserByEmail.call(backend, { email: ' crew@example.test ' }),
    ];
    expect(checks).toEqual(raw);
    expect(checks[5]).toEqual({ user_id: ID.crew });
    await expect(findUserByEmail.call(backend, { email: 'nobody' })).rejects.toMatchObject({ code: 'invalid_email' });
    await expect(listStaff.call(backend, { limit: 501 })).rejects.toMatchObject({ code: 'invalid_limit' });
  });
});
