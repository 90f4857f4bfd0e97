// Section 1 — reports-in-view on PostgreSQL 15 + PostGIS with 1,000,000 demo reports.
// API: api.reports_in_view as `set local role anon` (as PostgREST calls it).
// BASELINE (what the design forbids): every report row in the bbox (id, lon, lat, challenge) sent to the client.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { fmtBytes, fmtInt, fmtMs, fmtRatio, median, now, p95, section, table } from './lib.mjs';

const root = join(import.meta.dirname, '..');
const read = (p) => readFileSync(join(root, p), 'utf8');
const DB = process.env.BENCH_DB ?? 'tk_bench';
// The bench drops and recreates this database: never let it point at someone else's.
if (!/^tk_bench\w*$/.test(DB)) throw new Error(`BENCH_DB must start with tk_bench (got ${DB})`);
const COUNT = 1_000_000;
const SEED = 7;
const WARMUP = 5;
const RUNS = 50;
// The baseline moves up to ~80 MB per whole-city run; cap its timed runs by wall-clock so `npm run bench`
// stays well under 10 minutes (at least 5 timed runs, at most RUNS).
const BASELINE_BUDGET_MS = Number(process.env.BENCH_BASELINE_BUDGET_MS ?? 15_000);

export const pgConfig = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER || 'postgres',
  password: process.env.PGPASSWORD ?? '',
};

const migrationFiles = () =>
  readdirSync(join(root, 'supabase/migrations'))
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort();

const DATA_INPUTS = [
  'supabase/local/bootstrap.sql',
  'supabase/seed.sql',
  'supabase/demo/generate_demo_reports.sql',
];
const sha = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Hash of every SQL input, per file; the combined fingerprint identifies the database content. */
function inputHashes() {
  const files = {};
  for (const p of [...DATA_INPUTS, ...migrationFiles().map((f) => `supabase/migrations/${f}`)])
    files[p] = sha(read(p));
  files[`count:seed`] = `${COUNT}:${SEED}`;
  return files;
}
const fingerprintOf = (files) => sha(JSON.stringify(Object.entries(files).sort()));

async function connect(database) {
  const c = new pg.Client({ ...pgConfig, database });
  try {
    await c.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${pgConfig.user}@${pgConfig.host}:${pgConfig.port}/${database} (${e.message}). ` +
        'Start it with `pg_ctlcluster 15 main start` (and set PGPASSWORD if it is not "postgres").',
    );
  }
  return c;
}

/** State of the existing bench database: null (absent), or { reports, fingerprint }. */
async function inspect(admin) {
  const exists = await admin.query('select 1 from pg_database where datname = $1', [DB]);
  if (exists.rowCount === 0) return null;
  const c = await connect(DB);
  try {
    const meta = await c
      .query(`select value from public.bench_meta where key = 'fingerprint'`)
      .then((r) => r.rows[0]?.value ?? null)
      .catch(() => null);
    const gen = await c
      .query(`select value from public.bench_meta where key = 'generation_ms'`)
      .then((r) => Number(r.rows[0]?.value ?? NaN))
      .catch(() => NaN);
    const builtAt = await c
      .query(`select value from public.bench_meta where key = 'built_at'`)
      .then((r) => (r.rows[0] ? new Date(r.rows[0].value) : null))
      .catch(() => null);
    const files = await c
      .query(`select value from public.bench_meta where key = 'files'`)
      .then((r) => (r.rows[0] ? JSON.parse(r.rows[0].value) : null))
      .catch(() => null);
    const reports = await c
      .query('select count(*)::int as n from app.reports')
      .then((r) => r.rows[0].n)
      .catch(() => -1);
    return { reports, fingerprint: meta, files, generationMs: gen, builtAt };
  } finally {
    await c.end();
  }
}

const dbUrl = () =>
  `postgresql://${encodeURIComponent(pgConfig.user)}${pgConfig.password ? `:${encodeURIComponent(pgConfig.password)}` : ''}` +
  `@${pgConfig.host}:${pgConfig.port}/${DB}?sslmode=disable`;
// --include-all: parallel work adds migrations whose timestamps sort before ones this copy already has;
// the refresh applies every missing one rather than rebuilding a million rows. A migration that rewrites a
// million rows can take minutes under load, hence the long timeout.
const supabasePush = () =>
  execFileSync('npx', ['supabase', 'db', 'push', '--db-url', dbUrl(), '--yes', '--include-all'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 900_000,
  });

async function writeMeta(c, files, generationMs) {
  await c.query(
    'create table if not exists public.bench_meta (key text primary key, value text not null)',
  );
  const put = (k, v) =>
    c.query(
      'insert into public.bench_meta values ($1, $2) on conflict (key) do update set value = excluded.value',
      [k, v],
    );
  await put('fingerprint', fingerprintOf(files));
  await put('files', JSON.stringify(files));
  if (generationMs !== undefined) await put('generation_ms', String(Math.round(generationMs)));
  await put('updated_at', new Date().toISOString());
}

/**
 * Regenerating 1M rows takes minutes (17 min on a loaded 2-core machine), so an existing database with
 * 1,000,000 reports is reused and brought up to date the way a production database would be: the bootstrap
 * re-run (idempotent by design), each edited migration re-run in a transaction (the API functions are
 * `create or replace`), new migrations pushed with `supabase db push`, the generator's definition re-loaded.
 * The rows themselves are not regenerated (say --rebuild for that). Returns a description, or null (→ rebuild).
 */
async function tryRefresh(state, files) {
  const old = state.files ?? {};
  const changed = Object.keys(files).filter((k) => old[k] !== files[k]);
  if (changed.includes('count:seed') && state.files) return null;
  if (Object.keys(old).some((k) => k.startsWith('supabase/migrations/') && !(k in files)))
    return null; // removed
  const edited = changed.filter((k) => k.startsWith('supabase/migrations/') && k in old);
  const c = await connect(DB);
  const notes = [];
  try {
    if (!state.files) notes.push('no recorded SQL hashes (adopted an existing database)');
    if (changed.includes('supabase/local/bootstrap.sql')) {
      await c.query(read('supabase/local/bootstrap.sql'));
      notes.push('re-ran bootstrap.sql');
    }
    if (state.files) {
      for (const f of edited) {
        await c.query('begin');
        try {
          await c.query(read(f));
          await c.query('commit');
        } catch (e) {
          await c.query('rollback');
          console.log(`  re-running edited ${f} failed (${e.message}); rebuilding instead.`);
          return null;
        }
      }
      if (edited.length)
        notes.push(`re-ran edited ${edited.map((f) => f.split('/').pop()).join(', ')}`);
    }
    const count = async () =>
      (await c.query('select count(*)::int as n from supabase_migrations.schema_migrations'))
        .rows[0].n;
    const before = await count();
    supabasePush();
    const after = await count();
    if (after !== migrationFiles().length)
      throw new Error(`${after} of ${migrationFiles().length} migrations recorded`);
    if (after > before) notes.push(`pushed ${after - before} new migration(s)`);
    if (changed.includes('supabase/demo/generate_demo_reports.sql')) {
      await c.query(read('supabase/demo/generate_demo_reports.sql'));
      notes.push(
        'the generator changed: rows NOT regenerated (npm run bench -- reports-in-view --rebuild)',
      );
    }
    if (changed.includes('supabase/seed.sql')) notes.push('seed.sql changed: not re-applied');
    await c.query('analyze');
    await writeMeta(c, files);
    return notes.join('; ') || 'nothing to do';
  } catch (e) {
    console.log(`  refresh failed (${e.message}); rebuilding instead.`);
    return null;
  } finally {
    await c.end();
  }
}

/** Creates tk_bench (bootstrap → supabase db push → seed → generator → 1M reports → ANALYZE) unless it is current. */
export async function ensureBenchDb({ rebuild = false } = {}) {
  const files = inputHashes();
  const fp = fingerprintOf(files);
  const admin = await connect('postgres');
  try {
    const state = await inspect(admin);
    if (state && !rebuild && state.reports === COUNT) {
      if (state.fingerprint === fp) {
        console.log(
          `Reusing database ${DB}: ${fmtInt(state.reports)} reports, SQL fingerprint ${fp} unchanged ` +
            `(generation took ${fmtMs(state.generationMs)} when it was built).`,
        );
        return { reused: true, generationMs: state.generationMs, builtAt: state.builtAt };
      }
      const done = await tryRefresh(state, files);
      if (done) {
        console.log(
          `Reusing database ${DB} (${fmtInt(state.reports)} reports); the SQL changed since: ${done}.`,
        );
        return { reused: true, generationMs: state.generationMs, builtAt: state.builtAt };
      }
    }
    if (state) {
      const why = rebuild
        ? '--rebuild given'
        : state.reports !== COUNT
          ? `it has ${fmtInt(state.reports)} reports, not ${fmtInt(COUNT)}`
          : `the SQL changed (fingerprint ${state.fingerprint ?? 'none'} → ${fp})`;
      console.log(`Rebuilding database ${DB}: ${why}.`);
      await admin.query(`drop database if exists ${DB} with (force)`);
    } else {
      console.log(
        `Creating database ${DB} (once; later runs reuse it while the SQL is unchanged).`,
      );
    }
    await admin.query(`create database ${DB}`);
  } finally {
    await admin.end();
  }

  const c = await connect(DB);
  try {
    const t0 = now();
    await c.query(read('supabase/local/bootstrap.sql'));
    supabasePush();
    await c.query(read('supabase/seed.sql'));
    await c.query(read('supabase/demo/generate_demo_reports.sql'));
    const tSchema = now();
    console.log(
      `  schema + seed: ${fmtMs(tSchema - t0)}; generating ${fmtInt(COUNT)} reports (seed ${SEED}) …`,
    );
    const inserted = (await c.query('select app.generate_demo_reports($1, $2) as n', [COUNT, SEED]))
      .rows[0].n;
    const tGen = now();
    await c.query('analyze');
    const tAnalyze = now();
    const generationMs = tGen - tSchema;
    console.log(
      `  app.generate_demo_reports(${COUNT}, ${SEED}) inserted ${fmtInt(inserted)} reports in ${fmtMs(generationMs)}; ` +
        `ANALYZE ${fmtMs(tAnalyze - tGen)}.`,
    );
    await writeMeta(c, files, generationMs);
    await c.query(`insert into public.bench_meta values ('built_at', now()::text)`);
    return { reused: false, generationMs, builtAt: new Date() };
  } finally {
    await c.end();
  }
}

// Viewports ------------------------------------------------------------------------------------------------
// MapLibre GL zoom semantics (the app passes map.getZoom()): world = 512 · 2^z px.
const R = 6378137;
const mx = (lon) => (R * lon * Math.PI) / 180;
const my = (lat) => R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const lonOf = (x) => (x / R) * (180 / Math.PI);
const latOf = (y) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);
function viewport(lon, lat, zoom, w, h) {
  const mPerPx = (2 * Math.PI * R) / (512 * 2 ** zoom);
  const cx = mx(lon);
  const cy = my(lat);
  return {
    west: lonOf(cx - (w / 2) * mPerPx),
    east: lonOf(cx + (w / 2) * mPerPx),
    south: latOf(cy - (h / 2) * mPerPx),
    north: latOf(cy + (h / 2) * mPerPx),
    zoom,
  };
}
// As the app sends it (src/features/browse/filter-model.ts toViewKey): bbox rounded outward to 0.001°.
const rounded = (v) => ({
  west: Math.floor(v.west * 1e3) / 1e3,
  south: Math.floor(v.south * 1e3) / 1e3,
  east: Math.ceil(v.east * 1e3) / 1e3,
  north: Math.ceil(v.north * 1e3) / 1e3,
  zoom: v.zoom,
});
const MALMO_BBOX = { west: 12.8851, south: 55.50228, east: 13.15176, north: 55.64215 }; // src/domain/report-rules.ts

/** Midnight in Europe/Stockholm `days` days before the Stockholm day of `ref`: what the app sends as p_from. */
function stockholmMidnight(ref, days) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(ref)
      .map((p) => [p.type, p.value]),
  );
  const utcMidnight = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day) - days);
  // Stockholm is UTC+1 or +2: the offset at that instant, read back the same way.
  const offsetOf = (t) => {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'shortOffset' })
      .formatToParts(new Date(t))
      .find((p) => p.type === 'timeZoneName').value; // "GMT+1"
    return Number(name.replace('GMT', '') || 0) * 3_600_000;
  };
  return new Date(utcMidnight - offsetOf(utcMidnight - 2 * 3_600_000));
}

// The demo data's observed_at is relative to the day it was generated: the 30-day window is taken relative to
// that day too, so a reused database gives the same selection. (c) starts at an arbitrary instant (a partial
// day at the start of the range); (d) at a Stockholm midnight, as the app sends it (fromDateFor).
export function cases(builtAt = new Date()) {
  const day = 86_400_000;
  const ref = builtAt ?? new Date();
  return [
    {
      key: 'a',
      name: '(a) street, z16 800×600 Möllevången',
      view: rounded(viewport(13.0095, 55.5906, 16, 800, 600)),
      filter: {},
    },
    {
      key: 'b',
      name: '(b) whole city, z11',
      view: rounded({ ...MALMO_BBOX, zoom: 11 }),
      filter: {},
    },
    {
      key: 'c',
      name: '(c) whole city, renhallning, 30 days',
      view: rounded({ ...MALMO_BBOX, zoom: 11 }),
      filter: {
        challenges: ['renhallning'],
        from: new Date(ref.getTime() - 30 * day).toISOString(),
      },
    },
    {
      key: 'd',
      name: '(d) as (c), from a Stockholm midnight',
      view: rounded({ ...MALMO_BBOX, zoom: 11 }),
      filter: {
        challenges: ['renhallning'],
        from: stockholmMidnight(ref, 30).toISOString(),
      },
    },
  ];
}

const API_SQL = `select api.reports_in_view(p_west => $1, p_south => $2, p_east => $3, p_north => $4, p_zoom => $5,
  p_challenges => $6, p_from => $7) as result`;
// The naive approach: every row in the bbox, the same filters, the same GiST index on the public position.
const NAIVE_SQL = `select r.id, extensions.st_x(r.public_location) as lon, extensions.st_y(r.public_location) as lat,
       r.challenge
  from app.reports r
 where point(r.public_x, r.public_y) <@ box(point(app.mercator_x($1), app.mercator_y($2)),
                                             point(app.mercator_x($3), app.mercator_y($4)))
   and ($5::text[] is null or r.challenge = any ($5))
   and ($6::timestamptz is null or r.observed_at >= $6)`;

export async function inTx(c, role, fn) {
  await c.query('begin');
  try {
    if (role) {
      await c.query(`set local role ${role}`);
      await c.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ role }),
      ]);
    }
    return await fn();
  } finally {
    await c.query('rollback');
  }
}

async function measure(c, { role, sql, params, measureOutput, budgetMs = Infinity }) {
  const times = [];
  let out;
  const t0 = now();
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const { ms, res } = await inTx(c, role, async () => {
      const s = now();
      const r = await c.query(sql, params);
      return { ms: now() - s, res: r };
    });
    if (i === 0) out = measureOutput(res);
    if (i >= WARMUP) times.push(ms);
    else if (now() - t0 > budgetMs / 4) i = WARMUP - 1; // a slow baseline: enough warm-up, start timing
    if (i >= WARMUP + 4 && now() - t0 > budgetMs) break;
  }
  return { times, ...out };
}

/**
 * One extra call with auto_explain (log_level = notice, nested statements, analyze): the plan of the slowest
 * statement inside api.reports_in_view — what dominates. Not timed.
 */
export async function explainSlowest(c, params) {
  const notes = [];
  const onNotice = (n) => notes.push(n.message ?? '');
  c.on('notice', onNotice);
  try {
    await c.query(`load 'auto_explain'`);
    await c.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on;
      set auto_explain.log_analyze = on; set auto_explain.log_buffers = on; set auto_explain.log_level = notice`);
    await inTx(c, 'anon', () => c.query(API_SQL, params));
  } catch (e) {
    return `(auto_explain unavailable: ${e.message})`;
  } finally {
    await c.query('set auto_explain.log_min_duration = -1').catch(() => {});
    c.off('notice', onNotice);
  }
  const plans = notes
    .map((n) => ({ ms: Number(/duration: ([\d.]+) ms/.exec(n)?.[1] ?? NaN), text: n }))
    .filter(
      (p) => Number.isFinite(p.ms) && !/Query Text:\s*select api\.reports_in_view/.test(p.text),
    )
    .sort((a, b) => b.ms - a.ms);
  if (!plans.length) return '(no nested plan captured)';
  const lines = plans[0].text.split('\n');
  const start = lines.findIndex((l) => /\(cost=|actual time=/.test(l));
  // Plan nodes only (with actual time and rows); keys, filters and buffers are left out for brevity.
  const body = lines
    .slice(start < 0 ? 0 : start)
    .filter((l) => /\(cost=/.test(l))
    .map((l) => l.replace(/\(cost=[^)]*\) /, ''));
  const shown = body.slice(0, 22).map((l) => '    ' + l.slice(0, 160));
  return (
    `  slowest statement inside the function: ${fmtMs(plans[0].ms)} (of ${plans.length} nested statements)\n` +
    shown.join('\n') +
    (body.length > shown.length ? `\n    … (${body.length - shown.length} more plan nodes)` : '')
  );
}

export async function run({ rebuild = false } = {}) {
  section('1. reports-in-view — PostgreSQL 15 + PostGIS, 1,000,000 demo reports');
  const build = await ensureBenchDb({ rebuild });
  const c = await connect(DB);
  const results = [];
  let summaries = '';
  try {
    const info = (
      await c.query(`select version() as v, extensions.postgis_lib_version() as g,
      (select count(*)::int from app.reports) as n`)
    ).rows[0];
    console.log(
      `${info.v.split(' on ')[0]}, PostGIS ${info.g}, ${fmtInt(info.n)} reports in ${DB}.`,
    );
    for (const k of cases(build.builtAt)) {
      const { west, south, east, north, zoom } = k.view;
      const api = await measure(c, {
        role: 'anon',
        sql: API_SQL,
        params: [
          west,
          south,
          east,
          north,
          zoom + 1, // the API counts zoom on 256-px tiles (src/api/reports-in-view.ts sends MapLibre's + 1)
          k.filter.challenges ?? null,
          k.filter.from ?? null,
        ],
        measureOutput: (r) => {
          const v = r.rows[0].result;
          return {
            items: v.items.length,
            total: v.total,
            cellM: v.cell_m,
            bytes: Buffer.byteLength(JSON.stringify(v)),
          };
        },
      });
      // Superuser (bypasses RLS; anon may not read app.reports at all) — the most favourable case for the baseline.
      const naive = await measure(c, {
        role: null,
        sql: NAIVE_SQL,
        params: [west, south, east, north, k.filter.challenges ?? null, k.filter.from ?? null],
        budgetMs: BASELINE_BUDGET_MS,
        measureOutput: (r) => ({
          items: r.rowCount,
          bytes: Buffer.byteLength(JSON.stringify(r.rows)),
        }),
      });
      // The same call as timed (zoom + 1: 256-px tiles).
      const apiParams = [
        west,
        south,
        east,
        north,
        zoom + 1,
        k.filter.challenges ?? null,
        k.filter.from ?? null,
      ];
      const plan = process.env.BENCH_NO_EXPLAIN ? null : await explainSlowest(c, apiParams);
      results.push({ ...k, api, naive, plan });
      console.log(
        `  ${k.name}: bbox ${west},${south},${east},${north} z${zoom} — api ${fmtMs(median(api.times))}, ` +
          `baseline ${fmtMs(median(naive.times))} (${naive.times.length} runs)`,
      );
    }
    summaries = (
      await c.query(`select t.name, (select count(*) from app.report_cells) as n,
              pg_total_relation_size(t.name::regclass) as bytes
         from (values ('app.report_cells')) t(name)
        union all
       select t.name, (select count(*) from app.report_cells_by_day), pg_total_relation_size(t.name::regclass)
         from (values ('app.report_cells_by_day')) t(name)
        where to_regclass('app.report_cells_by_day') is not null`)
    ).rows
      .map((r) => `  ${r.name}: ${fmtInt(Number(r.n))} rows, ${fmtBytes(Number(r.bytes))}`)
      .join('\n');
  } finally {
    await c.end();
  }

  const rows = [
    [
      'view',
      'approach',
      'runs',
      'median',
      'p95',
      'items',
      'reports',
      'output',
      'time vs base',
      'bytes vs base',
    ],
  ];
  for (const r of results) {
    const am = median(r.api.times);
    const nm = median(r.naive.times);
    rows.push([
      r.name,
      'api.reports_in_view (anon)',
      r.api.times.length,
      fmtMs(am),
      fmtMs(p95(r.api.times)),
      fmtInt(r.api.items),
      fmtInt(r.api.total),
      fmtBytes(r.api.bytes),
      fmtRatio(nm / am) + ' faster',
      fmtRatio(r.naive.bytes / r.api.bytes) + ' smaller',
    ]);
    rows.push([
      '',
      'BASELINE every row in bbox',
      r.naive.times.length,
      fmtMs(nm),
      fmtMs(p95(r.naive.times)),
      fmtInt(r.naive.items),
      fmtInt(r.naive.items),
      fmtBytes(r.naive.bytes),
      '1.0×',
      '1.0×',
    ]);
  }
  console.log(
    '\n' +
      table(rows, {
        title: `reports_in_view: ${WARMUP} warm-up + ${RUNS} timed runs (the baseline: fewer, ~${BASELINE_BUDGET_MS / 1000} s budget), client-side time of the SELECT (node-postgres, loopback)`,
      }),
  );

  const target = { a: 20, b: 150, c: 50, d: 50 };
  console.log(
    '\nTargets (issues): street level < 20 ms, whole city < 150 ms, whole city + challenge + 30 days < 50 ms ' +
      '(issue 16), output bounded (≤ 2,000 cells).',
  );
  for (const r of results) {
    const m = median(r.api.times);
    const q = p95(r.api.times);
    const ok = m < target[r.key];
    console.log(
      `  ${ok ? 'MEETS ' : 'MISSES'} ${r.name}: median ${fmtMs(m)}, p95 ${fmtMs(q)} vs target < ${target[r.key]} ms` +
        `${ok && q >= target[r.key] ? ' (p95 above target)' : ''}; ${fmtInt(r.api.items)} items ` +
        `${r.api.items <= 2000 ? '≤' : '>'} 2,000, cell ${r.api.cellM} m.`,
    );
  }
  console.log(
    '\nWhat dominates (one extra call per view with auto_explain, EXPLAIN ANALYZE of the nested statements):',
  );
  for (const r of results) if (r.plan) console.log(`${r.name}\n${r.plan}`);
  console.log(`\nThe summaries reports_in_view reads (rows, table + indexes):\n${summaries}`);
  console.log(
    `  Generation of ${fmtInt(COUNT)} reports: ${fmtMs(build.generationMs)}${build.reused ? ' (when the database was built; reused now)' : ''}.`,
  );
  return results;
}
