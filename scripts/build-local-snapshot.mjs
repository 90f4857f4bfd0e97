#!/usr/bin/env node
/**
 * Builds the local-mode database snapshot: an in-memory PGlite + PostGIS, set up exactly as the browser
 * does on a first visit (bootstrap → migrations → seed.sql → app.generate_demo_reports(6000, 42) → staff
 * personas), dumped with dumpDataDir() to public/local-snapshot/trygghetskartan.tar.gz. On a first visit
 * the worker loads it with loadDataDir instead of running all of that in the browser; migrations newer than
 * the snapshot are still applied on top (they are recorded in supabase_migrations.schema_migrations).
 *
 *   node scripts/build-local-snapshot.mjs [--out DIR] [--count N] [--if-stale]
 *
 * --if-stale (used by `npm start` and `npm run build`) does nothing when the snapshot was built from the same
 * SQL, local-engine code and demo count: the inputs' hash is kept in manifest.json.
 *
 * It also writes first-view-cells.json beside it: the map's first view answered by that database (the reports on
 * the map before the browser's engine is ready; src/app/first-view-cells.ts), again with --if-stale when missing.
 *
 * The snapshot is a build artefact (public/local-snapshot/ ignores itself); rebuild it when the SQL changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
// The app's PostGIS bundle (only the `postgis` library; why: postgis-bundle.mjs).
import { packagePostgisBundle, slimPostgisBundle } from './postgis-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const outDir = resolve(root, opt('--out', 'public/local-snapshot'));
const count = Number(opt('--count', '6000'));

/** Everything the snapshot is made from: the SQL, the code that applies it, the packages that run it. */
function inputsHash() {
  const files = ['supabase/local/bootstrap.sql', 'supabase/seed.sql', 'package-lock.json']
    .concat(readdirSync(resolve(root, 'supabase/migrations')).map((f) => `supabase/migrations/${f}`))
    .concat(readdirSync(resolve(root, 'supabase/demo')).map((f) => `supabase/demo/${f}`))
    .concat(readdirSync(resolve(root, 'src/backend/local')).filter((f) => !f.includes('.test.')).map((f) => `src/backend/local/${f}`))
    .sort();
  const hash = createHash('sha256').update(String(count));
  for (const f of files) hash.update(f).update(readFileSync(resolve(root, f)));
  return hash.digest('hex');
}
const POSTGIS_BUNDLE = 'postgis.tar.gz';
function writeSlimPostgis() {
  const source = packagePostgisBundle();
  const slim = slimPostgisBundle(source);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, POSTGIS_BUNDLE), slim);
  console.log(`postgis bundle for the browser: ${(slim.length / 1e6).toFixed(1)} MB (the package's: ${(source.length / 1e6).toFixed(1)} MB)`);
}

// ---- the first view's cells (src/app/first-view-cells.ts) -------------------------------------------------------
// The map's first view, answered by the snapshot's own database through the same contract the app calls
// (reportsInView → api.reports_in_view, as the anonymous visitor), so the map shows reports before the engine in the
// browser is ready. See src/app/first-view-cells.ts for when the app may use them.

const FIRST_VIEW_CELLS = 'first-view-cells.json';
/** Cell exponents of views that hold all of Malmö: a phone's fitted first view is 4–6, a large screen's 3. */
const ALL_DATA_EXPONENTS = [3, 4, 5, 6, 7];
/**
 * The desktop start view (START_CENTER, START_ZOOM) at these map canvas sizes (px), measured in Chromium: the
 * map's part of a 1280 × 800 and of a 1280 × 860 window (the side panel takes 420 px, the header 53). The view key
 * must be exactly the app's, so another size (or a changed header) gets no shipped cells: it waits for the database
 * on a first visit, and has the cached answer from the second visit on.
 */
const DESKTOP_CANVASES = [
  { width: 860, height: 747 },
  { width: 860, height: 807 },
];

/** What the cells depend on besides the snapshot: the views asked for, the view key's rounding, the contract. */
function cellsInputsHash(snapshotHash) {
  const hash = createHash('sha256').update(snapshotHash).update(JSON.stringify({ ALL_DATA_EXPONENTS, DESKTOP_CANVASES }));
  for (const f of ['scripts/build-local-snapshot.mjs', 'src/app/first-view-cells.ts', 'src/features/browse/filter-model.ts', 'src/api/reports-in-view.ts', 'src/map/view.ts'])
    hash.update(f).update(readFileSync(resolve(root, f)));
  return hash.digest('hex');
}

function firstViewCellsUpToDate(hash) {
  const path = resolve(outDir, FIRST_VIEW_CELLS);
  if (!existsSync(path)) return false;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8'));
    return file.snapshot === hash && file.inputs === cellsInputsHash(hash);
  } catch {
    return false;
  }
}

/** The view MapLibre shows for a centre and zoom on a canvas (no rotation, no pitch; 512-px tiles). */
function viewAt([lon, lat], zoom, { width, height }) {
  const world = 512 * 2 ** zoom;
  const x = ((lon + 180) / 360) * world;
  const y = ((1 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / Math.PI) / 2) * world;
  const lonAt = (px) => (px / world) * 360 - 180;
  const latAt = (py) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * py) / world))) * 180) / Math.PI;
  return { west: lonAt(x - width / 2), east: lonAt(x + width / 2), north: latAt(y - height / 2), south: latAt(y + height / 2), zoom };
}

async function writeFirstViewCells(db, hash) {
  const [{ reportsInView }, { DEFAULT_FILTERS, toFilterKey, toViewFilter, toViewKey }, { cellExponent }, { callerContext }, { RpcRunner }, { START_CENTER, START_ZOOM }] =
    await Promise.all([
      load('src/api/reports-in-view.ts'),
      load('src/features/browse/filter-model.ts'),
      load('src/app/first-view-cells.ts'),
      load('src/backend/local/rpc-sql.ts'),
      load('src/backend/local/local-engine.ts'),
      load('src/map/view.ts'),
    ]);
  const runner = new RpcRunner(db);
  const visitor = { kind: 'local', rpc: (fn, args) => runner.call(callerContext(null), fn, args) };
  // The default filter: 'all' time, so its key has no date in it (the day of the build does not matter).
  const filter = toFilterKey(DEFAULT_FILTERS, new Date(), undefined);
  if (filter.from !== null) throw new Error('first-view cells: the default filter has a date; the shipped cells would expire');
  const ask = (view) => reportsInView.call(visitor, { ...view, filter: toViewFilter(filter) });
  const gridBaseM = Number((await db.query('select app.grid_base_m() as m')).rows[0].m);
  const R = 6378137.0;
  const b = (await db.query('select min(public_x) as x1, max(public_x) as x2, min(public_y) as y1, max(public_y) as y2 from app.reports')).rows[0];
  const lon = (x) => ((x / R) * 180) / Math.PI;
  const lat = (y) => ((2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180) / Math.PI;
  const dataBounds = {
    west: Math.floor(lon(b.x1) * 1e3) / 1e3,
    south: Math.floor(lat(b.y1) * 1e3) / 1e3,
    east: Math.ceil(lon(b.x2) * 1e3) / 1e3,
    north: Math.ceil(lat(b.y2) * 1e3) / 1e3,
  };
  const entries = [];
  const checkCell = (k, result) => {
    const expected = Math.round(gridBaseM * 2 ** k * 10) / 10;
    if (Math.abs(result.cell_m - expected) > 0.05)
      throw new Error(`first-view cells: cellExponent says ${k} (${expected} m), the database answered ${result.cell_m} m`);
  };
  for (const k of ALL_DATA_EXPONENTS) {
    // A zoom whose exponent is k: round(16 − (zoom + 1)) = k.
    const view = toViewKey({ ...dataBounds, zoom: 15 - k });
    if (cellExponent(view, gridBaseM) !== k) throw new Error(`first-view cells: the data box at zoom ${15 - k} is not exponent ${k}`);
    const result = await ask(view);
    checkCell(k, result);
    entries.push({ scope: 'all-data', k, filter, view, result });
  }
  for (const canvas of DESKTOP_CANVASES) {
    const view = toViewKey(viewAt(START_CENTER, START_ZOOM, canvas));
    const result = await ask(view);
    checkCell(cellExponent(view, gridBaseM), result);
    entries.push({ scope: 'exact', filter, view, result });
  }
  const file = { version: 1, snapshot: hash, inputs: cellsInputsHash(hash), gridBaseM, dataBounds, entries };
  mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify(file);
  writeFileSync(resolve(outDir, FIRST_VIEW_CELLS), json);
  console.log(
    `first-view cells: ${(json.length / 1e3).toFixed(0)} kB, ${entries.length} views ` +
      `(${entries.map((e) => `${e.scope === 'exact' ? 'exact' : `k=${e.k}`} ${e.result.items.length} cells/${e.result.total}`).join(', ')})`,
  );
}

/** The same from the snapshot already built (its inputs unchanged, the cells file missing or older). */
async function firstViewCellsFromSnapshot(hash) {
  const snapshot = readFileSync(resolve(outDir, 'trygghetskartan.tar.gz'));
  const db = await PGlite.create({ extensions: { postgis }, loadDataDir: new Blob([snapshot]) });
  try {
    await writeFirstViewCells(db, hash);
  } finally {
    await db.close();
  }
}

const load = async (path) => (await runnerImport(resolve(root, path), { root })).module;

const hash = inputsHash();
if (argv.includes('--if-stale')) {
  const manifest = resolve(outDir, 'manifest.json');
  const built = existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).inputsHash;
  if (built === hash && existsSync(resolve(outDir, 'trygghetskartan.tar.gz'))) {
    if (!existsSync(resolve(outDir, POSTGIS_BUNDLE))) writeSlimPostgis();
    if (!firstViewCellsUpToDate(hash)) await firstViewCellsFromSnapshot(hash);
    console.log('local snapshot is up to date');
    process.exit(0);
  }
  console.log('building the local-mode database snapshot (about half a minute) …');
}

const engine = await load('src/backend/local/local-engine.ts');
const { nodeSqlSources } = await load('src/backend/local/node-sources.ts');
const { STAFF_PERSONAS } = await load('src/backend/local/personas.ts');

const t0 = performance.now();
// 1 MB WAL segments instead of 16 MB: the data dir is copied into IndexedDB and read back on every start,
// so every megabyte counts (the default left 33 MB of mostly empty WAL in the snapshot).
// While building, keep as little WAL as possible (a checkpoint then deletes the old segments).
const db = await PGlite.create({
  extensions: { postgis },
  initDbStartParams: ['--wal-segsize=1'],
  startParams: [...PGlite.defaultStartParams, '-c', 'min_wal_size=2MB', '-c', 'max_wal_size=2MB', '-c', 'wal_recycle=off'],
});
const tEngine = performance.now();
const result = await engine.setupDatabase(db, nodeSqlSources(root), {
  demoCount: count,
  demoSeed: 42,
  log: (m) => console.log('  ' + m),
});
await engine.ensurePersonas(db, STAFF_PERSONAS);
// Smaller and faster to load (IndexedDB hands every byte back on each start): PostGIS's spatial_ref_sys
// (7 MB) keeps only the systems the app and its imports use — WGS84, SWEREF 99 TM and 13 30, Web Mercator.
await db.query('delete from extensions.spatial_ref_sys where srid not in (4326, 3006, 3008, 3857)');
// No template0 (7 MB; never used by the app), little WAL kept, no dead tuples.
await db.query("update pg_database set datistemplate = false where datname = 'template0'");
await db.query('drop database if exists template0');
await db.exec('vacuum (full, analyze)');
await db.exec('checkpoint');
// In the browser (read at the next start): keep the WAL small there too, since IndexedDB holds every file.
await db.query("alter system set min_wal_size = '2MB'");
await db.query("alter system set max_wal_size = '16MB'");
await db.query('alter system set wal_recycle = off');
const rels = await db.query(
  `select c.oid::regclass::text as rel, pg_total_relation_size(c.oid) as bytes from pg_class c
   where c.relkind in ('r','m') order by 2 desc limit 6`,
);
console.log('  largest tables:', rels.rows.map((r) => `${r.rel} ${(Number(r.bytes) / 1e6).toFixed(1)} MB`).join(', '));
const tSetup = performance.now();
const blob = await db.dumpDataDir('gzip');
const raw = await db.dumpDataDir('none');
const bytes = new Uint8Array(await blob.arrayBuffer());
const migrations = await engine.appliedVersions(db);
// Read-only calls, after the dump: the snapshot is exactly what was set up above.
const tCells = performance.now();
await writeFirstViewCells(db, hash);
console.log(`  first-view cells in ${Math.round(performance.now() - tCells)} ms`);
await db.close();

mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, 'trygghetskartan.tar.gz'), bytes);
writeSlimPostgis();
writeFileSync(
  resolve(outDir, 'manifest.json'),
  JSON.stringify(
    { inputsHash: hash, pglite: '0.5.8', postgis: '0.2.8', demoCount: count, demoSeed: 42, migrations, builtAt: new Date().toISOString() },
    null,
    2,
  ) + '\n',
);
writeFileSync(resolve(outDir, '.gitignore'), '# build artefact of scripts/build-local-snapshot.mjs\n*\n');
console.log(
  `snapshot: ${(bytes.length / 1e6).toFixed(1)} MB (data dir ${(raw.size / 1e6).toFixed(1)} MB), ${migrations.length} migrations, seeded ${result.seeded.join('+') || 'nothing'}; ` +
    `engine ${Math.round(tEngine - t0)} ms, setup ${Math.round(tSetup - tEngine)} ms → ${outDir}`,
);
