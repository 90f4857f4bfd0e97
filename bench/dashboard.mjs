// Section — the challenge dashboard and the effect of a measure on PostgreSQL 15 + PostGIS with 1,000,000
// demo reports (issue 6). API: api.challenge_dashboard and api.measure_effect as a strategist
// (`set local role authenticated` + claims, as PostgREST calls them), answered from the per-month summaries
// app.report_month_stats / app.report_resolved_stats (kept by triggers).
// BASELINE (what the summaries avoid): the same numbers aggregated from the raw app.reports rows in the same run
// (indexes on observed_at, district_code and location available). The totals of both are compared.
// The bench adds the demo measures (app.generate_demo_measures) and a bench strategist, and removes them again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { fmtInt, fmtMs, fmtRatio, median, now, p95, section, table } from './lib.mjs';
import { ensureBenchDb, pgConfig } from './reports-in-view.mjs';

const root = join(import.meta.dirname, '..');
const DB = process.env.BENCH_DB ?? 'tk_bench';
const WARMUP = 3;
const RUNS = 30;
const BASELINE_BUDGET_MS = Number(process.env.BENCH_BASELINE_BUDGET_MS ?? 20_000);
const STRATEGIST = 'be4c0000-0000-4000-8000-0000000000f6';
const SEED = 7;
const TARGET_MS = 300;

const DASHBOARD_SQL = `select api.challenge_dashboard(p_challenge => $1, p_from => $2, p_to => $3, p_level => $4) as result`;
// The same numbers from the raw rows: whole months overlapping [from, to) as the API counts them.
const NAIVE_DASHBOARD_SQL = `
  with b as (
    select app.stockholm_month($2::timestamptz) as f,
           (app.stockholm_month($3::timestamptz - interval '1 microsecond') + interval '1 month')::date as t
  ), r as (
    select x.* from app.reports x, b
     where x.status <> 'duplicate' and ($1::text is null or x.challenge = $1)
       and (b.f is null or x.observed_at >= (b.f::timestamp at time zone 'Europe/Stockholm'))
       and (b.t is null or x.observed_at < (b.t::timestamp at time zone 'Europe/Stockholm'))
  ), res as (
    select x.* from app.reports x, b
     where x.status <> 'duplicate' and ($1::text is null or x.challenge = $1) and x.resolved_at is not null
       and (b.f is null or x.resolved_at >= (b.f::timestamp at time zone 'Europe/Stockholm'))
       and (b.t is null or x.resolved_at < (b.t::timestamp at time zone 'Europe/Stockholm'))
  )
  select (select count(*)::int from r) as total,
         (select count(*)::int from r where r.is_dark) as dark,
         (select coalesce(sum(r.support_count), 0)::int from r) as supports,
         (select jsonb_object_agg(m, n) from (select to_char(app.stockholm_month(r.observed_at), 'YYYY-MM') m, count(*) n from r group by 1) x) as monthly,
         (select jsonb_object_agg(m, n) from (select to_char(app.stockholm_month(res.resolved_at), 'YYYY-MM') m, count(*) n from res group by 1) x) as resolved,
         (select jsonb_object_agg(code, n) from (
            select case $4 when 'stadsomrade' then d.stadsomrade when 'stadsdel' then d.stadsdel else d.do_kod::text end as code,
                   count(*) n
              from r join app.districts d on d.do_kod = r.district_code group by 1) x) as by_district,
         (select jsonb_object_agg(category, n) from (select r.category, count(*) n from r group by 1) x) as by_category,
         (select percentile_disc(0.5) within group (order by floor(extract(epoch from res.resolved_at - res.created_at) / 86400))
            from res) as median_days`;

const EFFECT_SQL = `select api.measure_effect(p_id => $1, p_months => $2, p_comparison => $3) as result`;
// The comparison counted from the raw rows (the area part is the same GiST search in both).
const NAIVE_EFFECT_SQL = `
  with e as (select app.measure_effect_counts($1, $2, $3) as j),
  m as (select * from app.measures where id = $1),
  w as (select (e.j->'before'->>'from')::timestamptz bf, (e.j->'before'->>'to')::timestamptz bt,
               (e.j->'after'->>'from')::timestamptz af, (e.j->'after'->>'to')::timestamptz at, e.j from e),
  a as (select case when extensions.geometrytype(m.geom) in ('POLYGON', 'MULTIPOLYGON') then m.geom
                    else extensions.st_transform(extensions.st_buffer(extensions.st_transform(m.geom, 3006), 100), 4326) end as g,
               m.challenge from m),
  codes as (select array_agg(d.do_kod) c from app.districts d, w where d.stadsdel = w.j->'comparison'->>'name')
  select count(*) filter (where r.observed_at >= w.bf and r.observed_at < w.bt)::int as before,
         count(*) filter (where r.observed_at >= w.af and r.observed_at < w.at)::int as after
    from app.reports r, w, a, codes
   where r.challenge = a.challenge and r.status <> 'duplicate'
     and ($3 = 'city' or r.district_code = any(codes.c))
     and ((r.observed_at >= w.bf and r.observed_at < w.bt) or (r.observed_at >= w.af and r.observed_at < w.at))
     and not extensions.st_intersects(a.g, r.location)`;

async function inRole(c, fn) {
  await c.query('begin');
  try {
    await c.query('set local role authenticated');
    await c.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: STRATEGIST, role: 'authenticated' }),
    ]);
    return await fn();
  } finally {
    await c.query('rollback');
  }
}

async function measure(c, sql, params, { asOwner = false, budgetMs = Infinity } = {}) {
  const times = [];
  let first;
  const t0 = now();
  const once = async () => {
    const s = now();
    const r = await c.query(sql, params);
    return { ms: now() - s, res: r };
  };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const { ms, res } = asOwner ? await once() : await inRole(c, once);
    if (i === 0) first = res;
    if (i >= WARMUP) times.push(ms);
    else if (now() - t0 > budgetMs / 4) i = WARMUP - 1; // slow: enough warm-up, start timing
    if (i >= WARMUP + 4 && now() - t0 > budgetMs) break;
  }
  return { times, first };
}

export async function run({ rebuild = false } = {}) {
  section('challenge dashboard and measure effect (1,000,000 reports, PostgreSQL)');
  const { builtAt } = await ensureBenchDb({ rebuild });
  const c = new pg.Client({ ...pgConfig, database: DB });
  await c.connect();
  try {
    await c.query(readFileSync(join(root, 'supabase/demo/generate_demo_measures.sql'), 'utf8'));
    await c.query(
      `insert into app.staff_roles (user_id, role) values ($1, 'strategist') on conflict do nothing`,
      [STRATEGIST],
    );
    let t = now();
    const made = (await c.query('select app.generate_demo_measures($1) as n', [SEED])).rows[0].n;
    console.log(`  app.generate_demo_measures(${SEED}): ${made} measures in ${fmtMs(now() - t)}.`);
    const summary = (
      await c.query(`select (select count(*) from app.report_month_stats)::int as m,
                            (select count(*) from app.report_resolved_stats)::int as r`)
    ).rows[0];
    console.log(
      `  summaries: ${fmtInt(summary.m)} rows in app.report_month_stats, ${fmtInt(summary.r)} in app.report_resolved_stats.`,
    );
    const done = (
      await c.query(`select id, title from app.measures where is_demo and status = 'done' and challenge = 'renhallning'
                      order by id limit 1`)
    ).rows[0];

    // The demo data covers the year before the database was built: "one year" = the 12 months up to then.
    const ref = builtAt ?? new Date();
    const yearFrom = new Date(ref.getTime() - 365 * 86_400_000).toISOString();
    const yearTo = ref.toISOString();
    const cases = [
      {
        name: 'dashboard: all challenges, all time, stadsdel',
        kind: 'dash',
        args: [null, null, null, 'stadsdel'],
      },
      {
        name: 'dashboard: renhallning, one year, stadsdel',
        kind: 'dash',
        args: ['renhallning', yearFrom, yearTo, 'stadsdel'],
      },
      {
        name: 'dashboard: all challenges, all time, delområde',
        kind: 'dash',
        args: [null, null, null, 'delomrade'],
      },
      {
        name: `effect: ${done.title.slice(0, 40)}…, 12 months, stadsdel`,
        kind: 'effect',
        args: [done.id, 12, 'district'],
      },
      { name: 'effect: the same, 12 months, city', kind: 'effect', args: [done.id, 12, 'city'] },
    ];
    const rows = [
      [
        'case',
        'reports counted',
        'API median',
        'API p95',
        'baseline median',
        'baseline p95',
        'speed-up',
      ],
    ];
    const mismatches = [];
    for (const k of cases) {
      const apiSql = k.kind === 'dash' ? DASHBOARD_SQL : EFFECT_SQL;
      const naiveSql = k.kind === 'dash' ? NAIVE_DASHBOARD_SQL : NAIVE_EFFECT_SQL;
      const api = await measure(c, apiSql, k.args);
      const base = await measure(c, naiveSql, k.args, {
        asOwner: true,
        budgetMs: BASELINE_BUDGET_MS,
      });
      const a = api.first.rows[0].result;
      const b = base.first.rows[0];
      let counted;
      if (k.kind === 'dash') {
        counted = a.total;
        const byCat = Object.fromEntries(a.by_category.map((x) => [x.code, x.n]));
        const byDistrict = Object.fromEntries(
          a.by_district.filter((x) => x.n > 0).map((x) => [x.code, x.n]),
        );
        const monthly = Object.fromEntries(
          a.monthly.filter((x) => x.reported > 0).map((x) => [x.month, x.reported]),
        );
        const resolved = Object.fromEntries(
          a.monthly.filter((x) => x.resolved > 0).map((x) => [x.month, x.resolved]),
        );
        const same = (x, y) =>
          JSON.stringify(Object.entries(x ?? {}).sort()) ===
          JSON.stringify(
            Object.entries(y ?? {})
              .map(([kk, v]) => [kk, Number(v)])
              .sort(),
          );
        if (
          a.total !== b.total ||
          a.dark !== b.dark ||
          a.supports !== b.supports ||
          !same(byCat, b.by_category) ||
          !same(byDistrict, b.by_district) ||
          !same(monthly, b.monthly) ||
          !same(resolved, b.resolved) ||
          a.median_days_to_resolved !== (b.median_days == null ? null : Number(b.median_days))
        )
          mismatches.push(`${k.name}: API total ${a.total}, baseline ${b.total}`);
      } else {
        counted = a.area.before + a.area.after + a.comparison.before + a.comparison.after;
        if (a.comparison.before !== b.before || a.comparison.after !== b.after)
          mismatches.push(
            `${k.name}: API ${a.comparison.before}/${a.comparison.after}, baseline ${b.before}/${b.after}`,
          );
      }
      rows.push([
        k.name,
        fmtInt(counted),
        fmtMs(median(api.times)),
        fmtMs(p95(api.times)),
        fmtMs(median(base.times)),
        fmtMs(p95(base.times)),
        fmtRatio(median(base.times) / median(api.times)),
      ]);
    }
    console.log(
      table(rows, {
        title: `Median and p95 of ${RUNS} timed runs after ${WARMUP} warm-up (baseline: at most ${BASELINE_BUDGET_MS / 1000} s).`,
      }),
    );
    const worst = Math.max(
      ...rows
        .slice(1)
        .map((r) => r[3])
        .map((s) => (s.endsWith(' s') ? parseFloat(s) * 1000 : parseFloat(s))),
    );
    console.log(`Target: each under ${TARGET_MS} ms — worst p95 ${fmtMs(worst)}.`);
    if (mismatches.length)
      throw new Error(`API and baseline disagree:\n  ${mismatches.join('\n  ')}`);
    console.log('API and baseline agree on every number compared.');
  } finally {
    await c.query(`delete from app.measures where is_demo`).catch(() => undefined);
    await c
      .query(`delete from app.staff_roles where user_id = $1`, [STRATEGIST])
      .catch(() => undefined);
    await c.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await run({ rebuild: process.argv.includes('--rebuild') });
