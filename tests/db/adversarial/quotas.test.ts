/**
 * Quotas on every write path (hardening issue; docs/security.md "Quotas"), on both engines. The resident paths
 * (reports, supports, status updates, photo uploads) and development imports are tested in
 * nothing-left-behind.test.ts; this file covers the staff paths: save_measure,
 * save_development of an existing id, delete_development, save_assessment (with the imports under 'development')
 * and moderate_report. Each test fills the user's hourly quota up to one below its limit (app.take_quota with the
 * limit named, so the test states the number), makes the last allowed call and then one more: that one fails with
 * `rate_limited` and writes nothing. Each test uses its own user, so the quotas do not meet.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from '../engines';

type Json = Record<string, unknown>;
const engines: EngineName[] = ['pglite', 'postgres'];
const me = (u: string): Who => ({ role: 'authenticated', sub: u });
const square = (x: number, y: number, d = 0.0005) => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
});
const GAMLA_STADEN = { lon: 13.0038, lat: 55.605 };
const OUTLINE = square(GAMLA_STADEN.lon, GAMLA_STADEN.lat);

describe.each(engines)('quotas on staff write paths on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: number }>(sql, params))[0].n);
  /** Takes n units of the user's quota of `kind` directly (as the migration role), under the given limit. */
  const fill = (kind: string, user: string, n: number, limit: number) =>
    db.query(`select app.take_quota($1, $2::uuid, $3, $4)`, [kind, user, n, limit]);
  /** A new staff user with one role. */
  const staff = async (role: string) => {
    const id = randomUUID();
    await db.query(`insert into app.staff_roles (user_id, role) values ($1, $2)`, [id, role]);
    return id;
  };
  const saveDevelopment = (user: string, id: string, name = 'Kvoten') =>
    db.call<Json>(me(user), 'save_development', {
      p_id: id, p_name: name, p_plan_id: null, p_phase: 'planning', p_expected_completion: null, p_link: null,
      p_geometry: JSON.stringify(OUTLINE),
    }, { commit: true });
  const importOne = async (user: string) =>
    ((await db.call<{ ids: string[] }>(me(user), 'import_developments', {
      p_features: JSON.stringify([{ name: 'Importerad', phase: 'planning', geometry: OUTLINE }]),
    }, { commit: true })).ids[0]!);

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
    }
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('save_measure: 600 saves (new or changed) per staff user and hour', async () => {
    const s = await staff('strategist');
    const save = (id: string) => db.call<Json>(me(s), 'save_measure', {
      p_id: id,
      p_measure: JSON.stringify({ title: 'Kvot', challenge: 'trafik', type: 'traffic_calming', geometry: OUTLINE }),
    }, { commit: true });
    const first = randomUUID();
    await save(first);
    await fill('measure', s, 598, 600);
    await save(first); // an update counts as well: the 600th
    const refused = randomUUID();
    expect(await codeOf(save(refused))).toBe('rate_limited');
    expect(await codeOf(save(first))).toBe('rate_limited');
    expect(await count(`select count(*)::int as n from app.measures where id = $1`, [refused])).toBe(0);
  });

  it('save_development of an existing id counts with the imports: 5,000 development writes per planner and hour', async () => {
    const p = await staff('planner');
    const id = randomUUID();
    await saveDevelopment(p, id); // an insert: counted by the import quota's trigger
    await fill('development', p, 4998, 5000);
    await saveDevelopment(p, id, 'Ändrad'); // the 5,000th
    expect(await codeOf(saveDevelopment(p, id, 'Ändrad igen'))).toBe('rate_limited');
    expect(await codeOf(saveDevelopment(p, randomUUID()))).toBe('rate_limited');
    expect((await db.query<{ name: string }>(`select name from app.developments where id = $1`, [id]))[0].name).toBe('Ändrad');
  });

  it('delete_development counts too', async () => {
    const p = await staff('planner');
    const [a, b] = [await importOne(p), await importOne(p)];
    await fill('development', p, 4997, 5000);
    await db.call(me(p), 'delete_development', { p_id: a }, { commit: true });
    expect(await codeOf(db.call(me(p), 'delete_development', { p_id: b }, { commit: true }))).toBe('rate_limited');
    expect(await count(`select count(*)::int as n from app.developments where id = any($1::uuid[])`, [[a, b]])).toBe(1);
  });

  it('save_assessment counts too', async () => {
    const p = await staff('planner');
    const dev = await importOne(p);
    await fill('development', p, 4998, 5000);
    const assess = () => db.call(me(p), 'save_assessment', {
      p_development_id: dev,
      p_factors: JSON.stringify([{ factor: 'belysning', rating: 3, note: 'Kvot', report_ids: [] }]),
    }, { commit: true });
    await assess();
    expect(await codeOf(assess())).toBe('rate_limited');
    expect(await count(`select count(*)::int as n from app.development_assessments where development_id = $1`, [dev])).toBe(1);
  });

  it('import_developments: one unit per feature, the last feature over the limit refuses the whole import', async () => {
    const p = await staff('planner');
    await fill('development', p, 4999, 5000);
    const features = (n: number) => JSON.stringify(Array.from({ length: n }, () => ({ name: 'Kvot', phase: 'planning', geometry: OUTLINE })));
    expect(await codeOf(db.call(me(p), 'import_developments', { p_features: features(2) }, { commit: true }))).toBe('rate_limited');
    await db.call(me(p), 'import_developments', { p_features: features(1) }, { commit: true });
    expect(await count(`select count(*)::int as n from app.developments where created_by = $1`, [p])).toBe(1);
  });

  it('moderate_report: 2,000 decisions per moderator and hour', async () => {
    const m = await staff('moderator');
    const resident = randomUUID();
    const report = randomUUID();
    await db.call(me(resident), 'submit_report', {
      p_id: report, p_category: 'litter', p_lon: GAMLA_STADEN.lon, p_lat: GAMLA_STADEN.lat,
      p_description: 'Ring 070-123 45 67', p_observed_at: new Date(Date.now() - 60_000).toISOString(),
      p_source: 'resident', p_photo_path: null,
    }, { commit: true });
    const moderate = (action: string, reason: string | null) =>
      db.call<Json>(me(m), 'moderate_report', { p_report_id: report, p_action: action, p_description: null, p_reason: reason }, { commit: true });
    await fill('moderation', m, 1999, 2000);
    await moderate('approve', null);
    expect(await codeOf(moderate('hide', 'Personuppgifter'))).toBe('rate_limited');
    expect((await db.query<{ moderation: string }>(`select moderation from app.reports where id = $1`, [report]))[0].moderation).toBe('approved');
    expect(await count(`select count(*)::int as n from app.report_moderation where report_id = $1`, [report])).toBe(1);
  });

  it('the staff quotas are per user: another strategist still saves', async () => {
    const [full, fresh] = [await staff('strategist'), await staff('strategist')];
    await fill('measure', full, 600, 600);
    const save = (user: string) => db.call<Json>(me(user), 'save_measure', {
      p_id: randomUUID(),
      p_measure: JSON.stringify({ title: 'Kvot', challenge: 'trafik', type: 'traffic_calming', geometry: OUTLINE }),
    }, { commit: true });
    expect(await codeOf(save(full))).toBe('rate_limited');
    await expect(save(fresh)).resolves.toHaveProperty('id');
  });
});
