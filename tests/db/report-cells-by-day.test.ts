/**
 * api.reports_in_view with a time filter reads app.report_cells_by_day (whole Stockholm days, level-4 cells,
 * per challenge) and app.reports for the rest: the border strips and the partial days at both ends of
 * [p_from, p_to). Property: for random viewports, zooms, filters and time ranges — instants inside a day,
 * Stockholm midnights, exact observed_at values of reports (the bounds' inclusivity) — the answer equals the
 * naive aggregation of app.reports, cell by cell: count, mean position, dominant challenge and the lone
 * report's id, category and status. Before it, churn (moves across days and cells, deletes, status changes)
 * runs through the triggers, and the summary must equal a fresh GROUP BY. On both engines.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineName, type Who } from './engines';

type Item = [number, number, number, string, string | null, string | null, string | null];
type View = { total: number; cell_m: number; items: Item[] };
interface Args {
  p_west: number;
  p_south: number;
  p_east: number;
  p_north: number;
  p_zoom: number;
  p_challenges: string[] | null;
  p_categories: string[] | null;
  p_statuses: string[] | null;
  p_from: string | null;
  p_to: string | null;
}

const anon: Who = { role: 'anon' };
const BASE_M = (60 * 40075016.686) / (256 * 65536);
const engines: EngineName[] = ['pglite', 'postgres'];

// The same answer computed the naive way: every matching report in the viewport, grouped by screen cell.
const NAIVE = `
  with v as (
    select app.mercator_x($1) as x1, app.mercator_x($3) as x2,
           app.mercator_y(greatest(-85.0, least(85.0, $2::float8))) as y1,
           app.mercator_y(greatest(-85.0, least(85.0, $4::float8))) as y2,
           app.grid_base_m() * power(2.0, $5::int) as cell
  ),
  r as (
    select r.* from app.reports r, v
     where r.public_x between v.x1 and v.x2 and r.public_y between v.y1 and v.y2
       and ($6::text[] is null or r.challenge = any ($6))
       and ($7::text[] is null or r.category = any ($7))
       and ($8::text[] is null or r.status = any ($8))
       and ($9::timestamptz is null or r.observed_at >= $9)
       and ($10::timestamptz is null or r.observed_at < $10)
  ),
  per_challenge as (
    select floor(r.public_x / v.cell) as cx, floor(r.public_y / v.cell) as cy, r.challenge,
           count(*) as n, sum(r.public_x) as sx, sum(r.public_y) as sy,
           min(r.id::text) as id, min(r.category) as category, min(r.status) as status
      from r, v group by 1, 2, 3
  ),
  cells as (
    select cx, cy, sum(n) as n, sum(sx) / sum(n) as mx, sum(sy) / sum(n) as my,
           (array_agg(challenge order by n desc, challenge))[1] as dominant,
           min(id) as id, min(category) as category, min(status) as status
      from per_challenge group by cx, cy
  )
  select jsonb_build_object(
           'total', coalesce(sum(n), 0),
           'items', coalesce(jsonb_agg(jsonb_build_array(
               round(degrees(mx / 6378137.0)::numeric, 7),
               round(degrees(2.0 * atan(exp(my / 6378137.0)) - pi() / 2.0)::numeric, 7),
               n, dominant,
               case when n = 1 then id end, case when n = 1 then category end, case when n = 1 then status end)
             order by cy desc, cx), '[]'::jsonb)) as result
    from cells`;

// The summary as a fresh GROUP BY would build it (only n must match exactly; sums carry rounding).
const DRIFT = `
  with fresh as (
    select 4::smallint as level, (r.observed_at at time zone 'Europe/Stockholm')::date as day,
           floor(r.public_x / (app.grid_base_m() * 16.0))::int as gx,
           floor(r.public_y / (app.grid_base_m() * 16.0))::int as gy, r.challenge,
           count(*)::int as n, sum(r.public_x) as sx, sum(r.public_y) as sy
      from app.reports r group by 1, 2, 3, 4, 5)
  select count(*)::int as n
    from fresh f full join app.report_cells_by_day c
      on c.level = f.level and c.day = f.day and c.gx = f.gx and c.gy = f.gy and c.challenge = f.challenge
   where f.n is distinct from c.n or abs(f.sx - c.sx) > 1e-3 or abs(f.sy - c.sy) > 1e-3`;

describe.each(engines)('report_cells_by_day on %s', (engineName) => {
  let db: Engine;
  let observed: string[] = [];
  let setupError: unknown = null;

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query('select app.generate_demo_reports(2500, 16)');
    // Reports exactly at Stockholm midnight, one microsecond before it, and on the DST change days.
    await db.query(`update app.reports
                       set observed_at = (date_trunc('day', observed_at at time zone 'Europe/Stockholm'))
                                         at time zone 'Europe/Stockholm'
                     where id in (select id from app.reports order by id limit 60)`);
    await db.query(`update app.reports
                       set observed_at = ((date_trunc('day', observed_at at time zone 'Europe/Stockholm'))
                                         at time zone 'Europe/Stockholm') - interval '1 microsecond'
                     where id in (select id from app.reports order by id offset 60 limit 60)`);
    await db.query(`update app.reports set observed_at = timestamptz '2026-03-29 01:30:00+01'
                     where id in (select id from app.reports order by id offset 120 limit 10)`);
    await db.query(`update app.reports set observed_at = timestamptz '2026-10-25 02:30:00+01'
                     where id in (select id from app.reports order by id offset 130 limit 10)`);
    const ids = await db.query<{ id: string; t: string }>(
      `select id::text as id, observed_at::text as t from app.reports order by md5(id::text) limit 40`);
    observed = ids.map((r) => new Date(r.t).toISOString());
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  const drift = async () => Number((await db.query<{ n: number }>(DRIFT))[0].n);

  it('is built exactly from the existing reports and holds far fewer rows than reports', async () => {
    expect(await drift()).toBe(0);
    const [c] = await db.query<{ rows: number; reports: number; levels: number[] }>(
      `select (select count(*)::int from app.report_cells_by_day) as rows,
              (select count(*)::int from app.reports) as reports,
              (select array_agg(distinct level)::int[] from app.report_cells_by_day) as levels`);
    expect(c.levels).toEqual([4]);
    expect(c.rows).toBeGreaterThan(0);
    expect(c.rows).toBeLessThan(c.reports);
  });

  it('stays exact through moves across days and cells, status changes and deletes', async () => {
    await db.query(`update app.reports set observed_at = observed_at - interval '3 days 5 hours'
                     where id in (select id from app.reports order by md5(id::text) limit 200)`);
    await db.query(`update app.reports set location = extensions.st_translate(location, 0.02, 0.01)
                     where id in (select id from app.reports order by md5(id::text || 'm') limit 100)
                       and extensions.st_x(location) < 13.1 and extensions.st_y(location) < 55.6`);
    await db.query(`update app.reports set status = 'resolved'
                     where id in (select id from app.reports order by md5(id::text || 's') limit 150)`);
    await db.query(`delete from app.reports where id in (select id from app.reports order by md5(id::text || 'd') limit 120)`);
    // Refresh the instants picked as bounds: some of those reports moved or went.
    const ids = await db.query<{ t: string }>(
      `select observed_at::text as t from app.reports order by md5(id::text) limit 40`);
    observed = ids.map((r) => new Date(r.t).toISOString());
    expect(await drift()).toBe(0);
  });

  it('answers every time-filtered view exactly as the naive aggregation of app.reports', async () => {
    const [{ now }] = await db.query<{ now: string }>(`select now()::text as now`);
    const nowMs = new Date(now).getTime();
    const stockholmMidnights = (
      await db.query<{ t: string }>(
        `select ((current_date - d)::timestamp at time zone 'Europe/Stockholm')::text as t
           from unnest(array[0, 1, 7, 30, 31, 90, 200, 365]) d`)
    ).map((r) => new Date(r.t).toISOString());

    const instant = fc.oneof(
      fc.integer({ min: 0, max: 380 * 24 }).map((h) => new Date(nowMs - h * 3_600_000 - 1234).toISOString()),
      fc.constantFrom(...stockholmMidnights),
      fc.constantFrom(...observed),
    );
    const mostlyNull = (codes: string[]) =>
      fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.constant(codes), weight: 1 });
    const args = fc
      .record({
        west: fc.double({ min: 12.84, max: 13.1, noNaN: true }),
        south: fc.double({ min: 55.47, max: 55.62, noNaN: true }),
        width: fc.double({ min: 0.01, max: 0.4, noNaN: true }),
        height: fc.double({ min: 0.01, max: 0.2, noNaN: true }),
        zoom: fc.double({ min: 7, max: 14, noNaN: true }),
        // mostlyNull: a category or status filter makes the raw path answer; most cases must not have one.
        challenges: fc.option(fc.subarray(['renhallning', 'planering', 'trafik', 'befintlig_stad'], { minLength: 1 })),
        categories: mostlyNull(['litter', 'speeding', 'dark_place']),
        statuses: mostlyNull(['new', 'resolved']),
        a: fc.option(instant, { freq: 5 }),
        b: fc.option(instant, { freq: 3 }),
      })
      .map((r): Args => {
        let [from, to] = [r.a, r.b];
        if (from && to && from > to) [from, to] = [to, from];
        if (from && to && from === to) to = null;
        return {
          p_west: r.west,
          p_south: r.south,
          p_east: r.west + r.width,
          p_north: r.south + r.height,
          p_zoom: r.zoom,
          p_challenges: r.challenges,
          p_categories: r.categories,
          p_statuses: r.statuses,
          p_from: from ?? (to ? null : stockholmMidnights[3]!),
          p_to: to,
        };
      });

    let usedDays = 0;
    await fc.assert(
      fc.asyncProperty(args, async (a) => {
        const got = await db.call<View>(anon, 'reports_in_view', { ...a });
        const k = Math.round(Math.log2(got.cell_m / BASE_M));
        expect(got.cell_m).toBeCloseTo(BASE_M * 2 ** k, 0);
        const [{ result: want }] = await db.query<{ result: Omit<View, 'cell_m'> }>(NAIVE, [
          a.p_west, a.p_south, a.p_east, a.p_north, k,
          a.p_challenges, a.p_categories, a.p_statuses, a.p_from, a.p_to,
        ]);
        const where = JSON.stringify(a);
        expect(got.total, where).toBe(want.total);
        expect(got.items.length, where).toBe(want.items.length);
        got.items.forEach((item, j) => {
          const w = want.items[j]!;
          expect(item[0], where).toBeCloseTo(w[0], 6);
          expect(item[1], where).toBeCloseTo(w[1], 6);
          expect(item.slice(2), where).toEqual(w.slice(2));
        });
        if (k >= 4 && !a.p_categories && !a.p_statuses) usedDays++;
      }),
      { numRuns: 70, seed: 16 },
    );
    // The property must have exercised the summary path, not only the raw one.
    expect(usedDays).toBeGreaterThan(20);
  });

  it('reads the summary for a time-filtered city view, with the same answer as the raw path', async () => {
    const city = { p_west: 12.85, p_south: 55.48, p_east: 13.2, p_north: 55.66, p_zoom: 12 };
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const view = () => db.call<View>(anon, 'reports_in_view', { ...city, p_challenges: ['renhallning'], p_from: from });
    // Every category of renhallning instead of the challenge: the same reports, through the raw path.
    const cats = (
      await db.query<{ code: string }>(`select category as code from app.period_categories where period_id = app.period_in_force(now()) and challenge = 'renhallning'`)
    ).map((r) => r.code);
    const raw = await db.call<View>(anon, 'reports_in_view', { ...city, p_categories: cats, p_from: from });
    const viaDays = await view();
    expect(viaDays.total).toBeGreaterThan(0);
    expect(viaDays.total).toBe(raw.total);
    expect(viaDays.items.map((i) => i.slice(2))).toEqual(raw.items.map((i) => i.slice(2)));
    // Proof that the summary answers: a count added to it (and taken back) shows up in the result.
    const bump = `update app.report_cells_by_day set n = n + $1
                   where (level, day, gx, gy, challenge) = (
                     select level, day, gx, gy, challenge from app.report_cells_by_day
                      where challenge = 'renhallning' and day = current_date - 10
                      order by n desc limit 1)`;
    await db.query(bump, [1000]);
    try {
      expect((await view()).total).toBe(raw.total + 1000);
    } finally {
      await db.query(bump, [-1000]);
    }
  });
});
