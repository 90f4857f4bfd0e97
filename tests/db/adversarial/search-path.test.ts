/**
 * The search path of the API (every function's `set search_path`, and TEMPORARY revoked at the end of
 * supabase/migrations/20261202000100_platform_and_roles.sql; docs/security.md
 * "Search path, temporary objects and timeouts"), on both engines.
 *
 * The attack: with `search_path = ''` PostgreSQL still searches the session's temporary schema FIRST for type
 * and relation names. A session that may create temporary objects defines `pg_temp.jsonb`, a domain whose
 * CHECK calls a function of its own; any security definer function that then resolves `jsonb` at run time
 * (a plpgsql variable, a cast, or auth.uid()'s `::jsonb` inlined into it) runs that check as the function's
 * owner. Two fixes, tested separately:
 *  1. the API roles may not create temporary objects (TEMPORARY revoked on the database);
 *  2. even in a session that has temporary objects, no function in `api`/`app` resolves a name to pg_temp
 *     (search_path = pg_catalog, pg_temp), except the inlined pure helpers, which resolve nothing by path.
 *
 * Engines: PGlite is one session of the superuser; `set local role` works there as on PostgreSQL, and the
 * database ACL lives in its data directory, so every part applies to both. One difference in the harness:
 * `create database … template` (engines.ts, one database per test file) does NOT copy the database's ACL, so on
 * PostgreSQL the migration's TEMPORARY block is checked on the template (where the Supabase CLI applied it)
 * and re-applied to this file's copy before the exploit is tried.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, errorOf, pgConfig, type Engine, type EngineName, type Query, type Who } from '../engines';

const root = join(import.meta.dirname, '..', '..', '..');
const MIGRATION = 'supabase/migrations/20261202000100_platform_and_roles.sql';
const HARDENED = 'search_path=pg_catalog, pg_temp';

/**
 * Pure SQL helpers that PostgreSQL inlines into hot queries (a SQL function with a SET clause is never
 * inlined; measured cost in docs/security.md). No SET, fully qualified bodies, not security definer.
 */
const INLINED = [
  'app.grid_base_m()',
  'app.hex_cell(double precision,double precision,double precision)',
  'app.hex_key(double precision,double precision,double precision)',
  'app.hex_key_axial(double precision,double precision)',
  'app.hex_q(double precision)',
  'app.hex_r(double precision)',
  'app.mercator_x(double precision)',
  'app.mercator_y(double precision)',
];

/** Demo generators (supabase/demo, loaded after the migrations by local mode and the tests, never by a migration). */
const DEMO = readdirSync(join(root, 'supabase/demo'))
  .filter((f) => f.endsWith('.sql'))
  .flatMap((f) => [...readFileSync(join(root, 'supabase/demo', f), 'utf8').matchAll(/create or replace function (app\.\w+)\(/g)])
  .map((m) => m[1] as string);

const ADMIN = 'ad000000-0000-4000-8000-00000000a5e1';
const admin: Who = { role: 'authenticated', sub: ADMIN };
const resident: Who = { role: 'authenticated', sub: 'a11ce000-0000-4000-8000-00000000a5e2' };
const anon: Who = { role: 'anon' };

/** Temporary traps: domains named like the built-in types the API uses, whose CHECK raises while armed. */
const TRAP_TYPES = ['jsonb', 'text', 'float8', 'uuid', 'timestamptz', 'date', 'int4', 'bool'];
const TRAPS = [
  `create function pg_temp.tk_trap() returns pg_catalog.bool language plpgsql as $f$
   begin
     if pg_catalog.current_setting('tk.trap', true) = 'on' then
       raise exception 'hijacked as %', current_user;
     end if;
     return true;
   end $f$`,
  ...TRAP_TYPES.map((t) => `create domain pg_temp.${t} as pg_catalog.${t} check (pg_temp.tk_trap())`),
].join(';\n');
const UNTRAP = [...TRAP_TYPES.map((t) => `drop domain if exists pg_temp.${t}`), 'drop function if exists pg_temp.tk_trap()'].join(';\n');

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('search path and temporary objects on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  /** The database the migrations were applied to: the template on PostgreSQL, this data directory on PGlite. */
  let migrated = '';

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    migrated = engineName === 'postgres' ? inject('postgresTemplate') : (await db.query<{ d: string }>('select current_database() as d'))[0].d;
    await db.query(`insert into app.staff_roles (user_id, role) values ('${ADMIN}', 'admin')`);
  });
  afterAll(async () => {
    await db?.close();
  });
  const ready = () => {
    if (setupError) throw setupError;
  };

  // First, before any api function ran in this session: plpgsql caches a function's variable types per session.
  it('a session with temporary look-alike types cannot make any api function resolve to them', async () => {
    ready();
    // A fresh session on PostgreSQL (nothing compiled yet); PGlite has one session and nothing ran in it yet.
    let extra: pg.Client | null = null;
    let q: Query;
    let asRole: <T>(who: Who, fn: (q: Query) => Promise<T>) => Promise<T>;
    if (engineName === 'postgres') {
      const database = (await db.query<{ d: string }>('select current_database() as d'))[0].d;
      const client = new pg.Client({ ...pgConfig, database });
      await client.connect();
      extra = client;
      q = (async (sql: string, params?: unknown[]) => {
        const r = await client.query(sql, params as unknown[] | undefined);
        return ((Array.isArray(r) ? r.at(-1) : r)?.rows ?? []) as never;
      }) as Query;
      asRole = async (who, fn) => {
        await client.query('begin');
        try {
          await client.query(`set local role ${who.role}`);
          await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ ...who })]);
          return await fn(q);
        } finally {
          await client.query('rollback');
        }
      };
    } else {
      q = db.query;
      asRole = (who, fn) => db.asRole(who, fn);
    }
    // Every api function, called with null arguments (typed with qualified names, so the test's own SQL does not
    // trip the traps), as an admin and as anon; plus valid calls that run whole bodies.
    const fns = await q<{ name: string; args: string[] }>(
      `select p.proname as name,
              array(select tn.nspname || '.' || t.typname
                      from unnest(p.proargtypes) with ordinality a(oid, i)
                      join pg_type t on t.oid = a.oid join pg_namespace tn on tn.oid = t.typnamespace
                     order by a.i) as args
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'api' order by 1`,
    );
    expect(fns.length).toBeGreaterThan(10);
    const calls: { who: Who; sql: string }[] = [];
    for (const f of fns) {
      const sql = `select api.${f.name}(${f.args.map((t) => `null::${t}`).join(', ')})::pg_catalog.text as r`;
      calls.push({ who: admin, sql }, { who: anon, sql });
    }
    calls.push(
      { who: resident, sql: `select api.my_reports()::pg_catalog.text as r` },
      { who: resident, sql: `select api.whoami()::pg_catalog.text as r` },
      { who: anon, sql: `select api.list_categories()::pg_catalog.text as r` },
      { who: anon, sql: `select api.reports_in_view(12.85, 55.48, 13.2, 55.66, 12)::pg_catalog.text as r` },
      { who: anon, sql: `select api.nearby_reports(13.0038, 55.605, 'litter')::pg_catalog.text as r` },
      { who: admin, sql: `select api.hotspot_cells(100)::pg_catalog.text as r` },
      { who: admin, sql: `select api.work_list()::pg_catalog.text as r` },
      { who: admin, sql: `select api.challenge_dashboard()::pg_catalog.text as r` },
      { who: admin, sql: `select api.list_developments()::pg_catalog.text as r` },
      { who: admin, sql: `select api.list_measures()::pg_catalog.text as r` },
      {
        who: resident,
        sql: `select api.submit_report(p_id => 'b0000000-0000-4000-8000-00000000a5e3', p_category => 'litter',
                p_lon => 13.0038, p_lat => 55.605, p_description => 'trap test',
                p_observed_at => pg_catalog.now())::pg_catalog.text as r`,
      },
    );
    const outcomes: string[] = [];
    await q(TRAPS);
    try {
      for (const c of calls) {
        try {
          await asRole(c.who, async (rq) => {
            await rq(`select pg_catalog.set_config('tk.trap', 'on', true)`);
            return rq(c.sql);
          });
          outcomes.push('ok');
        } catch (error) {
          outcomes.push(`${c.sql.slice(0, 60)}: ${(error as Error).message}`);
        }
      }
    } finally {
      await q(UNTRAP);
      await extra?.end();
    }
    expect(outcomes.filter((o) => o.includes('hijacked'))).toEqual([]);
    // The valid calls did run (a trap that never fired because every call failed early would prove nothing).
    expect(outcomes.slice(-11).filter((o) => o !== 'ok')).toEqual([]);
  });

  it('the migrated database grants TEMPORARY to neither PUBLIC, anon nor authenticated; owner, postgres and service_role keep it', async () => {
    ready();
    const [r] = await db.query<Record<string, boolean>>(
      `select has_database_privilege('public', $1, 'TEMPORARY') as public,
              has_database_privilege('anon', $1, 'TEMPORARY') as anon,
              has_database_privilege('authenticated', $1, 'TEMPORARY') as authenticated,
              has_database_privilege('authenticator', $1, 'TEMPORARY') as authenticator,
              has_database_privilege('service_role', $1, 'TEMPORARY') as service_role,
              has_database_privilege('postgres', $1, 'TEMPORARY') as postgres,
              has_database_privilege(pg_get_userbyid(d.datdba), $1, 'TEMPORARY') as owner,
              has_database_privilege('anon', $1, 'CONNECT') as anon_connect
         from pg_database d where d.datname = $1`,
      [migrated],
    );
    expect(r).toEqual({
      public: false, anon: false, authenticated: false, authenticator: false,
      service_role: true, postgres: true, owner: true, anon_connect: true,
    });
  });

  it('the exploit: anon and authenticated cannot create temporary objects (42501); service_role can', async () => {
    ready();
    if (engineName === 'postgres') {
      // This file's database is a copy of the template, and CREATE DATABASE never copies a database's ACL.
      const migration = readFileSync(join(root, MIGRATION), 'utf8');
      const block = migration.slice(migration.indexOf('-- TEMPORARY ---'));
      await db.query(block);
    }
    const attempts = [
      `create function pg_temp.evil() returns boolean language sql as 'select true'`,
      `create domain pg_temp.jsonb as pg_catalog.jsonb check (true)`,
      `create temporary table tk_temp (a int)`,
      `create temporary view tk_temp_v as select 1 as a`,
    ];
    for (const who of [anon, resident, admin]) {
      for (const sql of attempts) {
        const e = await errorOf(db.asRole(who, (q) => q(sql)));
        expect(e.code, `${who.role}: ${sql}`).toBe('42501');
        // Without a temporary schema yet: "permission denied to create temporary tables in database …"; when the
        // session already has one (PGlite's single session made the traps above): "permission denied for schema
        // pg_temp_N" (a temporary schema grants its rights only to roles with TEMPORARY on the database).
        expect(e.message).toMatch(/permission denied (to create temporary tables in database|for schema pg_temp_\d+)/);
      }
    }
    // service_role (server jobs) keeps it; the rollback of asRole removes the table again.
    await db.asRole({ role: 'service_role' }, (q) => q(`create temporary table tk_temp (a int)`));
  });

  it('every function in api and app has search_path = pg_catalog, pg_temp, except the inlined pure helpers', async () => {
    ready();
    const rows = await db.query<{ sig: string; config: string[] | null; definer: boolean; lang: string; volatile: string; src: string; anyone: boolean }>(
      `select p.oid::regprocedure::text as sig, p.proconfig as config, p.prosecdef as definer, l.lanname as lang,
              p.provolatile as volatile, p.prosrc as src,
              (has_function_privilege('public', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute')
               or has_function_privilege('authenticated', p.oid, 'execute')
               or has_function_privilege('service_role', p.oid, 'execute')) as anyone
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
        where n.nspname in ('api', 'app') and p.prokind in ('f', 'p') order by 1`,
    );
    expect(rows.length).toBeGreaterThan(60);
    const name = (sig: string) => sig.slice(0, sig.indexOf('('));
    const wrong: string[] = [];
    for (const r of rows) {
      const paths = (r.config ?? []).filter((c) => c.startsWith('search_path='));
      if (INLINED.includes(r.sig)) {
        // No SET at all (a SET clause prevents inlining), plain immutable SQL, caller's rights.
        if (r.config !== null || r.definer || r.lang !== 'sql' || r.volatile !== 'i') wrong.push(`${r.sig}: not a plain inlinable helper`);
      } else if (DEMO.includes(name(r.sig))) {
        // Demo generators come from supabase/demo after the migrations: security definer with search_path = ''
        // (not covered by the migration). Safe only because no API role may execute them.
        if (r.anyone) wrong.push(`${r.sig}: demo generator executable by an API role`);
      } else if (paths.length !== 1 || paths[0] !== HARDENED) {
        wrong.push(`${r.sig}: ${JSON.stringify(r.config)}`);
      }
    }
    expect(wrong).toEqual([]);
    // The helpers list and the demo list name real functions.
    for (const sig of INLINED) expect(rows.map((r) => r.sig)).toContain(sig);
    expect(DEMO.length).toBeGreaterThan(0);
    for (const d of DEMO) expect(rows.map((r) => name(r.sig))).toContain(d);
    // No security definer function outside the demo generators lacks the hardened path.
    const definers = rows.filter((r) => r.definer && !DEMO.includes(name(r.sig)));
    expect(definers.length).toBeGreaterThan(30);
    for (const r of definers) expect(r.config, r.sig).toContain(HARDENED);
  });

  it('the inlined helpers qualify every function and type name, so a hostile path cannot change them', async () => {
    ready();
    // Behaviour: a schema put before pg_catalog with look-alike functions changes nothing.
    const probe = `select app.hex_key(1234.5, -987.25, 100)::pg_catalog.text as k, app.hex_q(3.0e6)::pg_catalog.text as q,
                          app.hex_r(3.0e6)::pg_catalog.text as r,
                          app.hex_cell(375000, 6163000, 100)::pg_catalog.text as c,
                          app.mercator_x(13.0038)::pg_catalog.text as x, app.mercator_y(55.605)::pg_catalog.text as y,
                          app.grid_base_m()::pg_catalog.text as g`;
    const [normal] = await db.query(probe);
    const evil = ['floor', 'abs', 'radians', 'ln', 'tan', 'sqrt']
      .map((f) => `create function tk_evil.${f}(pg_catalog.float8) returns pg_catalog.float8 language sql as 'select 7::pg_catalog.float8'`)
      .join(';\n');
    await db.query('begin');
    try {
      const [hostile] = await db.query(`create schema tk_evil;\n${evil};
        create function tk_evil.pi() returns pg_catalog.float8 language sql as 'select 7::pg_catalog.float8';
        set local search_path = tk_evil, pg_catalog;\n${probe}`);
      expect(hostile).toEqual(normal);
    } finally {
      await db.query('rollback');
    }
    // Lint: every call and every cast names its schema.
    const rows = await db.query<{ sig: string; src: string }>(
      `select p.oid::regprocedure::text as sig, p.prosrc as src from pg_proc p
        where p.oid = any ($1::regprocedure[]) order by 1`,
      [INLINED],
    );
    expect(rows).toHaveLength(INLINED.length);
    for (const r of rows) {
      // Every call is schema-qualified (`array[`, `case`, `when`, … are syntax, not calls).
      const calls = [...r.src.matchAll(/([\w.]+)\s*\(/g)].map((m) => m[1] as string).filter((c) => !/^(select|array|when|then|else|and|or|from|case)$/i.test(c));
      for (const c of calls) expect(c, `${r.sig}: ${c}(`).toMatch(/^(pg_catalog|app)\.\w+$/);
      // Every cast names its schema.
      for (const m of r.src.matchAll(/::\s*([\w.]+)/g)) expect(m[1], `${r.sig}: ::${m[1]}`).toMatch(/^pg_catalog\./);
    }
  });

  it('the hot query still inlines app.hex_key (a SET clause on it would make every row a function call)', async () => {
    ready();
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `explain (verbose, costs off) select app.hex_key(p.a3006, p.b3006, 100) from app.report_points p`,
    );
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/floor/);
    expect(text).not.toMatch(/hex_key/);
  });
});
