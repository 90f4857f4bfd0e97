/**
 * Nothing left behind (hardening issue: "privacy after the purge and after delete my data", and quotas), on both
 * engines (PGlite and PostgreSQL 15). docs/security.md, "Privacy after purge and deletion" and "Quotas".
 *
 * 1. A resident with everything a resident can leave: reports (one with a photo uploaded as the client does,
 *    `<uid>/<report id>.jpg`), a reopen with a photo (`<uid>/updates/<id>.jpg`), an upload never attached, a
 *    support of someone else's report, a support of theirs by someone else, an account row in auth.users. Then
 *    (a) the privacy purge with every time moved back past the retention period, (b) separately, for another such
 *    resident, api.delete_my_data. A GENERIC scan of every text, varchar, uuid, json/jsonb and array column of
 *    every base table in schemas app, storage and auth (from information_schema.columns, so a table or column
 *    added later is scanned too) must find the user's id (with or without dashes) nowhere but the places listed
 *    in ALLOWED_AFTER_*.
 * 2. The purge's other rules: supports no longer keep a reporter linked; photos under an id-free name
 *    (`p/<uuid>.jpg`) survive the purge with their owner cleared; unreferenced uploads go after a day.
 * 3. Quotas: every write path has a limit, and deleting one's data does not reset it (reports, supports, status
 *    updates, photo uploads with their allowed names, development imports).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from '../engines';

type Json = Record<string, unknown>;
const service: Who = { role: 'service_role' };
const GAMLA_STADEN = { lon: 13.0038, lat: 55.605 };
const engines: EngineName[] = ['pglite', 'postgres'];

/** Where a resident's id may still be after the purge: their account (the purge unlinks, it deletes no account). */
const ALLOWED_AFTER_PURGE = ['auth.users.id'];
/** Where a resident's id may still be after delete_my_data: nowhere. */
const ALLOWED_AFTER_DELETE: string[] = [];

describe.each(engines)('nothing left behind on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  const crew = randomUUID();
  const planner = randomUUID();
  /** Someone else's report, supported by the residents under test. */
  const othersReport = randomUUID();
  const other: Who = { role: 'authenticated', sub: randomUUID() };

  const me = (u: string): Who => ({ role: 'authenticated', sub: u });
  const submit = (w: Who, over: Json = {}) =>
    db.call<Json>(w, 'submit_report', {
      p_id: randomUUID(), p_category: 'litter', p_lon: GAMLA_STADEN.lon, p_lat: GAMLA_STADEN.lat,
      p_description: 'Skräp', p_observed_at: new Date(Date.now() - 3_600_000).toISOString(), p_source: 'resident',
      p_photo_path: null, ...over,
    }, { commit: true });
  const count = async (sql: string, params?: unknown[]) => Number((await db.query<{ n: number }>(sql, params))[0].n);
  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;
  /** An object row exactly as a Storage upload by `owner` writes it. */
  const upload = (name: string, owner: string) =>
    db.query(`insert into storage.objects (bucket_id, name, owner) values ('report-photos', $1, $2)`, [name, owner]);
  /** An upload through the storage policies, as the user (what storage's API does with the user's JWT). */
  const uploadAs = (u: string, name: string) =>
    db.asRole(me(u), (q) => q(`insert into storage.objects (bucket_id, name, owner) values ('report-photos', $1, $2)`, [name, u]), { commit: true });
  const purge = () => db.asRole(service, (q) => q('select app.purge_reporter_links() as n'), { commit: true });

  /** Every place (schema.table.column) among app, storage and auth whose value contains the id. */
  const scan = async (uid: string): Promise<string[]> => {
    const cols = await db.query<{ s: string; t: string; c: string }>(
      `select c.table_schema as s, c.table_name as t, c.column_name as c
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema in ('app', 'storage', 'auth') and t.table_type = 'BASE TABLE'
          and (c.data_type in ('text', 'character varying', 'character', 'uuid', 'json', 'jsonb', 'ARRAY')
               or c.udt_name in ('text', 'varchar', 'uuid', 'json', 'jsonb'))
        order by 1, 2, 3`);
    expect(cols.length).toBeGreaterThan(20);
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const found: string[] = [];
    for (const { s, t, c } of cols) {
      const n = await count(
        `select count(*)::int as n from ${q(s)}.${q(t)}
          where strpos(lower(${q(c)}::text), $1) > 0 or strpos(lower(${q(c)}::text), $2) > 0`,
        [uid.toLowerCase(), uid.toLowerCase().replaceAll('-', '')]);
      if (n > 0) found.push(`${s}.${t}.${c}`);
    }
    return found;
  };

  /**
   * A resident who has done everything a resident can: returns their id and their report ids. Photos use the
   * names the current client uploads to (`<uid>/<report id>.jpg`, `<uid>/updates/<update id>.jpg`).
   */
  const busyResident = async () => {
    const u = randomUUID();
    await db.query(`insert into auth.users (id, is_anonymous) values ($1, true)`, [u]);
    const [withPhoto, plain, reopened] = [randomUUID(), randomUUID(), randomUUID()];
    await upload(`${u}/${withPhoto}.jpg`, u);
    await submit(me(u), { p_id: withPhoto, p_photo_path: `${u}/${withPhoto}.jpg` });
    await submit(me(u), { p_id: plain });
    await submit(me(u), { p_id: reopened });
    await db.call(me(crew), 'change_status', { p_report_id: reopened, p_to_status: 'resolved' }, { commit: true });
    const reopenPhoto = `${u}/updates/${randomUUID()}.jpg`;
    await upload(reopenPhoto, u);
    await db.call(me(u), 'change_status', {
      p_report_id: reopened, p_to_status: 'confirmed', p_note: 'Fortfarande skräp', p_photo_path: reopenPhoto,
    }, { commit: true });
    await upload(`${u}/${randomUUID()}.jpg`, u); // uploaded, never attached (the report was never sent)
    await db.call(me(u), 'support_report', { p_report_id: othersReport }, { commit: true });
    await db.call(other, 'support_report', { p_report_id: withPhoto }, { commit: true });
    return { u, ids: [withPhoto, plain, reopened] };
  };

  /** Moves everything of these reports and this user back by `days`. */
  const ageBy = async (u: string, ids: string[], days: number) => {
    const ago = `now() - interval '${days} days'`;
    await db.query(`update app.reports set created_at = ${ago}, updated_at = ${ago} where id = any($1::uuid[])`, [ids]);
    await db.query(`update app.report_updates set created_at = ${ago} where report_id = any($1::uuid[])`, [ids]);
    await db.query(`update app.supports set created_at = ${ago} where report_id = any($1::uuid[]) or user_id = $2`, [ids, u]);
    await db.query(`update storage.objects set created_at = ${ago} where owner = $1 or name like $2`, [u, `${u}/%`]);
  };

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(`insert into app.staff_roles (user_id, role) values ($1, 'crew'), ($2, 'planner')`, [crew, planner]);
    await db.query('select app.generate_demo_reports(80, 11)');
    await submit(other, { p_id: othersReport });
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

  describe('the generic scan', () => {
    it('finds a fresh resident everywhere they are (the scan works)', async () => {
      const { u } = await busyResident();
      const found = await scan(u);
      for (const place of ['app.reports.reporter_id', 'app.reports.photo_path', 'app.report_updates.author_id',
        'app.report_updates.photo_path', 'app.supports.user_id', 'storage.objects.name', 'storage.objects.owner',
        'auth.users.id']) expect(found).toContain(place);
    });

    it('after the purge (times moved back past the retention period) the id is nowhere but its account', async () => {
      const { u, ids } = await busyResident();
      await ageBy(u, ids, 100);
      await purge();
      expect(await scan(u)).toEqual(ALLOWED_AFTER_PURGE);
      // The reports stay (anonymous), with their history and the support counts.
      expect(await count(`select count(*)::int as n from app.reports where id = any($1::uuid[]) and reporter_id is null`, [ids])).toBe(3);
      expect(await count(`select support_count as n from app.reports where id = $1`, [ids[0]])).toBe(1);
    });

    it('after delete_my_data the id is nowhere at all, account included', async () => {
      const { u, ids } = await busyResident();
      await db.call(me(u), 'delete_my_data', {}, { commit: true });
      expect(await scan(u)).toEqual(ALLOWED_AFTER_DELETE);
      expect(await count(`select count(*)::int as n from app.reports where id = any($1::uuid[])`, [ids])).toBe(3);
    });
  });

  describe('the purge', () => {
    it('a support no longer keeps the reporter linked (anyone could support a report for ever)', async () => {
      const u = randomUUID();
      const id = randomUUID();
      await submit(me(u), { p_id: id });
      await ageBy(u, [id], 100);
      await db.call(other, 'support_report', { p_report_id: id }, { commit: true }); // fresh support
      await purge();
      expect(await count(`select count(*)::int as n from app.reports where id = $1 and reporter_id is null`, [id])).toBe(1);
    });

    it('a photo under an id-free name survives the purge, its owner cleared', async () => {
      const u = randomUUID();
      const id = randomUUID();
      const path = `p/${randomUUID()}.jpg`;
      await uploadAs(u, path);
      await submit(me(u), { p_id: id, p_photo_path: path });
      await ageBy(u, [id], 100);
      await purge();
      expect(await count(`select count(*)::int as n from app.reports where id = $1 and photo_path = $2`, [id, path])).toBe(1);
      expect(await count(`select count(*)::int as n from storage.objects where name = $1 and owner is null`, [path])).toBe(1);
      expect(await scan(u)).toEqual([]);
    });

    it('an id-free upload can be attached only by its uploader, and only once', async () => {
      const u = randomUUID();
      const path = `p/${randomUUID()}.webp`;
      await uploadAs(u, path);
      expect(await codeOf(submit(other, { p_photo_path: path }))).toBe('invalid_photo_path');
      await submit(me(u), { p_photo_path: path });
      expect(await codeOf(submit(me(u), { p_photo_path: path }))).toBe('invalid_photo_path');
    });

    it('unreferenced uploads are removed after a day; referenced and fresh ones stay', async () => {
      const u = randomUUID();
      const id = randomUUID();
      const [kept, stale, fresh] = [`${u}/${id}.jpg`, `p/${randomUUID()}.jpg`, `p/${randomUUID()}.jpg`];
      for (const name of [kept, stale, fresh]) await uploadAs(u, name);
      await submit(me(u), { p_id: id, p_photo_path: kept });
      await db.query(`update storage.objects set created_at = now() - interval '25 hours' where name = any($1)`, [[kept, stale]]);
      await purge();
      const left = await db.query<{ name: string }>(`select name from storage.objects where name = any($1) order by name`, [[kept, stale, fresh]]);
      expect(left.map((r) => r.name).sort()).toEqual([kept, fresh].sort());
    });
  });

  describe('quotas (every write path; deleting one\'s data resets none)', () => {
    const demoIds = async (n: number) =>
      (await db.query<{ id: string }>(`select id::text as id from app.reports where is_demo order by id limit $1`, [n])).map((r) => r.id);

    it('reports: 20 per hour, also after delete_my_data', async () => {
      const u = randomUUID();
      for (let i = 0; i < 20; i++) await submit(me(u));
      expect(await codeOf(submit(me(u)))).toBe('rate_limited');
      await db.call(me(u), 'delete_my_data', {}, { commit: true });
      expect(await codeOf(submit(me(u)))).toBe('rate_limited');
    });

    it('supports: 60 per hour; a repeated support is free; also after delete_my_data', async () => {
      const u = randomUUID();
      const ids = await demoIds(62);
      expect(ids).toHaveLength(62);
      for (const id of ids.slice(0, 60)) await db.call(me(u), 'support_report', { p_report_id: id }, { commit: true });
      expect(await db.call(me(u), 'support_report', { p_report_id: ids[0] })).toMatchObject({ supported_by_me: true });
      expect(await codeOf(db.call(me(u), 'support_report', { p_report_id: ids[60] }))).toBe('rate_limited');
      await db.call(me(u), 'delete_my_data', {}, { commit: true });
      expect(await codeOf(db.call(me(u), 'support_report', { p_report_id: ids[61] }))).toBe('rate_limited');
    });

    it('status updates: 1,000 per hour per user (change_status and change_status_many)', async () => {
      const c = randomUUID();
      await db.query(`insert into app.staff_roles (user_id, role) values ($1, 'crew')`, [c]);
      const ids = await demoIds(3);
      await db.query(`update app.reports set status = 'new' where id = any($1::uuid[])`, [ids]);
      // 998 updates' worth already this hour (the anonymous counter the write paths use).
      await db.query(`select app.take_quota('update', $1, 998, 1000)`, [c]);
      await db.call(me(c), 'change_status', { p_report_id: ids[0], p_to_status: 'confirmed' }, { commit: true });
      expect(await codeOf(db.call(me(c), 'change_status_many', { p_report_ids: [ids[1], ids[2]], p_to_status: 'confirmed' })))
        .toBe('rate_limited');
      await db.call(me(c), 'change_status', { p_report_id: ids[1], p_to_status: 'confirmed' }, { commit: true });
      expect(await codeOf(db.call(me(c), 'change_status', { p_report_id: ids[2], p_to_status: 'confirmed' }))).toBe('rate_limited');
    });

    it('photo uploads: only the allowed names, 30 per hour, also after delete_my_data', async () => {
      const u = randomUUID();
      const rls = async (name: string) => (await errorOf(uploadAs(u, name))).code;
      for (const bad of [`${u}/x.png`, `${u}/../${randomUUID()}.jpg`, `${randomUUID()}/${randomUUID()}.jpg`, 'p/abc.jpg',
        `p/${randomUUID()}.jpg.exe`, `p/${randomUUID()}.png`, `${u}/${randomUUID()}/${randomUUID()}.jpg`, `${u}/updates/x.jpg`,
        `p/${randomUUID().toUpperCase()}.jpg`]) expect(await rls(bad)).toBe('42501');
      await uploadAs(u, `${u}/${randomUUID()}.jpg`);
      await uploadAs(u, `${u}/updates/${randomUUID()}.webp`);
      for (let i = 0; i < 28; i++) await uploadAs(u, `p/${randomUUID()}.jpg`);
      expect(await rls(`p/${randomUUID()}.jpg`)).toBe('42501');
      await db.call(me(u), 'delete_my_data', {}, { commit: true });
      expect(await rls(`p/${randomUUID()}.jpg`)).toBe('42501');
    });

    it('development imports: at most 2,000 features per call and 5,000 developments per hour per planner', async () => {
      const d = 0.0005;
      const [x, y] = [GAMLA_STADEN.lon, GAMLA_STADEN.lat];
      const feature = {
        name: 'Kvoten', phase: 'planning',
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] },
      };
      const p: Who = me(planner);
      expect(await codeOf(db.call(p, 'import_developments', { p_features: JSON.stringify(Array(2001).fill(feature)) })))
        .toBe('too_many_features');
      await db.call(p, 'import_developments', { p_features: JSON.stringify([feature, feature]) }, { commit: true });
      await db.query(`select app.take_quota('development', $1, 4997, 5000)`, [planner]);
      await db.call(p, 'import_developments', { p_features: JSON.stringify([feature]) }, { commit: true });
      expect(await codeOf(db.call(p, 'import_developments', { p_features: JSON.stringify([feature]) }))).toBe('rate_limited');
    });
  });
});
