/**
 * Issue 4 (crew) on both engines: hexagon cells in SQL against hexCellOf, hotspot_cells and work_list against
 * hand-made fixtures, claiming, the photo with a status change, bulk status changes, support counts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  hexCellOf,
  hexCenter,
  hexRing,
  sweref99tmToWgs84,
  wgs84ToSweref99tm,
} from '../../src/analysis';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';
import { mulberry32 } from '../../src/analysis/random';

const RESIDENT = 'a11ce000-0000-4000-8000-0000000000c1';
/** Another resident, who supports the fixtures (the reporter may not support their own report: own_report). */
const NEIGHBOUR_RESIDENT = 'a11ce000-0000-4000-8000-0000000000c9';
const CREW = 'c4e00000-0000-4000-8000-0000000000c2';
const CREW2 = 'c4e00000-0000-4000-8000-0000000000c3';
const PLANNER = '91a00000-0000-4000-8000-0000000000c4';
const STRATEGIST = '57a00000-0000-4000-8000-0000000000c5';
const ADMIN = 'ad000000-0000-4000-8000-0000000000c6';
const as = (sub: string): Who => ({ role: 'authenticated', sub });
const anon: Who = { role: 'anon' };
const resident = as(RESIDENT);
const crew = as(CREW);
const crew2 = as(CREW2);
const planner = as(PLANNER);
const strategist = as(STRATEGIST);
const admin = as(ADMIN);

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString();
const CELL = 100;

type Json = Record<string, unknown>;
type Cell = [number, number, number, number, number];
interface HotspotCells {
  cell_m: number;
  total: number;
  cells: Cell[];
}

/** Deterministic pseudo-random numbers, so a failure can be reproduced. */
const random = mulberry32;

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('crew (issue 4) on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;

  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;

  // Fixture cells at 100 m: A around Gamla staden, B its neighbour (q + 1).
  const here = wgs84ToSweref99tm(13.0038, 55.605);
  const home = hexCellOf(here[0] as number, here[1] as number, CELL);
  const A: [number, number] = [home[0] as number, home[1] as number];
  const B: [number, number] = [A[0] + 1, A[1]];
  /** A WGS84 point `dx`, `dy` metres from the centre of cell `c` (well inside: |d| ≤ 40 m). */
  const inCell = (c: [number, number], dx: number, dy: number) => {
    const [cx, cy] = hexCenter(c[0], c[1], CELL);
    return sweref99tmToWgs84(cx + dx, cy + dy);
  };

  const ids: Record<string, string> = {};
  /** Inserts a report directly (the trigger derives district, challenge and positions). */
  async function report(
    name: string,
    o: { cell: [number, number]; dx?: number; dy?: number; category?: string; status?: string; days: number; photo?: boolean },
  ) {
    const id = randomUUID();
    ids[name] = id;
    const [lon, lat] = inCell(o.cell, o.dx ?? 0, o.dy ?? 0);
    await db.query(
      `insert into app.reports (id, category, location, description, observed_at, status, reporter_id, photo_path)
       values ($1, $2, extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326), $5, $6, $7, $8, $9)`,
      [id, o.category ?? 'litter', lon, lat, `Fixture ${name}`, daysAgo(o.days), o.status ?? 'new', RESIDENT,
        o.photo ? `${RESIDENT}/${id}.jpg` : null],
    );
    return id;
  }

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(
      `insert into app.staff_roles (user_id, role) values ('${CREW}', 'crew'), ('${CREW2}', 'crew'),
         ('${PLANNER}', 'planner'), ('${STRATEGIST}', 'strategist'), ('${ADMIN}', 'admin')`,
    );
    // Cell A: three litter (one resolved, 10 and 100 days old), one speeding (200 days), one duplicate.
    await report('a_litter_recent', { cell: A, dx: 10, dy: -5, days: 10, photo: true });
    await report('a_litter_old', { cell: A, dx: -20, dy: 15, days: 100, status: 'confirmed' });
    await report('a_litter_resolved', { cell: A, dx: 5, dy: 30, days: 101, status: 'resolved' });
    await report('a_speeding', { cell: A, dx: -30, dy: -10, category: 'speeding', days: 200 });
    await report('a_duplicate', { cell: A, dx: 0, dy: 0, days: 50, status: 'duplicate' });
    // Cell B: one graffiti (renhallning), 5 days old.
    await report('b_graffiti', { cell: B, dx: 12, dy: 12, category: 'graffiti', days: 5, status: 'in_progress' });
    // Supports: two on a_litter_old, one on b_graffiti (through the API, as residents give them).
    // (not by the reporter: supporting one's own report is refused, own_report)
    for (const sub of [NEIGHBOUR_RESIDENT, CREW]) await db.call(as(sub), 'support_report', { p_report_id: ids.a_litter_old }, { commit: true });
    await db.call(crew2, 'support_report', { p_report_id: ids.b_graffiti }, { commit: true });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });

  const cells = (who: Who, args: Json = {}) =>
    db.call<HotspotCells>(who, 'hotspot_cells', { p_cell_m: CELL, ...args });
  const cellOf = (r: HotspotCells, c: [number, number]) =>
    r.cells.find(([q, rr]) => q === c[0] && rr === c[1]);

  describe('hexagon cells: SQL equals hexCellOf', () => {
    it('for 4,000 random points, 960 corner and edge-midpoint probes (exact and nudged) and 400 rounding ties', async () => {
      const rnd = random(20261201);
      const xs: number[] = [];
      const ys: number[] = [];
      const sizes: number[] = [];
      for (let i = 0; i < 4000; i++) {
        xs.push(355_000 + rnd() * 40_000);
        ys.push(6_148_000 + rnd() * 30_000);
        sizes.push(i % 4 === 0 ? [50, 100, 250, 500][i % 16 >> 2]! : 50 + rnd() * 450);
      }
      // Corners and edge midpoints of random cells, exactly and nudged by a few ulps to a micrometre.
      const nudges = [0, 1e-9, -1e-9, 1e-6, -1e-6];
      for (let i = 0; i < 80; i++) {
        const size = i % 2 ? 100 : 50 + Math.floor(rnd() * 450);
        const probe = hexCellOf(355_000 + rnd() * 40_000, 6_148_000 + rnd() * 30_000, size);
        const ring = hexRing(probe[0] as number, probe[1] as number, size);
        for (let k = 0; k < 6; k++) {
          const [x0, y0] = ring[k]!;
          const [x1, y1] = ring[k + 1]!;
          for (const [x, y] of [[x0, y0], [(x0 + x1) / 2, (y0 + y1) / 2]] as const) {
            const n = nudges[Math.floor(rnd() * nudges.length)]!;
            const m = nudges[Math.floor(rnd() * nudges.length)]!;
            xs.push(x + n);
            ys.push(y + m);
            sizes.push(size);
          }
        }
      }
      // Exact ties of the rounding: axial coordinates with fractional part exactly 0.5.
      for (let i = 0; i < 400; i++) {
        const size = 100;
        const q = 2400 + Math.floor(rnd() * 200) + 0.5;
        const r = 34200 + Math.floor(rnd() * 200) + (i % 2 ? 0.5 : rnd());
        // Invert qf = (2/3)x/size, rf = (−x/3 + √3/3·y)/size.
        const x = (q * size * 3) / 2;
        const y = (r * size + x / 3) / (Math.sqrt(3) / 3);
        xs.push(x);
        ys.push(y);
        sizes.push(size);
      }
      const rows = await db.query<{ i: number; q: number; r: number }>(
        `select (t.i)::int as i, c[1] as q, c[2] as r
           from unnest($1::float8[], $2::float8[], $3::float8[]) with ordinality t(x, y, s, i),
                lateral (select app.hex_cell(t.x, t.y, t.s) as c) h
          order by t.i`,
        [xs, ys, sizes],
      );
      expect(rows).toHaveLength(xs.length);
      const mismatches = rows.filter((row) => {
        const c = hexCellOf(xs[row.i - 1]!, ys[row.i - 1]!, sizes[row.i - 1]!);
        return c[0] !== row.q || c[1] !== row.r;
      });
      expect(mismatches.slice(0, 5)).toEqual([]);
      // The edge probes must really be ambiguous for a naive method: several probes of one corner land in
      // different cells (otherwise the test would not be testing tie-breaking at all).
      expect(new Set(rows.slice(4000, 4012).map((r) => `${r.q}:${r.r}`)).size).toBeGreaterThan(1);
    });

    it('stores x3006/y3006 from PostGIS and a3006/b3006 as the exact products hexCellOf forms', async () => {
      const rows = await db.query<{ x: number; y: number; a: number; b: number; lon: number; lat: number }>(
        `select x3006 as x, y3006 as y, a3006 as a, b3006 as b,
                extensions.st_x(location) as lon, extensions.st_y(location) as lat
           from app.reports where id = any ($1::uuid[])`,
        [Object.values(ids)],
      );
      for (const row of rows) {
        expect(row.a).toBe((2 / 3) * row.x);
        expect(row.b).toBe((-1 / 3) * row.x + (Math.sqrt(3) / 3) * row.y);
        // The TypeScript projection agrees with PostGIS to well under a millimetre.
        const ts = wgs84ToSweref99tm(row.lon, row.lat);
        expect(Math.abs((ts[0] as number) - row.x)).toBeLessThan(1e-3);
        expect(Math.abs((ts[1] as number) - row.y)).toBeLessThan(1e-3);
      }
    });
  });

  describe('hotspot_cells', () => {
    it('counts non-duplicate reports per cell with their supports', async () => {
      const r = await cells(crew);
      expect(r.cell_m).toBe(CELL);
      expect(r.total).toBe(5);
      expect(r.cells).toHaveLength(2);
      expect(cellOf(r, A)).toEqual([...A, 4, 2, 0]);
      expect(cellOf(r, B)).toEqual([...B, 1, 1, 0]);
    });

    it('filters by challenge, category and the observation window, and counts the recent part', async () => {
      expect(cellOf(await cells(crew, { p_challenges: ['renhallning'] }), A)?.[2]).toBe(3);
      expect(cellOf(await cells(crew, { p_challenges: ['trafik'] }), A)?.[2]).toBe(1);
      expect(cellOf(await cells(crew, { p_challenges: ['trafik'] }), B)).toBeUndefined();
      const litter = await cells(crew, { p_categories: ['litter'] });
      expect(litter.total).toBe(3);
      expect(cellOf(litter, B)).toBeUndefined();
      const last30 = await cells(crew, { p_from: daysAgo(30) });
      expect(cellOf(last30, A)).toEqual([...A, 1, 0, 0]);
      expect(cellOf(last30, B)).toEqual([...B, 1, 1, 0]);
      const before30 = await cells(crew, { p_to: daysAgo(30) });
      expect(cellOf(before30, A)).toEqual([...A, 3, 2, 0]);
      expect(cellOf(before30, B)).toBeUndefined();
      const recent = await cells(crew, { p_recent_from: daysAgo(30) });
      expect(cellOf(recent, A)).toEqual([...A, 4, 2, 1]);
      expect(cellOf(recent, B)).toEqual([...B, 1, 1, 1]);
      const window = await cells(crew, { p_from: daysAgo(150), p_to: daysAgo(50), p_recent_from: daysAgo(100.5) });
      expect(cellOf(window, A)).toEqual([...A, 2, 2, 1]);
    });

    it('gives the same cells at other sizes as hexCellOf on the stored coordinates', async () => {
      const rows = await db.query<{ x: number; y: number; s: string }>(
        `select x3006 as x, y3006 as y, status as s from app.reports`,
      );
      for (const size of [50, 137.5, 500]) {
        const expected = new Map<string, number>();
        for (const row of rows) {
          if (row.s === 'duplicate') continue;
          const c = hexCellOf(row.x, row.y, size);
          const key = `${c[0]}:${c[1]}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const got = await cells(admin, { p_cell_m: size });
        expect(new Map(got.cells.map(([q, r, n]) => [`${q}:${r}`, n]))).toEqual(expected);
      }
    });

    it('is for staff: residents get forbidden, anon has no grant', async () => {
      for (const who of [planner, strategist, admin]) expect((await cells(who)).total).toBe(5);
      expect(await codeOf(cells(resident))).toBe('forbidden');
      expect((await errorOf(cells(anon))).code).toBe('42501');
      expect(await codeOf(cells(anon))).toMatch(/permission denied/);
    });

    it('rejects bad cell sizes and filters', async () => {
      for (const size of [49.9, 500.1, 0, -100, null, 'NaN'])
        expect(await codeOf(cells(crew, { p_cell_m: size }))).toBe('invalid_cell_size');
      expect((await cells(crew, { p_cell_m: 50 })).total).toBe(5);
      expect((await cells(crew, { p_cell_m: 500 })).total).toBe(5);
      expect(await codeOf(cells(crew, { p_challenges: ['nope'] }))).toBe('invalid_filter');
      expect(await codeOf(cells(crew, { p_categories: ['litter', null] }))).toBe('invalid_filter');
      expect(await codeOf(cells(crew, { p_from: daysAgo(1), p_to: daysAgo(2) }))).toBe('invalid_filter');
      expect(await codeOf(cells(crew, { p_from: 'infinity' }))).toBe('invalid_filter');
    });
  });

  describe('work_list', () => {
    const list = (who: Who, args: Json = {}) =>
      db.call<{ total: number; items: Json[] }>(who, 'work_list', args);

    it('lists open reports oldest first with exact positions and cells, never the reporter', async () => {
      const r = await list(crew);
      expect(r.total).toBe(4);
      expect(r.items.map((i) => i.id)).toEqual([ids.a_speeding, ids.a_litter_old, ids.a_litter_recent, ids.b_graffiti]);
      const first = r.items.find((i) => i.id === ids.a_litter_recent)!;
      expect(Object.keys(first).sort()).toEqual(
        ['assigned', 'assigned_to_me', 'category', 'challenge', 'created_at', 'description', 'district_code',
          'district_name', 'has_photo', 'id', 'lat', 'lon', 'observed_at', 'q', 'r', 'source', 'status', 'supports',
          'assignee', 'due_on'].sort(),
      );
      expect(JSON.stringify(r)).not.toContain(RESIDENT);
      const [lon, lat] = inCell(A, 10, -5);
      expect(first).toMatchObject({ category: 'litter', challenge: 'renhallning', status: 'new', has_photo: true,
        supports: 0, q: A[0], r: A[1], assigned: false, assigned_to_me: false, source: 'resident' });
      const district = await db.query<{ c: number; n: string }>(
        `select d.do_kod as c, d.name as n from app.districts d
          where extensions.st_intersects(d.geom, extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326))`,
        [lon, lat],
      );
      expect(first).toMatchObject({ district_code: district[0].c, district_name: district[0].n });
      expect(first.lon as number).toBeCloseTo(lon as number, 9);
      expect(first.lat as number).toBeCloseTo(lat as number, 9);
      const graffiti = r.items.find((i) => i.id === ids.b_graffiti)!;
      expect(graffiti).toMatchObject({ q: B[0], r: B[1], supports: 1, has_photo: false });
      // At another cell size the cell is that size's.
      const big = await list(crew, { p_cell_m: 500 });
      const xy = await db.query<{ x: number; y: number }>(`select x3006 as x, y3006 as y from app.reports where id = $1`, [ids.a_litter_recent]);
      const c = hexCellOf(xy[0].x, xy[0].y, 500);
      expect(big.items.find((i) => i.id === ids.a_litter_recent)).toMatchObject({ q: c[0], r: c[1] });
    });

    it('filters by status, challenge and district, and limits without changing the total', async () => {
      expect((await list(crew, { p_statuses: ['resolved'] })).items.map((i) => i.id)).toEqual([ids.a_litter_resolved]);
      expect((await list(crew, { p_challenges: ['trafik'] })).items.map((i) => i.id)).toEqual([ids.a_speeding]);
      const all = (await list(crew)).items;
      const code = all[0]!.district_code as number;
      const inDistrict = await list(crew, { p_district_codes: [code] });
      expect(inDistrict.items.map((i) => i.id)).toEqual(all.filter((i) => i.district_code === code).map((i) => i.id));
      const elsewhere = await db.query<{ c: number }>(
        `select do_kod as c from app.districts where do_kod <> all ($1::int[]) order by do_kod limit 1`,
        [all.map((i) => i.district_code)],
      );
      expect(await list(crew, { p_district_codes: [elsewhere[0].c] })).toEqual({ total: 0, items: [] });
      // categories (the crew's "Kategori" filter), alone and with a challenge
      expect((await list(crew, { p_categories: ['graffiti'] })).items.map((i) => i.id)).toEqual([ids.b_graffiti]);
      expect((await list(crew, { p_categories: ['litter', 'speeding'] })).total).toBe(3);
      expect(await list(crew, { p_categories: ['litter'], p_challenges: ['trafik'] })).toEqual({ total: 0, items: [] });
      const limited = await list(crew, { p_limit: 2 });
      expect(limited.total).toBe(4);
      expect(limited.items.map((i) => i.id)).toEqual([ids.a_speeding, ids.a_litter_old]);
    });

    it('rejects bad arguments and non-staff', async () => {
      for (const bad of [{ p_limit: 0 }, { p_limit: 5001 }, { p_statuses: ['open'] }, { p_district_codes: [-1] },
        { p_challenges: ['x'] }, { p_categories: ['no_such_category'] }, { p_categories: [null] }])
        expect(await codeOf(list(crew, bad))).toBe('invalid_filter');
      expect(await codeOf(list(crew, { p_cell_m: 10 }))).toBe('invalid_cell_size');
      expect(await codeOf(list(resident))).toBe('forbidden');
      expect((await errorOf(list(anon))).code).toBe('42501');
    });
  });

  describe('claim_report', () => {
    const claim = (who: Who, id: string, release = false) =>
      db.call<{ id: string; assigned_to: string | null; assigned_at: string | null }>(
        who, 'claim_report', { p_report_id: id, p_release: release }, { commit: true });

    it('claims, refuses a second claimant, lets only the holder or an admin release', async () => {
      const id = ids.a_litter_recent!;
      const first = await claim(crew, id);
      expect(first).toMatchObject({ id, assigned_to: CREW });
      expect(first.assigned_at).toEqual(expect.any(String));
      expect(await claim(crew, id)).toEqual(first); // a retry changes nothing
      expect(await codeOf(claim(crew2, id))).toBe('already_claimed');
      expect(await codeOf(claim(crew2, id, true))).toBe('not_claim_holder');
      const items = (await db.call<{ items: Json[] }>(crew, 'work_list', {})).items;
      expect(items.find((i) => i.id === id)).toMatchObject({ assigned: true, assigned_to_me: true });
      const seen = (await db.call<{ items: Json[] }>(crew2, 'work_list', {})).items;
      expect(seen.find((i) => i.id === id)).toMatchObject({ assigned: true, assigned_to_me: false });
      expect(await claim(admin, id)).toMatchObject({ assigned_to: ADMIN }); // admins take over
      expect(await codeOf(claim(crew, id, true))).toBe('not_claim_holder');
      expect(await claim(admin, id, true)).toEqual({ id, assigned_to: null, assigned_at: null, status: 'in_progress' });
      expect(await claim(crew2, id)).toMatchObject({ assigned_to: CREW2 });
      expect(await claim(crew2, id, true)).toEqual({ id, assigned_to: null, assigned_at: null, status: 'in_progress' });
      expect(await claim(crew2, id, true)).toEqual({ id, assigned_to: null, assigned_at: null, status: 'in_progress' });
    });

    it('moves a new or confirmed report to in_progress as the claimer, and leaves it there on release', async () => {
      const updates = (id: string) => db.query<{ f: string; t: string; a: string }>(
        `select from_status as f, to_status as t, author_id::text as a from app.report_updates where report_id = $1 order by id`, [id]);
      const statusOf = async (id: string) =>
        (await db.query<{ s: string }>(`select status as s from app.reports where id = $1`, [id]))[0].s;
      const fresh = await report(`claim${randomUUID()}`, { cell: B, dx: 5, dy: 25, days: 2 });
      const confirmed = await report(`claim${randomUUID()}`, { cell: B, dx: 6, dy: 25, days: 2, status: 'confirmed' });

      expect(await claim(crew, fresh)).toMatchObject({ assigned_to: CREW, status: 'in_progress' });
      expect(await statusOf(fresh)).toBe('in_progress');
      expect(await updates(fresh)).toEqual([{ f: 'new', t: 'in_progress', a: CREW }]);
      // a retry writes no second update
      expect(await claim(crew, fresh)).toMatchObject({ status: 'in_progress' });
      expect(await updates(fresh)).toHaveLength(1);
      expect(await claim(crew, fresh, true)).toMatchObject({ assigned_to: null, status: 'in_progress' });
      expect(await statusOf(fresh)).toBe('in_progress');
      // claimed again by someone else: already in progress, nothing to record
      expect(await claim(crew2, fresh)).toMatchObject({ assigned_to: CREW2, status: 'in_progress' });
      expect(await updates(fresh)).toHaveLength(1);

      expect(await claim(crew2, confirmed)).toMatchObject({ status: 'in_progress' });
      expect(await updates(confirmed)).toEqual([{ f: 'confirmed', t: 'in_progress', a: CREW2 }]);
      await db.query(`delete from app.reports where id = any ($1::uuid[])`, [[fresh, confirmed]]);
    });

    it('lets the crew start work on a new report directly (new → in_progress)', async () => {
      const id = await report(`start${randomUUID()}`, { cell: B, dx: 7, dy: 25, days: 2 });
      expect(await db.call<Json>(crew, 'change_status', { p_report_id: id, p_to_status: 'in_progress' }, { commit: true }))
        .toMatchObject({ status: 'in_progress' });
      const ref = await db.call<{ transitions: { from: string; to: string; roles: string[] }[] }>(crew, 'list_categories', {});
      expect(ref.transitions.find((t) => t.from === 'new' && t.to === 'in_progress')?.roles).toEqual(['crew', 'admin']);
      await db.query(`delete from app.reports where id = $1`, [id]);
    });

    it('refuses closed and unknown reports and the other roles', async () => {
      expect(await codeOf(claim(crew, ids.a_litter_resolved!))).toBe('report_closed');
      expect(await codeOf(claim(crew, randomUUID()))).toBe('report_not_found');
      for (const who of [resident, planner, strategist])
        expect(await codeOf(claim(who, ids.b_graffiti!))).toBe('forbidden');
      expect((await errorOf(claim(anon, ids.b_graffiti!))).code).toBe('42501');
      const row = await db.query<{ a: string | null }>(`select assigned_to as a from app.reports where id = $1`, [ids.b_graffiti]);
      expect(row[0].a).toBeNull();
    });
  });

  describe('assign_report and crew_colleagues (issue 17)', () => {
    const assign = (who: Who, id: string, assignee: string | null, due: string | null = null) =>
      db.call<Json>(who, 'assign_report', { p_report_id: id, p_assignee: assignee, p_due_on: due }, { commit: true });
    const day = (d: number) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10);

    it('lists crew and admins as colleagues, to crew and admins only', async () => {
      const c = await db.call<{ items: { id: string; me: boolean }[] }>(crew, 'crew_colleagues', {});
      expect(c.items.map((i) => i.id).sort()).toEqual([CREW, CREW2, ADMIN].sort());
      expect(c.items.find((i) => i.me)?.id).toBe(CREW);
      for (const who of [resident, planner, strategist]) expect(await codeOf(db.call(who, 'crew_colleagues', {}))).toBe('forbidden');
      expect((await errorOf(db.call(anon, 'crew_colleagues', {}))).code).toBe('42501');
    });

    it("assigns an open report to a colleague with a due date; the colleague's list shows it as theirs", async () => {
      const id = await report(`assign${randomUUID()}`, { cell: B, dx: 8, dy: 25, days: 2 });
      const r = await assign(crew, id, CREW2, day(3));
      expect(r).toMatchObject({ id, assigned_to: CREW2, due_on: day(3), status: 'new' });
      const theirs = (await db.call<{ items: Json[] }>(crew2, 'work_list', {})).items.find((i) => i.id === id);
      expect(theirs).toMatchObject({ assigned_to_me: true, assignee: CREW2, due_on: day(3), status: 'new' });
      // the assigner no longer holds it: reassigning someone else's case is an admin's
      expect(await codeOf(assign(crew, id, CREW))).toBe('already_claimed');
      expect(await assign(crew2, id, CREW2, null)).toMatchObject({ due_on: null }); // the holder clears the date
      expect(await assign(admin, id, CREW, day(1))).toMatchObject({ assigned_to: CREW, due_on: day(1) });
      await db.query(`delete from app.reports where id = $1`, [id]);
    });

    it('refuses non-crew assignees, dates in the past or over a year ahead, closed reports and other roles', async () => {
      const id = await report(`assign${randomUUID()}`, { cell: B, dx: 9, dy: 25, days: 2 });
      for (const bad of [PLANNER, RESIDENT, randomUUID(), null]) expect(await codeOf(assign(crew, id, bad))).toBe('invalid_assignee');
      expect(await codeOf(assign(crew, id, CREW2, day(-1)))).toBe('invalid_date');
      expect(await codeOf(assign(crew, id, CREW2, day(367)))).toBe('invalid_date');
      expect(await codeOf(assign(crew, ids.a_litter_resolved!, CREW2))).toBe('report_closed');
      expect(await codeOf(assign(crew, randomUUID(), CREW2))).toBe('report_not_found');
      for (const who of [resident, planner, strategist]) expect(await codeOf(assign(who, id, CREW2))).toBe('forbidden');
      expect((await errorOf(assign(anon, id, CREW2))).code).toBe('42501');
      const row = await db.query<{ a: string | null; d: string | null }>(`select assigned_to as a, due_on::text as d from app.reports where id = $1`, [id]);
      expect(row[0]).toEqual({ a: null, d: null });
      await db.query(`delete from app.reports where id = $1`, [id]);
    });
  });

  describe('change_status reads its rules from app.statuses', () => {
    // The rules are data: changing a row changes what change_status demands. Each test puts the rows back
    // and removes its report, so the tests after it see the seed's rules and fixtures.
    const setRule = (code: string, set: string) => db.query(`update app.statuses set ${set} where code = $1`, [code]);
    let saved: { code: string; note_required: boolean; reopen_days: number | null }[] = [];
    let made: string[] = [];
    beforeEach(async () => {
      saved = await db.query(`select code, note_required, reopen_days from app.statuses`);
      made = [];
    });
    afterEach(async () => {
      for (const r of saved)
        await db.query(`update app.statuses set note_required = $2, reopen_days = $3 where code = $1`,
          [r.code, r.note_required, r.reopen_days]);
      await db.query(`delete from app.reports where id = any ($1::uuid[])`, [made]);
    });
    const ruleReport = async (status: string, days: number) => {
      const id = await report(`rule${randomUUID()}`, { cell: B, dx: 20, dy: -20, days, status });
      made.push(id);
      return id;
    };

    it('needs a note exactly where note_required says', async () => {
      const id = await ruleReport('new', 3);
      const change = (to: string) => db.call<Json>(crew, 'change_status', { p_report_id: id, p_to_status: to });
      expect(await change('resolved')).toMatchObject({ status: 'resolved' });
      expect(await codeOf(change('referred'))).toBe('note_required');
      await setRule('resolved', 'note_required = true');
      await setRule('referred', 'note_required = false');
      expect(await codeOf(change('resolved'))).toBe('note_required');
      expect(await change('referred')).toMatchObject({ status: 'referred' });
    });

    it('lets the reporter reopen within reopen_days of the resolution, and not at all when it is null', async () => {
      const id = await ruleReport('resolved', 20);
      await db.query(`insert into app.report_updates (report_id, from_status, to_status, author_id, created_at)
                      values ($1, 'new', 'resolved', $2, $3)`, [id, CREW, daysAgo(10)]);
      const reopen = () => db.call<Json>(resident, 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_note: 'Kvar' });
      expect(await reopen()).toMatchObject({ status: 'confirmed' });
      await setRule('resolved', 'reopen_days = 11');
      expect(await reopen()).toMatchObject({ status: 'confirmed' });
      await setRule('resolved', 'reopen_days = 9');
      expect(await codeOf(reopen())).toBe('reopen_expired');
      await setRule('resolved', 'reopen_days = null');
      expect(await codeOf(reopen())).toBe('transition_not_allowed');
    });
  });

  describe('change_status with a photo, and change_status_many', () => {
    const fresh = async (n: number, status = 'new') => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(await report(`bulk${randomUUID()}`, { cell: B, dx: -20, dy: i, days: 3, status }));
      return out;
    };
    const statuses = async (list: string[]) =>
      (await db.query<{ s: string }>(`select status as s from app.reports where id = any ($1::uuid[]) order by id`, [list])).map((r) => r.s);
    const updates = async (list: string[]) =>
      Number((await db.query<{ n: number }>(`select count(*)::int as n from app.report_updates where report_id = any ($1::uuid[])`, [list]))[0].n);

    it('stores a photo path in the caller\'s own updates folder with the update', async () => {
      const [id] = await fresh(1);
      const path = `${CREW}/updates/${randomUUID()}.jpg`;
      const r = await db.call<Json>(crew, 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_photo_path: path }, { commit: true });
      expect(r).toMatchObject({ id, status: 'confirmed', status_group: 'open' });
      const u = await db.query<{ p: string; a: string }>(`select photo_path as p, author_id::text as a from app.report_updates where report_id = $1 and to_status = 'confirmed'`, [id]);
      expect(u).toEqual([{ p: path, a: CREW }]);
      // Without a photo, as before.
      await db.call(crew, 'change_status', { p_report_id: id, p_to_status: 'resolved', p_note: null }, { commit: true });
      expect(await statuses([id!])).toEqual(['resolved']);
    });

    it('refuses a photo path outside the caller\'s updates folder and writes nothing', async () => {
      const [id] = await fresh(1);
      for (const bad of [`${CREW2}/updates/${randomUUID()}.jpg`, `${CREW}/${randomUUID()}.jpg`,
        `${CREW}/updates/${randomUUID()}.png`, `${CREW}/updates/../x.jpg`, ''])
        expect(await codeOf(db.call(crew, 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_photo_path: bad }, { commit: true })))
          .toBe('invalid_photo_path');
      expect(await statuses([id!])).toEqual(['new']);
      expect(await updates([id!])).toBe(0);
    });

    it('changes many reports at once, each with its own update', async () => {
      const list = await fresh(3);
      const r = await db.call<{ changed: number; ids: string[] }>(crew, 'change_status_many',
        { p_report_ids: [...list, list[0]], p_to_status: 'resolved', p_note: 'Städat' }, { commit: true });
      expect(r.changed).toBe(3);
      expect([...r.ids].sort()).toEqual([...list].sort());
      expect(await statuses(list)).toEqual(['resolved', 'resolved', 'resolved']);
      expect(await updates(list)).toBe(3);
      const notes = await db.query<{ n: string }>(`select distinct note as n from app.report_updates where report_id = any ($1::uuid[])`, [list]);
      expect(notes).toEqual([{ n: 'Städat' }]);
    });

    it('is all or nothing: one refused report leaves every report unchanged', async () => {
      const list = [...(await fresh(2)), ...(await fresh(1, 'resolved'))];
      expect(await codeOf(db.call(crew, 'change_status_many', { p_report_ids: list, p_to_status: 'resolved' }, { commit: true })))
        .toBe('transition_not_allowed');
      expect((await statuses(list)).sort()).toEqual(['new', 'new', 'resolved']);
      expect(await updates(list)).toBe(0);
      const two = await fresh(2);
      expect(await codeOf(db.call(crew, 'change_status_many', { p_report_ids: [...two, randomUUID()], p_to_status: 'confirmed' }, { commit: true })))
        .toBe('report_not_found');
      expect(await codeOf(db.call(crew, 'change_status_many', { p_report_ids: two, p_to_status: 'not_actionable' }, { commit: true })))
        .toBe('note_required');
      expect(await statuses(two)).toEqual(['new', 'new']);
    });

    it('applies the roles of change_status and the limits', async () => {
      const list = await fresh(2);
      expect(await codeOf(db.call(strategist, 'change_status_many', { p_report_ids: list, p_to_status: 'confirmed' }))).toBe('transition_not_allowed');
      expect(await codeOf(db.call(planner, 'change_status_many', { p_report_ids: list, p_to_status: 'confirmed' }))).toBe('transition_not_allowed');
      expect((await db.call<{ changed: number }>(planner, 'change_status_many', { p_report_ids: list, p_to_status: 'referred', p_note: 'Trafikverket' })).changed).toBe(2);
      expect(await codeOf(db.call(resident, 'change_status_many', { p_report_ids: list, p_to_status: 'confirmed' }))).toBe('forbidden');
      expect((await errorOf(db.call(anon, 'change_status_many', { p_report_ids: list, p_to_status: 'confirmed' }))).code).toBe('42501');
      const many = Array.from({ length: 501 }, () => randomUUID());
      expect(await codeOf(db.call(crew, 'change_status_many', { p_report_ids: many, p_to_status: 'confirmed' }))).toBe('too_many');
      expect(await db.call(crew, 'change_status_many', { p_report_ids: [], p_to_status: 'confirmed' })).toEqual({ changed: 0, ids: [] });
      expect(await statuses(list)).toEqual(['new', 'new']);
    });
  });

  describe('support counts', () => {
    it('follow supports given and removed', async () => {
      const count = async () =>
        Number((await db.query<{ n: number }>(`select support_count as n from app.reports where id = $1`, [ids.b_graffiti]))[0].n);
      expect(await count()).toBe(1);
      const neighbour = as(NEIGHBOUR_RESIDENT);
      await db.call(neighbour, 'support_report', { p_report_id: ids.b_graffiti }, { commit: true });
      await db.call(neighbour, 'support_report', { p_report_id: ids.b_graffiti }, { commit: true }); // once per user
      expect(await count()).toBe(2);
      await db.call(neighbour, 'delete_my_data', {}, { commit: true });
      expect(await count()).toBe(1);
      const a = await cells(crew);
      expect(cellOf(a, A)?.[3]).toBe(1); // the neighbour's support on a_litter_old went too
    });
  });

  describe('realtime', () => {
    it('notifies reports_changed per changed row', async () => {
      const t = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_trigger where tgrelid = 'app.reports'::regclass and tgname like 'reports_notify_%'`,
      );
      expect(t[0].n).toBe(2);
    });
  });
  describe('app.report_points, the copy hotspot_cells scans', () => {
    const PROJECTION = `select id, a3006, b3006, observed_at, support_count, challenge, category
                          from app.reports where status <> 'duplicate'`;
    const COPY = `select id, a3006, b3006, observed_at, support_count, challenge, category from app.report_points`;
    const bulk: string[] = [];
    /** Rows of the projection missing from the copy, rows of the copy missing from the projection, copy size. */
    async function difference() {
      const [row] = await db.query<{ missing: string; extra: string; copied: string }>(
        `select (select count(*) from ((${PROJECTION}) except (${COPY})) m) as missing,
                (select count(*) from ((${COPY}) except (${PROJECTION})) e) as extra,
                (select count(*) from app.report_points) as copied`,
      );
      return { missing: Number(row.missing), extra: Number(row.extra), copied: Number(row.copied) };
    }

    it('copies every non-duplicate report of a bulk insert', async () => {
      const before = await difference();
      expect(before).toMatchObject({ missing: 0, extra: 0 });
      for (let i = 0; i < 40; i++) bulk.push(randomUUID());
      // One set-based insert without a reporter, as the demo generator writes; every tenth is a duplicate.
      await db.query(
        `insert into app.reports (id, category, location, description, observed_at, status, reporter_id)
         select id, case when n % 3 = 0 then 'speeding' else 'litter' end,
                extensions.st_setsrid(extensions.st_makepoint(12.98 + n * 0.0007, 55.57 + (n % 7) * 0.0006), 4326),
                'Bulk ' || n, now() - n * interval '1 day', case when n % 10 = 9 then 'duplicate' else 'new' end, null
           from unnest($1::uuid[]) with ordinality as t(id, n)`,
        [bulk],
      );
      expect(await difference()).toEqual({ missing: 0, extra: 0, copied: before.copied + 36 });
    });

    it('follows supports, a claim, status changes to and from duplicate, a move and a delete', async () => {
      const before = await difference();
      await db.call(resident, 'support_report', { p_report_id: bulk[0] }, { commit: true });
      await db.call(crew, 'support_report', { p_report_id: bulk[0] }, { commit: true });
      await db.call(crew, 'claim_report', { p_report_id: bulk[1] }, { commit: true });
      await db.call(crew, 'change_status',
        { p_report_id: bulk[2], p_to_status: 'duplicate', p_duplicate_of: bulk[3], p_note: 'Samma hög' }, { commit: true });
      await db.call(crew, 'change_status', { p_report_id: bulk[4], p_to_status: 'resolved', p_note: 'Städat' }, { commit: true });
      // bulk[8] (n = 9) was inserted as a duplicate; an admin's direct correction brings it back.
      await db.query(`update app.reports set status = 'new' where id = $1`, [bulk[8]]);
      await db.query(
        `update app.reports set location = extensions.st_setsrid(extensions.st_makepoint(13.02, 55.59), 4326),
                                category = 'graffiti'
          where id = $1`,
        [bulk[5]],
      );
      await db.query(`delete from app.supports where report_id = $1 and user_id = $2`, [bulk[0], CREW]);
      await db.query(`delete from app.reports where id = $1`, [bulk[6]]);

      // − 1 marked duplicate + 1 back from duplicate − 1 deleted.
      expect(await difference()).toEqual({ missing: 0, extra: 0, copied: before.copied - 1 });
      const [moved] = await db.query<{ category: string; b3006: number; support_count: number }>(
        `select p.category, p.b3006 - r.b3006 as b3006, (select support_count from app.report_points where id = $2) as support_count
           from app.report_points p join app.reports r on r.id = p.id where p.id = $1`,
        [bulk[5], bulk[0]],
      );
      expect(moved).toEqual({ category: 'graffiti', b3006: 0, support_count: 1 });
    });

    it('gives hotspot_cells the counts, supports and cells of app.reports itself', async () => {
      const r = await db.call<HotspotCells>(crew, 'hotspot_cells', { p_cell_m: 250 });
      const [direct] = await db.query<{ n: string; supports: string; cells: string }>(
        `select count(*) as n, sum(support_count) as supports,
                count(distinct app.hex_key(a3006, b3006, 250)) as cells
           from app.reports where status <> 'duplicate'`,
      );
      expect(r.total).toBe(Number(direct.n));
      expect(r.cells.reduce((sum, c) => sum + c[3], 0)).toBe(Number(direct.supports));
      expect(r.cells).toHaveLength(Number(direct.cells));
    });

    it('is readable and writable by no role (only the triggers and hotspot_cells use it)', async () => {
      for (const who of [resident, crew, admin, anon]) {
        await expect(db.asRole(who, (q) => q('select count(*) from app.report_points'))).rejects.toThrow(/permission denied/);
      }
    });
  });

  describe("a status change's photo in report_detail", () => {
    const NEIGHBOUR = 'a11ce000-0000-4000-8000-0000000000c7';
    const reportId = randomUUID();
    const photoPath = `${CREW}/updates/${randomUUID()}.jpg`;
    const photosSeenBy = async (who: Who) =>
      (await db.call<{ updates: { to_status: string; photo_path: string | null }[] }>(who, 'report_detail', { p_id: reportId }))
        .updates.map((u) => [u.to_status, u.photo_path]);

    it('is shown to the reporter and to staff', async () => {
      await db.call(resident, 'submit_report',
        { p_id: reportId, p_category: 'litter', p_lon: 13.0038, p_lat: 55.605, p_description: 'Sopor vid bänken',
          p_observed_at: daysAgo(1) }, { commit: true });
      await db.call(crew, 'change_status', { p_report_id: reportId, p_to_status: 'confirmed', p_note: 'Bekräftat' }, { commit: true });
      await db.call(crew, 'change_status',
        { p_report_id: reportId, p_to_status: 'resolved', p_note: 'Städat', p_photo_path: photoPath }, { commit: true });
      const expected = [['new', null], ['confirmed', null], ['resolved', photoPath]];
      for (const who of [resident, crew, planner, strategist]) expect(await photosSeenBy(who)).toEqual(expected);
    });

    it('is hidden from other residents and anonymous visitors, who still see the history', async () => {
      const hidden = [['new', null], ['confirmed', null], ['resolved', null]];
      expect(await photosSeenBy(as(NEIGHBOUR))).toEqual(hidden);
      expect(await photosSeenBy(anon)).toEqual(hidden);
    });
  });

  // The crew outbox: api.change_status is idempotent by a client-chosen update id (p_update_id), so a status
  // change queued on a phone and sent again after a closed tab is applied once.
  describe('change_status with p_update_id (the crew outbox)', () => {

    const newReport = async (status = 'new') => {
      const id = randomUUID();
      await db.query(
        `insert into app.reports (id, category, location, description, observed_at, status, reporter_id)
         values ($1, 'litter', extensions.st_setsrid(extensions.st_makepoint(13.0038, 55.605), 4326), 'Fixture', $2, $3, $4)`,
        [id, daysAgo(2), status, RESIDENT],
      );
      return id;
    };
    const history = async (id: string) =>
      db.query<{ to: string; note: string | null; photo: string | null; author: string; client: string | null }>(
        `select to_status as "to", note, photo_path as photo, author_id::text as author, client_id::text as client
           from app.report_updates where report_id = $1 order by id`,
        [id],
      );
    const statusOf = async (id: string) =>
      (await db.query<{ s: string }>(`select status as s from app.reports where id = $1`, [id]))[0].s;

    it('returns the first result for a retry with the same id and writes nothing the second time', async () => {
      const id = await newReport();
      const updateId = randomUUID();
      const photo = `${CREW}/updates/${updateId}.jpg`;
      const args = { p_report_id: id, p_to_status: 'resolved', p_note: 'Städat', p_photo_path: photo, p_update_id: updateId };
      const first = await db.call<Json>(crew, 'change_status', args, { commit: true });
      expect(first).toMatchObject({ id, status: 'resolved', status_group: 'closed' });
      const updatedAt = (await db.query<{ t: string }>(`select updated_at::text as t from app.reports where id = $1`, [id]))[0].t;

      const again = await db.call<Json>(crew, 'change_status', args, { commit: true });
      expect(again).toEqual(first);
      expect(await history(id)).toEqual([{ to: 'resolved', note: 'Städat', photo, author: CREW, client: updateId }]);
      // the report itself was not touched again either
      expect((await db.query<{ t: string }>(`select updated_at::text as t from app.reports where id = $1`, [id]))[0].t).toBe(updatedAt);
      // without an update id the same call is a new change, which the workflow refuses from the new status
      expect(await codeOf(db.call(crew, 'change_status', { ...args, p_update_id: null }, { commit: true }))).toBe('transition_not_allowed');
    });

    it('still returns the first result after the report has moved on', async () => {
      const id = await newReport();
      const updateId = randomUUID();
      const first = await db.call<Json>(crew, 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_update_id: updateId }, { commit: true });
      await db.call(crew2, 'change_status', { p_report_id: id, p_to_status: 'in_progress', p_update_id: randomUUID() }, { commit: true });
      const late = await db.call<Json>(crew, 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_update_id: updateId }, { commit: true });
      expect(late).toEqual(first);
      expect(await statusOf(id)).toBe('in_progress');
      expect((await history(id)).map((u) => u.to)).toEqual(['confirmed', 'in_progress']);
    });

    it("refuses someone else's update id or another report's with id_conflict, and writes nothing", async () => {
      const id = await newReport();
      const other = await newReport();
      const updateId = randomUUID();
      await db.call(crew, 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_update_id: updateId }, { commit: true });
      expect(await codeOf(db.call(crew2, 'change_status', { p_report_id: id, p_to_status: 'confirmed', p_update_id: updateId }, { commit: true })))
        .toBe('id_conflict');
      expect(await codeOf(db.call(crew, 'change_status', { p_report_id: other, p_to_status: 'confirmed', p_update_id: updateId }, { commit: true })))
        .toBe('id_conflict');
      expect(await history(id)).toHaveLength(1);
      expect(await history(other)).toEqual([]);
      expect(await statusOf(other)).toBe('new');
    });

    it('keeps every rule: a refused change uses up nothing, and the same id then succeeds once', async () => {
      const id = await newReport();
      const updateId = randomUUID();
      const args = { p_report_id: id, p_to_status: 'not_actionable', p_update_id: updateId };
      expect(await codeOf(db.call(crew, 'change_status', args, { commit: true }))).toBe('note_required');
      expect(await codeOf(db.call(crew, 'change_status', { ...args, p_note: 'x', p_photo_path: `${CREW2}/updates/${updateId}.jpg` }, { commit: true })))
        .toBe('invalid_photo_path');
      expect(await codeOf(db.call(resident, 'change_status', { ...args, p_note: 'x' }, { commit: true }))).toBe('transition_not_allowed');
      expect((await errorOf(db.call(anon, 'change_status', { ...args, p_note: 'x' }))).code).toBe('42501');
      expect(await history(id)).toEqual([]);
      const ok = await db.call<Json>(crew, 'change_status', { ...args, p_note: 'Privat mark' }, { commit: true });
      expect(await db.call<Json>(crew, 'change_status', { ...args, p_note: 'Privat mark' }, { commit: true })).toEqual(ok);
      expect(await history(id)).toHaveLength(1);
    });

    it('leaves change_status_many as it was (no update id on its rows)', async () => {
      const ids = [await newReport(), await newReport()];
      expect((await db.call<{ changed: number }>(crew, 'change_status_many', { p_report_ids: ids, p_to_status: 'confirmed' }, { commit: true })).changed).toBe(2);
      for (const id of ids) expect((await history(id)).map((u) => u.client)).toEqual([null]);
    });
  });
});
