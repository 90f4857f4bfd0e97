// Section — hotspot aggregation in the database (issue 4): api.hotspot_cells on PostgreSQL 15 + PostGIS with the
// 1,000,000 demo reports of the reports-in-view section (same database, built or reused by ensureBenchDb).
// API: api.hotspot_cells as a crew member (`set local role authenticated` + claims, as PostgREST calls it). Since
// issue 17 it reads the per-cell summaries (app.hotspot_cell_counts) for the summarised sizes (every 50 m).
// One case is the crew panel's own request: p_to a minute ahead and p_recent_from (n_recent) set.
// BASELINE (what the design avoids): ST_Transform of every report to EPSG:3006, ST_HexagonGrid over the
// reports' extent (the same flat-topped lattice, edge = cell size, anchored at the origin) into a temporary
// table with a GiST index, and a point-in-polygon join (ST_Intersects) — counted per hexagon. Timed as one
// unit (grid + index + join), since a naive call would have to build its grid every time.
import { loadavg } from 'node:os';
import pg from 'pg';
import { fmtBytes, fmtInt, fmtMs, fmtRatio, median, now, p95, section, table } from './lib.mjs';
import { ensureBenchDb, pgConfig } from './reports-in-view.mjs';

const DB = process.env.BENCH_DB ?? 'tk_bench';
if (!/^tk_bench\w*$/.test(DB)) throw new Error(`BENCH_DB must start with tk_bench (got ${DB})`);
const WARMUP = 3;
const RUNS = 30;
// Each baseline run takes seconds: at least 3 timed runs, then stop after this budget per case.
const BASELINE_BUDGET_MS = Number(process.env.BENCH_BASELINE_BUDGET_MS ?? 30_000);
const BENCH_CREW = 'c4e00000-0000-4000-8000-00000000be4c';
const DAY = 86_400_000;

function cases(builtAt) {
  // The demo data's observed_at is relative to the day it was generated: the windows too.
  const at = (builtAt ?? new Date()).getTime();
  const from = new Date(at - 90 * DAY).toISOString();
  // The crew panel's default request (src/features/crew/lib/windows.ts): 180 days up to a minute from now, the
  // last 28 of them as the recent part.
  const ui = {
    from: new Date(at - 180 * DAY).toISOString(),
    to: new Date(at + 60_000).toISOString(),
    recentFrom: new Date(at - 28 * DAY).toISOString(),
  };
  return [
    { name: '100 m, whole city', cell: 100, challenges: null, from: null },
    { name: '250 m, whole city', cell: 250, challenges: null, from: null },
    { name: '100 m, renhallning, 90 days', cell: 100, challenges: ['renhallning'], from },
    { name: '250 m, renhallning, 90 days', cell: 250, challenges: ['renhallning'], from },
    { name: '100 m, renhallning, 180 days, 28 recent', cell: 100, challenges: ['renhallning'], ...ui },
  ];
}

const API_SQL = `select api.hotspot_cells(p_cell_m => $1, p_challenges => $2, p_from => $3, p_to => $4,
                                          p_recent_from => $5) as result`;

async function inCrewTx(c, fn) {
  await c.query('begin');
  try {
    await c.query('set local role authenticated');
    await c.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ role: 'authenticated', sub: BENCH_CREW }),
    ]);
    return await fn();
  } finally {
    await c.query('rollback');
  }
}

async function baselineOnce(c, k) {
  // Superuser, in a transaction that is rolled back (the temporary grid disappears with it).
  await c.query('begin');
  try {
    const s = now();
    await c.query(
      `create temporary table bench_hex on commit drop as
       select h.i, h.j, h.geom
         from extensions.st_hexagongrid($1,
                (select extensions.st_setsrid(extensions.st_extent(extensions.st_transform(r.location, 3006)), 3006)
                   from app.reports r)) h`,
      [k.cell],
    );
    await c.query('create index on bench_hex using gist (geom)');
    await c.query('analyze bench_hex');
    const r = await c.query(
      `select h.i, h.j, count(*)::int as n, sum(p.support_count)::int as supports
         from (select extensions.st_transform(r.location, 3006) as g, r.support_count
                 from app.reports r
                where r.status <> 'duplicate'
                  and ($1::text[] is null or r.challenge = any ($1))
                  and ($2::timestamptz is null or r.observed_at >= $2)
                  and ($3::timestamptz is null or r.observed_at < $3)) p
         join bench_hex h on extensions.st_intersects(h.geom, p.g)
        group by h.i, h.j`,
      [k.challenges, k.from, k.to ?? null],
    );
    const ms = now() - s;
    return { ms, rows: r.rows };
  } finally {
    await c.query('rollback');
  }
}

export async function run({ rebuild = false } = {}) {
  section('hotspots-db — api.hotspot_cells on PostgreSQL 15 + PostGIS, 1,000,000 demo reports');
  console.log(`Load average at the start: ${loadavg().map((l) => l.toFixed(1)).join(', ')}.`);
  const build = await ensureBenchDb({ rebuild });
  const c = new pg.Client({ ...pgConfig, database: DB });
  await c.connect();
  const results = [];
  try {
    await c.query(
      `insert into app.staff_roles (user_id, role) values ($1, 'crew') on conflict do nothing`,
      [BENCH_CREW],
    );
    // Index-only scans need the visibility map; autovacuum keeps it in production, here do it once. The hotspot
    // summaries and the copy they come from are read by index-only scans.
    await c.query('vacuum (analyze) app.reports, app.report_points, app.hotspot_cell_counts');
    const info = (
      await c.query(`select version() as v, extensions.postgis_lib_version() as g,
        (select count(*)::int from app.reports) as n, current_setting('max_parallel_workers_per_gather') as w`)
    ).rows[0];
    console.log(
      `${info.v.split(' on ')[0]}, PostGIS ${info.g}, ${fmtInt(info.n)} reports in ${DB}, ` +
        `max_parallel_workers_per_gather ${info.w}.`,
    );
    for (const k of cases(build.builtAt)) {
      const params = [k.cell, k.challenges, k.from, k.to ?? null, k.recentFrom ?? null];
      const times = [];
      let out;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const { ms, v } = await inCrewTx(c, async () => {
          const s = now();
          const r = await c.query(API_SQL, params);
          return { ms: now() - s, v: r.rows[0].result };
        });
        if (i === 0)
          out = { cells: v.cells.length, total: v.total, bytes: Buffer.byteLength(JSON.stringify(v)) };
        if (i >= WARMUP) times.push(ms);
      }
      const base = [];
      let baseOut;
      const t0 = now();
      for (let i = 0; i < 1 + 20; i++) {
        const { ms, rows } = await baselineOnce(c, k);
        if (i === 0) {
          baseOut = { cells: rows.length, total: rows.reduce((s, r) => s + r.n, 0) };
          continue; // warm-up
        }
        base.push(ms);
        if (base.length >= 3 && now() - t0 > BASELINE_BUDGET_MS) break;
      }
      results.push({ ...k, api: { times, ...out }, base: { times: base, ...baseOut } });
      console.log(
        `  ${k.name}: api ${fmtMs(median(times))} (${times.length} runs), baseline ${fmtMs(median(base))} ` +
          `(${base.length} runs); cells ${fmtInt(out.cells)} vs ${fmtInt(baseOut.cells)}, ` +
          `reports ${fmtInt(out.total)} vs ${fmtInt(baseOut.total)}`,
      );
    }
  } finally {
    await c.end();
  }

  const rows = [
    ['case', 'approach', 'runs', 'median', 'p95', 'cells', 'reports', 'output', 'time vs base'],
  ];
  for (const r of results) {
    const am = median(r.api.times);
    const bm = median(r.base.times);
    rows.push([
      r.name,
      'api.hotspot_cells (crew)',
      r.api.times.length,
      fmtMs(am),
      fmtMs(p95(r.api.times)),
      fmtInt(r.api.cells),
      fmtInt(r.api.total),
      fmtBytes(r.api.bytes),
      fmtRatio(bm / am) + ' faster',
    ]);
    rows.push([
      '',
      'BASELINE transform + hex grid + PIP join',
      r.base.times.length,
      fmtMs(bm),
      fmtMs(p95(r.base.times)),
      fmtInt(r.base.cells),
      fmtInt(r.base.total),
      '—',
      '1.0×',
    ]);
  }
  console.log(
    '\n' +
      table(rows, {
        title: `hotspot_cells: ${WARMUP} warm-up + ${RUNS} timed runs; baseline 1 warm-up + ≥ 3 timed runs (~${BASELINE_BUDGET_MS / 1000} s budget per case); client-side time (node-postgres, loopback)`,
      }),
  );
  console.log(`Load average at the end of the run: ${loadavg().map((l) => l.toFixed(1)).join(', ')}.`);
  console.log('\nTarget (issue 17): api.hotspot_cells for 1,000,000 reports under 100 ms median in every case.');
  for (const r of results) {
    const m = median(r.api.times);
    console.log(
      `  ${m < 100 ? 'MEETS ' : 'MISSES'} ${r.name}: median ${fmtMs(m)}, p95 ${fmtMs(p95(r.api.times))} vs < 100 ms` +
        `; same cells and reports as the baseline: ${r.api.cells === r.base.cells && r.api.total === r.base.total ? 'yes' : 'NO'}.`,
    );
  }
  return results;
}
