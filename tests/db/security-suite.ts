/**
 * Roles, status workflow, privacy, rate limit and fuzz, on one engine (PGlite or PostgreSQL 15; see securitySuite).
 *
 * 1. The access matrix of docs/security.md, mirrored below in TABLES and FUNCTIONS. The test checks that the
 *    doc and these tables agree cell by cell, that they list every table in schema `app` and every function in
 *    `api`, and then runs one persona test per cell (inside a rolled-back transaction).
 * 2. The status workflow (every role × every from/to pair), change_status, set_staff_role.
 * 3. Privacy: public outputs never carry the reporter's id; delete_my_data; purge_reporter_links.
 * 4. The submit_report rate limit.
 * 5. Property-based fuzz (fast-check) of every api function: 5,000 generated inputs each; every call succeeds
 *    or fails with a documented code, and the row counts change exactly by what succeeded.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';

import { ID, ROLES, who, type Role, type SecurityContext } from './security/area';
import { AREAS } from './security/index';

type Json = Record<string, unknown>;
const other: Who = { role: 'authenticated', sub: ID.other };
const noSub: Who = { role: 'authenticated' };
const service: Who = { role: 'service_role' };
const GAMLA_STADEN = { lon: 13.0038, lat: 55.605 };
const CITY = { p_west: 12.85, p_south: 55.48, p_east: 13.2, p_north: 55.66 };

// ---------------------------------------------------------------------------------------------------------
// THE MATRIX — mirrors docs/security.md (checked below). Six tokens per row: anon resident crew planner
// strategist admin. Tables: all = every row, own = only the caller's rows (RLS), no = denied.
// Functions: ok = succeeds, no = execute not granted (42501), otherwise the documented error code.
// ---------------------------------------------------------------------------------------------------------
const NO = 'no no no no no no';
const CORE_TABLES: Record<string, { read: string; create: string; update: string; delete: string }> = {
  'app.boundary': { read: 'all all all all all all', create: NO, update: NO, delete: NO },
  'app.categories': { read: 'all all all all all all', create: NO, update: NO, delete: NO },
  'app.challenges': { read: 'all all all all all all', create: NO, update: NO, delete: NO },
  'app.districts': { read: 'all all all all all all', create: NO, update: NO, delete: NO },
  'app.report_cells': { read: NO, create: NO, update: NO, delete: NO },
  'app.report_updates': { read: 'no own all all all all', create: NO, update: NO, delete: NO },
  'app.reports': { read: 'no own all all all all', create: NO, update: NO, delete: NO },
  'app.rate_events': { read: NO, create: NO, update: NO, delete: NO },
  'app.settings': { read: NO, create: NO, update: NO, delete: NO },
  'app.staff_roles': { read: 'no own own own own all', create: NO, update: NO, delete: NO },
  'app.status_transitions': { read: 'all all all all all all', create: NO, update: NO, delete: NO },
  'app.statuses': { read: 'all all all all all all', create: NO, update: NO, delete: NO },
  'app.supports': { read: 'no own all all all all', create: NO, update: NO, delete: NO },
};
const CORE_FUNCTIONS: Record<string, string> = {
  'api.change_status': 'no ok ok ok transition_not_allowed ok',
  'api.delete_my_data': 'no ok ok ok ok ok',
  'api.list_categories': 'ok ok ok ok ok ok',
  'api.my_reports': 'no ok ok ok ok ok',
  'api.nearby_reports': 'ok ok ok ok ok ok',
  'api.report_detail': 'ok ok ok ok ok ok',
  'api.reports_in_view': 'ok ok ok ok ok ok',
  'api.set_staff_role': 'no forbidden forbidden forbidden forbidden ok',
  'api.submit_report': 'no ok ok ok ok ok',
  'api.support_report': 'no ok ok ok ok ok',
  'api.whoami': 'ok ok ok ok ok ok',
  'app.purge_reporter_links': NO,
};
/** Rows a role may see when the cell says `own` ($1 = the caller's id). */
const CORE_OWN: Record<string, string> = {
  'app.reports': 'reporter_id = $1',
  'app.report_updates': 'report_id in (select id from app.reports where reporter_id = $1)',
  'app.supports': 'user_id = $1',
  'app.staff_roles': 'user_id = $1',
};
/** One representative statement per table and write operation (a valid row, so only access can stop it). */
const CORE_WRITES: Record<string, { create: string; update: string; delete: string }> = {
  'app.boundary': {
    create: `insert into app.boundary (id, name, geom) values (1, 'x', extensions.st_multi(extensions.st_makeenvelope(13, 55.6, 13.01, 55.61, 4326)))`,
    update: `update app.boundary set name = name`,
    delete: `delete from app.boundary`,
  },
  'app.categories': {
    create: `insert into app.categories (code, name_sv, name_en, duplicate_radius_m, public_precision_m, sort) values ('x_test', 'x', 'x', 1, 1, 99)`,
    update: `update app.categories set sort = sort`,
    delete: `delete from app.categories where code = 'litter'`,
  },
  'app.challenges': {
    create: `insert into app.challenges values ('x_test', 'x', 'x', 'x', 'x', 99)`,
    update: `update app.challenges set sort = sort`,
    delete: `delete from app.challenges`,
  },
  'app.districts': {
    create: `insert into app.districts values (99999, 'x', 'x', 'x', extensions.st_multi(extensions.st_makeenvelope(13, 55.6, 13.01, 55.61, 4326)))`,
    update: `update app.districts set name = name`,
    delete: `delete from app.districts`,
  },
  'app.report_cells': {
    create: `insert into app.report_cells (level, gx, gy, category, status, challenge, n, sx, sy) values (2, 1, 1, 'litter', 'new', 'renhallning', 1, 0, 0)`,
    update: `update app.report_cells set n = n`,
    delete: `delete from app.report_cells`,
  },
  'app.report_updates': {
    create: `insert into app.report_updates (report_id, from_status, to_status) select id, status, 'resolved' from app.reports limit 1`,
    update: `update app.report_updates set note = 'x'`,
    delete: `delete from app.report_updates`,
  },
  'app.reports': {
    create: `insert into app.reports (id, category, location, description, observed_at, is_dark) values (gen_random_uuid(), 'litter', extensions.st_setsrid(extensions.st_makepoint(13, 55.6), 4326), 'x', now(), false)`,
    update: `update app.reports set status = 'resolved'`,
    delete: `delete from app.reports`,
  },
  'app.rate_events': {
    create: `insert into app.rate_events (key, kind, n) values ('\\x00', 'report', 1)`,
    update: `update app.rate_events set n = n`,
    delete: `delete from app.rate_events`,
  },
  'app.settings': {
    create: `insert into app.settings (id) values (1)`,
    update: `update app.settings set reporter_link_retention = interval '10 years'`,
    delete: `delete from app.settings`,
  },
  'app.staff_roles': {
    create: `insert into app.staff_roles (user_id, role) values (gen_random_uuid(), 'admin')`,
    update: `update app.staff_roles set role = 'admin'`,
    delete: `delete from app.staff_roles`,
  },
  'app.status_transitions': {
    create: `insert into app.status_transitions (from_status, to_status, role) values ('new', 'resolved', 'strategist')`,
    update: `update app.status_transitions set role = 'resident'`,
    delete: `delete from app.status_transitions`,
  },
  'app.statuses': {
    create: `insert into app.statuses values ('x_test', 'open', 'x', 'x', 99)`,
    update: `update app.statuses set sort = sort`,
    delete: `delete from app.statuses`,
  },
  'app.supports': {
    create: `insert into app.supports (report_id, user_id) select id, gen_random_uuid() from app.reports limit 1`,
    update: `update app.supports set created_at = now()`,
    delete: `delete from app.supports`,
  },
};
const tokens = (row: string) => row.split(' ');

// The areas built later (crew, planning, strategy; tests/db/security/*.ts) add their rows to the matrix.
const TABLES = Object.assign({}, CORE_TABLES, ...AREAS.map((a) => a.tables)) as typeof CORE_TABLES;
const FUNCTIONS = Object.assign({}, CORE_FUNCTIONS, ...AREAS.map((a) => a.functions)) as typeof CORE_FUNCTIONS;
const OWN = Object.assign({}, CORE_OWN, ...AREAS.map((a) => a.own ?? {})) as typeof CORE_OWN;
const WRITES = Object.assign({}, CORE_WRITES, ...AREAS.map((a) => a.writes)) as typeof CORE_WRITES;

// The workflow, mirrored from the migration (and docs/security.md): role → allowed "from>to" pairs.
const STATUSES = ['new', 'confirmed', 'in_progress', 'resolved', 'not_actionable', 'duplicate', 'referred'];
const CLOSE = ['resolved', 'not_actionable', 'duplicate', 'referred'];
const WORKFLOW: Record<Exclude<Role, 'anon'>, string[]> = {
  resident: ['resolved>confirmed'],
  crew: ['new>confirmed', 'new>in_progress', 'confirmed>in_progress', ...['new', 'confirmed', 'in_progress'].flatMap((f) => CLOSE.map((t) => `${f}>${t}`))],
  planner: ['new>referred', 'confirmed>referred'],
  strategist: [],
  admin: STATUSES.flatMap((f) => STATUSES.filter((t) => t !== f).map((t) => `${f}>${t}`)),
};

// Error codes each api function may raise (docs/api.md). Anything else is an internal error.
const CORE_DOCUMENTED: Record<string, string[]> = {
  list_categories: [],
  whoami: [],
  reports_in_view: ['invalid_bbox', 'invalid_filter'],
  report_detail: ['report_not_found'],
  nearby_reports: ['invalid_position', 'unknown_category'],
  submit_report: [
    'not_signed_in', 'unknown_category', 'invalid_position', 'outside_malmo', 'description_required',
    'description_too_long', 'observed_in_future', 'observed_too_old', 'invalid_source', 'invalid_photo_path',
    'id_conflict', 'rate_limited',
  ],
  support_report: ['not_signed_in', 'report_not_found', 'own_report', 'rate_limited'],
  my_reports: ['not_signed_in'],
  change_status: [
    'not_signed_in', 'report_not_found', 'transition_not_allowed', 'note_required', 'note_too_long',
    'duplicate_of_invalid', 'reopen_expired', 'rate_limited',
  ],
  set_staff_role: ['forbidden', 'invalid_role'],
  delete_my_data: ['not_signed_in'],
};
const DOCUMENTED: Record<string, string[]> = Object.assign({}, CORE_DOCUMENTED, ...AREAS.map((a) => a.documented ?? {}));

/**
 * The suite on one engine. Two test files (security.pglite.test.ts, security.postgres.test.ts) call it, so its
 * halves run side by side in the db lane: as one file it was the lane's long pole.
 */
export function securitySuite(engineName: EngineName) {
  describe(`security on ${engineName}`, () => {
    let db: Engine;
    let setupError: unknown = null;
    /** Fixture reports: mine (resident, new), resolved (resident, resolved yesterday), others (other resident). */
    const R = { mine: randomUUID(), resolved: randomUUID(), others: randomUUID() };
    let ctx: SecurityContext;

    const submitArgs = (over: Record<string, unknown> = {}) => ({
      p_id: randomUUID(), p_category: 'litter', p_lon: GAMLA_STADEN.lon, p_lat: GAMLA_STADEN.lat,
      p_description: 'Skräp', p_observed_at: new Date(Date.now() - 3_600_000).toISOString(), p_source: 'resident',
      p_photo_path: null, ...over,
    });
    const submit = (w: Who, over: Record<string, unknown> = {}) =>
      db.call<Json>(w, 'submit_report', submitArgs(over), { commit: true });
    const count = async (sql: string, params?: unknown[]) => Number((await db.query<{ n: number }>(sql, params))[0].n);
    const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;

    beforeAll(async () => {
      try {
        db = await createEngine(engineName);
      } catch (error) {
        setupError = error;
        return;
      }
      await db.query(`insert into app.staff_roles (user_id, role) values
        ('${ID.crew}', 'crew'), ('${ID.planner}', 'planner'), ('${ID.strategist}', 'strategist'), ('${ID.admin}', 'admin')`);
      await db.query('select app.generate_demo_reports(300, 7)');
      await submit(who('resident'), { p_id: R.mine });
      await submit(who('resident'), { p_id: R.resolved, p_photo_path: `${ID.resident}/${R.resolved}.jpg` });
      await submit(other, { p_id: R.others });
      await db.call(who('crew'), 'change_status', { p_report_id: R.resolved, p_to_status: 'resolved' }, { commit: true });
      await db.call(other, 'support_report', { p_report_id: R.mine }, { commit: true });
      await db.call(who('resident'), 'support_report', { p_report_id: R.others }, { commit: true });
      await db.query(`insert into storage.objects (bucket_id, name, owner) values ('report-photos', $1, $2)`,
        [`${ID.resident}/${R.resolved}.jpg`, ID.resident]);
      ctx = { db, R };
      for (const area of AREAS) await area.setup?.(ctx);
    });
    beforeEach(() => {
      if (setupError) throw setupError;
    });
    afterAll(async () => {
      await db?.close();
    });

    it('engine is available', () => {
      expect(setupError).toBeNull();
    });

    // ------------------------------------------------------------------------------------------------------
    describe('access matrix (docs/security.md)', () => {
      it('the doc and this test have the same matrix, cell by cell', () => {
        const docs = join(import.meta.dirname, '../../docs');
        const doc = readdirSync(docs)
          .filter((f) => /^security(-[a-z]+)?\.md$/.test(f))
          .map((f) => readFileSync(join(docs, f), 'utf8'))
          .join('\n');
        const rows = doc.split('\n').filter((l) => /^\|\s*`(app|api)\.[a-z_]+`\s*\|/.test(l));
        const fromDoc: Record<string, string> = {};
        for (const line of rows) {
          const cells = line.split('|').slice(1, -1).map((c) => c.trim());
          const name = cells[0]!.replaceAll('`', '');
          const isTable = name in TABLES;
          const op = isTable ? cells[1]! : 'call';
          const values = cells.slice(isTable ? 2 : 1).map((c) => c.split(/\s+—|\s+-\s/)[0]!.replaceAll('*', '').trim());
          expect(values, line).toHaveLength(6);
          for (const v of cells.slice(isTable ? 2 : 1)) expect(v, `${name} ${op}: every cell needs a reason`).toMatch(/ — \S/);
          fromDoc[`${name} ${op}`] = values.join(' ');
        }
        const fromTest: Record<string, string> = {};
        for (const [t, ops] of Object.entries(TABLES)) for (const [op, v] of Object.entries(ops)) fromTest[`${t} ${op}`] = v;
        for (const [f, v] of Object.entries(FUNCTIONS)) fromTest[`${f} call`] = v;
        expect(fromDoc).toEqual(fromTest);
      });

      it('lists every table in schema app and every function in schema api', async () => {
        const tables = await db.query<{ t: string }>(`select 'app.' || tablename as t from pg_tables where schemaname = 'app' order by 1`);
        expect(tables.map((r) => r.t)).toEqual(Object.keys(TABLES).sort());
        const fns = await db.query<{ f: string }>(
          `select 'api.' || p.proname as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'api' order by 1`);
        expect(fns.map((r) => r.f)).toEqual(Object.keys(FUNCTIONS).filter((f) => f.startsWith('api.')).sort());
      });

      const tableCells = Object.entries(TABLES).flatMap(([table, ops]) =>
        (['read', 'create', 'update', 'delete'] as const).flatMap((op) =>
          tokens(ops[op]).map((expected, i) => [table, op, ROLES[i]!, expected] as const)));

      it.each(tableCells)('%s %s as %s: %s', async (table, op, role, expected) => {
        if (op === 'read') {
          const total = await count(`select count(*)::int as n from ${table}`);
          const got = db.asRole(who(role), (q) => q<{ n: number }>(`select count(*)::int as n from ${table}`));
          if (expected === 'no') {
            expect((await errorOf(got)).code).toBe('42501');
            return;
          }
          const n = Number((await got)[0].n);
          expect(total).toBeGreaterThan(0);
          if (expected === 'all') {
            expect(n).toBe(total);
          } else {
            const own = await count(`select count(*)::int as n from ${table} where ${OWN[table]}`, [ID[role as 'resident']]);
            expect(n).toBe(own);
            expect(total).toBeGreaterThan(own);
          }
          return;
        }
        expect(expected).toBe('no');
        const sql = WRITES[table]![op];
        // Denied: the statement fails for lack of privilege / RLS, or (update/delete) touches no row.
        try {
          const rows = await db.asRole(who(role), (q) => q<{ n: number }>(`with w as (${sql} returning 1) select count(*)::int as n from w`));
          expect(op, `${role} could ${op} ${table}`).not.toBe('create');
          expect(Number(rows[0].n)).toBe(0);
        } catch (error) {
          expect((error as { code?: string }).code, String(error)).toBe('42501');
        }
      });

      const argsFor = (fn: string, role: Role): { sql?: string; args: Record<string, unknown> } => {
        for (const area of AREAS) {
          const own = area.args?.(fn, role, ctx);
          if (own) return own;
        }
        switch (fn) {
          case 'api.submit_report':
            return { args: submitArgs() };
          case 'api.reports_in_view':
            return { args: { ...CITY, p_zoom: 12 } };
          case 'api.report_detail':
            return { args: { p_id: R.mine } };
          case 'api.nearby_reports':
            return { args: { p_lon: GAMLA_STADEN.lon, p_lat: GAMLA_STADEN.lat, p_category: 'litter' } };
          case 'api.support_report':
            return { args: { p_report_id: R.others } };
          case 'api.change_status':
            if (role === 'resident') return { args: { p_report_id: R.resolved, p_to_status: 'confirmed', p_note: 'Fortfarande skräp' } };
            if (role === 'planner') return { args: { p_report_id: R.mine, p_to_status: 'referred', p_note: 'Trafikverket' } };
            return { args: { p_report_id: R.mine, p_to_status: 'confirmed' } };
          case 'api.set_staff_role':
            return { args: { p_user_id: randomUUID(), p_role: 'planner' } };
          case 'app.purge_reporter_links':
            return { sql: 'select to_jsonb(app.purge_reporter_links()) as result', args: {} };
          default:
            return { args: {} };
        }
      };
      const functionCells = Object.entries(FUNCTIONS).flatMap(([fn, row]) =>
        tokens(row).map((expected, i) => [fn, ROLES[i]!, expected] as const));

      it.each(functionCells)('%s as %s: %s', async (fn, role, expected) => {
        const { sql, args } = argsFor(fn, role);
        const run = sql
          ? db.asRole(who(role), async (q) => (await q(sql))[0].result)
          : db.call(who(role), fn.slice(4), args);
        if (expected === 'ok') {
          const result = await run;
          expect(result).toBeTruthy();
          if (fn === 'api.whoami') expect(result).toEqual({ user_id: role === 'anon' ? null : ID[role], role });
        } else if (expected === 'no') {
          const e = await errorOf(run);
          expect(e.code).toBe('42501');
          expect(e.message).toMatch(/permission denied for function/);
        } else {
          expect(await codeOf(run)).toBe(expected);
        }
      });

      it('service_role may run the purge; nobody else may read settings or call helpers that write', async () => {
        expect(await db.asRole(service, async (q) => (await q('select app.purge_reporter_links() as n'))[0].n)).toBe(0);
        const rows = await db.asRole(service, (q) => q<{ r: string }>('select reporter_link_retention::text as r from app.settings'));
        expect(rows[0].r).toBe('3 mons');
        for (const w of [who('anon'), who('resident'), who('admin')]) {
          const e = await errorOf(db.asRole(w, (q) => q(`select app.unlink_reporters(array['${R.mine}']::uuid[])`)));
          expect(e.code).toBe('42501');
        }
      });
    });

    // ------------------------------------------------------------------------------------------------------
    describe('status workflow', () => {
      it('list_categories publishes exactly the workflow table', async () => {
        const r = await db.call<{ transitions: { from: string; to: string; roles: string[] }[] }>(who('anon'), 'list_categories');
        const published = r.transitions.flatMap((t) => t.roles.map((role) => `${role}:${t.from}>${t.to}`)).sort();
        const expected = Object.entries(WORKFLOW).flatMap(([role, pairs]) => pairs.map((p) => `${role}:${p}`)).sort();
        expect(published).toEqual(expected);
        expect(r.transitions[0]).toEqual({ from: 'new', to: 'confirmed', roles: ['crew', 'admin'] });
      });

      it('every role × every from/to pair: allowed exactly as the workflow says', async () => {
        const mismatches: string[] = [];
        const dup = R.others;
        await db.asRole(who('anon'), async (q) => {
          for (const role of ['resident', 'crew', 'planner', 'strategist', 'admin'] as const) {
            for (const from of STATUSES) {
              for (const to of STATUSES) {
                await q('savepoint t');
                await q('reset role');
                await q(`update app.reports set status = $1 where id = $2`, [from, R.mine]);
                await q(`insert into app.report_updates (report_id, from_status, to_status) values ($1, 'new', $2)`, [R.mine, from]);
                await q(`set local role authenticated`);
                await q(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: ID[role], role: 'authenticated' })]);
                let ok = true;
                try {
                  await q(`select api.change_status(p_report_id => $1, p_to_status => $2, p_note => 'n', p_duplicate_of => $3)`,
                    [R.mine, to, to === 'duplicate' ? dup : null]);
                } catch (error) {
                  ok = false;
                  if ((error as Error).message !== 'transition_not_allowed') mismatches.push(`${role} ${from}>${to}: ${(error as Error).message}`);
                }
                await q('rollback to savepoint t');
                if (ok !== WORKFLOW[role].includes(`${from}>${to}`)) mismatches.push(`${role} ${from}>${to}: ${ok ? 'allowed' : 'denied'}`);
              }
            }
          }
        });
        expect(mismatches).toEqual([]);
      });

      it('writes one report_update (author, from, to, note) and the reporter sees it', async () => {
        const id = randomUUID();
        await submit(who('resident'), { p_id: id });
        const r = await db.call<Json>(who('crew'), 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_note: '  Vi tittar på det  ' }, { commit: true });
        expect(r).toMatchObject({ id, status: 'confirmed', status_group: 'open' });
        const rows = await db.query<Json>(
          `select from_status, to_status, note, author_id::text as author from app.report_updates where report_id = $1 order by id`, [id]);
        expect(rows).toEqual([
          { from_status: null, to_status: 'new', note: null, author: ID.resident },
          { from_status: 'new', to_status: 'confirmed', note: 'Vi tittar på det', author: ID.crew },
        ]);
        const d = await db.call<{ updates: Json[]; status: string }>(who('resident'), 'report_detail', { p_id: id });
        expect(d.status).toBe('confirmed');
        expect(d.updates.at(-1)).toMatchObject({ from_status: 'new', to_status: 'confirmed', note: 'Vi tittar på det' });
        expect(JSON.stringify(d)).not.toContain(ID.crew);
      });

      it('duplicate needs a note and another existing, non-duplicate report, and stores duplicate_of', async () => {
        const id = randomUUID();
        await submit(who('resident'), { p_id: id });
        const cs = (args: Record<string, unknown>) =>
          db.call(who('crew'), 'change_status', { p_report_id: id, p_to_status: 'duplicate', p_note: 'Samma sak', ...args });
        expect(await codeOf(cs({ p_duplicate_of: R.others, p_note: '   ' }))).toBe('note_required');
        expect(await codeOf(cs({ p_duplicate_of: null }))).toBe('duplicate_of_invalid');
        expect(await codeOf(cs({ p_duplicate_of: id }))).toBe('duplicate_of_invalid');
        expect(await codeOf(cs({ p_duplicate_of: randomUUID() }))).toBe('duplicate_of_invalid');
        expect(await codeOf(db.call(who('crew'), 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_duplicate_of: R.others })))
          .toBe('duplicate_of_invalid');
        await db.call(who('crew'), 'change_status', { p_report_id: id, p_to_status: 'duplicate', p_note: 'Samma', p_duplicate_of: R.others }, { commit: true });
        expect(await count(`select count(*)::int as n from app.reports where id = $1 and duplicate_of = $2`, [id, R.others])).toBe(1);
        // A report closed as a duplicate cannot be the target of another duplicate (no chains or cycles).
        const id2 = randomUUID();
        await submit(other, { p_id: id2 });
        expect(await codeOf(db.call(who('crew'), 'change_status', { p_report_id: id2, p_to_status: 'duplicate', p_note: 'x', p_duplicate_of: id })))
          .toBe('duplicate_of_invalid');
        // Admin reopens it: duplicate_of is cleared.
        await db.call(who('admin'), 'change_status', { p_report_id: id, p_to_status: 'confirmed' }, { commit: true });
        expect(await count(`select count(*)::int as n from app.reports where id = $1 and duplicate_of is null`, [id])).toBe(1);
      });

      it('notes: required for not_actionable, referred and reopen; at most 2000 characters', async () => {
        expect(await codeOf(db.call(who('crew'), 'change_status', { p_report_id: R.mine, p_to_status: 'not_actionable' }))).toBe('note_required');
        expect(await codeOf(db.call(who('planner'), 'change_status', { p_report_id: R.mine, p_to_status: 'referred', p_note: '' }))).toBe('note_required');
        expect(await codeOf(db.call(who('resident'), 'change_status', { p_report_id: R.resolved, p_to_status: 'confirmed' }))).toBe('note_required');
        expect(await codeOf(db.call(who('crew'), 'change_status', { p_report_id: R.mine, p_to_status: 'resolved', p_note: 'x'.repeat(2001) }))).toBe('note_too_long');
        await db.call(who('crew'), 'change_status', { p_report_id: R.mine, p_to_status: 'resolved', p_note: 'å'.repeat(2000) });
      });

      it('reopen: only the reporter, only within 30 days of the resolution', async () => {
        const reopen = (w: Who) => db.call(w, 'change_status', { p_report_id: R.resolved, p_to_status: 'confirmed', p_note: 'Fortfarande ett problem' });
        expect(await reopen(who('resident'))).toMatchObject({ status: 'confirmed', status_group: 'open' });
        expect(await codeOf(reopen(other))).toBe('transition_not_allowed');
        expect(await codeOf(reopen(who('strategist')))).toBe('transition_not_allowed');
        const expired = await db.asRole(who('resident'), async (q) => {
          await q('reset role');
          await q(`update app.report_updates set created_at = now() - interval '31 days' where report_id = $1 and to_status = 'resolved'`, [R.resolved]);
          await q('set local role authenticated');
          try {
            await q(`select api.change_status(p_report_id => $1, p_to_status => 'confirmed', p_note => 'x')`, [R.resolved]);
            return 'ok';
          } catch (error) {
            return (error as Error).message;
          }
        });
        expect(expired).toBe('reopen_expired');
        // A resident cannot reopen a report that is still open, nor close their own.
        expect(await codeOf(db.call(who('resident'), 'change_status', { p_report_id: R.mine, p_to_status: 'resolved' }))).toBe('transition_not_allowed');
      });

      it('fails with not_signed_in, report_not_found and transition_not_allowed for unknown statuses', async () => {
        expect(await codeOf(db.call(noSub, 'change_status', { p_report_id: R.mine, p_to_status: 'confirmed' }))).toBe('not_signed_in');
        expect(await codeOf(db.call(who('crew'), 'change_status', { p_report_id: randomUUID(), p_to_status: 'confirmed' }))).toBe('report_not_found');
        expect(await codeOf(db.call(who('crew'), 'change_status', { p_report_id: null, p_to_status: 'confirmed' }))).toBe('report_not_found');
        for (const s of [null, '', 'open', 'new', 'CONFIRMED']) {
          expect(await codeOf(db.call(who('admin'), 'change_status', { p_report_id: R.mine, p_to_status: s }))).toBe('transition_not_allowed');
        }
      });
    });

    // ------------------------------------------------------------------------------------------------------
    describe('staff roles', () => {
      it('set_staff_role sets, replaces and removes a role; only admins; never their own', async () => {
        const u: string = randomUUID();
        const me: Who = { role: 'authenticated', sub: u };
        const set = (role: string | null, w = who('admin'), user = u) =>
          db.call(w, 'set_staff_role', { p_user_id: user, p_role: role }, { commit: true });
        expect(await set('planner')).toEqual({ user_id: u, role: 'planner' });
        expect(await db.call(me, 'whoami')).toEqual({ user_id: u, role: 'planner' });
        await set('crew');
        expect(await count(`select count(*)::int as n from app.staff_roles where user_id = $1`, [u])).toBe(1);
        expect(await db.call(me, 'whoami')).toEqual({ user_id: u, role: 'crew' });
        expect(await set(null)).toEqual({ user_id: u, role: null });
        expect(await db.call(me, 'whoami')).toEqual({ user_id: u, role: 'resident' });
        expect(await codeOf(set('boss'))).toBe('invalid_role');
        expect(await codeOf(set('resident'))).toBe('invalid_role');
        expect(await codeOf(set('crew', who('admin'), null as never))).toBe('invalid_role');
        expect(await codeOf(set(null, who('admin'), ID.admin))).toBe('cannot_change_own_role');
        expect(await codeOf(set('admin', who('crew')))).toBe('forbidden');
        expect(await codeOf(set('admin', noSub))).toBe('forbidden');
      });
    });

    // ------------------------------------------------------------------------------------------------------
    describe('privacy', () => {
      it('public outputs never carry the reporter id or the photo path; reporter and staff get the path', async () => {
        for (const w of [who('anon'), other]) {
          const d = await db.call<Json>(w, 'report_detail', { p_id: R.resolved });
          expect(d.photo_path).toBeNull();
          const near = await db.call(w, 'nearby_reports', { p_lon: GAMLA_STADEN.lon, p_lat: GAMLA_STADEN.lat, p_category: 'litter' });
          const view = await db.call(w, 'reports_in_view', { p_west: 13.0, p_south: 55.6, p_east: 13.01, p_north: 55.61, p_zoom: 19 });
          const cats = await db.call(w, 'list_categories');
          for (const out of [d, near, view, cats]) {
            expect(JSON.stringify(out)).not.toContain(ID.resident);
            expect(JSON.stringify(out)).not.toContain('reporter');
            expect(JSON.stringify(out)).not.toContain('author');
          }
        }
        for (const w of [who('resident'), who('crew')]) {
          expect((await db.call<Json>(w, 'report_detail', { p_id: R.resolved })).photo_path).toBe(`${ID.resident}/${R.resolved}.jpg`);
        }
      });

      it('photo objects (names contain uids) are listed only to their uploader and staff', async () => {
        const photos = (w: Who) => db.asRole(w, (q) => q<{ n: number }>(`select count(*)::int as n from storage.objects where bucket_id = 'report-photos'`));
        expect(Number((await photos(who('anon')))[0].n)).toBe(0);
        expect(Number((await photos(other))[0].n)).toBe(0);
        expect(Number((await photos(who('resident')))[0].n)).toBe(1);
        expect(Number((await photos(who('crew')))[0].n))
          .toBe(await count(`select count(*)::int as n from storage.objects where bucket_id = 'report-photos'`));
      });

      it('coarse categories are snapped publicly in every output; staff get the exact point', async () => {
        const id = randomUUID();
        const lon = 13.0123457;
        const lat = 55.5987654;
        await submit(other, { p_id: id, p_category: 'syringes', p_lon: lon, p_lat: lat });
        const pub = await db.call<Json>(who('anon'), 'report_detail', { p_id: id });
        const [grid] = await db.query<{ dx: number; dy: number; d: number }>(
          `select abs(extensions.st_x(p) / 50 - round(extensions.st_x(p) / 50)) as dx, abs(extensions.st_y(p) / 50 - round(extensions.st_y(p) / 50)) as dy,
                  extensions.st_distance(p, extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326), 3006)) as d
             from (select extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326), 3006) as p) s`,
          [pub.lon, pub.lat, lon, lat]);
        expect(grid.dx).toBeLessThan(1e-4);
        expect(grid.dy).toBeLessThan(1e-4);
        expect(grid.d).toBeGreaterThan(0.5);
        const view = await db.call<{ items: [number, number, number, string, string | null][] }>(who('anon'), 'reports_in_view', {
          p_west: lon - 0.002, p_south: lat - 0.002, p_east: lon + 0.002, p_north: lat + 0.002, p_zoom: 20, p_categories: ['syringes'],
        });
        const item = view.items.find((i) => i[4] === id);
        expect(item?.[0]).toBeCloseTo(Number(pub.lon), 6);
        expect(item?.[1]).toBeCloseTo(Number(pub.lat), 6);
        expect(await db.call(who('strategist'), 'report_detail', { p_id: id })).toMatchObject({ precise: true, lon, lat });
      });

      it('delete_my_data unlinks the caller everywhere and deletes their supports; reports stay', async () => {
        const u = randomUUID();
        const me: Who = { role: 'authenticated', sub: u };
        const a = randomUUID();
        const b = randomUUID();
        await submit(me, { p_id: a, p_photo_path: `${u}/${a}.webp` });
        await submit(me, { p_id: b });
        await db.query(`insert into storage.objects (bucket_id, name, owner) values ('report-photos', $1, $2)`, [`${u}/${a}.webp`, u]);
        await db.call(me, 'support_report', { p_report_id: R.others }, { commit: true });
        await db.call(me, 'support_report', { p_report_id: R.mine }, { commit: true });
        const supportsBefore = await count(`select count(*)::int as n from app.supports where report_id = $1`, [R.mine]);
        const r = await db.call(me, 'delete_my_data', {}, { commit: true });
        expect(r).toEqual({ reports_unlinked: 2, supports_deleted: 2 });
        expect(await count(`select count(*)::int as n from app.reports where id in ($1, $2) and reporter_id is null`, [a, b])).toBe(2);
        expect(await count(`select count(*)::int as n from app.report_updates where author_id = $1`, [u])).toBe(0);
        expect(await count(`select count(*)::int as n from app.supports where user_id = $1`, [u])).toBe(0);
        expect(await count(`select count(*)::int as n from app.supports where report_id = $1`, [R.mine])).toBe(supportsBefore - 1);
        expect(await count(`select count(*)::int as n from storage.objects where owner = $1`, [u])).toBe(0);
        expect(await db.call(me, 'my_reports')).toEqual([]);
        expect(await db.call(me, 'report_detail', { p_id: a })).toMatchObject({ is_mine: false, precise: false, photo_path: null });
        expect(await db.call(me, 'delete_my_data')).toEqual({ reports_unlinked: 0, supports_deleted: 0 });
        expect(await codeOf(db.call(noSub, 'delete_my_data'))).toBe('not_signed_in');
      });

      it('purge_reporter_links unlinks only reports without a status update for the period (default: the 3-month setting); supports are no activity', async () => {
        const u = randomUUID();
        const me: Who = { role: 'authenticated', sub: u };
        const [stale, supported, updated, fresh] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        for (const id of [stale, supported, updated, fresh]) await submit(me, { p_id: id });
        await db.query(`update app.reports set created_at = now() - interval '100 days' where id = any($1::uuid[])`, [[stale, supported, updated]]);
        await db.query(`update app.report_updates set created_at = now() - interval '100 days' where report_id = any($1::uuid[])`, [[stale, supported, updated]]);
        await db.query(`insert into app.supports (report_id, user_id, created_at) values ($1, gen_random_uuid(), now() - interval '10 days'),
                        ($2, gen_random_uuid(), now() - interval '200 days')`, [supported, stale]);
        await db.query(`insert into app.report_updates (report_id, from_status, to_status, created_at) values ($1, 'new', 'confirmed', now() - interval '20 days')`, [updated]);
        const linked = (id: string) => count(`select count(*)::int as n from app.reports where id = $1 and reporter_id is not null`, [id]);
        // A longer period than anything here: nothing of ours goes.
        await db.asRole(service, (q) => q(`select app.purge_reporter_links(interval '400 days')`), { commit: true });
        expect(await linked(stale)).toBe(1);
        const n = await db.asRole(service, async (q) => Number((await q<{ n: number }>('select app.purge_reporter_links() as n'))[0].n), { commit: true });
        expect(n).toBeGreaterThanOrEqual(1);
        expect(await linked(stale)).toBe(0);
        expect(await count(`select count(*)::int as n from app.report_updates where report_id = $1 and author_id is not null`, [stale])).toBe(0);
        // A support 10 days ago does not keep the reporter linked (anyone could support a report for ever:
        // migration …205400000_privacy_after_purge); only a status update is activity.
        expect(await linked(supported)).toBe(0);
        for (const id of [updated, fresh]) expect(await linked(id)).toBe(1);
        await db.asRole(service, (q) => q(`select app.purge_reporter_links(interval '15 days')`), { commit: true });
        expect(await linked(updated)).toBe(0);
        expect(await linked(fresh)).toBe(1);
        await db.asRole(service, (q) => q(`select app.purge_reporter_links(interval '5 days')`), { commit: true });
        expect(await linked(supported)).toBe(0);
        expect(await linked(fresh)).toBe(1);
        expect((await errorOf(db.asRole(service, (q) => q(`select app.purge_reporter_links(interval '-1 day')`)))).message).toBe('invalid_retention');
      });

      it('migrations succeed without pg_cron (schedule only where the extension exists)', async () => {
        const available = await count(`select count(*)::int as n from pg_available_extensions where name = 'pg_cron'`);
        const installed = await count(`select count(*)::int as n from pg_extension where extname = 'pg_cron'`);
        if (available === 0) expect(installed).toBe(0);
      });
    });

    // ------------------------------------------------------------------------------------------------------
    describe('rate limit', () => {
      it('refuses the 21st new report in an hour from a non-staff user; retries and staff are not limited', async () => {
        const u = randomUUID();
        const me: Who = { role: 'authenticated', sub: u };
        const ids = Array.from({ length: 20 }, () => randomUUID());
        for (const id of ids) await submit(me, { p_id: id });
        const before = await count('select count(*)::int as n from app.reports');
        const e = await errorOf(submit(me));
        expect(e.message).toBe('rate_limited');
        // A retry of a stored report still returns it (and does not count).
        expect(await submit(me, { p_id: ids[3] })).toMatchObject({ id: ids[3] });
        expect(await count('select count(*)::int as n from app.reports')).toBe(before);
        // An hour later it is allowed again.
        await db.query(`update app.reports set created_at = created_at - interval '61 minutes' where reporter_id = $1`, [u]);
        // The quota is counted under an anonymous key (app.rate_events), not by reports.
        await db.query(`update app.rate_events set at = at - interval '61 minutes'`);
        await submit(me);
        // Staff are not limited.
        for (let i = 0; i < 22; i++) await submit(who('crew'), { p_source: 'crew' });
      });
    });

    // ------------------------------------------------------------------------------------------------------
    describe('property: every api function, 5,000 generated inputs each', () => {
      const RUNS = 5000;
      const FUZZ_USERS = Array.from({ length: 4 }, () => randomUUID());
      const reportPool: string[] = [];
      beforeAll(async () => {
        if (setupError) return;
        const rows = await db.query<{ id: string }>(`select id::text as id from app.reports order by is_demo, id limit 40`);
        reportPool.push(...rows.map((r) => r.id));
      });

      const clean = (s: string) => s.replaceAll('\u0000', '');
      const text = fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.constantFrom(
          '', '   ', "'; drop table app.reports; --", "' or '1'='1", '$$; select 1; $$', '\\', '%_*', 'NULL', 'null',
          '<script>alert(1)</script>', '\u202e\u200b', '🧟‍♀️', 'x'.repeat(2001), 'é'.repeat(2000), 'litter', 'new', 'confirmed',
          'resolved', 'crew', 'admin', 'trafik', 'renhallning',
        ),
      ).map(clean);
      const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { freq: 8, nil: null });
      const num = fc.oneof(
        fc.double(),
        fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, -0, 0, 180, -180, 90, -90, 2 ** 53),
        fc.integer().map(Number),
      );
      const lon = fc.oneof({ weight: 3, arbitrary: fc.double({ min: 12.85, max: 13.2, noNaN: true }) }, { weight: 1, arbitrary: num });
      const lat = fc.oneof({ weight: 3, arbitrary: fc.double({ min: 55.48, max: 55.66, noNaN: true }) }, { weight: 1, arbitrary: num });
      const when = fc.oneof(
        fc.integer({ min: -20, max: 400 * 24 * 60 }).map((m) => new Date(Date.now() - m * 60_000).toISOString()),
        fc.date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('infinity', '-infinity'),
      );
      const uuid = () =>
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...reportPool) },
          { weight: 2, arbitrary: fc.uuid() },
          { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff') },
        );
      const codes = (values: readonly string[]) => fc.oneof(fc.constantFrom(...values), text);
      const STATUS_CODES = STATUSES;
      const filter = (values: readonly string[]) =>
        fc.option(fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: maybe(text) }), { maxLength: 4 }),
          { freq: 2, nil: null });
      const CATEGORY_CODES = ['litter', 'syringes', 'speeding', 'dark_place', 'graffiti', 'planning_safety_concern'];
      const caller = (anonToo: boolean) =>
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...FUZZ_USERS).map((sub): Who => ({ role: 'authenticated', sub })) },
          { weight: 2, arbitrary: fc.uuid().map((sub): Who => ({ role: 'authenticated', sub })) },
          { weight: 1, arbitrary: fc.constantFrom<Who>(who('crew'), who('planner'), who('admin'), who('strategist'), noSub) },
          { weight: anonToo ? 2 : 1, arbitrary: fc.constant<Who>(who('anon')) },
        );

      type Counts = { reports: number; updates: number; supports: number; staff: number; linked: number };
      const counts = async (): Promise<Counts> => {
        const [r] = await db.query<Counts>(`select
          (select count(*)::int from app.reports) as reports, (select count(*)::int from app.report_updates) as updates,
          (select count(*)::int from app.supports) as supports, (select count(*)::int from app.staff_roles) as staff,
          (select count(*)::int from app.reports where reporter_id is not null) as linked`);
        return { reports: Number(r.reports), updates: Number(r.updates), supports: Number(r.supports), staff: Number(r.staff), linked: Number(r.linked) };
      };

      /** Argument types of each function, to pass generated values through jsonb with the right casts. */
      const TYPES: Record<string, Record<string, 'uuid' | 'text' | 'float8' | 'timestamptz' | 'text[]'>> = {
        list_categories: {}, whoami: {}, my_reports: {}, delete_my_data: {},
        report_detail: { p_id: 'uuid' },
        nearby_reports: { p_lon: 'float8', p_lat: 'float8', p_category: 'text' },
        reports_in_view: {
          p_west: 'float8', p_south: 'float8', p_east: 'float8', p_north: 'float8', p_zoom: 'float8',
          p_challenges: 'text[]', p_categories: 'text[]', p_statuses: 'text[]', p_from: 'timestamptz', p_to: 'timestamptz',
        },
        submit_report: {
          p_id: 'uuid', p_category: 'text', p_lon: 'float8', p_lat: 'float8', p_description: 'text',
          p_observed_at: 'timestamptz', p_source: 'text', p_photo_path: 'text',
        },
        support_report: { p_report_id: 'uuid' },
        change_status: { p_report_id: 'uuid', p_to_status: 'text', p_note: 'text', p_duplicate_of: 'uuid' },
        set_staff_role: { p_user_id: 'uuid', p_role: 'text' },
      };
      beforeAll(async () => {
        if (setupError) return;
        // Test-only runner (never in a migration): each call in its own subtransaction (BEGIN … EXCEPTION, the
        // savepoint PostgREST's per-request transaction amounts to), as the caller's role and JWT claims, in
        // one round trip per chunk. Successful calls stay; failed ones are rolled back to their savepoint.
        await db.query(`create schema if not exists fuzz_test;
          create or replace function fuzz_test.run(p_sql text, p_calls jsonb, p_keep boolean) returns jsonb
          language plpgsql as $fn$
          declare
            c jsonb;
            v jsonb;
            acc jsonb[] := '{}';
          begin
            for c in select value from jsonb_array_elements(p_calls) loop
              begin
                perform set_config('role', c->>'role', true);
                perform set_config('request.jwt.claims', c->>'claims', true);
                execute p_sql into v using c->'args';
                acc := array_append(acc, jsonb_build_object('ok', true, 'result', case when p_keep then v end));
              exception when others then
                acc := array_append(acc, jsonb_build_object('ok', false, 'message', sqlerrm, 'code', sqlstate));
              end;
            end loop;
            perform set_config('role', 'none', true);
            return to_jsonb(acc);
          end
          $fn$;`);
      });
      const wellFormed = (v: unknown): unknown =>
        typeof v === 'string' ? (v.replaceAll('\u0000', '') as string & { toWellFormed(): string }).toWellFormed()
        : typeof v === 'number' ? String(v)
        : Array.isArray(v) ? v.map(wellFormed) : v;

      /**
       * Runs RUNS generated calls of `fn` (fast-check, fixed seed) and checks every outcome: a success, or one of
       * the function's documented codes (anon on a function not granted to anon: permission denied). Returns
       * the successes, for the caller's row-count model.
       */
      async function fuzz<A extends Record<string, unknown>>(
        fn: string,
        arb: fc.Arbitrary<{ who: Who; args: A }>,
        anonGranted: boolean,
        keep = true,
      ): Promise<{ who: Who; args: A; result: unknown }[]> {
        const allowed = new Set(DOCUMENTED[fn]);
        for (const c of allowed) expect(ERROR_CODES as readonly string[]).toContain(c);
        const types = TYPES[fn]!;
        const expr = (name: string, type: string) =>
          type === 'text[]'
            ? `case when jsonb_typeof($1->'${name}') = 'array' then array(select jsonb_array_elements_text($1->'${name}')) end`
            : `($1->>'${name}')::${type}`;
        const sql = `select api.${fn}(${Object.entries(types).map(([n, t]) => `${n} => ${expr(n, t)}`).join(', ')})`;
        const inputs = fc.sample(arb, { numRuns: RUNS, seed: 20261203 });
        const successes: { who: Who; args: A; result: unknown }[] = [];
        const outcomes: Record<string, number> = {};
        const failures: string[] = [];
        const started = Date.now();
        for (let i = 0; i < inputs.length; i += 1000) {
          const chunk = inputs.slice(i, i + 1000);
          const calls = chunk.map(({ who: w, args }) => ({
            role: w.role,
            claims: JSON.stringify(w.sub ? { sub: w.sub, role: w.role } : { role: w.role }),
            args: Object.fromEntries(Object.keys(types).map((n) => [n, wellFormed(args[n] ?? null)])),
          }));
          const [row] = await db.query<{ r: { ok: boolean; result?: unknown; message?: string; code?: string }[] }>(
            'select fuzz_test.run($1, $2::jsonb, $3) as r', [sql, JSON.stringify(calls), keep]);
          row.r.forEach((o, j) => {
            const input = chunk[j]!;
            if (o.ok) {
              successes.push({ ...input, result: o.result });
              outcomes.ok = (outcomes.ok ?? 0) + 1;
              return;
            }
            const denied = input.who.role === 'anon' && !anonGranted && o.code === '42501' && /permission denied for function/.test(String(o.message));
            const key = denied ? 'anon: permission denied' : String(o.message);
            outcomes[key] = (outcomes[key] ?? 0) + 1;
            if (!denied && !allowed.has(String(o.message))) {
              failures.push(`${fn} as ${input.who.sub ?? input.who.role} with ${JSON.stringify(input.args)}: ${o.code} ${o.message}`);
            }
          });
        }
        console.log(`${engineName} fuzz ${fn}: ${inputs.length} calls in ${Date.now() - started} ms`, outcomes);
        expect(inputs.length).toBe(RUNS);
        expect(failures.slice(0, 5)).toEqual([]);
        return successes;
      }

      const expectDelta = (before: Counts, after: Counts, delta: Partial<Counts>) => {
        for (const k of Object.keys(before) as (keyof Counts)[]) expect(after[k] - before[k], k).toBe(delta[k] ?? 0);
      };

      it('read-only functions: list_categories, whoami, my_reports, report_detail, nearby_reports, reports_in_view', async () => {
        const before = await counts();
        const none = fc.constant({});
        const oks = [
          await fuzz('list_categories', fc.record({ who: caller(true), args: none }), true, false),
          await fuzz('whoami', fc.record({ who: caller(true), args: none }), true),
          await fuzz('my_reports', fc.record({ who: caller(false), args: none }), false),
          await fuzz('report_detail', fc.record({ who: caller(true), args: fc.record({ p_id: maybe(uuid()) }) }), true),
          await fuzz('nearby_reports', fc.record({
            who: caller(true),
            args: fc.record({ p_lon: maybe(lon), p_lat: maybe(lat), p_category: maybe(codes(CATEGORY_CODES)) }),
          }), true),
          await fuzz('reports_in_view', fc.record({
            who: caller(true),
            args: fc.tuple(lon, lat,
              fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0.001, max: 0.3, noNaN: true }) }, { weight: 1, arbitrary: num }),
              fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0, max: 22, noNaN: true }) }, { weight: 1, arbitrary: num }),
              filter(['trafik', 'renhallning', 'planering', 'befintlig_stad']), filter(CATEGORY_CODES), filter(STATUS_CODES),
              fc.option(when, { freq: 2, nil: null }), fc.option(when, { freq: 2, nil: null }))
              .map(([w, s, span, z, ch, cat, st, from, to]) => ({
                p_west: w, p_south: s, p_east: w === null || span === null ? span : w + span, p_north: s === null || span === null ? span : s + span / 2,
                p_zoom: z, p_challenges: ch, p_categories: cat, p_statuses: st, p_from: from, p_to: to,
              })),
          }), true),
        ];
        for (const o of oks) expect(o.length).toBeGreaterThan(100);
        expectDelta(before, await counts(), {});
      });

      it('submit_report: rows grow exactly by the new reports', async () => {
        const before = await counts();
        const known = new Set(reportPool);
        const oks = await fuzz('submit_report', fc.record({
          who: caller(false),
          args: fc.record({
            // Biased towards valid input, so that successes (and the rate limit) happen often enough.
            p_id: fc.oneof({ weight: 12, arbitrary: fc.uuid() }, { weight: 1, arbitrary: uuid() }, { weight: 1, arbitrary: fc.constant(null) }),
            p_category: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...CATEGORY_CODES) }, { weight: 1, arbitrary: maybe(text) }),
            p_lon: fc.oneof({ weight: 8, arbitrary: fc.double({ min: 12.97, max: 13.08, noNaN: true }) }, { weight: 1, arbitrary: maybe(lon) }),
            p_lat: fc.oneof({ weight: 8, arbitrary: fc.double({ min: 55.56, max: 55.61, noNaN: true }) }, { weight: 1, arbitrary: maybe(lat) }),
            p_description: fc.oneof({ weight: 3, arbitrary: text.map((t) => `Obs ${t}`) }, { weight: 1, arbitrary: maybe(text) }),
            p_observed_at: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 300 * 24 * 60 }).map((m) => new Date(Date.now() - m * 60_000).toISOString()) }, { weight: 1, arbitrary: maybe(when) }),
            p_source: fc.oneof({ weight: 6, arbitrary: fc.constant('resident') }, { weight: 1, arbitrary: maybe(codes(['crew', 'planner', 'safety_walk'])) }),
            p_photo_path: fc.option(text, { freq: 4, nil: null }),
          }),
        }), false);
        let created = 0;
        for (const s of oks) {
          const id = String((s.result as Json).id);
          if (!known.has(id)) {
            known.add(id);
            created++;
          }
        }
        expect(created).toBeGreaterThan(50);
        expectDelta(before, await counts(), { reports: created, updates: created, linked: created });
      });

      it('support_report: supports grow by the new (report, user) pairs', async () => {
        const before = await counts();
        const existing = new Set((await db.query<{ k: string }>(`select report_id::text || user_id::text as k from app.supports`)).map((r) => r.k));
        const oks = await fuzz('support_report', fc.record({ who: caller(false), args: fc.record({ p_report_id: maybe(uuid()) }) }), false);
        let added = 0;
        for (const s of oks) {
          const k = String(s.args.p_report_id) + String(s.who.sub);
          if (!existing.has(k)) {
            existing.add(k);
            added++;
          }
        }
        expect(added).toBeGreaterThan(10);
        expectDelta(before, await counts(), { supports: added });
      });

      it('change_status: one report_update per success, nothing else', async () => {
        const before = await counts();
        const oks = await fuzz('change_status', fc.record({
          who: fc.oneof(caller(false), fc.constantFrom(who('crew'), who('admin'), who('planner'))),
          args: fc.record({
            p_report_id: maybe(uuid()),
            p_to_status: maybe(codes(STATUS_CODES)),
            p_note: maybe(text),
            p_duplicate_of: fc.option(uuid(), { freq: 2, nil: null }),
          }),
        }), false);
        expect(oks.length).toBeGreaterThan(50);
        expectDelta(before, await counts(), { updates: oks.length });
      });

      it('set_staff_role: staff_roles ends as the last successful call set it', async () => {
        const targets = Array.from({ length: 5 }, () => randomUUID());
        const before = await counts();
        const oks = await fuzz('set_staff_role', fc.record({
          who: fc.oneof({ weight: 3, arbitrary: fc.constant(who('admin')) }, { weight: 2, arbitrary: caller(false) }),
          args: fc.record({
            p_user_id: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...targets) }, { weight: 1, arbitrary: fc.constantFrom(null, ID.admin) }),
            p_role: maybe(codes(['crew', 'planner', 'strategist', 'moderator', 'admin'])),
          }),
        }), false);
        const last = new Map<string, string | null>();
        for (const s of oks) last.set(String(s.args.p_user_id), (s.args.p_role as string | null) ?? null);
        const rows = await db.query<{ u: string; role: string }>(`select user_id::text as u, role from app.staff_roles where user_id = any($1::uuid[])`, [targets]);
        expect(Object.fromEntries(rows.map((r) => [r.u, r.role]))).toEqual(
          Object.fromEntries([...last].filter(([, r]) => r !== null)));
        expect(oks.length).toBeGreaterThan(500);
        // Clean up so the fuzz leaves the personas as they were.
        await db.query(`delete from app.staff_roles where user_id = any($1::uuid[])`, [targets]);
        expect((await counts()).staff).toBe(before.staff);
      });

      it('delete_my_data: supports and links drop by exactly what it reports', async () => {
        // Give the fuzz users something to delete first.
        for (const [i, u] of FUZZ_USERS.entries()) {
          await db.call({ role: 'authenticated', sub: u }, 'support_report', { p_report_id: reportPool[i] }, { commit: true }).catch(() => undefined);
        }
        const before = await counts();
        const oks = await fuzz('delete_my_data', fc.record({ who: caller(false), args: fc.constant({}) }), false);
        const sum = (k: string) => oks.reduce((n, s) => n + Number((s.result as Json)[k]), 0);
        expect(sum('supports_deleted')).toBeGreaterThan(0);
        expectDelta(before, await counts(), { supports: -sum('supports_deleted'), linked: -sum('reports_unlinked') });
      });
    });
  });
}
