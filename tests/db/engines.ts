/**
 * One database test suite, two engines, each built once per run as a template (tests/db/global-setup.ts) and
 * copied for every test file, so files do not see each other's writes:
 *  - `pglite`:   PGlite + PostGIS in Node; bootstrap, migrations, seed and the demo generators applied directly,
 *                dumped as a data directory; each file loads it (`loadDataDir`).
 *  - `postgres`: PostgreSQL 15 + PostGIS 3 at PGHOST:PGPORT; bootstrap applied with `pg`, the migrations with the
 *                real Supabase CLI (`supabase db push --db-url … --yes`), then seed.sql and the demo generators,
 *                into a template database; each file gets `create database … template` of it.
 * Each role-bound call runs as PostgREST does it: `begin; set_config('role', …, true), set_config('request.jwt.claims',
 * …, true); …; rollback` (or commit).
 * Connection: PGHOST/PGPORT (PGUSER, PGPASSWORD optional), which scripts/test-db.mjs sets to a throwaway cluster
 * of its own (scripts/pg-cluster.mjs). An unreachable PostgreSQL is a test FAILURE, never a skip.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import pg from 'pg';
import { inject } from 'vitest';
import { packagePostgisBundle, slimPostgisBundle } from '../../scripts/postgis-bundle.mjs';

export type EngineName = 'pglite' | 'postgres';
export type Row = Record<string, unknown>;
/** Rows of a query. Typed as non-empty so `[0]` needs no guard; an empty result then fails the test at runtime. */
export type Rows<T> = [T, ...T[]];
export type Query = <T extends Row = Row>(sql: string, params?: unknown[]) => Promise<Rows<T>>;
export interface Who {
  role: 'anon' | 'authenticated' | 'service_role';
  sub?: string;
}

export interface Engine {
  name: EngineName;
  /** As the superuser (the migration role), outside any role switch. */
  query: Query;
  /** Run fn inside a transaction as `who`, exactly as PostgREST would. Rolled back unless commit is true. */
  asRole<T>(who: Who, fn: (q: Query) => Promise<T>, opts?: { commit?: boolean }): Promise<T>;
  /** Call one api function as `who` with named arguments; returns the jsonb result. */
  call<T = unknown>(who: Who, fn: string, args?: Record<string, unknown>, opts?: { commit?: boolean }): Promise<T>;
  close(): Promise<void>;
}

const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
export const migrationFiles = () =>
  readdirSync(join(root, 'supabase/migrations'))
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort();

/** Every demo generator (functions only; tests call the ones they need). */
export const demoFiles = () =>
  readdirSync(join(root, 'supabase/demo'))
    .filter((f) => f.endsWith('.sql'))
    .sort();

function claims(who: Who): string {
  return JSON.stringify(who.sub ? { sub: who.sub, role: who.role } : { role: who.role });
}

/** A string as an SQL literal (standard_conforming_strings is on in both engines). */
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** `select api.fn(p_a => $1, …) as result` */
function callSql(fn: string, args: Record<string, unknown>): { sql: string; params: unknown[] } {
  if (!/^[a-z_]+$/.test(fn)) throw new Error(`bad function name ${fn}`);
  const names = Object.keys(args);
  for (const n of names) if (!/^p_[a-z_]+$/.test(n)) throw new Error(`bad argument name ${n}`);
  const list = names.map((n, i) => `${n} => $${i + 1}`).join(', ');
  return { sql: `select api.${fn}(${list}) as result`, params: names.map((n) => args[n]) };
}

type RawQuery = (sql: string, params?: unknown[]) => Promise<Row[]>;

function makeEngine(name: EngineName, raw: RawQuery, close: () => Promise<void>): Engine {
  let chain: Promise<unknown> = Promise.resolve();
  // Serialise everything: one connection, one session.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const query: Query = (sql, params) => serial(() => raw(sql, params)) as never;
  const asRole: Engine['asRole'] = (who, fn, opts) =>
    serial(async () => {
      // One round trip for the transaction, the role and the claims: the db suite makes thousands of these
      // calls, and on a loaded machine each round trip costs more than the statement. set_config('role', …, true)
      // is what PostgREST itself runs, the same setting as `set local role`.
      try {
        await raw(`begin; select set_config('role', ${literal(who.role)}, true), set_config('request.jwt.claims', ${literal(claims(who))}, true)`);
        const q: Query = (sql, params) => raw(sql, params) as never;
        const result = await fn(q);
        await raw(opts?.commit ? 'commit' : 'rollback');
        return result;
      } catch (error) {
        await raw('rollback');
        throw error;
      }
    });
  const call: Engine['call'] = async (who, fn, args = {}, opts) => {
    const { sql, params } = callSql(fn, args);
    return asRole(who, async (q) => (await q(sql, params))[0].result, opts) as never;
  };
  return { name, query, asRole, call, close };
}

async function applyLocalSql(exec: (sql: string) => Promise<unknown>, withMigrations: boolean) {
  await exec(read('supabase/local/bootstrap.sql'));
  if (withMigrations) for (const f of migrationFiles()) await exec(read(`supabase/migrations/${f}`));
}

async function applySeedAndDemo(exec: (sql: string) => Promise<unknown>) {
  await exec(read('supabase/seed.sql'));
  for (const f of demoFiles()) await exec(read(`supabase/demo/${f}`));
}

/**
 * The PostGIS bundle with only the `postgis` library, as the app's browser engine gets it
 * (scripts/postgis-bundle.mjs): the package's bundle holds three 16 MB libraries (postgis, raster, topology) that
 * PGlite unpacks and compiles at every start, and every test file starts one (measured: about 2.9 → 1.9 s of CPU
 * per start). Nothing here uses raster or topology. Same library, same set-up; only the bundle differs. Written
 * once per run by tests/db/global-setup.ts; gzip level 1: unpacked at every start, never downloaded.
 */
export function writeSlimPostgisBundle(file: string): void {
  writeFileSync(file, slimPostgisBundle(packagePostgisBundle(), { level: 1 }));
}
function postgisFrom(bundle: string): Extension {
  const bundlePath = pathToFileURL(bundle);
  return { name: postgis.name, setup: async (pg, emscriptenOpts) => ({ ...(await postgis.setup(pg, emscriptenOpts)), bundlePath }) };
}

/**
 * Builds the PGlite template once per run (tests/db/global-setup.ts): bootstrap, migrations, seed and the demo
 * generators, dumped as a data directory that every test file loads (about 4× faster than applying it all).
 */
export async function buildPgliteTemplate(postgisBundle: string): Promise<Blob> {
  const db = await PGlite.create({ extensions: { postgis: postgisFrom(postgisBundle) } });
  const exec = (sql: string) => db.exec(sql);
  await applyLocalSql(exec, true);
  await applySeedAndDemo(exec);
  await db.exec('checkpoint');
  const dump = await db.dumpDataDir('none');
  await db.close();
  return dump;
}

/**
 * Builds the PostgreSQL template database once per run: bootstrap with `pg`, the migrations with the real
 * Supabase CLI (`supabase db push`, recorded as on a Supabase project), seed and the demo generators. Every test
 * file then gets `create database … template` of it.
 */
export async function buildPostgresTemplate(database: string): Promise<void> {
  const admin = await connectAdmin();
  await admin.query(`create database ${database}`);
  await admin.end();
  const client = new pg.Client({ ...pgConfig, database });
  await client.connect();
  try {
    const exec = (sql: string) => client.query(sql);
    await applyLocalSql(exec, false);
    // The real Supabase CLI applies supabase/migrations and records them, as on a Supabase project.
    await new Promise<void>((resolve, reject) =>
      execFile('npx', ['supabase', 'db', 'push', '--db-url', pgUrl(database), '--yes'], { cwd: root, timeout: 180_000 },
        (error, _out, stderr) => (error ? reject(new Error(`supabase db push failed: ${stderr || error.message}`)) : resolve())),
    );
    const applied = await client.query('select count(*)::int as n from supabase_migrations.schema_migrations');
    if (applied.rows[0].n !== migrationFiles().length) {
      throw new Error(`supabase db push applied ${applied.rows[0].n} of ${migrationFiles().length} migrations`);
    }
    await applySeedAndDemo(exec);
  } finally {
    await client.end();
  }
}

export async function dropPostgresDatabase(database: string): Promise<void> {
  const admin = await connectAdmin();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
}

export async function createPglite(): Promise<Engine> {
  const template = inject('pgliteTemplate');
  if (!template) throw new Error('no PGlite template: run the db suite with `npm run test:db` (its global setup builds it)');
  const db = await PGlite.create({
    extensions: { postgis: postgisFrom(inject('postgisBundle')) },
    loadDataDir: new Blob([readFileSync(template)]),
  });
  return makeEngine(
    'pglite',
    async (sql, params) => (params === undefined ? (await db.exec(sql)).at(-1)?.rows ?? [] : (await db.query<Row>(sql, params)).rows) as Row[],
    () => db.close(),
  );
}

export const pgConfig = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 0),
  user: process.env.PGUSER || 'postgres',
  password: process.env.PGPASSWORD ?? '',
};

function pgUrl(database: string): string {
  const auth = encodeURIComponent(pgConfig.user) + (pgConfig.password ? `:${encodeURIComponent(pgConfig.password)}` : '');
  return `postgresql://${auth}@${pgConfig.host}:${pgConfig.port}/${database}?sslmode=disable`;
}

async function connectAdmin(): Promise<pg.Client> {
  const admin = new pg.Client({ ...pgConfig, database: 'postgres' });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${pgConfig.user}@${pgConfig.host}:${pgConfig.port} ` +
        `(${(error as Error).message}). Run the db suite with \`npm run test:db\` (scripts/test-db.mjs), ` +
        'which starts a throwaway cluster of its own and sets PGHOST/PGPORT.',
    );
  }
  return admin;
}

export async function createPostgres(): Promise<Engine> {
  const template = inject('postgresTemplate');
  if (!template) throw new Error('no PostgreSQL template: run the db suite with `npm run test:db` (its global setup builds it)');
  const database = `tk_test_${randomBytes(5).toString('hex')}`;
  const admin = await connectAdmin();
  await admin.query(`create database ${database} template ${template}`);
  // CREATE DATABASE never copies the database's own privileges (TEMPORARY is revoked by a migration).
  await admin.query(
    'update pg_database set datacl = (select datacl from pg_database where datname = $1) where datname = $2',
    [template, database],
  );
  await admin.end();

  const client = new pg.Client({ ...pgConfig, database });
  await client.connect();
  return makeEngine(
    'postgres',
    async (sql, params) => {
      const r = await client.query(sql, params as unknown[] | undefined);
      const last = Array.isArray(r) ? r.at(-1) : r;
      return (last?.rows ?? []) as Row[];
    },
    async () => {
      await client.end();
      await dropPostgresDatabase(database);
    },
  );
}

export async function createEngine(name: EngineName): Promise<Engine> {
  return name === 'pglite' ? createPglite() : createPostgres();
}

export interface GrantedFunction {
  name: string;
  /** Input argument names, in order. */
  args: string[];
  /** Granted to anon too (else to authenticated only). */
  anon: boolean;
}

/** Every function in schema `api` that anon or authenticated may execute, from the catalog (one entry per name). */
export async function grantedApiFunctions(db: Engine): Promise<GrantedFunction[]> {
  const fns = await db.query<{ name: string; args: string[] | null; anon: boolean; auth: boolean }>(
    `select p.proname as name,
            (select array_agg(a order by i) from unnest(p.proargnames) with ordinality as u(a, i)
              where p.proargmodes is null or p.proargmodes[i] in ('i', 'b')) as args,
            has_function_privilege('anon', p.oid, 'execute') as anon,
            has_function_privilege('authenticated', p.oid, 'execute') as auth
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'api' order by p.proname, p.pronargs desc`);
  const seen = new Set<string>();
  const granted: GrantedFunction[] = [];
  for (const f of fns) {
    if (!(f.anon || f.auth) || seen.has(f.name)) continue;
    seen.add(f.name);
    granted.push({ name: f.name, args: f.args ?? [], anon: f.anon });
  }
  return granted;
}

/** The stable code of a failed API call: the exception message (and the SQLSTATE for context). */
export async function errorOf(p: Promise<unknown>): Promise<{ message: string; code: string }> {
  try {
    await p;
  } catch (error) {
    const e = error as { message?: string; code?: string };
    return { message: String(e.message ?? error), code: String(e.code ?? '') };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
