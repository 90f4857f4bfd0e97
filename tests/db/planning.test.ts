/**
 * Planning on both engines: developments import/save/delete, the planning link table
 * (app.development_reports) kept right by triggers, the evidence function against hand-placed reports, and
 * versioned assessments. Fixture positions are laid out in SWEREF 99 TM metres around a centre in Gamla staden,
 * so every expected distance is known by construction.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  developmentAssessments,
  developmentEvidence,
  importDevelopments,
  listDevelopments,
  saveAssessment,
  saveDevelopment,
  deleteDevelopment,
} from '../../src/api';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';
import { planningArea } from './security/planning';

const PLANNER = '91a00000-0000-4000-8000-0000000000a1';
const CREW = 'c4e00000-0000-4000-8000-0000000000a2';
const STRATEGIST = '57a00000-0000-4000-8000-0000000000a3';
const ADMIN = 'ad000000-0000-4000-8000-0000000000a4';
const RESIDENT = 'a11ce000-0000-4000-8000-0000000000a5';
const as = (sub: string): Who => ({ role: 'authenticated', sub });
const planner = as(PLANNER);
const crew = as(CREW);
const strategist = as(STRATEGIST);
const admin = as(ADMIN);
const resident = as(RESIDENT);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Xy = [number, number];

/** The development: a 400 m square with a 100 m hole in the middle, plus a 100 m square 1 km east. */
const OUTER: Xy[] = [[-200, -200], [200, -200], [200, 200], [-200, 200], [-200, -200]];
const HOLE: Xy[] = [[-50, -50], [-50, 50], [50, 50], [50, -50], [-50, -50]];
const PART2: Xy[] = [[1000, -50], [1100, -50], [1100, 50], [1000, 50], [1000, -50]];
const AREA_KM2 = (0.4 * 0.4 - 0.1 * 0.1) + 0.1 * 0.1;

/** Hand-placed reports: offset from the centre (m), category, observed_at (UTC), and what we know about it. */
const FIXTURES = {
  in1: { at: [-150, -150], category: 'litter', observed: '2026-03-10T11:00:00Z', inside: true, distance: 0 },
  in2: { at: [150, 150], category: 'broken_lighting', observed: '2026-01-15T23:00:00Z', inside: true, distance: 0 },
  part2: { at: [1050, 0], category: 'speeding', observed: '2026-03-20T12:00:00Z', inside: true, distance: 0 },
  hole: { at: [0, 0], category: 'litter', observed: '2026-03-25T12:00:00Z', inside: false, distance: 50 },
  // 00:30 on 1 April in Malmö (CEST), still March in UTC: the month must be Malmö's.
  r60: { at: [260, 0], category: 'planning_safety_concern', observed: '2026-03-31T22:30:00Z', inside: false, distance: 60 },
  r180: { at: [0, 380], category: 'litter', observed: '2025-12-20T20:00:00Z', inside: false, distance: 180 },
  r400: { at: [-600, 0], category: 'litter', observed: '2026-05-07T12:00:00Z', inside: false, distance: 400 },
  far: { at: [0, -1000], category: 'litter', observed: '2026-05-08T12:00:00Z', inside: false, distance: 800 },
} as const;
type Key = keyof typeof FIXTURES;
const keysWithin = (m: number) => (Object.keys(FIXTURES) as Key[]).filter((k) => FIXTURES[k].distance <= m);

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('planning on %s', (engineName) => {
  let db: Engine;
  let centre: Xy; // EPSG:3006
  const ids = {} as Record<Key, string>;
  let devId: string;

  /** A WGS84 GeoJSON geometry from rings in metres around the centre (transformed by PostGIS). */
  const geojson = async (polygons: Xy[][][]): Promise<Json> => {
    const wkt = `MULTIPOLYGON(${polygons
      .map((rings) => `(${rings.map((r) => `(${r.map(([x, y]) => `${centre[0] + x} ${centre[1] + y}`).join(',')})`).join(',')})`)
      .join(',')})`;
    const [row] = await db.query<{ g: string }>(
      `select extensions.st_asgeojson(extensions.st_transform(extensions.st_geomfromtext($1, 3006), 4326), 9) as g`,
      [wkt],
    );
    return JSON.parse(row.g) as Json;
  };
  const lonLat = async ([x, y]: Xy): Promise<Xy> => {
    const [row] = await db.query<{ lon: number; lat: number }>(
      `select extensions.st_x(p) as lon, extensions.st_y(p) as lat
         from extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint($1, $2), 3006), 4326) p`,
      [centre[0] + x, centre[1] + y],
    );
    return [row.lon, row.lat];
  };
  const insertReport = async (at: Xy, category: string, observed: string): Promise<string> => {
    const id = randomUUID();
    const [lon, lat] = await lonLat(at);
    await db.query(
      `insert into app.reports (id, category, location, description, observed_at)
       values ($1, $2, extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326), 'fixture', $5)`,
      [id, category, lon, lat, observed],
    );
    return id;
  };
  const feature = (geometry: Json, over: Json = {}): Json => ({
    name: 'Kvarteret Test',
    plan_id: 'Dp 5000',
    phase: 'planning',
    expected_completion: '2030-06-30',
    link: 'https://malmo.se/plan/5000',
    geometry,
    ...over,
  });
  const links = async (developmentId: string) =>
    Object.fromEntries(
      (
        await db.query<{ report_id: string; distance_m: number }>(
          'select report_id, distance_m from app.development_reports where development_id = $1',
          [developmentId],
        )
      ).map((r) => [r.report_id, Number(r.distance_m)]),
    );
  const developmentCount = async () =>
    Number((await db.query<{ n: number }>('select count(*)::int as n from app.developments'))[0].n);
  /** The code and the DETAIL of a failed call. */
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (error) {
      const e = error as { message?: string; detail?: string };
      return { code: String(e.message), detail: e.detail ?? null };
    }
    throw new Error('expected the call to fail, but it succeeded');
  };
  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;

  beforeAll(async () => {
    db = await createEngine(engineName);
    await db.query(
      `insert into app.staff_roles (user_id, role) values ($1, 'planner'), ($2, 'crew'), ($3, 'strategist'), ($4, 'admin')`,
      [PLANNER, CREW, STRATEGIST, ADMIN],
    );
    const [c] = await db.query<{ x: number; y: number }>(
      `select extensions.st_x(p) as x, extensions.st_y(p) as y
         from extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint(13.0038, 55.605), 4326), 3006) p`,
    );
    centre = [Math.round(c.x), Math.round(c.y)];
    for (const k of Object.keys(FIXTURES) as Key[]) {
      const f = FIXTURES[k];
      ids[k] = await insertReport(f.at as unknown as Xy, f.category, f.observed);
    }
    const result = await db.call<Json>(
      planner,
      'import_developments',
      { p_features: JSON.stringify([feature(await geojson([[OUTER, HOLE], [PART2]]))]) },
      { commit: true },
    );
    expect(result.inserted).toBe(1);
    devId = result.ids[0];
  }, 300_000);
  afterAll(() => db?.close());

  describe('the link table', () => {
    it('holds exactly the reports inside (0, not those in the hole) and within 250 m, with their distances', async () => {
      const got = await links(devId);
      const expected = keysWithin(250);
      expect(Object.keys(got).sort()).toEqual(expected.map((k) => ids[k]).sort());
      for (const k of expected) expect(got[ids[k]]).toBeCloseTo(FIXTURES[k].distance, 0);
    });

    it('links a report inserted later, and each row of a bulk insert', async () => {
      const one = await insertReport([100, -100], 'graffiti', '2026-04-02T12:00:00Z');
      const [a, b] = await Promise.all([lonLat([0, 300]), lonLat([0, 2000])]);
      const bulk: [string, string] = [randomUUID(), randomUUID()];
      await db.query(
        `insert into app.reports (id, category, location, description, observed_at)
         values ($1, 'litter', extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326), 'bulk', now()),
                ($4, 'litter', extensions.st_setsrid(extensions.st_makepoint($5, $6), 4326), 'bulk', now())`,
        [bulk[0], a[0], a[1], bulk[1], b[0], b[1]],
      );
      const got = await links(devId);
      expect(got[one]).toBe(0);
      expect(got[bulk[0]]).toBeCloseTo(100, 0);
      expect(got[bulk[1]]).toBeUndefined();
      await db.query('delete from app.reports where id = any($1::uuid[])', [[one, ...bulk]]);
    });

    it('links a report submitted through the api', async () => {
      const [lon, lat] = await lonLat([-100, 100]);
      const r = await db.call<Json>(
        crew,
        'submit_report',
        { p_id: randomUUID(), p_category: 'dark_place', p_lon: lon, p_lat: lat, p_description: 'Mörkt', p_observed_at: null, p_source: 'crew' },
        { commit: true },
      );
      expect((await links(devId))[r.id]).toBe(0);
      await db.query('delete from app.reports where id = $1', [r.id]);
      expect((await links(devId))[r.id]).toBeUndefined(); // deletes cascade
    });

    it('follows a report that moves in, and one that moves out', async () => {
      const moving = await insertReport([0, -1500], 'litter', '2026-04-03T12:00:00Z');
      expect((await links(devId))[moving]).toBeUndefined();
      const [lon, lat] = await lonLat([-120, 0]);
      await db.query(
        'update app.reports set location = extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326) where id = $1',
        [moving, lon, lat],
      );
      expect((await links(devId))[moving]).toBe(0);
      const [lon2, lat2] = await lonLat([0, -1500]);
      await db.query(
        'update app.reports set location = extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326) where id = $1',
        [moving, lon2, lat2],
      );
      expect((await links(devId))[moving]).toBeUndefined();
      // A status change keeps the link and is copied to it (the evidence reads the link rows only).
      await db.query(`update app.reports set status = 'confirmed' where id = $1`, [ids.in1]);
      expect((await links(devId))[ids.in1]).toBe(0);
      const listed = async () =>
        (await db.call<Json>(crew, 'development_evidence', { p_id: devId })).reports.find((r: Json) => r.id === ids.in1);
      expect((await listed()).status).toBe('confirmed');
      await db.query(`update app.reports set status = 'new' where id = $1`, [ids.in1]);
      expect((await listed()).status).toBe('new');
      await db.query('delete from app.reports where id = $1', [moving]);
    });

    it('is recomputed when a development is drawn, reshaped and deleted', async () => {
      const id = randomUUID();
      const save = async (rings: Xy[][][]) =>
        db.call<Json>(
          planner,
          'save_development',
          {
            p_id: id,
            p_name: 'Ritad',
            p_plan_id: null,
            p_phase: 'consultation',
            p_expected_completion: null,
            p_link: null,
            p_geometry: JSON.stringify(await geojson(rings)),
          },
          { commit: true },
        );
      // Around r400 (-600, 0): a 100 m square.
      const square = (cx: number, cy: number): Xy[] => [
        [cx - 50, cy - 50], [cx + 50, cy - 50], [cx + 50, cy + 50], [cx - 50, cy + 50], [cx - 50, cy - 50]];
      const first = await save([[square(-600, 0)]]);
      expect(first.reports_inside).toBe(1);
      expect(Object.keys(await links(id))).toEqual([ids.r400]);
      // Moved onto `far` (0, -1000): r400 is now 600+ m away.
      const second = await save([[square(0, -1000)]]);
      expect(second.reports_inside).toBe(1);
      expect(second.name).toBe('Ritad');
      expect(Object.keys(await links(id))).toEqual([ids.far]);
      expect(await db.call<Json>(planner, 'delete_development', { p_id: id }, { commit: true })).toEqual({ id });
      expect(await links(id)).toEqual({});
      expect(await codeOf(db.call(planner, 'delete_development', { p_id: id }))).toBe('development_not_found');
    });
  });

  describe('import_developments', () => {
    const bowtie: Xy[] = [[0, 0], [100, 100], [100, 0], [0, 100], [0, 0]];

    it('stores nothing when one feature is bad, and names the failing feature in the detail', async () => {
      const before = await developmentCount();
      const good = await geojson([[OUTER]]);
      const bad = await geojson([[bowtie]]).catch(() => null);
      const features = [feature(good), feature(good, { name: 'Två' }), feature(bad ?? {}, { name: 'Trasig' })];
      const f = await failure(db.call(planner, 'import_developments', { p_features: JSON.stringify(features) }, { commit: true }));
      expect(f).toEqual({ code: 'invalid_outline', detail: 'feature 2' });
      expect(await developmentCount()).toBe(before);
    });

    it('stores every feature, in order, with one import batch', async () => {
      const good = await geojson([[OUTER]]);
      const rows = await db.asRole(planner, async (q) => {
        const res = await q<Json>(`select api.import_developments($1::jsonb) as r`, [
          JSON.stringify([feature(good, { name: 'Ett' }), feature(good, { name: 'Två', plan_id: 42 })]),
        ]);
        const got = res[0].r as Json;
        return q<Json>(
          `select name, plan_id, import_batch::text as batch, created_by::text as by from app.developments
            where id = any($1::uuid[]) order by array_position($1::uuid[], id)`,
          [got.ids],
        );
      });
      expect(rows.map((x) => x.name)).toEqual(['Ett', 'Två']);
      expect(rows[1]?.plan_id).toBe('42');
      expect(rows[0].batch).toBe(rows[1]?.batch);
      expect(rows[0].by).toBe(PLANNER);
    });

    it('refuses each kind of bad feature with its code', async () => {
      const good = await geojson([[OUTER]]);
      const [lon, lat] = await lonLat([0, 0]);
      const lund = {
        type: 'Polygon',
        coordinates: [[[13.19, 55.70], [13.2, 55.70], [13.2, 55.71], [13.19, 55.71], [13.19, 55.70]]],
      };
      const cases: [Json | unknown, string][] = [
        [feature(good, { name: '   ' }), 'name_required'],
        [feature(good, { name: undefined }), 'name_required'],
        [feature(good, { name: 'x'.repeat(201) }), 'name_too_long'],
        [feature(good, { plan_id: 'p'.repeat(101) }), 'plan_id_too_long'],
        [feature(good, { phase: 'demolished' }), 'invalid_phase'],
        [feature(good, { phase: null }), 'invalid_phase'],
        [feature(good, { expected_completion: '2026-02-30' }), 'invalid_completion_date'],
        [feature(good, { expected_completion: '30/6/2030' }), 'invalid_completion_date'],
        [feature(good, { link: 'javascript:alert(1)' }), 'invalid_link'],
        [feature(good, { link: 'https://a b' }), 'invalid_link'],
        [feature({ type: 'Point', coordinates: [lon, lat] }), 'invalid_outline'],
        [feature({ type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.01, lat + 0.01], [lon + 0.01, lat], [lon, lat + 0.01], [lon, lat]]] }), 'invalid_outline'],
        [feature({ type: 'Polygon', coordinates: 'nonsense' }), 'invalid_outline'],
        [feature({ type: 'Polygon', coordinates: [[[500, 0], [501, 0], [501, 1], [500, 0]]] }), 'invalid_outline'],
        [feature(lund), 'outside_malmo'],
        ['just a string', 'invalid_import'],
        [feature(good, { name: 7 }), 'invalid_import'],
      ];
      for (const [bad, code] of cases) {
        const f = await failure(
          db.call(planner, 'import_developments', { p_features: JSON.stringify([feature(good), bad]) }),
        );
        expect({ bad, ...f }).toEqual({ bad, code, detail: 'feature 1' });
      }
      expect(await codeOf(db.call(planner, 'import_developments', { p_features: '{"a":1}' }))).toBe('invalid_import');
      const many = JSON.stringify(Array.from({ length: 2001 }, () => feature(good)));
      expect(await codeOf(db.call(planner, 'import_developments', { p_features: many }))).toBe('too_many_features');
      expect(await db.call(planner, 'import_developments', { p_features: '[]' })).toEqual({ inserted: 0, ids: [] });
    });

    it('refuses an imported outline over 5 km² or reaching more than 500 m beyond Malmö, naming the feature', async () => {
      const good = await geojson([[OUTER]]);
      const box = (w: number, s: number, e: number, n: number): Xy[] => [[w, s], [e, s], [e, n], [w, n], [w, s]];
      // 2.6 × 2 km = 5.2 km² around the centre: a district, not a development; 2.4 × 2 km = 4.8 km² is taken.
      const district = await geojson([[box(-1300, -1000, 1300, 1000)]]);
      expect(await failure(db.call(planner, 'import_developments', { p_features: JSON.stringify([feature(good), feature(district)]) })))
        .toEqual({ code: 'import_outline_too_large', detail: 'feature 1' });
      const large = await geojson([[box(-1200, -1000, 1200, 1000)]]);
      expect((await db.call<Json>(planner, 'import_developments', { p_features: JSON.stringify([feature(large)]) })).inserted).toBe(1);
      // At Malmö's easternmost boundary vertex (SWEREF 99 TM): 800 m past it is refused, 300 m past it is taken.
      const [e] = await db.query<{ x: number; y: number }>(
        `select extensions.st_x(p.geom) as x, extensions.st_y(p.geom) as y
           from app.boundary b, extensions.st_dumppoints(extensions.st_transform(b.geom, 3006)) p
          order by extensions.st_x(p.geom) desc limit 1`,
      );
      const atEdge = async (east: number) => {
        const [row] = await db.query<{ g: string }>(
          `select extensions.st_asgeojson(extensions.st_transform(extensions.st_makeenvelope($1, $2, $3, $4, 3006), 4326), 9) as g`,
          [e.x - 1500, e.y - 100, e.x + east, e.y + 100],
        );
        return JSON.parse(row.g) as Json;
      };
      expect(await failure(db.call(planner, 'import_developments', { p_features: JSON.stringify([feature(good), feature(await atEdge(800), { name: 'Över gränsen' })]) })))
        .toEqual({ code: 'import_outline_beyond_malmo', detail: 'feature 1' });
      expect((await db.call<Json>(planner, 'import_developments', { p_features: JSON.stringify([feature(await atEdge(300), { name: 'Vid gränsen' })]) })).inserted).toBe(1);
      // A drawn outline (save_development) keeps its own, wider limits.
      expect((await db.call<Json>(planner, 'save_development', {
        p_id: randomUUID(), p_name: 'Ritad stadsdel', p_plan_id: null, p_phase: 'planning', p_expected_completion: null,
        p_link: null, p_geometry: JSON.stringify(district),
      })).name).toBe('Ritad stadsdel');
    });

    it('is for planners and admins only', async () => {
      const p = { p_features: JSON.stringify([feature(await geojson([[OUTER]]))]) };
      for (const who of [resident, crew, strategist]) expect(await codeOf(db.call(who, 'import_developments', p))).toBe('forbidden');
      expect((await db.call<Json>(admin, 'import_developments', p)).inserted).toBe(1);
      expect(await codeOf(db.call({ role: 'anon' }, 'import_developments', p))).toMatch(/permission denied/);
    });

    it('refuses a direct insert of an outline outside Malmö or an invalid one (defence in depth)', async () => {
      expect(
        await codeOf(
          db.query(`insert into app.developments (name, phase, geom) values ('x', 'planning',
            extensions.st_multi(extensions.st_geomfromtext('POLYGON((13.19 55.70, 13.2 55.70, 13.2 55.71, 13.19 55.70))', 4326)))`),
        ),
      ).toBe('outside_malmo');
      expect(
        await codeOf(
          db.query(`insert into app.developments (name, phase, geom) values ('x', 'planning',
            extensions.st_multi(extensions.st_geomfromtext('POLYGON((13.0 55.60, 13.01 55.61, 13.01 55.60, 13.0 55.61, 13.0 55.60))', 4326)))`),
        ),
      ).toBe('invalid_outline');
    });
  });

  describe('list_developments and save_development', () => {
    it('lists the development with its counts (the hole is not inside) to every staff role, not to residents', async () => {
      for (const who of [crew, planner, strategist, admin]) {
        const { items } = await db.call<Json>(who, 'list_developments');
        const d = items.find((x: Json) => x.id === devId);
        expect(d.reports_inside).toBe(keysWithin(0).length);
        expect(d.reports_near).toBe(keysWithin(250).length - keysWithin(0).length);
        expect(d.geometry.type).toBe('MultiPolygon');
        expect(d.geometry.coordinates).toHaveLength(2);
        expect(d.geometry.coordinates[0]).toHaveLength(2); // outer ring + hole
        expect(d.area_m2 / 1e6).toBeCloseTo(AREA_KM2, 4);
        expect(d).toMatchObject({ name: 'Kvarteret Test', plan_id: 'Dp 5000', phase: 'planning', expected_completion: '2030-06-30', link: 'https://malmo.se/plan/5000', is_demo: false });
      }
      expect(await codeOf(db.call(resident, 'list_developments'))).toBe('forbidden');
    });

    it('updates an existing id in place and validates like an import', async () => {
      const id = randomUUID();
      const args = {
        p_id: id, p_name: ' Sege Park ', p_plan_id: ' ', p_phase: 'adopted', p_expected_completion: '2029-01-01',
        p_link: 'http://example.org/x', p_geometry: JSON.stringify(await geojson([[OUTER]])),
      };
      const result = await db.asRole(planner, async (q) => {
        const call = (a: Json) =>
          q<Json>(`select api.save_development(p_id => $1, p_name => $2, p_plan_id => $3, p_phase => $4,
                     p_expected_completion => $5, p_link => $6, p_geometry => $7) as r`,
                  [a.p_id, a.p_name, a.p_plan_id, a.p_phase, a.p_expected_completion, a.p_link, a.p_geometry]);
        const first = (await call(args))[0].r as Json;
        const second = (await call({ ...args, p_phase: 'under_construction', p_name: 'Sege Park etapp 2' }))[0].r as Json;
        const n = await q<Json>('select count(*)::int as n from app.developments where id = $1', [id]);
        return { first, second, n: n[0].n };
      });
      expect(result.first).toMatchObject({ id, name: 'Sege Park', plan_id: null, phase: 'adopted', link: 'http://example.org/x' });
      expect(result.second).toMatchObject({ id, name: 'Sege Park etapp 2', phase: 'under_construction' });
      expect(result.n).toBe(1);
      expect(await codeOf(db.call(planner, 'save_development', { ...args, p_link: 'ftp://x' }))).toBe('invalid_link');
      expect(await codeOf(db.call(planner, 'save_development', { ...args, p_expected_completion: 'infinity' }))).toBe('invalid_completion_date');
      expect(await codeOf(db.call(planner, 'save_development', { ...args, p_id: null }))).toBe('development_not_found');
      expect(await codeOf(db.call(crew, 'save_development', args))).toBe('forbidden');
    });
  });

  describe('development_evidence', () => {
    const summary = (keys: Key[]) => {
      const by = (f: (k: Key) => string) =>
        keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [f(k)]: (acc[f(k)] ?? 0) + 1 }), {});
      const challengeOf: Record<string, string> = {
        litter: 'renhallning', broken_lighting: 'befintlig_stad', speeding: 'trafik', planning_safety_concern: 'planering',
      };
      return {
        total: keys.length,
        by_category: by((k) => FIXTURES[k].category),
        by_challenge: by((k) => challengeOf[FIXTURES[k].category]!),
      };
    };
    const inside = keysWithin(0);

    for (const buffer of [100, 250, 500] as const) {
      it(`counts inside and in the ${buffer} m ring by challenge and category`, async () => {
        const e = await db.call<Json>(crew, 'development_evidence', { p_id: devId, p_buffer_m: buffer });
        const ring = keysWithin(buffer).filter((k) => !FIXTURES[k].inside);
        expect(e.buffer_m).toBe(buffer);
        const pick = (x: Json) => ({ total: x.total, by_category: x.by_category, by_challenge: x.by_challenge });
        expect(pick(e.inside)).toEqual(summary(inside));
        expect(pick(e.ring)).toEqual(summary(ring));
        const listed = Object.fromEntries(e.reports.map((r: Json) => [r.id, r]));
        expect(Object.keys(listed).sort()).toEqual([...inside, ...ring].map((k) => ids[k]).sort());
        for (const k of [...inside, ...ring]) {
          expect(listed[ids[k]].inside).toBe(FIXTURES[k].inside);
          expect(listed[ids[k]].distance_m).toBeCloseTo(FIXTURES[k].distance, 0);
        }
        // The ring: a buffer of the outline minus the outline itself (the hole belongs to the ring area).
        const outerBuffered = (400 + 2 * buffer) ** 2 - (4 - Math.PI) * buffer ** 2;
        const part2Buffered = (100 + 2 * buffer) ** 2 - (4 - Math.PI) * buffer ** 2;
        if (buffer < 450) expect(e.ring_km2).toBeCloseTo((outerBuffered + part2Buffered) / 1e6 - AREA_KM2, 2);
        expect(e.reports_truncated).toBe(false);
      });
    }

    it('counts the reports observed in darkness and gives exact positions to staff', async () => {
      const e = await db.call<Json>(strategist, 'development_evidence', { p_id: devId, p_buffer_m: 250 });
      // Dark: in2 (00:00 in January), r60 (00:30 in April) and r180 (21:00 in December), Malmö time; every
      // other fixture is at midday.
      expect(e.inside.dark).toBe(1);
      expect(e.ring.dark).toBe(2);
      const in2 = e.reports.find((r: Json) => r.id === ids.in2);
      expect(in2.is_dark).toBe(true);
      const [lon, lat] = await lonLat(FIXTURES.in2.at as unknown as Xy);
      // Exact to 7 decimals (about a centimetre), not snapped to the public grid.
      expect(in2.lon).toBeCloseTo(lon, 6);
      expect(in2.lat).toBeCloseTo(lat, 6);
    });

    it('gives every calendar month in Malmö from the first to the last report, zero-filled', async () => {
      const e = await db.call<Json>(planner, 'development_evidence', { p_id: devId, p_buffer_m: 250 });
      expect(e.monthly).toEqual([
        { month: '2025-12', inside: 0, ring: 1 }, // r180
        { month: '2026-01', inside: 1, ring: 0 }, // in2
        { month: '2026-02', inside: 0, ring: 0 },
        { month: '2026-03', inside: 2, ring: 1 }, // in1, part2; hole
        { month: '2026-04', inside: 0, ring: 1 }, // r60 (00:30 on 1 April in Malmö)
      ]);
    });

    it('filters by observed_at and gives rates with the counts behind them', async () => {
      const from = '2026-03-01T00:00:00Z';
      const to = '2026-04-01T00:00:00Z';
      const e = await db.call<Json>(planner, 'development_evidence', { p_id: devId, p_buffer_m: 250, p_from: from, p_to: to });
      expect(e.inside.total).toBe(2); // in1, part2
      expect(e.ring.total).toBe(2); // hole, r60 (22:30 UTC on 31 March is before p_to)
      expect(e.rates.development.count).toBe(2);
      expect(e.rates.development.km2).toBeCloseTo(AREA_KM2, 4);
      expect(e.rates.development.per_km2).toBeCloseTo(2 / AREA_KM2, 1);

      // The district and the city, counted independently of the stored district codes.
      const [d] = await db.query<Json>(
        `select d.do_kod as code, d.name,
                extensions.st_area(d.geom::extensions.geography) / 1e6 as km2,
                (select count(*)::int from app.reports r where extensions.st_intersects(d.geom, r.location)
                   and r.observed_at >= $2 and r.observed_at < $3) as n
           from app.districts d where d.do_kod = $1`,
        [e.development.district.code, from, to],
      );
      expect(e.rates.district).toMatchObject({ code: d.code, name: d.name, count: d.n });
      expect(e.rates.district.km2 / d.km2).toBeCloseTo(1, 2);
      expect(e.rates.district.per_km2).toBeCloseTo(d.n / e.rates.district.km2, 1);
      const [c] = await db.query<Json>(
        `select (select count(*)::int from app.reports where observed_at >= $1 and observed_at < $2) as n,
                (select count(*)::int from app.reports) as all_n,
                (select extensions.st_area(geom::extensions.geography) / 1e6 from app.boundary) as km2`,
        [from, to],
      );
      expect(e.rates.city.count).toBe(c.n);
      expect(e.rates.city.km2 / c.km2).toBeCloseTo(1, 2);
      const unfiltered = await db.call<Json>(planner, 'development_evidence', { p_id: devId });
      expect(unfiltered.rates.city.count).toBe(c.all_n); // the summary-grid path
      expect(unfiltered.buffer_m).toBe(250);
    });

    it('lists at most p_limit reports (inside first, then nearest) while the counts cover all', async () => {
      const e = await db.call<Json>(crew, 'development_evidence', { p_id: devId, p_buffer_m: 250, p_limit: 4 });
      expect(e.reports.map((r: Json) => r.id)).toEqual([
        // inside (distance 0) newest first, then by distance
        ids.part2, ids.in1, ids.in2, ids.hole,
      ]);
      expect(e.reports_truncated).toBe(true);
      expect(e.inside.total + e.ring.total).toBe(keysWithin(250).length);
      const all = await db.call<Json>(crew, 'development_evidence', { p_id: devId, p_buffer_m: 250, p_limit: 5000 });
      expect(all.reports).toHaveLength(keysWithin(250).length);
      expect(all.reports_truncated).toBe(false);
      for (const limit of [-1, 5001, null]) {
        expect(await codeOf(db.call(crew, 'development_evidence', { p_id: devId, p_limit: limit }))).toBe('invalid_filter');
      }
    });

    it('refuses bad arguments and residents', async () => {
      expect(await codeOf(db.call(crew, 'development_evidence', { p_id: devId, p_buffer_m: 300 }))).toBe('invalid_buffer');
      expect(await codeOf(db.call(crew, 'development_evidence', { p_id: devId, p_buffer_m: null }))).toBe('invalid_buffer');
      expect(
        await codeOf(db.call(crew, 'development_evidence', { p_id: devId, p_from: '2026-05-01T00:00:00Z', p_to: '2026-04-01T00:00:00Z' })),
      ).toBe('invalid_filter');
      expect(await codeOf(db.call(crew, 'development_evidence', { p_id: randomUUID() }))).toBe('development_not_found');
      expect(await codeOf(db.call(resident, 'development_evidence', { p_id: devId }))).toBe('forbidden');
    });
  });

  describe('the client contracts (src/api)', () => {
    it('every function\'s result parses with its Zod contract', async () => {
      const id = randomUUID();
      const geometry = JSON.stringify(await geojson([[OUTER]]));
      const developmentsBefore = (await db.query<{ n: number }>('select count(*)::int as n from app.developments'))[0].n;
      const versionBefore = (await db.query<{ n: number }>(
        'select coalesce(max(version), 0)::int as n from app.development_assessments where development_id = $1', [devId]))[0].n;
      const results = await db.asRole(planner, async (q) => {
        const one = async (sql: string, params: unknown[]) => (await q<Json>(sql, params))[0].r;
        return {
          imported: await one('select api.import_developments($1::jsonb) as r', [JSON.stringify([feature(JSON.parse(geometry))])]),
          saved: await one(
            `select api.save_development(p_id => $1, p_name => 'K', p_plan_id => null, p_phase => 'completed',
               p_expected_completion => null, p_link => null, p_geometry => $2) as r`, [id, geometry]),
          listed: await one('select api.list_developments() as r', []),
          evidence: await one('select api.development_evidence(p_id => $1, p_buffer_m => 500) as r', [devId]),
          assessment: await one(`select api.save_assessment($1, '[{"factor":"skotsel","rating":5,"note":"Bra","report_ids":[]}]') as r`, [devId]),
          assessments: await one('select api.development_assessments($1) as r', [devId]),
          deleted: await one('select api.delete_development($1) as r', [id]),
        };
      });
      const imported = importDevelopments.result.parse(results.imported);
      expect(imported.inserted).toBe(1);
      expect(saveDevelopment.result.parse(results.saved).id).toBe(id);
      // Everything there was, plus the imported and the saved one.
      const listed = listDevelopments.result.parse(results.listed).items.map((d) => d.id);
      expect(listed).toHaveLength(developmentsBefore + 2);
      expect(listed).toEqual(expect.arrayContaining([id, ...imported.ids]));
      // The list holds every report counted inside and in the ring (well under the default limit of 1000).
      const evidence = developmentEvidence.result.parse(results.evidence);
      expect(evidence.reports.length).toBeGreaterThan(0);
      expect(evidence.reports).toHaveLength(evidence.inside.total + evidence.ring.total);
      expect(saveAssessment.result.parse(results.assessment).version).toBe(versionBefore + 1);
      expect(developmentAssessments.result.parse(results.assessments).items[0]?.factors[0]?.factor).toBe('skotsel');
      expect(deleteDevelopment.result.parse(results.deleted)).toEqual({ id });
    });
  });

  describe('fuzz (fast-check, fixed seed): every outcome is a success or a documented code', () => {
    const RUNS = 300;
    const PHASES = ['planning', 'consultation', 'adopted', 'under_construction', 'completed'];
    const FACTORS = ['belysning', 'siktlinjer', 'mix_funktioner', 'orienterbarhet', 'social_kontroll', 'skotsel', 'trafiksakerhet_gangstrak'];
    // jsonb cannot hold \u0000 or lone surrogates (rejected by PostgreSQL's input, before any function runs).
    const storable = (v: unknown) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(v) ?? '');
    const json = fc.jsonValue({ maxDepth: 3 }).filter(storable);
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('', '   ', "'; drop table app.developments; --", 'javascript:alert(1)', 'https://malmo.se/x',
        'x'.repeat(201), 'x'.repeat(2001), '<b>x</b>', '\u202e'),
    ).filter(storable);
    const lonLatIn = fc.tuple(fc.double({ min: 12.9, max: 13.1, noNaN: true }), fc.double({ min: 55.55, max: 55.62, noNaN: true }));
    const polygon = fc.array(lonLatIn, { minLength: 3, maxLength: 6 })
      .map((pts) => ({ type: 'Polygon', coordinates: [[...pts, pts[0]]] }));
    let valid: Json;
    const geometry = () => fc.oneof(
      { weight: 3, arbitrary: fc.constant(null).map(() => valid) },
      { weight: 3, arbitrary: polygon },
      { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'x'), coordinates: json }) },
      { weight: 1, arbitrary: json },
    );
    const date = fc.oneof(
      fc.date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('2030-06-30', '2026-02-30', 'infinity', '-infinity', '30/6/2030'),
    );
    const either = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: text }, { weight: 1, arbitrary: json });

    // save_development takes a typed date: strings PostgreSQL cannot read as one ('2026-02-30') never reach it.
    /** Runs each generated call as the planner in its own savepoint; returns the outcome counts. */
    const fuzz = async (fn: string, sql: string, arb: fc.Arbitrary<unknown[]>) => {
      const allowed = new Set(planningArea.documented![fn]);
      const inputs = fc.sample(arb, { numRuns: RUNS, seed: 20261205 });
      const outcomes: Record<string, number> = {};
      const unexpected: string[] = [];
      await db.asRole(planner, async (q) => {
        for (const params of inputs) {
          await q('savepoint f');
          try {
            await q(sql, params);
            outcomes.ok = (outcomes.ok ?? 0) + 1;
          } catch (error) {
            const message = String((error as Error).message);
            outcomes[message] = (outcomes[message] ?? 0) + 1;
            if (!allowed.has(message)) unexpected.push(`${message} for ${JSON.stringify(params).slice(0, 300)}`);
          }
          await q('rollback to savepoint f');
        }
      });
      console.log(`${engineName} fuzz ${fn}: ${inputs.length} calls`, outcomes);
      expect(unexpected.slice(0, 5)).toEqual([]);
      return outcomes;
    };

    beforeAll(async () => {
      valid = await geojson([[OUTER]]);
    });

    it('import_developments', async () => {
      const feature = fc.record(
        { name: either(fc.constant('Plan')), plan_id: either(fc.constant('Dp 1')), phase: either(fc.constantFrom(...PHASES)),
          expected_completion: either(date), link: either(fc.constant('https://malmo.se')), geometry: geometry() },
        { requiredKeys: [] },
      );
      const out = await fuzz('import_developments', 'select api.import_developments($1::jsonb)',
        fc.oneof({ weight: 4, arbitrary: fc.array(feature, { maxLength: 3 }) }, { weight: 1, arbitrary: json }).map((f) => [JSON.stringify(f)]));
      expect(out.ok).toBeGreaterThan(5);
    });

    it('save_development', async () => {
      const out = await fuzz('save_development',
        `select api.save_development(p_id => $1, p_name => $2, p_plan_id => $3, p_phase => $4,
           p_expected_completion => $5::date, p_link => $6, p_geometry => $7::jsonb)`,
        fc.tuple(fc.option(fc.uuid(), { freq: 10, nil: null }), fc.option(text, { nil: null }), fc.option(text, { nil: null }),
          fc.oneof(fc.constantFrom(...PHASES), text), fc.option(date.filter((d) => /infinity/.test(d) || (/^\d{4}-\d\d-\d\d$/.test(d) && !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d))), { nil: null }),
          fc.option(fc.oneof(fc.constant('https://malmo.se/p'), text), { nil: null }), geometry().map((g) => JSON.stringify(g))));
      expect(out.ok).toBeGreaterThan(5);
    });

    it('development_evidence', async () => {
      const when = fc.oneof(
        fc.date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('infinity', '-infinity'),
      );
      const out = await fuzz('development_evidence',
        'select api.development_evidence(p_id => $1, p_buffer_m => $2, p_from => $3, p_to => $4, p_limit => $5)',
        fc.tuple(fc.oneof(fc.constant(devId), fc.uuid()), fc.oneof(fc.constantFrom(100, 250, 500), fc.integer()),
          fc.option(when, { nil: null }), fc.option(when, { nil: null }),
          fc.oneof(fc.constantFrom(0, 1, 1000, 5000), fc.integer(), fc.constant(null))));
      expect(out.ok).toBeGreaterThan(5);
    });

    it('save_assessment', async () => {
      const factor = fc.record(
        { factor: either(fc.constantFrom(...FACTORS)), rating: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(null), json),
          note: fc.oneof(fc.constant(null), text, json),
          report_ids: fc.oneof(fc.constant([]), fc.array(fc.constantFrom(...Object.values(ids)), { maxLength: 3 }), fc.array(fc.uuid(), { maxLength: 2 }), json) },
        { requiredKeys: [] },
      );
      const out = await fuzz('save_assessment', 'select api.save_assessment($1, $2::jsonb)',
        fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constant(devId) }, { weight: 1, arbitrary: fc.uuid() }),
          fc.oneof({ weight: 4, arbitrary: fc.array(factor, { maxLength: 3 }) }, { weight: 1, arbitrary: json }).map((f) => JSON.stringify(f))));
      expect(out.ok).toBeGreaterThan(5);
    });
  });

  describe('assessments', () => {
    it('stores a new version on every save and never changes an earlier one', async () => {
      const v1 = [{ factor: 'belysning', rating: 2, note: '  Mörk gångtunnel  ', report_ids: [ids.in2, ids.in2] }];
      const v2 = [
        { factor: 'belysning', rating: 4, note: null, report_ids: [] },
        { factor: 'siktlinjer', rating: null, note: 'Ej bedömt', report_ids: [ids.hole] },
      ];
      const s1 = await db.call<Json>(planner, 'save_assessment', { p_development_id: devId, p_factors: JSON.stringify(v1) }, { commit: true });
      const s2 = await db.call<Json>(admin, 'save_assessment', { p_development_id: devId, p_factors: JSON.stringify(v2) }, { commit: true });
      expect([s1.version, s2.version]).toEqual([1, 2]);
      const { items } = await db.call<Json>(strategist, 'development_assessments', { p_development_id: devId });
      expect(items.map((i: Json) => [i.version, i.author_label, i.author_id, i.is_mine])).toEqual([
        [2, 'admin', ADMIN, false],
        [1, 'planner', PLANNER, false],
      ]);
      expect(items[1].factors).toEqual([{ factor: 'belysning', rating: 2, note: 'Mörk gångtunnel', report_ids: [ids.in2] }]);
      expect(items[0].factors).toEqual(v2);
      const mine = await db.call<Json>(planner, 'development_assessments', { p_development_id: devId });
      expect(mine.items[1].is_mine).toBe(true);
    });

    it('refuses bad factors with their codes and stores nothing', async () => {
      const count = async () =>
        Number((await db.query<Json>('select count(*)::int as n from app.development_assessments'))[0].n);
      const before = await count();
      const ok = { factor: 'skotsel', rating: 3, note: null, report_ids: [] };
      const cases: [unknown, string][] = [
        [[{ ...ok, factor: 'utsikt' }], 'invalid_factor'],
        [[ok, ok], 'invalid_factor'],
        [{ factor: 'skotsel' }, 'invalid_factor'],
        [['skotsel'], 'invalid_factor'],
        [[{ ...ok, rating: 0 }], 'invalid_rating'],
        [[{ ...ok, rating: 6 }], 'invalid_rating'],
        [[{ ...ok, rating: 2.5 }], 'invalid_rating'],
        [[{ ...ok, rating: '3' }], 'invalid_rating'],
        [[{ ...ok, note: 'n'.repeat(2001) }], 'note_too_long'],
        [[{ ...ok, report_ids: [randomUUID()] }], 'report_not_found'],
        [[{ ...ok, report_ids: ['not-a-uuid'] }], 'report_not_found'],
      ];
      for (const [factors, code] of cases) {
        const got = await codeOf(
          db.call(planner, 'save_assessment', { p_development_id: devId, p_factors: JSON.stringify(factors) }, { commit: true }),
        );
        expect({ factors, got }).toEqual({ factors, got: code });
      }
      expect(
        await codeOf(db.call(planner, 'save_assessment', { p_development_id: randomUUID(), p_factors: JSON.stringify([ok]) })),
      ).toBe('development_not_found');
      for (const who of [crew, strategist, resident]) {
        expect(await codeOf(db.call(who, 'save_assessment', { p_development_id: devId, p_factors: JSON.stringify([ok]) }))).toBe('forbidden');
      }
      expect(await codeOf(db.call(resident, 'development_assessments', { p_development_id: devId }))).toBe('forbidden');
      expect(await codeOf(db.call(crew, 'development_assessments', { p_development_id: randomUUID() }))).toBe('development_not_found');
      expect(await count()).toBe(before);
    });
  });
});
