/**
 * Actual-risk events on both engines: api.import_risk_events (validation with stable codes and the failing
 * event's index, atomic), api.list_risk_sources, api.delete_risk_source, api.risk_event_cells (the same hexagons
 * as src/analysis/hex-grid.ts and api.hotspot_cells, per delområde, filters) and the demo generator. Positions
 * are placed in SWEREF 99 TM metres around Gamla staden, so every cell and distance is known by construction.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexCellOf } from '../../src/analysis/hex-grid';
import { ERROR_CODES } from '../../src/domain/errors';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';
import { risksArea } from './security/risks';

const STRATEGIST = '57a00000-0000-4000-8000-0000000000b1';
const CREW = 'c4e00000-0000-4000-8000-0000000000b2';
const PLANNER = '91a00000-0000-4000-8000-0000000000b3';
const ADMIN = 'ad000000-0000-4000-8000-0000000000b4';
const RESIDENT = 'a11ce000-0000-4000-8000-0000000000b5';
const as = (sub: string): Who => ({ role: 'authenticated', sub });
const strategist = as(STRATEGIST);
const crew = as(CREW);
const planner = as(PLANNER);
const admin = as(ADMIN);
const resident = as(RESIDENT);
const anon: Who = { role: 'anon' };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Gamla staden (Stortorget) in EPSG:3006. */
const CENTRE: [number, number] = [374080, 6164590];
const YEAR = new Date().getUTCFullYear();
const SOURCE = {
  name: 'STRADA Malmö (test)',
  kind: 'strada',
  provenance: 'Export ur STRADA, Transportstyrelsen, testdata',
  licence: 'Test',
  period_from: `${YEAR - 1}-01-01`,
  period_to: `${YEAR - 1}-12-31`,
};
const at = (month: number, day = 15) => `${YEAR - 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00+01:00`;
const ev = (dx: number, dy: number, over: Json = {}): Json => ({
  type: 'injury_slight',
  occurred_at: at(3),
  x: CENTRE[0] + dx,
  y: CENTRE[1] + dy,
  ...over,
});

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('risk events on %s', (engineName) => {
  let db: Engine;
  const count = async (sql: string, params?: unknown[]) => Number((await db.query<{ n: number }>(sql, params))[0].n);
  const importAs = (who: Who, source: Json, events: unknown) =>
    db.call<Json>(who, 'import_risk_events', { p_source: JSON.stringify(source), p_events: JSON.stringify(events) }, { commit: true });
  /** The code and DETAIL of a failed import. */
  const failure = async (source: Json, events: unknown) => {
    try {
      await importAs(strategist, source, events);
    } catch (error) {
      const e = error as { message: string; detail?: string };
      return { code: e.message, detail: e.detail ?? null };
    }
    throw new Error('the import succeeded');
  };
  let westmost: [number, number];

  beforeAll(async () => {
    db = await createEngine(engineName);
    await db.query(`insert into app.staff_roles (user_id, role) values
      ('${STRATEGIST}', 'strategist'), ('${CREW}', 'crew'), ('${PLANNER}', 'planner'), ('${ADMIN}', 'admin')`);
    const [w] = await db.query<{ x: number; y: number }>(
      `select extensions.st_x(p) as x, extensions.st_y(p) as y
         from (select (extensions.st_dumppoints(extensions.st_transform(geom, 3006))).geom as p from app.boundary) v
        order by extensions.st_x(p) limit 1`);
    westmost = [Number(w.x), Number(w.y)];
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports a source: events with SWEREF 99 TM or WGS 84 positions, severity from the type, road users as a set', async () => {
    const [ll] = await db.query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) as lon, extensions.st_y(p) as lat
         from extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint($1::float8, $2::float8), 3006), 4326) p`,
      [CENTRE[0] + 300, CENTRE[1]]);
    const r = await importAs(strategist, SOURCE, [
      ev(0, 0, { type: 'injury_severe', road_users: ['pedestrian', 'car', 'car'], place_name: '  Stortorget ' }),
      { type: 'police:misshandel', occurred_at: `${YEAR - 1}-06-01T23:30:00Z`, lon: Number(ll.lon), lat: Number(ll.lat) },
      ev(10, 0, { occurred_at: `${YEAR - 1}-12-31T23:59:00` }), // Stockholm time, last minute of the period
    ]);
    expect(r).toMatchObject({ inserted: 3 });
    const rows = await db.query<Json>(
      `select type, severity, road_users, place_name, district_code is not null as in_district,
              round(x3006) as x, round(y3006) as y
         from app.risk_events where source_id = $1 order by id`, [r.id]);
    expect(rows).toEqual([
      { type: 'injury_severe', severity: 'severe', road_users: ['car', 'pedestrian'], place_name: 'Stortorget', in_district: true, x: CENTRE[0], y: CENTRE[1] },
      { type: 'police:misshandel', severity: null, road_users: [], place_name: null, in_district: true, x: CENTRE[0] + 300, y: CENTRE[1] },
      { type: 'injury_slight', severity: 'slight', road_users: [], place_name: null, in_district: true, x: CENTRE[0] + 10, y: CENTRE[1] },
    ]);
    const list = await db.call<Json>(crew, 'list_risk_sources');
    const mine = list.items.find((s: Json) => s.id === r.id);
    expect(mine).toMatchObject({
      name: SOURCE.name, kind: 'strada', provenance: SOURCE.provenance, licence: 'Test', row_count: 3,
      period_from: SOURCE.period_from, period_to: SOURCE.period_to, imported_by: STRATEGIST,
      types: { injury_severe: 1, injury_slight: 1, 'police:misshandel': 1 },
    });
    expect(list.total).toBe(list.items.length);
  });

  it('risk_event_cells: the hexagons of src/analysis/hex-grid.ts, per delområde, with type and time filters', async () => {
    const src = { ...SOURCE, name: 'Cells', kind: 'csv' };
    const offsets: [number, number, string, number][] = [
      [-500, -500, 'event:fall', 2], [-480, -500, 'event:fall', 4], [700, 200, 'injury_slight', 5],
      [700, 210, 'event:fall', 9], [1500, -900, 'injury_fatal', 11], [60, 2400, 'event:fall', 7],
    ];
    const r = await importAs(admin, src, offsets.map(([dx, dy, type, m]) => ev(dx, dy, { type, occurred_at: at(m) })));
    const types = ['event:fall', 'injury_fatal'];
    const from = `${YEAR - 1}-04-01T00:00:00Z`;
    for (const size of [50, 100, 250]) {
      const got = await db.call<Json>(crew, 'risk_event_cells', { p_cell_m: size, p_from: from, p_types: types });
      // Expected from the TypeScript grid on the rows' own SWEREF coordinates (all sources, as the function does).
      const rows = await db.query<{ x: number; y: number; d: number | null }>(
        `select x3006 as x, y3006 as y, district_code as d from app.risk_events
          where type = any ($1) and occurred_at >= $2 order by id`, [types, from]);
      const cells = new Map<string, number>();
      const districts = new Map<number, number>();
      const cell = new Int32Array(2);
      for (const row of rows) {
        hexCellOf(Number(row.x), Number(row.y), size, cell);
        const k = `${cell[0]},${cell[1]}`;
        cells.set(k, (cells.get(k) ?? 0) + 1);
        if (row.d !== null) districts.set(Number(row.d), (districts.get(Number(row.d)) ?? 0) + 1);
      }
      expect(got.cell_m).toBe(size);
      expect(got.total).toBe(rows.length);
      expect(Object.fromEntries(got.cells.map(([q, rr, n]: number[]) => [`${q},${rr}`, n]))).toEqual(Object.fromEntries(cells));
      expect(Object.fromEntries(got.districts.map(([d, n]: number[]) => [d, n]))).toEqual(Object.fromEntries(districts));
      expect(got.outside_districts).toBe(rows.filter((x) => x.d === null).length);
    }
    // This source alone: 4 events from April on of the two types (the February fall is before p_from).
    expect(await count(`select count(*)::int as n from app.risk_events where source_id = $1 and type = any ($2) and occurred_at >= $3`,
      [r.id, types, from])).toBe(4);
    const none = await db.call<Json>(crew, 'risk_event_cells', { p_cell_m: 100, p_types: ['event:nothing'] });
    expect(none).toEqual({ cell_m: 100, total: 0, cells: [], districts: [], outside_districts: 0 });
  });

  it('refuses bad input with a stable code and the first failing event in DETAIL, and writes nothing', async () => {
    const before = await count('select (select count(*) from app.risk_sources) + (select count(*) from app.risk_events) as n');
    const ok = ev(0, 0);
    const cases: [Json, unknown, string, string | null][] = [
      [{ ...SOURCE, kind: 'demo' }, [ok], 'invalid_risk_source', null],
      [{ ...SOURCE, name: '   ' }, [ok], 'invalid_risk_source', null],
      [{ ...SOURCE, provenance: undefined }, [ok], 'invalid_risk_source', null],
      [{ ...SOURCE, period_from: `${YEAR - 1}-12-31`, period_to: `${YEAR - 1}-01-01` }, [ok], 'invalid_date_range', null],
      [{ ...SOURCE, period_to: `${YEAR + 1}-01-01` }, [ok], 'invalid_date_range', null],
      [{ ...SOURCE, period_from: '1999-12-31' }, [ok], 'invalid_date_range', null],
      [{ ...SOURCE, period_from: `${YEAR - 1}-02-30` }, [ok], 'invalid_date_range', null],
      [SOURCE, [], 'invalid_risk_event', null],
      [SOURCE, { events: [] }, 'invalid_risk_event', null],
      [SOURCE, [ok, ok, ev(0, 0, { type: 'injury' })], 'invalid_risk_type', 'event 2'],
      [SOURCE, [ok, ev(0, 0, { type: 'police:Misshandel' })], 'invalid_risk_type', 'event 1'],
      [SOURCE, [ok, ev(0, 0, { severity: 'deadly' })], 'invalid_risk_event', 'event 1'],
      [SOURCE, [ok, ev(0, 0, { road_users: ['horse'] })], 'invalid_risk_event', 'event 1'],
      [SOURCE, [ok, ev(0, 0, { place_name: 'x'.repeat(201) })], 'invalid_risk_event', 'event 1'],
      [SOURCE, [ok, 'event'], 'invalid_risk_event', 'event 1'],
      [SOURCE, [ok, ev(0, 0, { occurred_at: `${YEAR - 2}-12-31T23:59:00` })], 'invalid_event_time', 'event 1'],
      [SOURCE, [ok, ev(0, 0, { occurred_at: `${YEAR}-01-01T00:00:00` })], 'invalid_event_time', 'event 1'],
      [SOURCE, [ok, ev(0, 0, { occurred_at: 'yesterday' })], 'invalid_event_time', 'event 1'],
      [SOURCE, [ok, ev(0, 0, { occurred_at: `${YEAR - 1}-13-01T10:00:00Z` })], 'invalid_event_time', 'event 1'],
      [SOURCE, [ok, { type: 'injury_slight', occurred_at: at(3) }], 'invalid_position', 'event 1'],
      [SOURCE, [ok, { ...ok, lon: 13, lat: 55.6 }], 'invalid_position', 'event 1'],
      [SOURCE, [ok, { type: 'injury_slight', occurred_at: at(3), lon: 200, lat: 55.6 }], 'invalid_position', 'event 1'],
      [SOURCE, [ok, ok, ev(-60000, 0)], 'outside_malmo', 'event 2'],
    ];
    for (const [source, events, code, detail] of cases) {
      expect(await failure(source, events), JSON.stringify(events).slice(0, 200)).toEqual({ code, detail });
      expect(ERROR_CODES as readonly string[]).toContain(code);
    }
    // A JSON number beyond float8's range (JSON.stringify cannot write one).
    const huge = JSON.stringify([ok, { ...ok, x: 'HUGE' }]).replace('"HUGE"', '1e400');
    const e = (await db
      .call(strategist, 'import_risk_events', { p_source: JSON.stringify(SOURCE), p_events: huge })
      .catch((x: unknown) => x)) as { message: string; detail?: string };
    expect({ code: e.message, detail: e.detail }).toEqual({ code: 'invalid_position', detail: 'event 1' });
    const tooMany = Array.from({ length: 50_001 }, () => ok);
    expect((await failure(SOURCE, tooMany)).code).toBe('too_many_events');
    expect(await count('select (select count(*) from app.risk_sources) + (select count(*) from app.risk_events) as n')).toBe(before);
  });

  it('accepts an event up to 250 m outside the boundary, not 1 km', async () => {
    const src = { ...SOURCE, name: 'Border' };
    const near = { type: 'injury_slight', occurred_at: at(3), x: westmost[0] - 200, y: westmost[1] };
    const far = { ...near, x: westmost[0] - 1000 };
    const r = await importAs(strategist, src, [near]);
    expect(r.inserted).toBe(1);
    expect(await count('select count(*)::int as n from app.risk_events where source_id = $1 and district_code is null', [r.id])).toBe(1);
    expect(await failure(src, [near, far])).toEqual({ code: 'outside_malmo', detail: 'event 1' });
  });

  it('roles: staff read; only strategists and admins import and delete; residents and anon nothing', async () => {
    for (const w of [crew, planner]) {
      expect((await errorOf(importAs(w, SOURCE, [ev(0, 0)]))).message).toBe('forbidden');
      expect((await errorOf(db.call(w, 'delete_risk_source', { p_id: '00000000-0000-4000-8000-000000000000' }))).message).toBe('forbidden');
      expect(await db.call<Json>(w, 'list_risk_sources')).toHaveProperty('items');
    }
    for (const fn of ['list_risk_sources', 'risk_event_cells']) {
      const args = fn === 'risk_event_cells' ? { p_cell_m: 100 } : {};
      expect((await errorOf(db.call(resident, fn, args))).message).toBe('forbidden');
      expect((await errorOf(db.call(anon, fn, args))).code).toBe('42501');
    }
    // RLS: a resident sees no rows; staff see all.
    const total = await count('select count(*)::int as n from app.risk_events');
    expect(total).toBeGreaterThan(0);
    expect(await db.asRole(resident, async (q) => Number((await q<{ n: number }>('select count(*)::int as n from app.risk_events'))[0].n))).toBe(0);
    expect(await db.asRole(crew, async (q) => Number((await q<{ n: number }>('select count(*)::int as n from app.risk_events'))[0].n))).toBe(total);
    expect((await errorOf(db.asRole(crew, (q) => q(`delete from app.risk_events`)))).code).toBe('42501');
  });

  it('delete_risk_source removes the source and its events; a second delete is risk_source_not_found', async () => {
    const r = await importAs(strategist, { ...SOURCE, name: 'To delete', kind: 'police' }, [ev(0, 0), ev(5, 5, { type: 'police:stold' })]);
    expect(await db.call<Json>(admin, 'delete_risk_source', { p_id: r.id }, { commit: true })).toEqual({ id: r.id, deleted_events: 2 });
    expect(await count('select count(*)::int as n from app.risk_events where source_id = $1', [r.id])).toBe(0);
    expect((await errorOf(db.call(strategist, 'delete_risk_source', { p_id: r.id }))).message).toBe('risk_source_not_found');
  });

  it('risk_event_cells validates its filter', async () => {
    const bad: [Json, string][] = [
      [{ p_cell_m: 40 }, 'invalid_cell_size'],
      [{ p_cell_m: 501 }, 'invalid_cell_size'],
      [{ p_cell_m: 100, p_from: 'infinity' }, 'invalid_filter'],
      [{ p_cell_m: 100, p_types: Array.from({ length: 51 }, (_, i) => `event:t${i}`) }, 'invalid_filter'],
      [{ p_cell_m: 100, p_from: '2026-02-01T00:00:00Z', p_to: '2026-01-01T00:00:00Z' }, 'invalid_date_range'],
      [{ p_cell_m: 100, p_types: ['injury_slight', 'Fall'] }, 'invalid_risk_type'],
    ];
    for (const [args, code] of bad) {
      expect((await errorOf(db.call(crew, 'risk_event_cells', args))).message).toBe(code);
      expect(risksArea.documented!.risk_event_cells).toContain(code);
    }
  });

  it('property: every import succeeds or fails with a documented code, and the events grow by the successes', async () => {
    const documented = new Set(risksArea.documented!.import_risk_events);
    const event = fc.record({
      type: fc.constantFrom('injury_slight', 'injury_fatal', 'police:ran', 'event:x', 'bad', ''),
      dx: fc.integer({ min: -3000, max: 3000 }),
      dy: fc.integer({ min: -3000, max: 3000 }),
      month: fc.integer({ min: 0, max: 13 }),
      severity: fc.constantFrom(undefined, 'slight', 'none', 'x'),
      road_users: fc.constantFrom(undefined, [], ['car'], ['cyclist', 'bus'], ['nope']),
    });
    const samples = fc.sample(fc.array(event, { minLength: 0, maxLength: 5 }), { numRuns: 40, seed: 20261206 });
    let expected = await count('select count(*)::int as n from app.risk_events');
    const outcomes: Record<string, number> = {};
    for (const events of samples) {
      const payload = events.map((e) => {
        const m = Math.min(12, Math.max(1, e.month));
        const occurred = e.month === 0 ? `${YEAR - 2}-06-01T10:00:00Z` : e.month === 13 ? 'never' : at(m);
        return { type: e.type, occurred_at: occurred, x: CENTRE[0] + e.dx, y: CENTRE[1] + e.dy,
                 ...(e.severity ? { severity: e.severity } : {}), ...(e.road_users ? { road_users: e.road_users } : {}) };
      });
      try {
        const r = await importAs(strategist, { ...SOURCE, name: 'Fuzz' }, payload);
        expect(r.inserted).toBe(payload.length);
        expected += payload.length;
        outcomes.ok = (outcomes.ok ?? 0) + 1;
      } catch (error) {
        const code = (error as Error).message;
        expect(documented, code).toContain(code);
        outcomes[code] = (outcomes[code] ?? 0) + 1;
      }
    }
    expect(await count('select count(*)::int as n from app.risk_events')).toBe(expected);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(Object.keys(outcomes).length).toBeGreaterThan(2);
  });

  it('demo generator: deterministic, labelled demo, inside Malmö, denser along the roads and in the centre', async () => {
    const n = await count('select app.generate_demo_risk_events(1500, 7) as n');
    expect(n).toBe(1500);
    expect(await count('select app.generate_demo_risk_events(1500, 7) as n')).toBe(0);
    const [s] = await db.query<Json>(
      `select s.kind, s.provenance, s.row_count, s.name from app.risk_sources s where s.kind = 'demo'`);
    expect(s).toMatchObject({ kind: 'demo', provenance: 'Syntetiska demohändelser', row_count: 1500 });
    // Inside the boundary (the generator keeps only such points), and a fixed result for the seed.
    expect(await count(`select count(*)::int as n from app.risk_events e join app.risk_sources s on s.id = e.source_id
                          where s.kind = 'demo' and not exists (select 1 from app.boundary b where extensions.st_intersects(b.geom, e.location))`)).toBe(0);
    const [shape] = await db.query<Json>(
      `select count(*) filter (where e.type like 'injury%')::int as injuries, count(*) filter (where e.type like 'police:%')::int as police,
              count(*) filter (where extensions.st_dwithin(extensions.st_transform(e.location, 3006),
                     extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint(13.0005, 55.6035), 4326), 3006), 1000))::int as central,
              count(distinct e.district_code)::int as districts,
              bool_and(e.occurred_at <= now() and e.occurred_at > now() - interval '366 days') as dates_ok
         from app.risk_events e join app.risk_sources s on s.id = e.source_id where s.kind = 'demo'`);
    expect(shape.dates_ok).toBe(true);
    expect(shape.injuries).toBeGreaterThan(600);
    expect(shape.police).toBeGreaterThan(200);
    // Within 1 km of the centre is ~3 km² of Malmö's ~160 km² (≈ 2 %); the demo puts far more there.
    expect(shape.central / 1500).toBeGreaterThan(0.15);
    expect(shape.districts).toBeGreaterThan(30);
    expect((await errorOf(db.asRole(resident, (q) => q('select app.generate_demo_risk_events(10)')))).code).toBe('42501');
  });
});
