/**
 * INTEGRATION TEST (runs in the `unit` project, ~20–40 s): the local adapter's engine — an in-memory
 * PGlite + PostGIS, the real SQL files (supabase/local/bootstrap.sql, supabase/migrations, seed.sql, the
 * demo generator), personas, and API calls made exactly as the browser adapter makes them
 * (transaction + `set local role` + request.jwt.claims).
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { MALMO_CENTER } from '../../domain/report-rules';
import {
  appliedVersions,
  ensurePersonas,
  purgeReporterLinks,
  RpcRunner,
  setupDatabase,
  type Db,
  type SetupResult,
} from './local-engine';
import { nodeSqlSources } from './node-sources';
import { allPersonas, STAFF_PERSONAS } from './personas';
import { callerContext, toRpcError } from './rpc-sql';
import { parseReportChange, REPORTS_CHANNEL, type ReportChange } from '../report-change';

const ROOT = resolve(__dirname, '../../..');
const TIMEOUT = 120_000;

describe('local engine (PGlite + real migrations) — integration', () => {
  let pg: PGlite;
  let db: Db;
  let runner: RpcRunner;
  let setup: SetupResult;
  const residentId = '7e57da7a-0000-4000-8000-000000000001';
  const otherResident = '7e57da7a-0000-4000-8000-000000000002';
  const personas = allPersonas(residentId);
  const as = (userId: string | null) => callerContext(userId, { isAnonymous: true });
  const call = (userId: string | null, fn: string, args?: Record<string, unknown>) =>
    runner.call(as(userId), fn, args).catch((e: unknown) => {
      throw toRpcError(e, userId !== null);
    });

  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { postgis } = await import('@electric-sql/pglite-postgis');
    pg = await PGlite.create({ extensions: { postgis } });
    db = pg as unknown as Db;
    setup = await setupDatabase(db, nodeSqlSources(ROOT), { demoCount: 200, demoSeed: 42 });
    await ensurePersonas(db, personas);
    runner = new RpcRunner(db);
  }, 300_000);

  afterAll(async () => {
    await pg?.close();
  });

  it('boots fresh and records every migration', async () => {
    expect(setup.fresh).toBe(true);
    // Every file in supabase/migrations, read from disk here (not through the engine's own source list).
    const files = readdirSync(resolve(ROOT, 'supabase/migrations'))
      .map((f) => /^(\d{14})_([a-z0-9_]+)\.sql$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([, version, name]) => ({ version: version!, name: name! }))
      .sort((a, b) => (a.version < b.version ? -1 : 1));
    expect(files.length).toBeGreaterThanOrEqual(11); // one file per concern, then any later migrations
    // Applied in version order, each once, and each recorded under its version and name.
    expect(setup.applied).toEqual(files.map((f) => f.version));
    expect(await appliedVersions(db)).toEqual(files.map((f) => f.version));
    const recorded = await pg.query<{ version: string; name: string }>(
      'select version, name from supabase_migrations.schema_migrations order by version',
    );
    expect(recorded.rows).toEqual(files);
  }, TIMEOUT);

  it('a second setup applies nothing and does not seed again', async () => {
    const again = await setupDatabase(db, nodeSqlSources(ROOT), { demoCount: 200 });
    expect(again).toMatchObject({ fresh: false, applied: [], seeded: [] });
    await ensurePersonas(db, personas); // idempotent
    // Exactly the staff personas' roles, once each.
    const r = await pg.query<{ user_id: string; role: string }>('select user_id::text, role from app.staff_roles order by role, user_id');
    expect(r.rows).toEqual(
      STAFF_PERSONAS.map((p) => ({ user_id: p.userId, role: p.role })).sort((a, b) =>
        a.role === b.role ? (a.user_id < b.user_id ? -1 : 1) : a.role < b.role ? -1 : 1),
    );
  }, TIMEOUT);

  it('refuses to apply migrations on top of a history with a version this build does not ship', async () => {
    // A browser database built from the migrations before they were folded (local-worker.ts starts it over).
    await pg.query(`insert into supabase_migrations.schema_migrations(version, name) values ('20261201000100', 'old')`);
    try {
      await expect(setupDatabase(db, nodeSqlSources(ROOT), { demoCount: 200 })).rejects.toThrow(
        /built from migrations this build does not have: 20261201000100/,
      );
    } finally {
      await pg.query(`delete from supabase_migrations.schema_migrations where version = '20261201000100'`);
    }
  }, TIMEOUT);

  it('list_categories works for anon and a resident', async () => {
    const anon = (await call(null, 'list_categories')) as { categories: unknown[]; challenges: unknown[] };
    expect(anon.challenges).toHaveLength(4);
    expect(anon.categories.length).toBeGreaterThan(0);
    const res = await call(residentId, 'list_categories');
    expect(res).toEqual(anon);
  }, TIMEOUT);

  it('a resident submits a report (idempotent), anon cannot, another user gets id_conflict', async () => {
    const cats = (await call(residentId, 'list_categories')) as { categories: Array<{ code: string }> };
    const category = cats.categories[0]!.code;
    const id = crypto.randomUUID();
    const args = {
      p_id: id,
      p_category: category,
      p_lon: MALMO_CENTER.lon,
      p_lat: MALMO_CENTER.lat,
      p_description: 'Integration test: trasig belysning',
      p_observed_at: new Date(Date.now() - 60_000),
    };
    const first = (await call(residentId, 'submit_report', args)) as { id: string; status: string };
    expect(first).toMatchObject({ id, status: 'new' });
    const second = await call(residentId, 'submit_report', args);
    expect(second).toEqual(first);
    await expect(call(null, 'submit_report', { ...args, p_id: crypto.randomUUID() })).rejects.toMatchObject({
      code: 'not_signed_in',
    });
    await expect(call(otherResident, 'submit_report', args)).rejects.toMatchObject({ code: 'id_conflict' });
  }, TIMEOUT);

  it('notifies listeners of new and changed reports (the work list updates without a reload)', async () => {
    const changes: ReportChange[] = [];
    const unlisten = await pg.listen(REPORTS_CHANNEL, (payload) => {
      const change = parseReportChange(payload);
      if (change) changes.push(change);
    });
    const id = crypto.randomUUID();
    await call(residentId, 'submit_report', {
      p_id: id,
      p_category: 'litter',
      p_lon: MALMO_CENTER.lon,
      p_lat: MALMO_CENTER.lat,
      p_description: 'Realtime: nedskräpning',
      p_observed_at: new Date(Date.now() - 60_000),
    });
    const crew = STAFF_PERSONAS.find((p) => p.role === 'crew')!.userId;
    await call(crew, 'change_status', { p_report_id: id, p_to_status: 'confirmed' });
    await new Promise((r) => setTimeout(r, 50));
    await unlisten();
    expect(changes.filter((c) => c.id === id).map((c) => c.kind)).toEqual(expect.arrayContaining(['insert', 'update']));
    expect(changes.every((c) => c.id === id)).toBe(true);
  }, TIMEOUT);

  it('array arguments take the parameter type the function declares (uuid[], int[], text[])', async () => {
    const crew = STAFF_PERSONAS.find((p) => p.role === 'crew')!.userId;
    const list = (await call(crew, 'work_list', { p_district_codes: [], p_statuses: ['new'], p_limit: 3 })) as {
      items: Array<{ id: string; district_code: number }>;
    };
    expect(list.items).toEqual([]);
    const any = (await call(crew, 'work_list', { p_statuses: ['new'], p_limit: 2 })) as typeof list;
    expect(any.items.length).toBe(2);
    const codes = [...new Set(any.items.map((i) => i.district_code))];
    const inDistricts = (await call(crew, 'work_list', { p_district_codes: codes, p_statuses: ['new'], p_limit: 50 })) as typeof list;
    expect(inDistricts.items.every((i) => codes.includes(i.district_code))).toBe(true);
    const ids = any.items.map((i) => i.id);
    const changed = (await call(crew, 'change_status_many', { p_report_ids: ids, p_to_status: 'confirmed' })) as {
      changed: number;
    };
    expect(changed.changed).toBe(2);
  }, TIMEOUT);

  it('validation errors carry the stable code as the message', async () => {
    await expect(
      call(residentId, 'submit_report', {
        p_id: crypto.randomUUID(),
        p_category: 'no_such_category',
        p_lon: MALMO_CENTER.lon,
        p_lat: MALMO_CENTER.lat,
        p_description: 'x',
        p_observed_at: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'unknown_category' });
    // The failed call rolled back: the next call on the same single session works.
    expect(await call(null, 'whoami')).toEqual({ user_id: null, role: 'anon' });
  }, TIMEOUT);

  it('whoami reflects the persona (staff role from app.staff_roles)', async () => {
    expect(await call(residentId, 'whoami')).toEqual({ user_id: residentId, role: 'resident' });
    for (const p of STAFF_PERSONAS) {
      expect(await call(p.userId, 'whoami')).toEqual({ user_id: p.userId, role: p.role });
    }
  }, TIMEOUT);

  it('role and claims do not leak out of the call', async () => {
    await call(residentId, 'whoami');
    const r = await pg.query<{ u: string; c: string | null }>(
      `select current_user as u, nullif(current_setting('request.jwt.claims', true), '') as c`,
    );
    expect(r.rows[0]).toEqual({ u: 'postgres', c: null });
  }, TIMEOUT);

  it('demo data exists', async () => {
    // Exactly the demoCount asked for, all labelled as demo (the other tests' reports are not demo).
    const r = await pg.query<{ n: number }>('select count(*)::int as n from app.reports where is_demo');
    expect(r.rows[0]?.n).toBe(200);
  }, TIMEOUT);

  it('runs the privacy purge at start: reporters are unlinked after the retention period', async () => {
    const id = crypto.randomUUID();
    await call(residentId, 'submit_report', {
      p_id: id,
      p_category: 'litter',
      p_lon: MALMO_CENTER.lon,
      p_lat: MALMO_CENTER.lat,
      p_description: 'Integration test: skräp',
      p_observed_at: new Date(Date.now() - 60_000),
    });
    const mine = async () => ((await call(residentId, 'my_reports')) as Array<{ id: string }>).map((r) => r.id);
    await purgeReporterLinks(db);
    expect(await mine()).toContain(id); // well within the default three months
    // Four months without activity: the report stays, its link to the reporter goes.
    await pg.query(`update app.reports set created_at = now() - interval '4 months' where id = $1`, [id]);
    await pg.query(`update app.report_updates set created_at = now() - interval '4 months' where report_id = $1`, [id]);
    expect(await purgeReporterLinks(db)).toBe(1); // only this report is inactive for that long
    expect(await mine()).not.toContain(id);
    const left = await pg.query<{ reporter_id: string | null }>('select reporter_id from app.reports where id = $1', [id]);
    expect(left.rows).toEqual([{ reporter_id: null }]);
  }, TIMEOUT);
});
