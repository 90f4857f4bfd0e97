// A PostgreSQL 15 cluster of our own: `initdb` into a directory, started on a free loopback port with its own
// socket directory and trust authentication, stopped (and, when throwaway, removed) by us. The tests never
// touch the system cluster or any password, so a fresh machine and a used one behave the same.
//
//   const pg = await startCluster();          // throwaway: a new temporary directory, removed on stop()
//   const pg = await startCluster({ dir });   // kept: reused when it already holds a cluster (the bench)
//   pg.env → { PGHOST, PGPORT, PGUSER }       // for child processes (pg, psql, the Supabase CLI)
//   await pg.stop();
//
// As root, initdb and postgres run as the `postgres` user (Debian's package creates it; PostgreSQL refuses
// to run as root); otherwise as the current user.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

/** Why this machine cannot run a cluster of ours, or null. */
export function clusterProblem() {
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    return `PostgreSQL 15 is not installed (${PG_BIN}/initdb): apt-get install -y postgresql-15-postgis-3`;
  }
  if (!existsSync('/usr/share/postgresql/15/extension/postgis.control')) {
    return 'PostGIS for PostgreSQL 15 is missing: apt-get install -y postgresql-15-postgis-3';
  }
  if (isRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    return 'running as root but there is no `postgres` user to run the cluster as (apt-get install postgresql-15 makes it)';
  }
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the cluster's owner, with no PG* variables that could redirect it. */
function asOwner(bin, args, opts = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  const [cmd, argv] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]]
    : [join(PG_BIN, bin), args];
  return execFileSync(cmd, argv, {
    cwd: '/',
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    ...opts,
  });
}

function makeOwned(dir) {
  if (!isRoot) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
}

/**
 * CPU seconds (user + system) of a running cluster's postmaster and of the backends it has reaped, from /proc
 * (Linux); null when unknown. The server runs as a daemon (pg_ctl start), so no caller's own CPU count has it.
 */
function postmasterCpu(data) {
  try {
    const pid = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0].trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime, stime, cutime, cstime (fields 14–17), in USER_HZ (100 on Linux)
    return fields.slice(11, 15).reduce((n, f) => n + Number(f), 0) / 100;
  } catch {
    return null;
  }
}

/**
 * @param {{ dir?: string, settings?: Record<string, string> }} [opts]
 *   dir: keep the cluster there (created when missing); default a new temporary directory, removed on stop().
 *   settings: extra server settings (`-c name=value`).
 */
export async function startCluster(opts = {}) {
  const problem = clusterProblem();
  if (problem) throw new Error(problem);
  const throwaway = !opts.dir;
  // The parent is world-traversable so the postgres user can reach a directory under /tmp or a cache.
  const base = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), 'tk-pg-'));
  mkdirSync(base, { recursive: true });
  chmodSync(base, 0o755);
  makeOwned(base);
  const data = join(base, 'data');
  const log = join(base, 'server.log');
  if (!existsSync(join(data, 'PG_VERSION'))) {
    asOwner('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
  }
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: base,
    // Test data is thrown away: durability only costs time here.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
    ...opts.settings,
  };
  const options = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  // A kept cluster may still be running after a crash: stop it first, then start on the new port.
  if (existsSync(join(data, 'postmaster.pid'))) {
    try {
      asOwner('pg_ctl', ['-D', data, 'stop', '-m', 'immediate', '-w']);
    } catch {
      /* a stale pid file: pg_ctl start copes */
    }
  }
  try {
    asOwner('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']);
  } catch (error) {
    const tail = spawnSync('tail', ['-n', '20', log], { encoding: 'utf8' }).stdout;
    if (throwaway) rmSync(base, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${error.stderr ?? error.message}\n${tail}`);
  }

  let stopped = false;
  let serverCpu = null;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    serverCpu = postmasterCpu(data);
    try {
      asOwner('pg_ctl', ['-D', data, 'stop', '-m', throwaway ? 'immediate' : 'fast', '-w']);
    } catch {
      /* already down */
    }
    if (throwaway) rmSync(base, { recursive: true, force: true });
  };
  // Removed also on failure and on Ctrl-C: the cluster never outlives the command that made it.
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  const env = { PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGPASSWORD: '' };
  return {
    port,
    dir: base,
    env,
    /** CPU seconds the server used (itself and its ended backends), read when it was stopped; null before. */
    serverCpu: () => serverCpu,
    url: (database = 'postgres') =>
      `postgresql://postgres@127.0.0.1:${port}/${database}?sslmode=disable`,
    stop: async () => stop(),
  };
}

/**
 * The benchmarks' cluster: kept under `.bench-data/pg` beside the project (ignored by git) so the 1M-report
 * database survives between runs; started on a free port for this command and stopped at its end. Unless the
 * caller gave PGHOST, it sets PGHOST/PGPORT/PGUSER for this process and its children.
 */
export async function useBenchCluster() {
  if (process.env.PGHOST) return null;
  const dir = join(import.meta.dirname, '..', '.bench-data', 'pg');
  const cluster = await startCluster({ dir });
  Object.assign(process.env, cluster.env);
  console.log(`PostgreSQL 15: the bench cluster in ${dir} on port ${cluster.port}`);
  return cluster;
}

/** psql on one database of a started cluster: runs `sql` from stdin, stops at the first error, returns stdout. */
export function psqlOn(cluster, database) {
  return (sql, extraArgs = []) =>
    execFileSync(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...extraArgs, '-d', cluster.url(database), '-f', '-'],
      {
        input: sql,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
}

/**
 * Creates `database` on a started cluster and builds the schema as a Supabase project would have it:
 * supabase/local/bootstrap.sql (the roles and schemas Supabase provides), then `migrations` ({ file, sql }) in
 * order — with psql, not the Supabase CLI, which changes nothing in the schema. Returns psqlOn for it.
 */
export function createMigratedDatabase(cluster, database, migrations) {
  psqlOn(cluster, 'postgres')(`create database ${database}`);
  const psql = psqlOn(cluster, database);
  psql(readFileSync(join(import.meta.dirname, '..', 'supabase/local/bootstrap.sql'), 'utf8'));
  for (const m of migrations) {
    try {
      psql(m.sql);
    } catch (error) {
      throw new Error(`${m.file} failed:\n${error.stderr ?? error.message}`);
    }
  }
  return psql;
}
