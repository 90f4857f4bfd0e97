/**
 * Per-role bounds (supabase/migrations/20261202000100_platform_and_roles.sql, docs/security.md "Search path,
 * temporary objects and timeouts"): statement_timeout 3 s for anon, 8 s for authenticated, temp_file_limit
 * 256 MB for both.
 *
 * `ALTER ROLE … SET` is applied when a session LOGS IN as that role; `SET ROLE` applies nothing. anon and
 * authenticated cannot log in, so the settings reach a request in one of two ways, both tested on PostgreSQL:
 *  - a login role with the role's stored settings (what a direct connection as that role would get);
 *  - PostgREST's "impersonated role settings" (PostgREST ≥ 11.1, Supabase): after `set local role anon` the
 *    authenticator applies the impersonated role's settings with `set_config(…, true)`, but only those it may
 *    set itself (user-settable ones, or with GRANT SET ON PARAMETER): statement_timeout yes, temp_file_limit
 *    (superuser-only) no. Emulated here with the same rule, as the authenticator login role.
 * The test harness (engines.ts: superuser session + `set local role`) and local mode get neither.
 * PGlite: one superuser session, so role settings never apply, and its statement_timeout does not cancel a
 * running statement (single-threaded WebAssembly, no timer signal): both asserted as they are.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, pgConfig, type Engine, type EngineName } from '../engines';

const EXPECTED: Record<string, Record<string, string>> = {
  anon: { statement_timeout: '3s', temp_file_limit: '256MB' },
  authenticated: { statement_timeout: '8s', temp_file_limit: '256MB' },
};

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('per-role timeouts on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  let database = '';

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    database = (await db.query<{ d: string }>('select current_database() as d'))[0].d;
  });
  afterAll(async () => {
    await db?.close();
  });
  const ready = () => {
    if (setupError) throw setupError;
  };

  it('the migration stored statement_timeout and temp_file_limit for anon and authenticated (all databases)', async () => {
    ready();
    const rows = await db.query<{ role: string; config: string[] }>(
      `select r.rolname as role, s.setconfig as config
         from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
        where s.setdatabase = 0 and r.rolname in ('anon', 'authenticated') order by 1`,
    );
    const got = Object.fromEntries(
      rows.map((r) => [r.role, Object.fromEntries(r.config.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]))]),
    );
    expect(got).toEqual(EXPECTED);
  });

  it('SET ROLE applies none of them (the harness and local mode are unbounded by design)', async () => {
    ready();
    await db.query('begin');
    try {
      const [r] = await db.query<{ t: string; f: string }>(
        `set local role anon; select current_setting('statement_timeout') as t, current_setting('temp_file_limit') as f`,
      );
      expect(r).toEqual({ t: '0', f: '-1' });
    } finally {
      await db.query('rollback');
    }
  });

  if (engineName === 'pglite') {
    it('PGlite: statement_timeout does not cancel a running statement (one superuser session in WebAssembly)', async () => {
      ready();
      // On PostgreSQL this is 57014; on PGlite the sleep runs to its end and the statement succeeds.
      await expect(db.query(`begin; set local statement_timeout = '200ms'; select pg_sleep(1); rollback`)).resolves.toBeDefined();
    });
    return;
  }

  describe('PostgreSQL: sessions that carry the role settings', () => {
    const suffix = randomBytes(4).toString('hex');
    const login = { anon: `tk_login_anon_${suffix}`, authenticated: `tk_login_auth_${suffix}` };
    const clients: pg.Client[] = [];
    const connect = async (user: string) => {
      const c = new pg.Client({ ...pgConfig, user, database });
      await c.connect();
      clients.push(c);
      return c;
    };
    /**
     * Runs sql; returns the SQLSTATE (or 'ok'). pg_sleep(10) ending in 57014 shows a timeout cancelled it; which
     * one is read from the session (no test measures time).
     */
    const outcome = async (c: pg.Client, sql: string) => {
      try {
        await c.query(sql);
        return 'ok';
      } catch (error) {
        return String((error as { code?: string }).code);
      }
    };
    const timeoutOf = async (c: pg.Client) => (await c.query(`select current_setting('statement_timeout') as t`)).rows[0].t;

    beforeAll(async () => {
      if (setupError) return;
      // A login role per API role, member of it, with exactly the settings stored for it.
      for (const [role, user] of Object.entries(login)) {
        await db.query(`create role ${user} login in role ${role}`);
        const settings = await db.query<{ c: string }>(
          `select unnest(s.setconfig) as c from pg_db_role_setting s where s.setdatabase = 0 and s.setrole = $1::regrole`,
          [role],
        ).catch(() => [] as { c: string }[]);
        for (const { c } of settings) {
          const i = c.indexOf('=');
          await db.query(`alter role ${user} set ${c.slice(0, i)} = '${c.slice(i + 1)}'`);
        }
      }
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      for (const user of Object.values(login)) await db?.query(`drop role if exists ${user}`).catch(() => undefined);
    });

    it('a login with the settings of anon (3 s) and authenticated (8 s): pg_sleep(10) is cancelled with 57014 within the bound', async () => {
      ready();
      const [a, u] = await Promise.all([connect(login.anon), connect(login.authenticated)]);
      const [limits] = (await a.query(`select current_setting('statement_timeout') as t, current_setting('temp_file_limit') as f`)).rows;
      expect(limits).toEqual({ t: '3s', f: '256MB' });
      await a.query('set role anon');
      await u.query('set role authenticated');
      expect([await timeoutOf(a), await timeoutOf(u)]).toEqual(['3s', '8s']);
      const [ra, ru] = await Promise.all([outcome(a, `select pg_sleep(10)`), outcome(u, `select pg_sleep(10)`)]);
      expect([ra, ru]).toEqual(['57014', '57014']);
    }, 30_000);

    it('as PostgREST does it (authenticator, set local role anon, impersonated role settings): cancelled within 3 s', async () => {
      ready();
      const c = await connect('authenticator');
      await c.query('begin');
      await c.query(`set local role anon`);
      // PostgREST applies the impersonated role's settings that the authenticator itself may set.
      const applied = (
        await c.query<{ name: string; value: string }>(
          `select kv.name, set_config(kv.name, kv.value, true) as value
             from (select split_part(c, '=', 1) as name, substr(c, strpos(c, '=') + 1) as value
                     from pg_db_role_setting s, unnest(s.setconfig) c
                    where s.setrole = 'anon'::regrole and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))) kv
             join pg_settings ps on ps.name = kv.name
            where ps.context = 'user' or has_parameter_privilege('authenticator', kv.name, 'SET')
            order by 1`,
        )
      ).rows;
      expect(applied).toEqual([{ name: 'statement_timeout', value: '3s' }]);
      expect(await timeoutOf(c)).toBe('3s');
      const r = await outcome(c, `select pg_sleep(10)`);
      await c.query('rollback');
      expect(r).toBe('57014');
    }, 30_000);
  });
});
