#!/usr/bin/env node
// `npm run bench:load [-- --seconds 60 --warmup 10 --writers 50 --readers 50 --max-calls 2000000 --demo 50000 --worktree]`
//
// Load benchmark (issue 3, "Load"): 50 concurrent writer and 50 concurrent reader connections call the API
// functions through RLS, exactly as PostgREST would (`begin; set local role …; select set_config(
// 'request.jwt.claims', …, true); select api.fn(…); commit`), for 60 s, then the database is checked by counting:
// 0 errors, every acknowledged report exactly once, no unacknowledged extra rows, supports = acknowledged
// distinct supports, one 'null → new' report_update per report. Not a test: it prints a table; see
// docs/benchmarks.md ("Load").
//
// PostgreSQL on loopback ONLY (PGHOST must be 127.0.0.1 / ::1 / localhost), database `tk_load` (LOAD_DB, must
// start with tk_load) dropped and recreated on every run: bootstrap.sql → `supabase db push` → seed.sql →
// demo generator → N demo reports → ANALYZE.
//
// Writers sign in as many distinct NON-staff residents: a fresh user id every USER_BUDGET (10) new reports, so
// nobody comes near the rate limit of 20 submissions/hour per non-staff user. A retry goes out with the
// user id of the original submission (and counts towards that user's budget).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { fmtInt, fmtMs, median, now, p95, section, sleep, table } from './lib.mjs';
import { useBenchCluster } from '../scripts/pg-cluster.mjs';

const root = join(import.meta.dirname, '..');

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    writers: { type: 'string', default: '50' },
    readers: { type: 'string', default: '50' },
    'max-calls': { type: 'string', default: '2000000' },
    demo: { type: 'string', default: '50000' },
    worktree: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  console.log(
    'usage: npm run bench:load [-- --seconds 60 --warmup 10 --writers 50 --readers 50 --max-calls 2000000 --demo 50000 --worktree]',
  );
  process.exit(0);
}
const int = (name, min, max) => {
  const v = Number(opt[name]);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new Error(`--${name} must be an integer in [${min}, ${max}]`);
  return v;
};
const SECONDS = int('seconds', 1, 3600);
const WARMUP = int('warmup', 0, 600);
const WRITERS = int('writers', 0, 500);
const READERS = int('readers', 0, 500);
const MAX_CALLS = int('max-calls', 1, 100_000_000);
const DEMO = int('demo', 1000, 2_000_000);
const DEMO_SEED = 11;
const USER_BUDGET = 10; // submit_report calls per synthetic user: ≤ 5 new reports + ≤ 5 retries; the limit is 20/hour
const STATEMENT_TIMEOUT_MS = 30_000;
// The whole process gives up (exit 1) if the run has not finished well after its time budget.
const WATCHDOG_MS = (WARMUP + SECONDS + 300) * 1000;

const DB = process.env.LOAD_DB ?? 'tk_load';
// The bench drops and recreates this database: never let it point at someone else's.
if (!/^tk_load\w*$/.test(DB)) throw new Error(`LOAD_DB must start with tk_load (got ${DB})`);
const benchCluster = await useBenchCluster();
process.once('exit', () => void benchCluster?.stop());
const pgConfig = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
};
if (!['127.0.0.1', '::1', 'localhost'].includes(pgConfig.host))
  throw new Error(`bench:load runs against PostgreSQL on loopback only (PGHOST=${pgConfig.host})`);

// The SQL under test: by default supabase/ as committed at HEAD (a copy via `git archive`), so other engineers'
// unfinished migrations in the shared checkout do not end up in (or break) the run; --worktree takes the
// working tree as it is.
let sqlRoot = root;
let sqlSource = 'working tree';
function prepareSql() {
  if (opt.worktree) return;
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  sqlRoot = mkdtempSync(join(tmpdir(), 'tk-load-sql-'));
  execFileSync('sh', ['-c', `git archive HEAD supabase | tar -x -C '${sqlRoot}'`], { cwd: root });
  sqlSource = `git ${head} (committed supabase/)`;
  process.on('exit', () => rmSync(sqlRoot, { recursive: true, force: true }));
}
const read = (p) => readFileSync(join(sqlRoot, p), 'utf8');
const migrationFiles = () =>
  readdirSync(join(sqlRoot, 'supabase/migrations'))
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort();

async function connect(database, extra = {}) {
  const c = new pg.Client({ ...pgConfig, database, ...extra });
  try {
    await c.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${pgConfig.user}@${pgConfig.host}:${pgConfig.port}/${database} (${e.message}). ` +
        'Without PGHOST the bench starts its own cluster under .bench-data/pg (scripts/pg-cluster.mjs).',
    );
  }
  return c;
}

// Setup ----------------------------------------------------------------------------------------------------
async function buildDb() {
  const t0 = now();
  const admin = await connect('postgres');
  try {
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.query(`create database ${DB}`);
  } finally {
    await admin.end();
  }
  const c = await connect(DB);
  try {
    await c.query(read('supabase/local/bootstrap.sql'));
    const url =
      `postgresql://${encodeURIComponent(pgConfig.user)}${pgConfig.password ? `:${encodeURIComponent(pgConfig.password)}` : ''}` +
      `@${pgConfig.host}:${pgConfig.port}/${DB}?sslmode=disable`;
    execFileSync(
      join(root, 'node_modules/.bin/supabase'),
      ['db', 'push', '--db-url', url, '--yes'],
      {
        cwd: sqlRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      },
    );
    const applied = (
      await c.query('select version from supabase_migrations.schema_migrations order by version')
    ).rows.map((r) => r.version);
    if (applied.length !== migrationFiles().length)
      throw new Error(
        `supabase db push applied ${applied.length} of ${migrationFiles().length} migrations`,
      );
    await c.query(read('supabase/seed.sql'));
    await c.query(read('supabase/demo/generate_demo_reports.sql'));
    const tGen = now();
    const n = (await c.query('select app.generate_demo_reports($1, $2) as n', [DEMO, DEMO_SEED]))
      .rows[0].n;
    const genMs = now() - tGen;
    await c.query('analyze');
    console.log(
      `Database ${DB}: ${applied.length} migrations (last ${applied.at(-1)}), ${fmtInt(n)} demo reports ` +
        `(generated in ${fmtMs(genMs)}); set-up ${fmtMs(now() - t0)}.`,
    );
    return applied;
  } finally {
    await c.end();
  }
}

/** What the workers draw from: demo report ids, points inside Malmö (with the category found there), categories. */
async function loadFixtures(c) {
  const ids = (
    await c.query(`select id from app.reports where is_demo order by md5(id::text) limit 5000`)
  ).rows.map((r) => r.id);
  // Positions of demo reports, jittered by up to ~15 m, kept only when still inside the boundary (so a writer
  // never gets outside_malmo): realistic clustering, and nearby_reports finds something.
  const points = (
    await c.query(`
      select q.category, extensions.st_x(q.p) as lon, extensions.st_y(q.p) as lat
        from (select r.category,
                     extensions.st_setsrid(extensions.st_makepoint(
                       extensions.st_x(r.location) + (random() - 0.5) * 0.0005,
                       extensions.st_y(r.location) + (random() - 0.5) * 0.0003), 4326) as p
                from app.reports r where r.is_demo order by md5(r.id::text || 'p') limit 6000) q
       where exists (select 1 from app.boundary b where extensions.st_intersects(b.geom, q.p))
       limit 5000`)
  ).rows;
  const categories = (
    // A category's challenge is the one of the strategy period in force (app.period_categories).
    await c.query(`select c.code, pc.challenge from app.categories c
                     join app.period_categories pc on pc.category = c.code and pc.period_id = app.period_in_force(now())
                    where c.active order by c.sort, c.code`)
  ).rows;
  const challenges = [...new Set(categories.map((r) => r.challenge))];
  return { ids, points, categories, challenges };
}

async function counts(c) {
  return (
    await c.query(`select (select count(*)::int from app.reports) as reports,
      (select count(*)::int from app.reports where not is_demo) as user_reports,
      (select count(*)::int from app.report_updates) as updates,
      (select count(*)::int from app.supports) as supports`)
  ).rows[0];
}

// Views ----------------------------------------------------------------------------------------------------
const R = 6378137;
const mx = (lon) => (R * lon * Math.PI) / 180;
const my = (lat) => R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const lonOf = (x) => (x / R) * (180 / Math.PI);
const latOf = (y) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);
const MALMO_BBOX = { west: 12.8851, south: 55.50228, east: 13.15176, north: 55.64215 }; // src/domain/report-rules.ts
const SCREENS = [
  [390, 844],
  [412, 915],
  [800, 600],
  [1280, 800],
  [1920, 1080],
];
const MAP_ZOOMS = [11, 12, 13, 14, 15, 16, 17];
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const between = (a, b) => a + Math.random() * (b - a);

/** A random viewport over Malmö at a MapLibre zoom, sent as the app does: bbox rounded outward to 0.001°,
 *  p_zoom = MapLibre zoom + 1 (256-px tiles; commit d22aa41). */
function randomView() {
  const z = pick(MAP_ZOOMS) + (Math.random() < 0.3 ? Math.random() : 0);
  const [w, h] = pick(SCREENS);
  const lon = between(MALMO_BBOX.west, MALMO_BBOX.east);
  const lat = between(MALMO_BBOX.south, MALMO_BBOX.north);
  const mPerPx = (2 * Math.PI * R) / (512 * 2 ** z);
  const cx = mx(lon);
  const cy = my(lat);
  return {
    west: Math.floor(lonOf(cx - (w / 2) * mPerPx) * 1e3) / 1e3,
    east: Math.ceil(lonOf(cx + (w / 2) * mPerPx) * 1e3) / 1e3,
    south: Math.floor(latOf(cy - (h / 2) * mPerPx) * 1e3) / 1e3,
    north: Math.ceil(latOf(cy + (h / 2) * mPerPx) * 1e3) / 1e3,
    zoom: z + 1,
  };
}

// Calls ----------------------------------------------------------------------------------------------------
const FUNCS = [
  'submit_report',
  'submit_report (retry)',
  'support_report',
  'reports_in_view',
  'report_detail',
  'nearby_reports',
];
const newStats = () =>
  Object.fromEntries(
    FUNCS.map((f) => [f, { calls: 0, errors: 0, tx: [], fn: [], errorSamples: [] }]),
  );
// Warm-up calls (every new backend first loads PostGIS, PROJ and compiles the plpgsql functions) are real calls
// — their acknowledgements are verified too — but their timings are kept apart.
const warmStats = newStats();
let stats = warmStats;
let started = 0; // calls started (the max-calls cap)
let stopAt = Infinity; // performance.now() deadline
const running = () => now() < stopAt && started < MAX_CALLS;

/**
 * One API call as PostgREST makes it: begin; set local role; set_config('request.jwt.claims', …, true);
 * select api.fn(…); commit. Returns the jsonb result. Latency: tx = begin → commit done (what a client of
 * PostgREST waits for, minus HTTP), fn = the `select api.fn(…)` statement alone.
 */
async function call(client, label, role, sub, fn, args) {
  const names = Object.keys(args);
  const sql = `select api.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) as result`;
  const s = stats[label];
  if (stats !== warmStats) started++;
  const t0 = now();
  let t1 = NaN;
  let t2 = NaN;
  try {
    await client.query('begin');
    await client.query(`set local role ${role}`);
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify(sub ? { sub, role } : { role }),
    ]);
    t1 = now();
    const res = await client.query(
      sql,
      names.map((n) => args[n]),
    );
    t2 = now();
    await client.query('commit');
    const t3 = now();
    s.calls++;
    s.tx.push(t3 - t0);
    s.fn.push(t2 - t1);
    return res.rows[0].result;
  } catch (e) {
    s.calls++;
    s.errors++;
    if (s.errorSamples.length < 5) s.errorSamples.push(`${e.code ?? ''} ${e.message}`);
    await client.query('rollback').catch(() => {});
    return undefined;
  }
}

// Shared state of the writers: what was acknowledged (the ground truth for the verification).
const acked = new Map(); // report id → { user, created_at, status }
const ackedList = []; // report ids, for retries and supports
const supportsAcked = new Set(); // `${report}|${user}`
const supportsAckedList = [];
let retryMismatches = 0;
const retrySamples = [];

async function writer(client, fx, w) {
  let user = randomUUID();
  let used = 0;
  let seq = 0;
  while (running()) {
    const r = Math.random();
    const retryOf = r < 0.1 && ackedList.length ? pick(ackedList) : null;
    if (retryOf && acked.get(retryOf).budget > 0) {
      // A deliberate retry of an already-acknowledged submission, as the client's outbox would send it after a
      // lost response: same id, same user, same payload, possibly on another connection. Must return the stored
      // report and change nothing.
      const orig = acked.get(retryOf);
      orig.budget--;
      const res = await call(
        client,
        'submit_report (retry)',
        'authenticated',
        orig.user,
        'submit_report',
        orig.args,
      );
      if (
        res &&
        (res.id !== retryOf || res.created_at !== orig.created_at || res.status !== 'new')
      ) {
        retryMismatches++;
        if (retrySamples.length < 3) retrySamples.push(JSON.stringify(res));
      }
    } else if (r < 0.3) {
      // "Jag upplever också detta" on a demo report or on a fresh one; now and then a repeat (changes nothing).
      let report;
      let sub;
      if (Math.random() < 0.1 && supportsAckedList.length) {
        [report, sub] = pick(supportsAckedList).split('|');
      } else {
        report = Math.random() < 0.5 && ackedList.length ? pick(ackedList) : pick(fx.ids);
        sub = Math.random() < 0.5 ? user : randomUUID();
      }
      const res = await call(client, 'support_report', 'authenticated', sub, 'support_report', {
        p_report_id: report,
      });
      if (res && res.supported_by_me === true) {
        const key = `${report}|${sub}`;
        if (!supportsAcked.has(key)) {
          supportsAcked.add(key);
          supportsAckedList.push(key);
        }
      }
    } else {
      // Each submission takes 2 of the user's USER_BUDGET calls: itself and one possible retry.
      if (used + 2 > USER_BUDGET) {
        user = randomUUID();
        used = 0;
      }
      used += 2;
      const p = pick(fx.points);
      const id = randomUUID(); // generated by the client, as the app does
      const args = {
        p_id: id,
        p_category: p.category,
        p_lon: p.lon,
        p_lat: p.lat,
        p_description: `Lasttest w${w} #${++seq}: upplevs otryggt på kvällen.`,
        p_observed_at: new Date(Date.now() - Math.random() * 7 * 86_400_000).toISOString(),
        p_source: 'resident',
      };
      const res = await call(client, 'submit_report', 'authenticated', user, 'submit_report', args);
      if (res && res.id === id) {
        acked.set(id, { user, args, created_at: res.created_at, status: res.status, budget: 1 });
        ackedList.push(id);
      }
    }
  }
}

async function reader(client, fx) {
  while (running()) {
    const r = Math.random();
    if (r < 0.5) {
      const v = randomView();
      const filt = Math.random();
      await call(client, 'reports_in_view', 'anon', null, 'reports_in_view', {
        p_west: v.west,
        p_south: v.south,
        p_east: v.east,
        p_north: v.north,
        p_zoom: v.zoom,
        p_challenges: filt < 0.2 ? [pick(fx.challenges)] : null,
        p_from: filt > 0.9 ? new Date(Date.now() - 30 * 86_400_000).toISOString() : null,
      });
    } else if (r < 0.8) {
      const id = Math.random() < 0.3 && ackedList.length ? pick(ackedList) : pick(fx.ids);
      await call(client, 'report_detail', 'anon', null, 'report_detail', { p_id: id });
    } else {
      const p = pick(fx.points);
      const cat = Math.random() < 0.8 ? p.category : pick(fx.categories).code;
      await call(client, 'nearby_reports', 'anon', null, 'nearby_reports', {
        p_lon: p.lon,
        p_lat: p.lat,
        p_category: cat,
      });
    }
  }
}

// Verification ---------------------------------------------------------------------------------------------
async function verify(c, before) {
  const after = await counts(c);
  const ids = [...acked.keys()];
  const users = ids.map((id) => acked.get(id).user);
  await c.query('create temporary table acked (id uuid primary key, user_id uuid not null)');
  await c.query(
    'create temporary table acked_supports (report_id uuid, user_id uuid, primary key (report_id, user_id))',
  );
  for (let i = 0; i < ids.length; i += 20_000)
    await c.query('insert into acked select * from unnest($1::uuid[], $2::uuid[])', [
      ids.slice(i, i + 20_000),
      users.slice(i, i + 20_000),
    ]);
  const sp = supportsAckedList.map((k) => k.split('|'));
  for (let i = 0; i < sp.length; i += 20_000) {
    const part = sp.slice(i, i + 20_000);
    await c.query('insert into acked_supports select * from unnest($1::uuid[], $2::uuid[])', [
      part.map((p) => p[0]),
      part.map((p) => p[1]),
    ]);
  }
  const q = async (sql) => (await c.query(sql)).rows[0].n;
  const totalErrors = FUNCS.reduce((a, f) => a + stats[f].errors + warmStats[f].errors, 0);
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, ok, detail });

  check('errors', totalErrors === 0, `${fmtInt(totalErrors)} failed calls`);
  const present = await q(
    `select count(*)::int as n from acked a join app.reports r on r.id = a.id
      where r.reporter_id = a.user_id and not r.is_demo and r.status = 'new'`,
  );
  const dupIds = await q(
    `select count(*)::int as n from (select id from app.reports group by id having count(*) > 1) d`,
  );
  check(
    'acknowledged reports stored exactly once',
    present === ids.length && dupIds === 0,
    `${fmtInt(present)} of ${fmtInt(ids.length)} acknowledged ids found with their reporter; ${dupIds} duplicated ids`,
  );
  const extra = await q(
    `select count(*)::int as n from app.reports r where not r.is_demo and not exists (select 1 from acked a where a.id = r.id)`,
  );
  check(
    'no unacknowledged extra reports',
    extra === 0 && after.reports === before.reports + ids.length,
    `${extra} unacknowledged user reports; reports ${fmtInt(before.reports)} → ${fmtInt(after.reports)} (+${fmtInt(after.reports - before.reports)})`,
  );
  const spPresent = await q(
    `select count(*)::int as n from acked_supports a join app.supports s using (report_id, user_id)`,
  );
  check(
    'supports = acknowledged distinct supports',
    spPresent === sp.length && after.supports === before.supports + sp.length,
    `+${fmtInt(after.supports - before.supports)} rows for ${fmtInt(sp.length)} distinct acknowledged (report, user) pairs; ${fmtInt(spPresent)} found`,
  );
  const upd = (
    await c.query(`select count(*)::int as n,
        count(*) filter (where u.from_status is null and u.to_status = 'new' and u.author_id = a.user_id)::int as ok,
        count(distinct u.report_id)::int as reports
      from app.report_updates u join acked a on a.id = u.report_id`)
  ).rows[0];
  check(
    "one 'new' report_update per report",
    upd.n === ids.length &&
      upd.ok === ids.length &&
      upd.reports === ids.length &&
      after.updates === before.updates + ids.length,
    `${fmtInt(upd.n)} updates on ${fmtInt(upd.reports)} acknowledged reports (${fmtInt(upd.ok)} null → new by the reporter); ` +
      `table +${fmtInt(after.updates - before.updates)}`,
  );
  const retried = ['submit_report (retry)'].map((f) => stats[f].calls + warmStats[f].calls)[0];
  check(
    'retries returned the stored report',
    retryMismatches === 0,
    `${fmtInt(retried)} retries, ${retryMismatches} answered differently${retrySamples.length ? ': ' + retrySamples.join(' ') : ''}`,
  );
  // The report_cells summary (statement triggers) must still add up under concurrent inserts.
  const cells = (
    await c.query(`select (select count(*)::bigint from app.reports) as reports,
      (select coalesce(sum(n), 0)::bigint from app.report_cells where level = 2) as l2,
      (select coalesce(sum(n), 0)::bigint from app.report_cells where level = 6) as l6`)
  ).rows[0];
  check(
    'report_cells add up',
    cells.reports === cells.l2 && cells.reports === cells.l6,
    `count(reports) ${cells.reports}, sum(n) level 2 ${cells.l2}, level 6 ${cells.l6}`,
  );
  return checks;
}

// Main -----------------------------------------------------------------------------------------------------
async function main() {
  const watchdog = setTimeout(() => {
    console.error(`bench:load: still running after ${WATCHDOG_MS / 1000} s; giving up.`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  console.log(
    `Trygghetskartan bench:load — ${new Date().toISOString()} — Node ${process.version}, ` +
      `${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'supabase'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    console.log(
      `Checkout: git ${head}${
        dirty
          ? `; uncommitted in supabase/: ${dirty
              .split('\n')
              .map((l) => l.slice(3))
              .join(', ')}`
          : ' (supabase/ clean)'
      }.`,
    );
  } catch {
    /* not a git checkout */
  }
  prepareSql();
  console.log(`SQL: ${sqlSource}.`);
  section(
    `load — ${WRITERS} writers + ${READERS} readers, ${SECONDS} s, PostgreSQL ${pgConfig.host}:${pgConfig.port}/${DB}`,
  );
  await buildDb();

  const admin = await connect(DB);
  const info = (
    await admin.query(`select split_part(version(), ' on ', 1) as v, extensions.postgis_lib_version() as g,
      current_setting('max_connections')::int as maxc`)
  ).rows[0];
  const fx = await loadFixtures(admin);
  const before = await counts(admin);
  console.log(
    `${info.v}, PostGIS ${info.g}; before the run: ${fmtInt(before.reports)} reports, ` +
      `${fmtInt(before.updates)} report_updates, ${fmtInt(before.supports)} supports.`,
  );

  // Connection budget: the workers need WRITERS + READERS connections of max_connections (shared with other
  // engineers' test databases). Wait up to 60 s for enough free slots rather than failing calls mid-run.
  const need = WRITERS + READERS;
  let inUse = 0;
  for (let i = 0; ; i++) {
    inUse =
      (
        await admin.query(
          `select count(*)::int as n from pg_stat_activity where backend_type = 'client backend'`,
        )
      ).rows[0].n - 1;
    if (inUse + need <= info.maxc) break;
    if (i === 0)
      console.log(
        `  waiting for connection slots: ${inUse} other client(s) + ${need} needed > max_connections ${info.maxc} …`,
      );
    if (i >= 60)
      throw new Error(
        `not enough connection slots: ${inUse} in use by others, ${need} needed, max_connections ${info.maxc}`,
      );
    await sleep(1000);
  }
  await admin.end(); // its slot goes to the workers
  console.log(
    `Connections: ${need} for the workers, ${inUse} used by others, max_connections ${info.maxc}.`,
  );

  const opts = { statement_timeout: STATEMENT_TIMEOUT_MS, application_name: 'tk bench:load' };
  const clients = [];
  try {
    for (let i = 0; i < need; i++) clients.push(await connect(DB, opts));
  } catch (e) {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    throw e;
  }
  const writers = clients.slice(0, WRITERS);
  const readers = clients.slice(WRITERS);

  let cpu0 = process.cpuUsage();
  let la0 = loadavg()[0];
  let t0 = now();
  stopAt = Infinity;
  const measured = newStats();
  const startTimed = () => {
    stats = measured;
    cpu0 = process.cpuUsage();
    la0 = loadavg()[0];
    t0 = now();
    stopAt = t0 + SECONDS * 1000;
    console.log(`  warm-up over; timing ${SECONDS} s …`);
  };
  if (WARMUP > 0) {
    console.log(`  warm-up ${WARMUP} s (timings not kept) …`);
    setTimeout(startTimed, WARMUP * 1000);
  } else startTimed();
  const progress = setInterval(() => {
    if (stats === warmStats) return;
    const done = FUNCS.reduce((a, f) => a + stats[f].calls, 0);
    const err = FUNCS.reduce((a, f) => a + stats[f].errors, 0);
    console.log(
      `  ${((now() - t0) / 1000).toFixed(0).padStart(4)} s: ${fmtInt(done)} calls, ${fmtInt(err)} errors, ${fmtInt(acked.size)} reports acknowledged`,
    );
  }, 10_000);
  await Promise.all([
    ...writers.map((c, i) => writer(c, fx, i)),
    ...readers.map((c) => reader(c, fx)),
  ]);
  const elapsed = now() - t0; // includes draining the calls in flight at the deadline
  clearInterval(progress);
  const cpu = process.cpuUsage(cpu0);
  const la1 = loadavg()[0];
  await Promise.all(clients.map((c) => c.end().catch(() => {})));

  const vc = await connect(DB);
  let checks;
  try {
    checks = await verify(vc, before);
  } finally {
    await vc.end();
  }

  // Report -----------------------------------------------------------------------------------------------
  const secs = elapsed / 1000;
  const all = { calls: 0, errors: 0, tx: [], fn: [] };
  const rows = [
    [
      'function',
      'role',
      'calls',
      'errors',
      'calls/s',
      'median tx',
      'p95 tx',
      'median fn',
      'p95 fn',
    ],
  ];
  for (const f of FUNCS) {
    const s = stats[f];
    all.calls += s.calls;
    all.errors += s.errors;
    for (const v of s.tx) all.tx.push(v);
    for (const v of s.fn) all.fn.push(v);
    const role = ['reports_in_view', 'report_detail', 'nearby_reports'].includes(f)
      ? 'anon'
      : 'authenticated';
    rows.push([
      f,
      role,
      fmtInt(s.calls),
      fmtInt(s.errors),
      (s.calls / secs).toFixed(1),
      fmtMs(median(s.tx)),
      fmtMs(p95(s.tx)),
      fmtMs(median(s.fn)),
      fmtMs(p95(s.fn)),
    ]);
  }
  rows.push([
    'all',
    '',
    fmtInt(all.calls),
    fmtInt(all.errors),
    (all.calls / secs).toFixed(1),
    fmtMs(median(all.tx)),
    fmtMs(p95(all.tx)),
    fmtMs(median(all.fn)),
    fmtMs(p95(all.fn)),
  ]);
  console.log(
    '\n' +
      table(rows, {
        title:
          `${WRITERS} writers + ${READERS} readers for ${secs.toFixed(1)} s after a ${WARMUP} s warm-up (${SECONDS} s + draining; cap ${fmtInt(MAX_CALLS)} calls), ` +
          `${fmtInt(before.reports)} reports at the start. tx = begin … commit (5 round trips), fn = the select api.fn(…) alone; ` +
          `client-side, node-postgres on loopback`,
      }),
  );
  console.log(
    `Client process CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of ${secs.toFixed(0)} s wall ` +
      `(the load generator shares the ${cpus().length} vCPUs with PostgreSQL); load average ${la0.toFixed(1)} → ${la1.toFixed(1)}.`,
  );
  const warmCalls = FUNCS.reduce((a, f) => a + warmStats[f].calls, 0);
  console.log(
    `Warm-up before the timed part: ${WARMUP} s, ${fmtInt(warmCalls)} calls (verified below, not timed above).`,
  );
  for (const f of FUNCS)
    for (const e of [...warmStats[f].errorSamples, ...stats[f].errorSamples])
      console.log(`  error in ${f}: ${e}`);
  console.log(
    '\n' +
      table(
        [
          ['verification (counted in the database afterwards)', 'result', 'detail'],
          ...checks.map((c) => [c.name, c.ok ? 'OK' : 'FAIL', c.detail]),
        ],
        {
          title: `Verification: ${fmtInt(acked.size)} reports and ${fmtInt(supportsAcked.size)} supports acknowledged`,
        },
      ),
  );
  const failed = checks.filter((c) => !c.ok);
  console.log(
    failed.length ? `\nFAILED: ${failed.map((c) => c.name).join('; ')}` : '\nAll checks passed.',
  );
  clearTimeout(watchdog);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench:load failed: ${e?.stack ?? e}`);
    process.exit(1);
  },
);
