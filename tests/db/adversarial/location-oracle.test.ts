/**
 * Location oracle (hardening issue: "exact positions leak"), on both engines (PGlite and PostgreSQL 15).
 *
 * The rule (docs/security.md, "Location privacy"): for anyone who is neither staff nor the report's reporter,
 * every answer — membership, order, distance, district, counts, cells — is a function of the report's PUBLIC
 * (snapped) point only. Equivalently: moving a report's exact point anywhere inside its snapping cell, so that
 * the public point stays the same, changes nothing that anon or another resident can see.
 *
 * 1. Property (fast-check, fixed seed): a target report of a coarse or fine category is moved between two
 *    random exact points inside one snapping cell (often a cell that a district border runs through); the whole
 *    answers of every function anon or another resident can call — nearby_reports and reports_in_view for random
 *    query points and viewports near the cell, report_detail, and the rest — must be identical in both states.
 *    Every other function granted to anon/authenticated is called too (the target's id where an argument names a
 *    report, null elsewhere) and compared, so a function added later is at least checked for the same leak.
 * 2. The concrete attack: bisecting the query point of nearby_reports (about a hundred anonymous calls) must
 *    recover nothing better than the public point: the same answer wherever the exact point is in its cell.
 * 3. The district: near a border, the district anon sees is the public point's, whichever side the exact
 *    point is on; staff and the reporter still get the exact point's district and distance.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, grantedApiFunctions, type Engine, type EngineName, type GrantedFunction, type Who } from '../engines';
import { ID, who } from '../security/area';
import { outcomes, type Call } from './call-batch';

type Json = Record<string, unknown>;
type XY = [number, number];
const anon: Who = { role: 'anon' };
const other: Who = { role: 'authenticated', sub: ID.other };
const VIEWERS: [string, Who][] = [['anon', anon], ['other', other]];
/** Target categories: [code, public_precision_m, duplicate_radius_m] (supabase/seed.sql). */
const TARGETS: [string, number, number][] = [
  ['syringes', 50, 30],
  ['desolate_place', 50, 100],
  ['speeding', 25, 150],
  ['litter', 10, 30],
];
/** The functions the property calls with meaningful arguments; every other granted function gets null arguments. */
const EXPLICIT = new Set([
  'nearby_reports', 'reports_in_view', 'report_detail', 'list_categories', 'whoami', 'public_measures',
  'my_reports', 'support_report', 'change_status', 'submit_report', 'delete_my_data',
]);

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('location oracle on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  /** Target report id per category, all reported by ID.resident. */
  const T: Record<string, string> = {};
  /** Points (EPSG:3006) on a border shared by two districts, and inside Malmö away from borders. */
  let borderPoints: XY[] = [];
  let innerPoints: XY[] = [];
  /** Every function in schema api that anon or authenticated may execute, with its input argument names. */
  const granted: GrantedFunction[] = [];
  let crossings = 0;

  const toLonLat = async (pts: XY[]): Promise<XY[]> => {
    if (pts.length === 0) return [];
    const rows = await db.query<{ lon: number; lat: number }>(
      `select extensions.st_x(g) as lon, extensions.st_y(g) as lat
         from (select extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint(u.x, u.y), 3006), 4326) as g, u.i
                 from unnest($1::float8[], $2::float8[]) with ordinality as u(x, y, i)) s order by s.i`,
      [pts.map((p) => p[0]), pts.map((p) => p[1])]);
    return rows.map((r) => [Number(r.lon), Number(r.lat)]);
  };
  const toXY = async (lon: number, lat: number): Promise<XY> => {
    const [r] = await db.query<{ x: number; y: number }>(
      `select extensions.st_x(g) as x, extensions.st_y(g) as y
         from (select extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326), 3006) as g) s`,
      [lon, lat]);
    return [Number(r.x), Number(r.y)];
  };
  /** Moves a report's exact point (as the owner: no API moves reports); the trigger derives the rest. */
  const moveTo = async (id: string, p: XY) => {
    const [r] = await db.query<{ pub: string; district: number | null; pub_district: number | null }>(
      `update app.reports
          set location = extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint($2, $3), 3006), 4326)
        where id = $1
        returning encode(extensions.st_asbinary(public_location), 'hex') as pub, district_code as district,
                  (select d.do_kod from app.districts d where extensions.st_intersects(d.geom, public_location)
                    order by d.do_kod limit 1) as pub_district`,
      [id, p[0], p[1]]);
    return { pub: r.pub, district: r.district, pubDistrict: r.pub_district };
  };
  /**
   * Each call's whole outcome (its jsonb result or its error message), labelled. Every call runs alone as its
   * caller and is rolled back, as through `db.call`; all of them in one round trip (./call-batch.ts).
   */
  const outcomesOf = async (labelled: [unknown[], Call][]): Promise<unknown[]> => {
    const results = await outcomes(db, labelled.map(([, c]) => c));
    return labelled.map(([label], i) => [...label, results[i]]);
  };
  const cellOf = (p: XY, precision: number): XY => [Math.round(p[0] / precision) * precision, Math.round(p[1] / precision) * precision];

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(`insert into app.staff_roles (user_id, role) values
      ('${ID.crew}', 'crew'), ('${ID.planner}', 'planner'), ('${ID.strategist}', 'strategist'), ('${ID.admin}', 'admin')
      on conflict do nothing`);
    await db.query('select app.generate_demo_reports(400, 11)');
    // Points on borders shared by two districts (a spread of pairs), and demo points as ordinary places.
    const borders = await db.query<{ x: number; y: number }>(
      `with pairs as (
         select a.do_kod as a, b.do_kod as b,
                extensions.st_collectionextract(extensions.st_intersection(a.geom, b.geom), 2) as g
           from app.districts a join app.districts b
             on a.do_kod < b.do_kod and extensions.st_intersects(a.geom, b.geom)
       ), lines as (
         select a, b, extensions.st_geometryn(g, 1) as l, row_number() over (order by a, b) as n
           from pairs where not extensions.st_isempty(g)
       )
       select extensions.st_x(p) as x, extensions.st_y(p) as y
         from (select extensions.st_transform(extensions.st_lineinterpolatepoint(l, 0.37), 3006) as p, n
                 from lines where n % 9 = 1) s
        order by n limit 16`);
    borderPoints = borders.map((r) => [Number(r.x), Number(r.y)]);
    const inner = await db.query<{ x: number; y: number }>(
      `select x3006 as x, y3006 as y from app.reports where is_demo order by id limit 16`);
    innerPoints = inner.map((r) => [Number(r.x), Number(r.y)]);
    // The targets: one open report per category, by the resident, at Gamla staden to begin with.
    for (const [category] of TARGETS) {
      const id = randomUUID();
      await db.call(who('resident'), 'submit_report', {
        p_id: id, p_category: category, p_lon: 13.0038, p_lat: 55.605, p_description: `Mål ${category}`,
        p_observed_at: new Date(Date.now() - 3_600_000).toISOString(), p_source: 'resident', p_photo_path: null,
      }, { commit: true });
      T[category] = id;
    }
    // Another resident supports one of them, so supported_by_me is true somewhere.
    await db.call(other, 'support_report', { p_report_id: T.syringes }, { commit: true });
    granted.push(...(await grantedApiFunctions(db)));
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('engine is available and the fixtures exist', () => {
    expect(setupError).toBeNull();
    expect(borderPoints.length).toBeGreaterThanOrEqual(8);
    expect(innerPoints.length).toBe(16);
    for (const f of EXPLICIT) expect(granted.map((g) => g.name), f).toContain(f);
  });

  // ------------------------------------------------------------------------------------------------------
  describe('property: nothing anon or another resident sees depends on where the exact point is in its cell', () => {
    const margin = 0.01;
    const unit = fc.double({ min: -0.5, max: 0.5, noNaN: true });
    const scenario = fc.record({
      target: fc.integer({ min: 0, max: TARGETS.length - 1 }),
      border: fc.boolean(),
      place: fc.integer({ min: 0, max: 15 }),
      a: fc.tuple(unit, unit),
      b: fc.tuple(unit, unit),
      /** Query points around the cell, in units of (radius + precision). */
      queries: fc.array(fc.tuple(fc.double({ min: -1.2, max: 1.2, noNaN: true }), fc.double({ min: -1.2, max: 1.2, noNaN: true })),
        { minLength: 3, maxLength: 5 }),
      views: fc.array(fc.record({
        centre: fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })),
        halfWidth: fc.double({ min: 3, max: 4000, noNaN: true }),
        aspect: fc.double({ min: 0.3, max: 3, noNaN: true }),
        zoom: fc.double({ min: 8, max: 22, noNaN: true }),
        filtered: fc.boolean(),
      }), { minLength: 2, maxLength: 3 }),
    });

    it('every public answer is the same for two exact points in one cell (anon and another resident)', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const [category, precision, radius] = TARGETS[s.target]!;
          const id = T[category]!;
          const base = (s.border ? borderPoints[s.place % borderPoints.length] : innerPoints[s.place])!;
          const c = cellOf(base, precision);
          const half = precision / 2 - margin;
          const exactA: XY = [c[0] + 2 * s.a[0] * half, c[1] + 2 * s.a[1] * half];
          const exactB: XY = [c[0] + 2 * s.b[0] * half, c[1] + 2 * s.b[1] * half];
          const reach = radius + precision;
          const qXY = s.queries.map(([u, v]): XY => [c[0] + u * reach, c[1] + v * reach]);
          const corners = s.views.flatMap((v): XY[] => {
            const cx = c[0] + v.centre[0] * reach;
            const cy = c[1] + v.centre[1] * reach;
            return [[cx - v.halfWidth, cy - v.halfWidth * v.aspect], [cx + v.halfWidth, cy + v.halfWidth * v.aspect]];
          });
          const ll = await toLonLat([...qXY, ...corners, c]);
          const qLL = ll.slice(0, qXY.length);
          const views = s.views.map((v, i) => {
            const [sw, ne] = [ll[qXY.length + 2 * i]!, ll[qXY.length + 2 * i + 1]!];
            return {
              p_west: sw[0], p_south: sw[1], p_east: ne[0], p_north: ne[1], p_zoom: v.zoom,
              p_categories: v.filtered ? [category] : null,
            };
          });
          const cLL = ll.at(-1)!;
          const observed = new Date(Date.now() - 3_600_000).toISOString();

          const answers = async () => {
            const calls: [unknown[], Call][] = [];
            for (const [name, w] of VIEWERS) {
              for (const [lon, lat] of qLL) calls.push([[name, 'nearby'], { who: w, fn: 'nearby_reports', args: { p_lon: lon, p_lat: lat, p_category: category } }]);
              for (const v of views) calls.push([[name, 'view'], { who: w, fn: 'reports_in_view', args: v }]);
              calls.push([[name, 'detail'], { who: w, fn: 'report_detail', args: { p_id: id } }]);
              calls.push([[name, 'measures'], { who: w, fn: 'public_measures' }]);
            }
            // Another resident's writes and own reads (rolled back): nothing in them may depend on the target's point.
            calls.push([['other', 'support'], { who: other, fn: 'support_report', args: { p_report_id: id } }]);
            calls.push([['other', 'reopen'], { who: other, fn: 'change_status', args: { p_report_id: id, p_to_status: 'confirmed', p_note: 'x' } }]);
            calls.push([['other', 'mine'], { who: other, fn: 'my_reports' }]);
            calls.push([['other', 'submit'], { who: other, fn: 'submit_report', args: {
              p_id: '0ddba11e-0000-4000-8000-000000000001', p_category: category, p_lon: cLL[0], p_lat: cLL[1],
              p_description: 'Här också', p_observed_at: observed, p_source: 'resident', p_photo_path: null,
            } }]);
            calls.push([['other', 'delete'], { who: other, fn: 'delete_my_data' }]);
            for (const [name, w] of VIEWERS) {
              calls.push([[name, 'categories'], { who: w, fn: 'list_categories' }]);
              calls.push([[name, 'whoami'], { who: w, fn: 'whoami' }]);
            }
            const out = await outcomesOf(calls);
            // created_at is the transaction's now(); everything else must be the same.
            const submitted = (out.find((o) => (o as unknown[])[1] === 'submit') as [string, string, { ok?: Json }])[2];
            if (submitted.ok) delete submitted.ok.created_at;
            return JSON.parse(JSON.stringify(out)) as unknown;
          };

          const a = await moveTo(id, exactA);
          const first = await answers();
          const b = await moveTo(id, exactB);
          const second = await answers();
          // Precondition: the two exact points are in the same snapping cell.
          expect(b.pub, 'same public point').toBe(a.pub);
          if (a.district !== b.district) crossings++;
          expect(second).toEqual(first);
        }),
        { numRuns: 100, seed: 20261205, endOnFailure: true },
      );
      // The property ran across district borders (the exact district differed), or it proves little.
      expect(crossings).toBeGreaterThan(0);
    });

    it('every other function granted to anon or authenticated answers the same (the target where a report is named, else null)', async () => {
      const rest = granted.filter((g) => !EXPLICIT.has(g.name));
      expect(rest.length).toBeGreaterThan(0);
      const all = async () => {
        const calls: [unknown[], Call][] = [];
        for (const g of rest) {
          // The target where an argument names a report; null everywhere else.
          const args = Object.fromEntries(g.args.map((a) =>
            [a, a === 'p_report_id' || a === 'p_id' ? T.syringes : a === 'p_report_ids' ? [T.syringes] : null]));
          for (const [name, w] of VIEWERS) {
            if (name === 'anon' && !g.anon) continue;
            calls.push([[g.name, name], { who: w, fn: g.name, args }]);
          }
        }
        return JSON.parse(JSON.stringify(await outcomesOf(calls))) as unknown;
      };
      for (const [i, p] of borderPoints.slice(0, 3).entries()) {
        const c = cellOf(p, 50);
        const a = await moveTo(T.syringes!, [c[0] - 24 + i, c[1] - 23]);
        const first = await all();
        const b = await moveTo(T.syringes!, [c[0] + 24, c[1] + 24 - i]);
        expect(b.pub).toBe(a.pub);
        expect(await all()).toEqual(first);
      }
    });
  });

  // ------------------------------------------------------------------------------------------------------
  describe('the attack: bisecting nearby_reports', () => {
    /**
     * What an anonymous caller can do: find a query point where the target is listed, then bisect along a
     * horizontal line for both ends of the membership interval (its midpoint is the centre of the disc that
     * decides membership), then along the vertical line through that x. Returns the estimate and the calls.
     */
    const attack = async (id: string, category: string, radius: number, start: XY) => {
      let calls = 0;
      const listed = async (p: XY) => {
        const [[lon, lat]] = (await toLonLat([p])) as [XY];
        calls++;
        const r = await db.call<{ id: string }[]>(anon, 'nearby_reports', { p_lon: lon, p_lat: lat, p_category: category });
        return r.some((x) => x.id === id);
      };
      let seed: XY | null = null;
      for (let dx = 0; dx <= 60 && !seed; dx += 15)
        for (const sx of dx === 0 ? [0] : [dx, -dx])
          for (let dy = -60; dy <= 60 && !seed; dy += 15) if (await listed([start[0] + sx, start[1] + dy])) seed = [start[0] + sx, start[1] + dy];
      if (!seed) throw new Error('the target is never listed near its public point');
      const edge = async (inside: XY, outside: XY) => {
        let [i, o] = [inside, outside];
        while (Math.hypot(i[0] - o[0], i[1] - o[1]) > 0.005) {
          const m: XY = [(i[0] + o[0]) / 2, (i[1] + o[1]) / 2];
          if (await listed(m)) i = m;
          else o = m;
        }
        return i;
      };
      const far = 2 * radius + 120;
      const east = await edge(seed, [seed[0] + far, seed[1]]);
      const west = await edge(seed, [seed[0] - far, seed[1]]);
      const x = (east[0] + west[0]) / 2;
      const onLine: XY = [x, seed[1]];
      const north = await edge(onLine, [x, seed[1] + far]);
      const south = await edge(onLine, [x, seed[1] - far]);
      return { at: [x, (north[1] + south[1]) / 2] as XY, calls };
    };

    it('recovers the public point and nothing better, wherever the exact point is in its cell', async () => {
      const [category, precision, radius] = TARGETS[0]!; // syringes: 50 m cells, 30 m radius
      const id = T[category]!;
      const c = cellOf(innerPoints[3]!, precision);
      const exacts: XY[] = [[c[0] - 21.3, c[1] + 17.9], [c[0] + 18.6, c[1] - 22.4]];
      const found: XY[] = [];
      let pub = '';
      for (const e of exacts) {
        const moved = await moveTo(id, e);
        if (pub) expect(moved.pub).toBe(pub);
        pub = moved.pub;
        const d = await db.call<{ lon: number; lat: number; precise: boolean }>(anon, 'report_detail', { p_id: id });
        expect(d.precise).toBe(false);
        const start = await toXY(d.lon, d.lat);
        const { at, calls } = await attack(id, category, radius, start);
        expect(calls).toBeLessThan(200);
        found.push(at);
        // The attacker ends at the public point (the centre of the cell) ...
        expect(Math.hypot(at[0] - c[0], at[1] - c[1]), `recovered ${at} for exact ${e}, public ${c}`).toBeLessThan(0.05);
        // ... which is as far from the exact point as the snapping put it (here 27–29 m), never closer.
        expect(Math.hypot(at[0] - e[0], at[1] - e[1])).toBeGreaterThan(Math.hypot(e[0] - c[0], e[1] - c[1]) - 0.05);
      }
      // Two exact points 56 m apart in one cell: the attack cannot tell them apart.
      expect(Math.hypot(found[0]![0] - found[1]![0], found[0]![1] - found[1]![1])).toBeLessThan(0.05);
    });
  });

  // ------------------------------------------------------------------------------------------------------
  describe('districts near a border; staff and the reporter keep the exact point', () => {
    it("anon and other residents see the public point's district on both sides of a border", async () => {
      const id = T.syringes!;
      let checked = 0;
      for (const p of borderPoints) {
        const c = cellOf(p, 50);
        // Two exact points in the cell on different sides of the border, if the grid finds them.
        const sides = new Map<string, XY>();
        for (let i = -2; i <= 2; i++)
          for (let j = -2; j <= 2; j++) {
            const e: XY = [c[0] + i * 11, c[1] + j * 11];
            const m = await moveTo(id, e);
            if (m.district !== null) sides.set(String(m.district), e);
          }
        if (sides.size < 2) continue;
        const [[dA, eA], [dB, eB]] = [...sides.entries()] as [[string, XY], [string, XY]];
        const seen: unknown[] = [];
        for (const e of [eA, eB]) {
          const m = await moveTo(id, e);
          for (const [, w] of VIEWERS) {
            const d = await db.call<{ district: { code: number } | null }>(w, 'report_detail', { p_id: id });
            expect(d.district?.code ?? null).toBe(m.pubDistrict);
            seen.push(d.district);
          }
          // The reporter and staff see the exact point's district.
          for (const w of [who('resident'), who('crew')]) {
            const d = await db.call<{ district: { code: number } | null; precise: boolean }>(w, 'report_detail', { p_id: id });
            expect(d.precise).toBe(true);
            expect(String(d.district?.code ?? null)).toBe(e === eA ? dA : dB);
          }
        }
        expect(seen[2]).toEqual(seen[0]);
        checked++;
        if (checked >= 3) break;
      }
      expect(checked).toBeGreaterThan(0);
    });

    it('staff and the reporter: membership, order and distance by the exact point', async () => {
      const [category, precision, radius] = TARGETS[0]!;
      const id = T[category]!;
      const c = cellOf(innerPoints[5]!, precision);
      const e: XY = [c[0] + 20, c[1] + 20];
      await moveTo(id, e);
      // 28 m east of the exact point: within the radius of the exact point (28 m), not of the public one (≈ 53.9 m).
      const q: XY = [e[0] + 28, e[1]];
      const [[lon, lat]] = (await toLonLat([q])) as [XY];
      const near = (w: Who) => db.call<{ id: string; distance_m: number }[]>(w, 'nearby_reports', { p_lon: lon, p_lat: lat, p_category: category });
      for (const w of [who('resident'), who('crew'), who('admin')]) {
        const hit = (await near(w)).find((r) => r.id === id);
        expect(hit?.distance_m).toBeGreaterThan(27.9);
        expect(hit?.distance_m).toBeLessThan(28.1);
      }
      for (const w of [anon, other]) expect((await near(w)).some((r) => r.id === id)).toBe(false);
      expect(radius).toBe(30);
    });
  });
});
