/**
 * api.hotspot_cells reads app.hotspot_cell_counts (per summarised cell size, challenge, 28-day Stockholm period and
 * all time) and app.report_points for the partial periods at the ends of [p_from, p_to) and around p_recent_from;
 * other sizes and category filters aggregate app.report_points. Property: for random sizes (summarised and not),
 * challenges, categories and bounds — instants inside a period, period starts and the microsecond before them,
 * exact observed_at values of reports (the bounds' inclusivity), bounds beyond the data — the answer equals the
 * naive aggregation of app.reports, cell by cell: count, supports and recent count. Between rounds, churn runs
 * through the triggers (inserts, moves across periods and cells, supports, challenge changes, status changes to
 * and from duplicate, deletes) and the summary must equal a fresh GROUP BY. On both engines.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineName, type Who } from './engines';

type Cell = [number, number, number, number, number];
type Result = { cell_m: number; total: number; cells: Cell[] };
interface Args {
  p_cell_m: number;
  p_challenges: string[] | null;
  p_categories: string[] | null;
  p_from: string | null;
  p_to: string | null;
  p_recent_from: string | null;
}

const engines: EngineName[] = ['pglite', 'postgres'];
const CREW = 'c4e00000-0000-4000-8000-0000000005c1';
const crew: Who = { role: 'authenticated', sub: CREW };
const SUMMARISED = [50, 100, 150, 200, 250, 300, 350, 400, 450, 500];
const ALL_TIME = -2147483648;

// The same answer the naive way: every matching non-duplicate report, grouped by its hexagon.
const NAIVE = `
  select jsonb_build_object(
           'cell_m', $1::float8,
           'total', coalesce(sum(c.n), 0),
           'cells', coalesce(jsonb_agg(jsonb_build_array(c.q, c.r, c.n, c.supports, c.n_recent) order by c.q, c.r),
                             '[]'::jsonb)) as result
    from (select app.hex_q(x.k) as q, app.hex_r(x.k) as r, count(*) as n, sum(x.support_count) as supports,
                 count(*) filter (where x.observed_at >= $6::timestamptz) as n_recent
            from (select app.hex_key(r.a3006, r.b3006, $1::float8) as k, r.support_count, r.observed_at
                    from app.reports r
                   where r.status <> 'duplicate'
                     and ($2::text[] is null or r.challenge = any ($2))
                     and ($3::text[] is null or r.category = any ($3))
                     and ($4::timestamptz is null or r.observed_at >= $4)
                     and ($5::timestamptz is null or r.observed_at < $5)) x
           group by x.k) c`;

// The summary as a fresh GROUP BY of app.reports would build it: rows that differ or exist on one side only.
const DRIFT = `
  with fresh as (
    select s.cell_m, r.challenge, p.period, app.hex_key(r.a3006, r.b3006, s.cell_m) as key,
           count(*)::int as n, sum(r.support_count)::bigint as supports
      from app.reports r
     cross join unnest(app.hotspot_summary_sizes()) s(cell_m)
     cross join lateral (values (app.hotspot_period(r.observed_at)), (${ALL_TIME})) p(period)
     where r.status <> 'duplicate'
     group by 1, 2, 3, 4)
  select count(*)::int as n
    from fresh f full join app.hotspot_cell_counts c
      on c.cell_m = f.cell_m and c.challenge = f.challenge and c.period = f.period and c.key = f.key
   where f.n is distinct from c.n or f.supports is distinct from c.supports`;

describe.each(engines)('hotspot cell summaries on %s', (engineName) => {
  let db: Engine;
  let observed: string[] = [];
  let setupError: unknown = null;

  const drift = async () => Number((await db.query<{ n: number }>(DRIFT))[0].n);
  const refreshObserved = async () => {
    const rows = await db.query<{ t: string }>(
      `select observed_at::text as t from app.reports order by md5(id::text) limit 40`);
    observed = rows.map((r) => new Date(r.t).toISOString());
  };

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(`insert into app.staff_roles (user_id, role) values ('${CREW}', 'crew')`);
    await db.query('select app.generate_demo_reports(2500, 17)');
    // Reports exactly at a period's first instant and one microsecond before it; supports on some.
    await db.query(`update app.reports
                       set observed_at = app.hotspot_period_start(app.hotspot_period(observed_at))
                     where id in (select id from app.reports order by id limit 60)`);
    await db.query(`update app.reports
                       set observed_at = app.hotspot_period_start(app.hotspot_period(observed_at)) - interval '1 microsecond'
                     where id in (select id from app.reports order by id offset 60 limit 60)`);
    await db.query(`update app.reports set support_count = 1 + (abs(hashtext(id::text)) % 5)
                     where id in (select id from app.reports order by md5(id::text || 'sup') limit 400)`);
    await refreshObserved();
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  const property = async (seed: number, numRuns: number) => {
    const [{ now }] = await db.query<{ now: string }>(`select now()::text as now`);
    const nowMs = new Date(now).getTime();
    const periodStarts = (
      await db.query<{ t: string }>(
        `select app.hotspot_period_start(app.hotspot_period(now()) - k)::text as t from generate_series(0, 14) k`)
    ).map((r) => new Date(r.t).toISOString());
    const instant = fc.oneof(
      fc.integer({ min: -48, max: 400 * 24 }).map((h) => new Date(nowMs - h * 3_600_000 - 1234).toISOString()),
      fc.constantFrom(...periodStarts),
      fc.constantFrom(...periodStarts).map((t) => new Date(new Date(t).getTime() - 1).toISOString()),
      fc.constantFrom(...observed),
    );
    const args = fc
      .record({
        size: fc.oneof(
          { arbitrary: fc.constantFrom(...SUMMARISED), weight: 4 },
          { arbitrary: fc.constantFrom(75, 120, 333, 499.5), weight: 1 },
        ),
        challenges: fc.option(fc.subarray(['renhallning', 'planering', 'trafik', 'befintlig_stad'], { minLength: 1 })),
        // Mostly none: a category filter makes the raw path answer.
        categories: fc.oneof(
          { arbitrary: fc.constant(null), weight: 5 },
          { arbitrary: fc.constant(['litter', 'speeding', 'dark_place']), weight: 1 },
        ),
        a: fc.option(instant, { freq: 3 }),
        b: fc.option(instant, { freq: 2 }),
        recent: fc.option(instant, { freq: 2 }),
      })
      .map((r): Args => {
        let [from, to] = [r.a, r.b];
        if (from && to && from > to) [from, to] = [to, from];
        if (from && to && from === to) to = null;
        return {
          p_cell_m: r.size,
          p_challenges: r.challenges,
          p_categories: r.categories ? [...r.categories] : null,
          p_from: from,
          p_to: to,
          p_recent_from: r.recent,
        };
      });

    let summarised = 0;
    await fc.assert(
      fc.asyncProperty(args, async (a) => {
        const got = await db.call<Result>(crew, 'hotspot_cells', { ...a });
        const [{ result: want }] = await db.query<{ result: Result }>(NAIVE, [
          a.p_cell_m, a.p_challenges, a.p_categories, a.p_from, a.p_to, a.p_recent_from,
        ]);
        const where = JSON.stringify(a);
        expect(got.total, where).toBe(want.total);
        expect(got.cells, where).toEqual(want.cells);
        if (SUMMARISED.includes(a.p_cell_m) && !a.p_categories) summarised++;
      }),
      { numRuns, seed },
    );
    // The property must have exercised the summary path, not only the raw one.
    expect(summarised).toBeGreaterThan(numRuns / 3);
  };

  it('is built exactly from the existing reports and holds fewer rows than reports × sizes × 2', async () => {
    expect(await drift()).toBe(0);
    const [c] = await db.query<{ rows: number; reports: number; sizes: number[] }>(
      `select (select count(*)::int from app.hotspot_cell_counts) as rows,
              (select count(*)::int from app.reports where status <> 'duplicate') as reports,
              (select array_agg(distinct cell_m order by cell_m)::float8[] from app.hotspot_cell_counts) as sizes`);
    expect(c.sizes).toEqual(SUMMARISED);
    expect(c.rows).toBeGreaterThan(0);
    expect(c.rows).toBeLessThan(c.reports * SUMMARISED.length * 2);
  });

  it('answers every filter exactly as the naive aggregation of app.reports', async () => {
    await property(17, 60);
  });

  it('stays exact through inserts, moves, supports, challenge and status changes and deletes', async () => {
    // Inserts: more demo reports (another seed: new ids).
    await db.query('select app.generate_demo_reports(400, 18)');
    // Moves across periods and within them, and across cells.
    await db.query(`update app.reports set observed_at = observed_at - interval '29 days 5 hours'
                     where id in (select id from app.reports order by md5(id::text) limit 200)`);
    await db.query(`update app.reports set observed_at = observed_at + interval '3 hours'
                     where id in (select id from app.reports order by md5(id::text || 'h') limit 100)`);
    await db.query(`update app.reports set location = extensions.st_translate(location, 0.002, 0.001)
                     where id in (select id from app.reports order by md5(id::text || 'm') limit 100)
                       and extensions.st_x(location) < 13.1 and extensions.st_y(location) < 55.6`);
    // Supports up and down, a challenge change (category of another challenge), status changes to and from
    // duplicate and between open statuses, deletes.
    await db.query(`update app.reports set support_count = support_count + 3
                     where id in (select id from app.reports order by md5(id::text || 'u') limit 150)`);
    await db.query(`update app.reports set support_count = 0
                     where id in (select id from app.reports order by md5(id::text || 'z') limit 80)`);
    await db.query(`update app.reports set category = 'speeding', challenge = 'trafik'
                     where id in (select id from app.reports where challenge = 'renhallning'
                                   order by md5(id::text || 'c') limit 60)`);
    await db.query(`update app.reports set status = 'duplicate'
                     where id in (select id from app.reports where status <> 'duplicate'
                                   order by md5(id::text || 'd') limit 120)`);
    await db.query(`update app.reports set status = 'new'
                     where id in (select id from app.reports where status = 'duplicate'
                                   order by md5(id::text || 'n') limit 50)`);
    await db.query(`update app.reports set status = 'resolved'
                     where id in (select id from app.reports where status not in ('duplicate', 'resolved')
                                   order by md5(id::text || 's') limit 150)`);
    await db.query(`delete from app.reports where id in (select id from app.reports order by md5(id::text || 'x') limit 150)`);
    // A whole period emptied: its rows must go, not stay at zero.
    await db.query(`delete from app.reports where app.hotspot_period(observed_at) = app.hotspot_period(now()) - 3`);
    expect(await drift()).toBe(0);
    const [{ zero }] = await db.query<{ zero: number }>(
      `select count(*)::int as zero from app.hotspot_cell_counts where n <= 0`);
    expect(zero).toBe(0);
    await refreshObserved();
    await property(18, 60);
  });

  it('reads the summary for a summarised size, with the same answer as the raw path', async () => {
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString();
    const args = { p_cell_m: 250, p_challenges: ['renhallning'], p_from: from };
    const cats = (
      await db.query<{ code: string }>(`select category as code from app.period_categories where period_id = app.period_in_force(now()) and challenge = 'renhallning'`)
    ).map((r) => r.code);
    // Every category of renhallning instead of the challenge: the same reports, through the raw path.
    const raw = await db.call<Result>(crew, 'hotspot_cells', { ...args, p_challenges: null, p_categories: cats });
    const viaSummary = await db.call<Result>(crew, 'hotspot_cells', args);
    expect(viaSummary.total).toBeGreaterThan(0);
    expect(viaSummary).toEqual(raw);
    // Proof that the summary answers: a count added to a whole period inside the window shows up.
    const bump = `update app.hotspot_cell_counts set n = n + $1
                   where (cell_m, challenge, period, key) = (
                     select cell_m, challenge, period, key from app.hotspot_cell_counts
                      where cell_m = 250 and challenge = 'renhallning' and period = app.hotspot_period(now()) - 1
                      order by n desc limit 1)`;
    await db.query(bump, [1000]);
    try {
      expect((await db.call<Result>(crew, 'hotspot_cells', args)).total).toBe(raw.total + 1000);
    } finally {
      await db.query(bump, [-1000]);
    }
  });

  it('is readable by no role', async () => {
    for (const who of [{ role: 'anon' }, crew] as Who[]) {
      await expect(db.asRole(who, (q) => q('select count(*) from app.hotspot_cell_counts'))).rejects.toThrow(
        /permission denied/,
      );
    }
  });
});
