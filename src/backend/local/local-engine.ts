/**
 * The core of the local adapter, independent of Workers and IndexedDB: given a PGlite-like handle it
 * sets the database up (bootstrap → migrations → seed → demo data → personas) and runs API calls the
 * way PostgREST does. Used by the browser adapter (through PGliteWorker), by the Node snapshot script
 * and by the integration test (in-memory PGlite).
 *
 * Imports only PGlite *types*, so it adds nothing to a bundle.
 */
import type { Results, Transaction } from '@electric-sql/pglite';
import type { StartProgress } from '../backend';
import { buildRpcCall, isReadOnlyFunction, type CallerContext } from './rpc-sql';
import {
  orderMigrations,
  selectNewMigrations,
  unknownMigrations,
  type Migration,
  type SqlFile,
} from './migrations';
import type { Persona } from './personas';

/** The part of PGlite / PGliteWorker the engine uses. */
export interface Db {
  query<T>(sql: string, params?: unknown[]): Promise<Results<T>>;
  exec(sql: string): Promise<Array<Results>>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

export interface SqlSources {
  bootstrap: () => Promise<string>;
  migrations: readonly SqlFile[];
  seed?: (() => Promise<string>) | null;
  demo?: (() => Promise<string>) | null;
}

export interface SetupOptions {
  demoCount?: number;
  demoSeed?: number;
  onProgress?: (p: StartProgress) => void;
  log?: (msg: string) => void;
}

export interface SetupResult {
  fresh: boolean;
  applied: string[];
  seeded: string[];
  timings: Record<string, number>;
}

/** An Error whose `message` is the PostgreSQL message (the stable error code for API errors). */
export class DbError extends Error {
  readonly code?: string;
  readonly detail?: string;
  constructor(message: string, code?: string, detail?: string) {
    super(message);
    this.name = 'DbError';
    this.code = code;
    this.detail = detail;
  }
}

function asDbError(e: unknown, context?: string): DbError {
  const o = (typeof e === 'object' && e !== null ? e : {}) as {
    message?: unknown;
    code?: unknown;
    detail?: unknown;
  };
  const message = typeof o.message === 'string' ? o.message : String(e);
  const code = typeof o.code === 'string' ? o.code : undefined;
  const detail = typeof o.detail === 'string' ? o.detail : undefined;
  return new DbError(context ? `${context}: ${message}` : message, code, detail);
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export const MIGRATIONS_DDL = `
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
create table if not exists supabase_migrations.local_setup (
  step text primary key,
  applied_at timestamptz not null default now()
);`;

export async function isFresh(db: Db): Promise<boolean> {
  const r = await db.query<{ exists: boolean }>(
    `select to_regclass('supabase_migrations.schema_migrations') is not null as exists`,
  );
  return !r.rows[0]?.exists;
}

export async function appliedVersions(db: Db): Promise<string[]> {
  const r = await db.query<{ version: string }>(
    'select version from supabase_migrations.schema_migrations order by version',
  );
  return r.rows.map((x) => x.version);
}

async function doneSteps(db: Db): Promise<Set<string>> {
  const r = await db.query<{ step: string }>('select step from supabase_migrations.local_setup');
  return new Set(r.rows.map((x) => x.step));
}

/**
 * Brings the database up to date. First start: bootstrap, all migrations, seed, demo data. Later
 * starts: only the migrations not yet recorded in `supabase_migrations.schema_migrations` (the data
 * persists); refuses a history with a version this build does not ship (`unknownMigrations`). Seed steps are recorded in `supabase_migrations.local_setup` so a start interrupted half
 * way resumes where it stopped.
 */
export async function setupDatabase(
  db: Db,
  sources: SqlSources,
  opts: SetupOptions = {},
): Promise<SetupResult> {
  const progress = opts.onProgress ?? (() => {});
  const log = opts.log ?? (() => {});
  const timings: Record<string, number> = {};
  const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = now();
    try {
      return await fn();
    } finally {
      timings[label] = Math.round(now() - t0);
    }
  };

  const fresh = await isFresh(db);
  if (fresh) {
    progress({ stage: 'migrating', fraction: 0 });
    const sql = await sources.bootstrap();
    await time('bootstrap', () =>
      db.exec(sql).catch((e: unknown) => {
        throw asDbError(e, 'bootstrap.sql');
      }),
    );
    await db.exec(MIGRATIONS_DDL);
    log(`bootstrap ${timings.bootstrap} ms`);
  } else {
    // A database made before local_setup existed, or by the CLI: make sure both tables are there.
    await db.exec(MIGRATIONS_DDL);
  }

  const all = orderMigrations(sources.migrations);
  const history = await appliedVersions(db);
  // Never apply this build's migrations on top of a schema built from others (local-worker.ts starts such a
  // browser database over before it gets here).
  const unknown = unknownMigrations(all, history);
  if (unknown.length) {
    throw new DbError(
      `the database was built from migrations this build does not have: ${unknown.join(', ')}`,
    );
  }
  const pending = selectNewMigrations(all, history);
  const applied: string[] = [];
  for (const [i, m] of pending.entries()) {
    progress({ stage: 'migrating', fraction: i / Math.max(1, pending.length) });
    await time(`migration ${m.file}`, () => applyMigration(db, m));
    applied.push(m.version);
    log(`applied ${m.file} in ${timings[`migration ${m.file}`]} ms`);
  }

  const done = await doneSteps(db);
  const seeded: string[] = [];
  const steps: Array<{ step: 'seed' | 'demo'; fraction: number }> = [];
  const seed = sources.seed;
  const demo = sources.demo;
  if (seed && !done.has('seed')) steps.push({ step: 'seed', fraction: 0 });
  if (demo && !done.has('demo')) steps.push({ step: 'demo', fraction: 0.1 });
  for (const s of steps) {
    progress({ stage: 'seeding', fraction: s.fraction });
    await time(s.step, () =>
      db
        .transaction(async (tx) => {
          // Run inside the transaction so that a failed step leaves nothing half done.
          const inner: Db = txAsDb(tx);
          if (s.step === 'seed' && seed) await inner.exec(await seed());
          else if (s.step === 'demo' && demo) {
            await inner.exec(await demo());
            await inner.query('select app.generate_demo_reports($1::int, $2::int)', [
              opts.demoCount ?? 6000,
              opts.demoSeed ?? 42,
            ]);
            await generateDemoExtras(inner, opts.demoSeed ?? 42);
          }
          await inner.query(
            'insert into supabase_migrations.local_setup(step) values ($1) on conflict do nothing',
            [s.step],
          );
        })
        .catch((e: unknown) => {
          throw asDbError(e, `${s.step} failed`);
        }),
    );
    seeded.push(s.step);
    log(`${s.step} ${timings[s.step]} ms`);
  }
  return { fresh, applied, seeded, timings };
}

function txAsDb(tx: Transaction): Db {
  return {
    query: (sql, params) => tx.query(sql, params as unknown[]),
    exec: (sql) => tx.exec(sql),
    transaction: () => {
      throw new Error('nested transaction');
    },
  };
}

async function applyMigration(db: Db, m: Migration): Promise<void> {
  const sql = await m.load();
  try {
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query(
        'insert into supabase_migrations.schema_migrations(version, name, statements) values ($1, $2, $3::text[])',
        [m.version, m.name, `{}`],
      );
    });
  } catch (e) {
    throw asDbError(e, `migration ${m.file}`);
  }
}

/**
 * The privacy job that Supabase runs daily with pg_cron: unlink reporters from reports inactive for longer
 * than the configured retention. Local mode has no scheduler, so it runs at every start. Returns the count.
 */
export async function purgeReporterLinks(db: Db): Promise<number> {
  // One transaction: in the browser every statement outside one is followed by a sync to IndexedDB.
  return db.transaction(async (tx) => {
    const exists = await tx.query<{ exists: boolean }>(
      `select to_regprocedure('app.purge_reporter_links(interval)') is not null as exists`,
    );
    if (!exists.rows[0]?.exists) return 0;
    const r = await tx.query<{ n: number }>('select app.purge_reporter_links() as n');
    return Number(r.rows[0]?.n ?? 0);
  });
}

/**
 * Makes the personas exist: a row in auth.users each (only the columns that exist are filled) and the
 * staff roles in app.staff_roles. Runs as the superuser, not through the API. Idempotent.
 */
export async function ensurePersonas(db: Db, personas: readonly Persona[]): Promise<void> {
  // One transaction, the look-ups included: in the browser every statement outside one is followed by a sync
  // to IndexedDB (measured: the personas step took 2.5 s of a warm start).
  await db.transaction(async (tx) => {
    const cols = await tx.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'auth' and table_name = 'users'`,
    );
    const has = new Set(cols.rows.map((c) => c.column_name));
    const hasStaffRoles = await tx.query<{ exists: boolean }>(
      `select to_regclass('app.staff_roles') is not null as exists`,
    );
    for (const p of personas) {
      if (!p.userId) continue;
      if (has.has('id')) {
        const names = ['id'];
        const values: unknown[] = [p.userId];
        if (has.has('email') && p.email) {
          names.push('email');
          values.push(p.email);
        }
        if (has.has('is_anonymous')) {
          names.push('is_anonymous');
          values.push(p.isAnonymous);
        }
        if (has.has('role')) {
          names.push('role');
          values.push('authenticated');
        }
        const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
        await tx.query(
          `insert into auth.users (${names.join(', ')}) select ${placeholders}
           where not exists (select 1 from auth.users where id = $1)`,
          values,
        );
      }
      if (hasStaffRoles.rows[0]?.exists && p.role !== 'resident' && p.role !== 'anon') {
        await tx.query(
          `insert into app.staff_roles (user_id, role) select $1, $2
           where not exists (select 1 from app.staff_roles where user_id = $1 and role = $2)`,
          [p.userId, p.role],
        );
      }
    }
  });
}

/**
 * Runs API calls one at a time, each in its own transaction exactly as PostgREST does:
 * `begin; set local role …; set_config('request.jwt.claims', …, true); select api.fn(…); commit`.
 * On error the transaction is rolled back and a DbError carrying the PostgreSQL message is thrown.
 *
 * A write goes before the reads still waiting (writes keep their order among themselves): after one write the app
 * refetches every list in view, and the next write — a crew member's field report, a resident's +1 — otherwise
 * waited behind all of them (measured: more than 30 s on a busy 2-core machine). A read that overtook nothing is
 * unaffected; one a write overtakes sees the newer data, as it would have a moment later.
 */
export class RpcRunner {
  private readonly waiting: { write: boolean; start: () => Promise<void> }[] = [];
  private busy = false;
  constructor(
    private readonly db: Db,
    private readonly isWrite: (fn: string) => boolean = (fn) => !isReadOnlyFunction(fn),
  ) {}

  call(ctx: CallerContext, fn: string, args?: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ write: this.isWrite(fn), start: () => this.run(ctx, fn, args).then(resolve, reject) });
      this.next();
    });
  }

  private next(): void {
    if (this.busy || this.waiting.length === 0) return;
    const firstWrite = this.waiting.findIndex((w) => w.write);
    const [call] = this.waiting.splice(firstWrite === -1 ? 0 : firstWrite, 1);
    this.busy = true;
    void call!.start().finally(() => {
      this.busy = false;
      this.next();
    });
  }

  private async run(
    ctx: CallerContext,
    fn: string,
    args?: Record<string, unknown>,
  ): Promise<unknown> {
    const { sql, params } = buildRpcCall(fn, args);
    // The role name is one of two constants, never user input.
    const role = ctx.role === 'authenticated' ? 'authenticated' : 'anon';
    try {
      return await this.db.transaction(async (tx) => {
        await tx.query(`set local role ${role}`);
        await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
          JSON.stringify(ctx.claims),
        ]);
        const r = await tx.query<{ result: unknown }>(sql, params);
        const value = r.rows[0]?.result ?? null;
        return typeof value === 'string' ? safeJson(value) : value;
      });
    } catch (e) {
      throw asDbError(e);
    }
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/**
 * Demo data that builds on the reports (developments, measures, actual-risk events): each generator exists once
 * its area's demo file does, and runs after the reports, in this order, with its leading arguments and the seed.
 */
export const DEMO_EXTRAS = [
  { fn: 'generate_demo_developments', args: [] },
  { fn: 'generate_demo_measures', args: [] },
  // Synthetic actual-risk events (source kind 'demo'), for comparing perceived and actual risk.
  { fn: 'generate_demo_risk_events', args: [2000] },
] as const satisfies ReadonlyArray<{ fn: string; args: readonly number[] }>;

export async function generateDemoExtras(db: Pick<Db, 'query'>, seed: number): Promise<void> {
  for (const { fn, args } of DEMO_EXTRAS) {
    const params = [...args, seed];
    const signature = `app.${fn}(${params.map(() => 'integer').join(',')})`;
    const rows = await db.query<{ present: boolean }>(
      `select to_regprocedure($1) is not null as present`,
      [signature],
    );
    const placeholders = params.map((_, i) => `$${i + 1}::int`).join(', ');
    if (rows.rows[0]?.present) await db.query(`select app.${fn}(${placeholders})`, params);
  }
}
