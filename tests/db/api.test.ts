/**
 * The database suite, run on both engines (PGlite and PostgreSQL 15 via the Supabase CLI).
 * See tests/db/engines.ts for how each engine is built and how roles are switched.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import * as SunCalc from 'suncalc';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';

const ALICE = 'a11ce000-0000-4000-8000-000000000001';
const BOB = 'b0b00000-0000-4000-8000-000000000002';
const CREW = 'c4e00000-0000-4000-8000-000000000003';
const ADMIN = 'ad000000-0000-4000-8000-000000000004';
const anon: Who = { role: 'anon' };
const alice: Who = { role: 'authenticated', sub: ALICE };
const bob: Who = { role: 'authenticated', sub: BOB };
const crew: Who = { role: 'authenticated', sub: CREW };
const admin: Who = { role: 'authenticated', sub: ADMIN };
const noSub: Who = { role: 'authenticated' };

const GAMLA_STADEN = { lon: 13.0038, lat: 55.605 }; // do_kod 11312
const LUND = { lon: 13.191, lat: 55.7047 };
const SUBMIT_ERRORS = [
  'not_signed_in', 'unknown_category', 'invalid_position', 'outside_malmo', 'description_required',
  'description_too_long', 'observed_in_future', 'observed_too_old', 'invalid_source', 'invalid_photo_path',
  'id_conflict', 'rate_limited',
];
const CITY = { p_west: 12.85, p_south: 55.48, p_east: 13.2, p_north: 55.66 };

type Json = Record<string, unknown>;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('database on %s', (engineName) => {
  let db: Engine;

  const submit = (who: Who, over: Record<string, unknown> = {}) =>
    db.call<Json>(
      who,
      'submit_report',
      {
        p_id: randomUUID(),
        p_category: 'litter',
        p_lon: GAMLA_STADEN.lon,
        p_lat: GAMLA_STADEN.lat,
        p_description: 'Mycket skräp vid busshållplatsen',
        p_observed_at: iso(3_600_000),
        p_source: 'resident',
        p_photo_path: null,
        ...over,
      },
      { commit: true },
    );
  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;
  const count = async (sql: string, params?: unknown[]) =>
    Number((await db.query<{ n: number }>(sql, params))[0].n);

  // A missing engine (e.g. PostgreSQL not reachable) must make every test FAIL, never skip.
  let setupError: unknown = null;
  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(
      `insert into app.staff_roles (user_id, role) values ('${CREW}', 'crew'), ('${ADMIN}', 'admin')`,
    );
    await db.query('select app.generate_demo_reports(3000, 42)');
  });
  beforeEach(async () => {
    if (setupError) throw setupError;
    // submit_report allows 20 new reports per user per rolling hour; tests here are about other things, so
    // each starts with an empty window (the rate limit itself is tested in tests/db/security-suite.ts).
    await db.query(
      `update app.reports set created_at = created_at - interval '2 hours'
        where not is_demo and created_at > now() - interval '1 hour'`);
    // The quotas are counted in app.rate_events (anonymous keys), not by reports.
    await db.query(`update app.rate_events set at = at - interval '2 hours' where at > now() - interval '1 hour'`);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('engine is available', () => {
    expect(setupError).toBeNull();
  });

  describe('reference data and whoami', () => {
    it('list_categories returns the 4 challenges, 18 categories and 7 statuses to anon', async () => {
      const r = await db.call<{ challenges: Json[]; categories: Json[]; statuses: Json[] }>(anon, 'list_categories');
      expect(r.challenges.map((c) => c.code)).toEqual(['renhallning', 'planering', 'trafik', 'befintlig_stad']);
      expect(r.challenges[0]).toMatchObject({ name_sv: 'Renhållning för ökad trygghet', sort: 1 });
      expect(r.categories).toHaveLength(18);
      expect(r.categories.find((c) => c.code === 'syringes')).toMatchObject({
        challenge: 'renhallning', duplicate_radius_m: 30, public_precision_m: 50,
      });
      expect(r.categories.find((c) => c.code === 'speeding')).toMatchObject({
        challenge: 'trafik', duplicate_radius_m: 150, public_precision_m: 25,
      });
      expect(r.statuses.map((s) => [s.code, s.group])).toEqual([
        ['new', 'open'], ['confirmed', 'open'], ['in_progress', 'open'], ['resolved', 'closed'],
        ['not_actionable', 'closed'], ['duplicate', 'closed'], ['referred', 'closed'],
      ]);
      for (const c of [...r.challenges, ...r.categories, ...r.statuses]) {
        expect(typeof c.name_sv).toBe('string');
        expect(typeof c.name_en).toBe('string');
      }
    });

    it('seeds 136 districts and the boundary', async () => {
      expect(await count('select count(*)::int as n from app.districts')).toBe(136);
      expect(await count('select count(*)::int as n from app.boundary')).toBe(1);
    });

    it('whoami reports anon, resident and staff roles', async () => {
      expect(await db.call(anon, 'whoami')).toEqual({ user_id: null, role: 'anon' });
      expect(await db.call(alice, 'whoami')).toEqual({ user_id: ALICE, role: 'resident' });
      expect(await db.call(crew, 'whoami')).toEqual({ user_id: CREW, role: 'crew' });
      expect(await db.call(admin, 'whoami')).toEqual({ user_id: ADMIN, role: 'admin' });
    });
  });

  describe('submit_report', () => {
    it('stores a report and derives challenge, district, darkness and the first update', async () => {
      const id = randomUUID();
      const observed = '2026-06-21T10:00:00.000Z';
      const r = await submit(alice, {
        p_id: id, p_category: 'dark_place', p_description: '  Mörk gångväg  ',
        p_observed_at: new Date(Math.max(Date.parse(observed), Date.now() - 300 * 86_400_000)).toISOString(),
      });
      expect(r).toMatchObject({
        id, status: 'new', challenge: 'befintlig_stad', category: 'dark_place',
        district: { code: 11312, name: 'Gamla Staden', stadsdel: 'Centrum', stadsomrade: 'Norr' },
      });
      expect(typeof r.is_dark).toBe('boolean');
      expect(Date.parse(String(r.created_at))).not.toBeNaN();
      const rows = await db.query<Json>(
        `select description, reporter_id::text as reporter, source, status, is_dark = app.is_dark(observed_at) as dark_ok,
                is_demo from app.reports where id = $1`, [id]);
      expect(rows[0]).toEqual({
        description: 'Mörk gångväg', reporter: ALICE, source: 'resident', status: 'new', dark_ok: true, is_demo: false,
      });
      const updates = await db.query<Json>(
        'select from_status, to_status, author_id::text as author from app.report_updates where report_id = $1', [id]);
      expect(updates).toEqual([{ from_status: null, to_status: 'new', author: ALICE }]);
    });

    it('is idempotent for the same user and rejects the same id from another user', async () => {
      const id = randomUUID();
      const first = await submit(alice, { p_id: id });
      const second = await submit(alice, { p_id: id, p_description: 'ändrad text' });
      expect(second).toEqual(first);
      expect(await count('select count(*)::int as n from app.reports where id = $1', [id])).toBe(1);
      expect(await count('select count(*)::int as n from app.report_updates where report_id = $1', [id])).toBe(1);
      expect(await codeOf(submit(bob, { p_id: id }))).toBe('id_conflict');
    });

    it('lets staff set the source and accepts a valid photo path', async () => {
      const id = randomUUID();
      const r = await submit(crew, { p_id: id, p_source: 'crew', p_photo_path: `${CREW}/${id}.webp` });
      expect(r.id).toBe(id);
      const id2 = randomUUID();
      await submit(alice, { p_id: id2, p_photo_path: `${ALICE}/${id2}.jpg` });
      expect(await count('select count(*)::int as n from app.reports where id = $1 and photo_path is not null', [id2]))
        .toBe(1);
    });

    it.each([
      ['not_signed_in', noSub, {}],
      ['unknown_category', alice, { p_category: 'nope' }],
      ['unknown_category', alice, { p_category: null }],
      ['invalid_position', alice, { p_lon: null }],
      ['invalid_position', alice, { p_lat: Number.NaN }],
      ['invalid_position', alice, { p_lon: 200 }],
      ['invalid_position', alice, { p_lat: Number.POSITIVE_INFINITY }],
      ['outside_malmo', alice, { p_lon: LUND.lon, p_lat: LUND.lat }],
      ['description_required', alice, { p_description: '  \n\t ' }],
      ['description_required', alice, { p_description: null }],
      ['description_too_long', alice, { p_description: 'x'.repeat(2001) }],
      ['observed_in_future', alice, { p_observed_at: iso(-10 * 60_000) }],
      ['observed_too_old', alice, { p_observed_at: iso(366 * 86_400_000) }],
      ['invalid_source', alice, { p_source: 'crew' }],
      ['invalid_source', crew, { p_source: 'bogus' }],
      ['invalid_photo_path', alice, { p_photo_path: `${BOB}/x.jpg` }],
      ['invalid_photo_path', alice, { p_photo_path: 'photo.png' }],
    ] as const)('fails with %s', async (code, who, over) => {
      const before = await count('select count(*)::int as n from app.reports');
      const e = await errorOf(submit(who, over));
      expect(e.message).toBe(code);
      expect(e.code).toBe(code === 'not_signed_in' ? '42501' : '22023');
      expect(await count('select count(*)::int as n from app.reports')).toBe(before);
    });

    it('accepts a description of exactly 2000 characters and observations 4 minutes ahead', async () => {
      await submit(alice, { p_description: 'å'.repeat(2000), p_observed_at: iso(-4 * 60_000) });
    });

    it('is not executable by anon at all', async () => {
      const e = await errorOf(submit(anon));
      expect(e.code).toBe('42501');
    });

    it('derives the district like an independent point-in-polygon test (turf)', async () => {
      const fc0 = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/data/malmo_delomraden.geojson'), 'utf8'));
      let checked = 0;
      for (let i = 0; i < 400 && checked < 25; i++) {
        const lon = 12.9 + ((i * 7919) % 400) / 400 * 0.24;
        const lat = 55.51 + ((i * 104729) % 397) / 397 * 0.12;
        const hit = fc0.features.find((f: Parameters<typeof booleanPointInPolygon>[1]) =>
          booleanPointInPolygon([lon, lat], f));
        if (!hit) continue;
        const r = await submit(checked % 2 ? alice : bob, { p_lon: lon, p_lat: lat });
        expect((r.district as Json).code, `${lon},${lat}`).toBe(hit.properties.do_kod);
        checked++;
      }
      expect(checked).toBe(25);
    });
  });

  describe('is_dark', () => {
    it('agrees with suncalc sunrise/sunset for Malmö away from the twilight edges', async () => {
      const lat = 55.605;
      const lon = 13.0038;
      const stamps: string[] = [];
      const expected: boolean[] = [];
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const start = Date.parse('2025-01-01T00:00:00Z');
      while (stamps.length < 600) {
        const t = new Date(start + next() * 2 * 365 * 86_400_000);
        const { sunrise, sunset } = SunCalc.getTimes(t, lat, lon);
        if (!sunrise || !sunset) throw new Error(`no sunrise/sunset for ${t.toISOString()}`);
        const margin = 3 * 60_000;
        if (Math.abs(t.getTime() - sunrise.getTime()) < margin) continue;
        if (Math.abs(t.getTime() - sunset.getTime()) < margin) continue;
        stamps.push(t.toISOString());
        expected.push(t < sunrise || t > sunset);
      }
      const rows = await db.query<{ t: string; dark: boolean }>(
        'select ord::int as i, app.is_dark(t) as dark from unnest($1::timestamptz[]) with ordinality as u(t, ord) order by ord',
        [stamps]);
      const got = rows.map((r) => r.dark);
      const mismatches = stamps.filter((_, i) => got[i] !== expected[i]);
      expect(mismatches).toEqual([]);
      expect(expected.filter(Boolean).length).toBeGreaterThan(100);
      expect(expected.filter((x) => !x).length).toBeGreaterThan(100);
    });
  });

  describe('report_detail and public positions', () => {
    it.each([
      ['litter', 10],
      ['speeding', 25],
      ['syringes', 50],
    ] as const)('snaps %s to a %i m SWEREF 99 TM grid for others, exact for reporter and staff', async (category, precision) => {
      const id = randomUUID();
      const lon = 13.01234567;
      const lat = 55.59876543;
      await submit(alice, { p_id: id, p_category: category, p_lon: lon, p_lat: lat });

      for (const who of [anon, bob]) {
        const d = await db.call<Json>(who, 'report_detail', { p_id: id });
        expect(d.precise).toBe(false);
        expect(d.is_mine).toBe(false);
        const [xy] = await db.query<{ x: number; y: number; dist: number }>(
          `select extensions.st_x(p) as x, extensions.st_y(p) as y,
                  extensions.st_distance(p, extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326), 3006)) as dist
             from (select extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326), 3006) as p) s`,
          [d.lon, d.lat, lon, lat]);
        expect(Math.abs(xy.x / precision - Math.round(xy.x / precision))).toBeLessThan(1e-4);
        expect(Math.abs(xy.y / precision - Math.round(xy.y / precision))).toBeLessThan(1e-4);
        expect(xy.dist).toBeLessThanOrEqual((precision * Math.SQRT2) / 2 + 0.01);
        expect(JSON.stringify(d)).not.toContain(ALICE);
        expect(d).not.toHaveProperty('reporter_id');
      }
      for (const who of [alice, crew]) {
        const d = await db.call<Json>(who, 'report_detail', { p_id: id });
        expect(d).toMatchObject({ precise: true, lon, lat, is_mine: who === alice });
      }
    });

    it('returns status group, supports and updates, and report_not_found for an unknown id', async () => {
      const id = randomUUID();
      await submit(alice, { p_id: id });
      const d = await db.call<Json>(anon, 'report_detail', { p_id: id });
      expect(d).toMatchObject({
        id, status: 'new', status_group: 'open', source: 'resident', support_count: 0, supported_by_me: false,
        photo_path: null, district: { code: 11312 },
      });
      expect(d.updates).toEqual([expect.objectContaining({ from_status: null, to_status: 'new', note: null })]);
      expect(await codeOf(db.call(anon, 'report_detail', { p_id: randomUUID() }))).toBe('report_not_found');
    });
  });

  describe('support_report', () => {
    it('counts one support per user', async () => {
      const id = randomUUID();
      await submit(alice, { p_id: id });
      const s1 = await db.call(bob, 'support_report', { p_report_id: id }, { commit: true });
      const s2 = await db.call(bob, 'support_report', { p_report_id: id }, { commit: true });
      expect(s1).toEqual({ report_id: id, support_count: 1, supported_by_me: true });
      expect(s2).toEqual(s1);
      expect(await db.call(crew, 'support_report', { p_report_id: id }, { commit: true })).toMatchObject({ support_count: 2 });
      expect(await db.call(bob, 'report_detail', { p_id: id })).toMatchObject({ support_count: 2, supported_by_me: true });
      expect(await db.call(anon, 'report_detail', { p_id: id })).toMatchObject({ support_count: 2, supported_by_me: false });
    });

    it('fails with not_signed_in and report_not_found', async () => {
      expect(await codeOf(db.call(noSub, 'support_report', { p_report_id: randomUUID() }))).toBe('not_signed_in');
      expect(await codeOf(db.call(bob, 'support_report', { p_report_id: randomUUID() }))).toBe('report_not_found');
      expect((await errorOf(db.call(anon, 'support_report', { p_report_id: randomUUID() }))).code).toBe('42501');
    });
  });

  describe('nearby_reports', () => {
    it('finds open reports of the category within its radius, nearest first', async () => {
      const base = { lon: 12.9712, lat: 55.5702 };
      const near = randomUUID();
      const nearer = randomUUID();
      const far = randomUUID();
      const closed = randomUUID();
      const other = randomUUID();
      // broken_glass: duplicate radius 30 m. 1e-4° lat ≈ 11 m.
      await submit(alice, { p_id: near, p_category: 'broken_glass', p_lon: base.lon, p_lat: base.lat + 0.0002, p_description: 'g'.repeat(300) });
      await submit(bob, { p_id: nearer, p_category: 'broken_glass', p_lon: base.lon, p_lat: base.lat + 0.00005 });
      await submit(alice, { p_id: far, p_category: 'broken_glass', p_lon: base.lon, p_lat: base.lat + 0.0006 });
      await submit(alice, { p_id: closed, p_category: 'broken_glass', p_lon: base.lon, p_lat: base.lat });
      await submit(alice, { p_id: other, p_category: 'graffiti', p_lon: base.lon, p_lat: base.lat });
      await db.query(`update app.reports set status = 'resolved' where id = $1`, [closed]);

      const r = await db.call<Json[]>(anon, 'nearby_reports', { p_lon: base.lon, p_lat: base.lat, p_category: 'broken_glass' });
      const ids = r.map((x) => x.id);
      expect(ids).toEqual([nearer, near]);
      expect(String(r[1]?.description)).toHaveLength(140);
      expect(r[0]).toMatchObject({ status: 'new', support_count: 0, supported_by_me: false });
      expect(typeof r[0]?.distance_m).toBe('number');
      expect(JSON.stringify(r)).not.toContain(ALICE);
    });

    it('fails with invalid_position and unknown_category', async () => {
      expect(await codeOf(db.call(anon, 'nearby_reports', { p_lon: Number.NaN, p_lat: 55.6, p_category: 'litter' })))
        .toBe('invalid_position');
      expect(await codeOf(db.call(anon, 'nearby_reports', { p_lon: 13, p_lat: 95, p_category: 'litter' })))
        .toBe('invalid_position');
      expect(await codeOf(db.call(anon, 'nearby_reports', { p_lon: 13, p_lat: 55.6, p_category: 'nope' })))
        .toBe('unknown_category');
    });
  });

  describe('my_reports', () => {
    it('lists only the caller\'s reports, newest first', async () => {
      const mine = await db.call<Json[]>(alice, 'my_reports');
      const expected = await count(`select count(*)::int as n from app.reports where reporter_id = '${ALICE}'`);
      expect(mine.length).toBe(Math.min(200, expected));
      expect(mine.length).toBeGreaterThan(0);
      const created = mine.map((m) => Date.parse(String(m.created_at)));
      expect([...created].sort((a, b) => b - a)).toEqual(created);
      expect(mine[0]).toHaveProperty('last_update_at');
      expect(mine[0]).toHaveProperty('status_group');
      const bobs = await db.call<Json[]>(bob, 'my_reports');
      const aliceIds = new Set(mine.map((m) => m.id));
      expect(bobs.some((b) => aliceIds.has(b.id))).toBe(false);
      expect(await codeOf(db.call(noSub, 'my_reports'))).toBe('not_signed_in');
    });
  });

  describe('reports_in_view', () => {
    type View = { total: number; cell_m: number; items: [number, number, number, string, string | null, string | null, string | null][] };
    const inBox = (extra = '', params: unknown[] = []) =>
      count(
        `select count(*)::int as n from app.reports r
          where extensions.st_intersects(r.public_location, extensions.st_makeenvelope(12.85, 55.48, 13.2, 55.66, 4326)) ${extra}`,
        params);

    it('aggregates the whole city into bounded cells whose counts add up to the total', async () => {
      const v = await db.call<View>(anon, 'reports_in_view', { ...CITY, p_zoom: 11 });
      expect(v.total).toBe(await inBox());
      expect(v.items.reduce((s, i) => s + i[2], 0)).toBe(v.total);
      expect(v.items.length).toBeGreaterThan(5);
      expect(v.cell_m).toBeCloseTo((60 * 40075016.686) / (256 * 2 ** 11), 0);
      for (const [lon, lat, n, ch, id, cat, st] of v.items) {
        expect(lon).toBeGreaterThanOrEqual(12.85);
        expect(lat).toBeLessThanOrEqual(55.66);
        expect(['renhallning', 'planering', 'trafik', 'befintlig_stad']).toContain(ch);
        if (n === 1) expect([id, cat, st].every((x) => typeof x === 'string')).toBe(true);
        else expect([id, cat, st]).toEqual([null, null, null]);
      }
    });

    it('never returns more than 2000 items (a coarser grid is used)', async () => {
      const v = await db.call<View>(anon, 'reports_in_view', { ...CITY, p_zoom: 22 });
      expect(v.items.length).toBeLessThanOrEqual(2000);
      expect(v.items.length).toBeGreaterThan(100);
      expect(v.cell_m).toBeGreaterThan((60 * 40075016.686) / (256 * 2 ** 22));
      expect(v.total).toBe(await inBox());
    });

    it('shows a single report at street level with its id, category and status', async () => {
      const id = randomUUID();
      await submit(bob, { p_id: id, p_category: 'graffiti', p_lon: 13.0671, p_lat: 55.5612 });
      const v = await db.call<View>(anon, 'reports_in_view', {
        p_west: 13.066, p_south: 55.5605, p_east: 13.068, p_north: 55.562, p_zoom: 19,
      });
      const item = v.items.find((i) => i[4] === id);
      expect(item).toBeDefined();
      expect(item?.slice(2)).toEqual([1, 'renhallning', id, 'graffiti', 'new']);
      const d = await db.call<Json>(anon, 'report_detail', { p_id: id });
      expect(item?.[0]).toBeCloseTo(Number(d.lon), 6);
      expect(item?.[1]).toBeCloseTo(Number(d.lat), 6);
    });

    it('applies challenge, category, status and time filters', async () => {
      const call = (args: Record<string, unknown>) =>
        db.call<View>(alice, 'reports_in_view', { ...CITY, p_zoom: 12, ...args });
      expect((await call({ p_challenges: ['trafik'] })).total).toBe(await inBox(`and r.challenge = 'trafik'`));
      expect((await call({ p_categories: ['litter', 'graffiti'] })).total)
        .toBe(await inBox(`and r.category in ('litter', 'graffiti')`));
      expect((await call({ p_statuses: ['resolved'] })).total).toBe(await inBox(`and r.status = 'resolved'`));
      const from = iso(90 * 86_400_000);
      const to = iso(30 * 86_400_000);
      expect((await call({ p_from: from, p_to: to })).total)
        .toBe(await inBox('and r.observed_at >= $1 and r.observed_at < $2', [from, to]));
      const onlyTrafik = await call({ p_challenges: ['trafik'] });
      expect(onlyTrafik.items.every((i) => i[3] === 'trafik')).toBe(true);
      expect((await call({ p_categories: [] })).total).toBe(0);
    });

    it('answers from the pre-aggregated grid exactly as from the raw reports, also after updates and deletes', async () => {
      // Some churn: new reports, status changes and deletes must keep app.report_cells exact.
      const ids = Array.from({ length: 12 }, () => randomUUID());
      for (const [i, id] of ids.entries()) {
        await submit(alice, { p_id: id, p_category: i % 2 ? 'vandalism' : 'speeding', p_lon: 12.99 + i * 0.004, p_lat: 55.58 + i * 0.002 });
      }
      await db.query(`update app.reports set status = 'in_progress' where id = any($1::uuid[])`, [ids.slice(0, 4)]);
      await db.query(`update app.reports set status = 'resolved' where id in (select id from app.reports where is_demo order by id limit 40)`);
      await db.query(`delete from app.reports where id = any($1::uuid[])`, [ids.slice(8)]);
      const drift = await count(`
        with fresh as (
          select l.level, floor(r.public_x / (app.grid_base_m() * 2 ^ l.level))::int as gx,
                 floor(r.public_y / (app.grid_base_m() * 2 ^ l.level))::int as gy, r.category, r.status,
                 count(*)::int as n
            from app.reports r cross join (values (2), (4), (6)) l(level)
           group by 1, 2, 3, 4, 5)
        select count(*)::int as n
          from fresh f full join app.report_cells c
            on c.level = f.level and c.gx = f.gx and c.gy = f.gy and c.category = f.category and c.status = f.status
         where f.n is distinct from c.n`);
      expect(drift).toBe(0);

      // A time filter forces the raw path; every observed_at is within the last year, so both must agree.
      let seed = 7;
      const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      for (let i = 0; i < 24; i++) {
        const zoom = 9 + rnd() * 7;
        const w = 12.86 + rnd() * 0.2;
        const s0 = 55.49 + rnd() * 0.1;
        const span = 0.02 + rnd() * 0.3;
        const filters: Record<string, unknown> = {};
        if (i % 4 === 1) filters.p_statuses = ['new', 'resolved'];
        if (i % 4 === 2) filters.p_challenges = ['renhallning'];
        if (i % 4 === 3) filters.p_categories = ['speeding', 'vandalism', 'litter'];
        const args = { p_west: w, p_south: s0, p_east: w + span, p_north: s0 + span / 2, p_zoom: zoom, ...filters };
        const fast = await db.call<View>(anon, 'reports_in_view', args);
        const raw = await db.call<View>(anon, 'reports_in_view', { ...args, p_from: '2000-01-01T00:00:00Z' });
        expect(fast.total, JSON.stringify(args)).toBe(raw.total);
        expect(fast.cell_m).toBe(raw.cell_m);
        expect(fast.items.length).toBe(raw.items.length);
        fast.items.forEach((it, j) => {
          const r = raw.items[j];
          if (!r) throw new Error(`raw result has no item ${j}`);
          expect(it[0]).toBeCloseTo(r[0], 6);
          expect(it[1]).toBeCloseTo(r[1], 6);
          expect(it.slice(2)).toEqual(r.slice(2));
        });
      }
    });

    it.each([
      ['invalid_bbox', { p_west: 13.1, p_east: 13.0 }],
      ['invalid_bbox', { p_south: 55.6, p_north: 55.6 }],
      ['invalid_bbox', { p_west: 10.5, p_east: 13.2 }],
      ['invalid_bbox', { p_west: Number.NaN }],
      ['invalid_bbox', { p_north: Number.POSITIVE_INFINITY }],
      ['invalid_bbox', { p_zoom: Number.NaN }],
      ['invalid_filter', { p_challenges: ['nope'] }],
      ['invalid_filter', { p_categories: ['litter', 'nope'] }],
      ['invalid_filter', { p_statuses: ['open'] }],
      ['invalid_filter', { p_from: '2026-06-01T00:00:00Z', p_to: '2026-06-01T00:00:00Z' }],
    ] as const)('fails with %s for %j', async (code, over) => {
      expect(await codeOf(db.call(anon, 'reports_in_view', { ...CITY, p_zoom: 12, ...over }))).toBe(code);
    });
  });

  describe('row level security', () => {
    it('anon cannot read reports, updates or supports directly but can read reference tables', async () => {
      for (const table of ['app.reports', 'app.report_updates', 'app.supports', 'app.staff_roles']) {
        const e = await errorOf(db.asRole(anon, (q) => q(`select * from ${table} limit 1`)));
        expect(e.code, table).toBe('42501');
      }
      for (const table of ['app.challenges', 'app.categories', 'app.statuses', 'app.districts', 'app.boundary']) {
        const rows = await db.asRole(anon, (q) => q(`select count(*)::int as n from ${table}`));
        const all = await count(`select count(*)::int as n from ${table}`);
        expect(all, table).toBeGreaterThan(0);
        expect(Number(rows[0].n), table).toBe(all); // every row, not just some
      }
    });

    it('a resident sees only their own rows; staff see all', async () => {
      const id = randomUUID();
      await submit(bob, { p_id: id });
      await db.call(alice, 'support_report', { p_report_id: id }, { commit: true });
      const own = await db.asRole(alice, (q) => q<{ n: number; others: number }>(
        `select count(*)::int as n, count(*) filter (where reporter_id is distinct from '${ALICE}')::int as others
           from app.reports`));
      expect(own[0].others).toBe(0);
      expect(own[0].n).toBe(await count(`select count(*)::int as n from app.reports where reporter_id = '${ALICE}'`));
      const upd = await db.asRole(alice, (q) => q<{ n: number }>(
        `select count(*)::int as n from app.report_updates u
          where not exists (select 1 from app.reports r where r.id = u.report_id and r.reporter_id = '${ALICE}')`));
      expect(upd[0].n).toBe(0);
      const sup = await db.asRole(alice, (q) => q<{ n: number }>(
        `select count(*)::int as n from app.supports where user_id <> '${ALICE}'`));
      expect(sup[0].n).toBe(0);
      const bobSeesAlice = await db.asRole(bob, (q) => q<{ n: number }>(
        `select count(*)::int as n from app.reports where reporter_id = '${ALICE}'`));
      expect(bobSeesAlice[0].n).toBe(0);

      const all = await count('select count(*)::int as n from app.reports');
      const staff = await db.asRole(crew, (q) => q<{ n: number }>('select count(*)::int as n from app.reports'));
      expect(staff[0].n).toBe(all);
      const staffUpd = await db.asRole(crew, (q) => q<{ n: number }>('select count(*)::int as n from app.report_updates'));
      expect(staffUpd[0].n).toBe(await count('select count(*)::int as n from app.report_updates'));
    });

    it('nobody but the API can write reports, updates or supports', async () => {
      const [r] = await db.query<{ id: string }>(`select id::text as id from app.reports where reporter_id = '${ALICE}' limit 1`);
      const writes = [
        `insert into app.reports (id, category, location, description, observed_at, is_dark)
           values (gen_random_uuid(), 'litter', extensions.st_setsrid(extensions.st_makepoint(13, 55.6), 4326), 'x', now(), false)`,
        `update app.reports set status = 'resolved' where id = '${r.id}'`,
        `delete from app.reports where id = '${r.id}'`,
        `insert into app.report_updates (report_id, to_status) values ('${r.id}', 'resolved')`,
        `insert into app.supports (report_id, user_id) values ('${r.id}', '${ALICE}')`,
        `delete from app.supports where user_id = '${ALICE}'`,
        `insert into app.categories (code, name_sv, name_en, duplicate_radius_m, public_precision_m, sort)
           values ('x', 'x', 'x', 1, 1, 99)`,
      ];
      for (const who of [anon, alice, crew]) {
        for (const sql of writes) {
          const e = await errorOf(db.asRole(who, (q) => q(sql)));
          expect(e.code, `${who.sub ?? 'anon'}: ${sql}`).toBe('42501');
        }
      }
    });

    it('nobody writes staff roles directly, not even admins (only api.set_staff_role)', async () => {
      const grant = `insert into app.staff_roles (user_id, role) values ('${BOB}', 'planner')`;
      expect((await errorOf(db.asRole(alice, (q) => q(grant)))).code).toBe('42501');
      expect((await errorOf(db.asRole(admin, (q) => q(grant)))).code).toBe('42501');
      expect(await db.call(admin, 'set_staff_role', { p_user_id: BOB, p_role: 'planner' })) // rolled back
        .toEqual({ user_id: BOB, role: 'planner' });
      const own = await db.asRole(crew, (q) => q<{ role: string }>('select role from app.staff_roles'));
      expect(own).toEqual([{ role: 'crew' }]);
    });

    it('storage: a signed-in user may upload only into their own folder of report-photos', async () => {
      const [bucket] = await db.query<Json>(
        `select public, file_size_limit::int as limit, allowed_mime_types from storage.buckets where id = 'report-photos'`);
      expect(bucket).toEqual({ public: true, limit: 5 * 1024 * 1024, allowed_mime_types: ['image/jpeg', 'image/webp'] });
      const put = (name: string) =>
        `insert into storage.objects (bucket_id, name, owner) values ('report-photos', '${name}', '${ALICE}')`;
      await db.asRole(alice, (q) => q(put(`${ALICE}/${randomUUID()}.jpg`)));
      expect((await errorOf(db.asRole(alice, (q) => q(put(`${BOB}/${randomUUID()}.jpg`))))).code).toBe('42501');
      expect((await errorOf(db.asRole(anon, (q) => q(put(`${ALICE}/${randomUUID()}.jpg`))))).code).toBe('42501');
    });

    it('every api function is security definer with search_path = pg_catalog, pg_temp and no PUBLIC execute', async () => {
      const rows = await db.query<{ name: string; definer: boolean; config: string[] | null; public_exec: boolean }>(
        `select p.proname as name, p.prosecdef as definer, p.proconfig as config,
                has_function_privilege('public', p.oid, 'execute') as public_exec
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'api' order by 1`);
      // Which functions exist and who may execute each is the access matrix (security-suite.ts); here: how.
      expect(rows.length).toBeGreaterThan(10);
      for (const r of rows) {
        expect(r.definer, r.name).toBe(true);
        // Other settings (e.g. jit = off for a planner-sensitive query) are fine; the search path is not optional.
        expect(r.config, r.name).toContain('search_path=pg_catalog, pg_temp');
        expect(r.public_exec, r.name).toBe(false);
      }
      const authExec = await db.query<{ name: string; auth: boolean }>(
        `select p.proname as name, has_function_privilege('authenticated', p.oid, 'execute') as auth
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'api' order by 1`);
      for (const r of authExec) expect(r.auth, r.name).toBe(true);
    });
  });

  describe('demo data', () => {
    it('is deterministic, labelled as demo and spread over the districts', async () => {
      const stats = await db.query<Json>(
        `select count(*)::int as n, count(distinct district_code)::int as districts, bool_and(reporter_id is null) as anon_rows,
                count(distinct category)::int as categories, bool_and(is_dark = app.is_dark(observed_at)) as dark_ok,
                bool_and(observed_at <= now() and observed_at >= now() - interval '366 days') as dates_ok
           from app.reports where is_demo`);
      expect(stats[0]).toMatchObject({ n: 3000, anon_rows: true, categories: 18, dark_ok: true, dates_ok: true });
      expect(Number(stats[0].districts)).toBeGreaterThan(100);
      expect(await count('select app.generate_demo_reports(3000, 42) as n')).toBe(0);
      expect(await count(`select count(*)::int as n from app.supports s join app.reports r on r.id = s.report_id where r.is_demo`))
        .toBeGreaterThan(0);
      const e = await errorOf(db.asRole(alice, (q) => q('select app.generate_demo_reports(1)')));
      expect(e.code).toBe('42501');
    });
  });

  describe('property: submit_report', () => {
    it('each call succeeds or fails with a documented code, and rows grow by the successes', async () => {
      const categories = ['litter', 'dark_place', 'speeding', 'planning_safety_concern', 'nope', ''];
      const position = fc.oneof(
        fc.record({ lon: fc.double({ min: 12.95, max: 13.1, noNaN: true }), lat: fc.double({ min: 55.55, max: 55.62, noNaN: true }) }),
        fc.record({ lon: fc.double(), lat: fc.double() }),
        fc.record({ lon: fc.double({ min: -200, max: 200 }), lat: fc.double({ min: -100, max: 100 }) }),
      );
      const description = fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.constantFrom('', '   ', 'x'.repeat(2000), ' ' + 'y'.repeat(2001)),
      ).map((s) => s.replaceAll('\u0000', ''));
      const observedOffsetMin = fc.oneof(fc.integer({ min: -10, max: 600 * 24 * 60 }), fc.constantFrom(-6, -4, 365 * 24 * 60 + 5));
      const arb = fc.record({
        who: fc.constantFrom(alice, bob, crew),
        category: fc.constantFrom(...categories),
        position,
        description,
        observedOffsetMin,
        source: fc.constantFrom('resident', 'resident', 'crew', 'safety_walk', 'planner', 'x'),
        photo: fc.constantFrom('none', 'own', 'other'),
      });
      const allowed = new Set(SUBMIT_ERRORS);
      for (const code of allowed) expect(ERROR_CODES as readonly string[]).toContain(code);
      const before = await count('select count(*)::int as n from app.reports');
      let successes = 0;
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(arb, async (a) => {
          const id = randomUUID();
          const photo = a.photo === 'none' ? null : a.photo === 'own' ? `${a.who.sub}/${id}.jpg` : `${BOB}/${id}.png`;
          try {
            const r = await submit(a.who, {
              p_id: id, p_category: a.category, p_lon: a.position.lon, p_lat: a.position.lat,
              p_description: a.description, p_observed_at: iso(a.observedOffsetMin * 60_000), p_source: a.source,
              p_photo_path: photo,
            });
            expect(r.id).toBe(id);
            successes++;
          } catch (error) {
            const msg = String((error as Error).message);
            seen.add(msg);
            if (!allowed.has(msg)) throw error;
          }
        }),
        { numRuns: 300, seed: 20261201 },
      );
      expect(await count('select count(*)::int as n from app.reports')).toBe(before + successes);
      expect(successes).toBeGreaterThan(0);
      expect(seen.size).toBeGreaterThan(3);
    });
  });
});
