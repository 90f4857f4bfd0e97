#!/usr/bin/env node
// Runs the database suite (tests/db, vitest project "db") on both engines: PGlite and PostgreSQL 15.
//
//   npm run test:db
//
// PostgreSQL: the suite connects over TCP to 127.0.0.1:5432 as user `postgres` with password `postgres`
// (override with PGHOST/PGPORT/PGUSER/PGPASSWORD), creates a fresh database tk_test_<random> per run,
// applies supabase/local/bootstrap.sql, then the migrations with the real Supabase CLI
// (`supabase db push --db-url … --yes`), then supabase/seed.sql, and drops the database afterwards.
//
// On a fresh Debian machine running as root this script prepares that for you:
//   1. starts the cluster with `pg_ctlcluster 15 main start` if it is not running;
//   2. sets the password of the `postgres` role to 'postgres' via the unix socket (`su postgres -c psql`),
//      because Debian's pg_hba.conf requires scram-sha-256 for TCP connections from 127.0.0.1.
// When not root, or when something is missing, it prints exactly what is missing and exits non-zero.
// The suite itself FAILS (it never skips) when PostgreSQL cannot be reached.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

const host = process.env.PGHOST ?? '127.0.0.1';
const port = Number(process.env.PGPORT ?? 5432);
const usingDefaults = !process.env.PGHOST && !process.env.PGPORT && !process.env.PGPASSWORD;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function fail(lines) {
  console.error(['test-db: cannot run the database suite.', ...lines].join('\n  '));
  process.exit(1);
}

function reachable() {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1500);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!(await reachable())) {
  if (!usingDefaults) {
    fail([`PostgreSQL is not reachable at ${host}:${port} (PGHOST/PGPORT set). Start it and re-run.`]);
  }
  if (!existsSync('/usr/bin/pg_ctlcluster') || !existsSync('/usr/lib/postgresql/15/bin/postgres')) {
    fail([
      'PostgreSQL 15 is not installed. Install it with:',
      '  apt-get install -y postgresql-15 postgresql-15-postgis-3',
    ]);
  }
  if (!existsSync('/usr/share/postgresql/15/extension/postgis.control')) {
    fail(['PostGIS for PostgreSQL 15 is missing: apt-get install -y postgresql-15-postgis-3']);
  }
  if (!isRoot) {
    fail([
      `PostgreSQL is not running on ${host}:${port} and this script is not root, so it cannot start it.`,
      'Start it with: sudo pg_ctlcluster 15 main start',
    ]);
  }
  console.log('test-db: starting PostgreSQL 15 (pg_ctlcluster 15 main start)');
  const r = spawnSync('pg_ctlcluster', ['15', 'main', 'start'], { stdio: 'inherit' });
  if (r.status !== 0) fail(['`pg_ctlcluster 15 main start` failed (see above).']);
  for (let i = 0; i < 30 && !(await reachable()); i++) await sleep(500);
  if (!(await reachable())) fail([`PostgreSQL did not start listening on ${host}:${port}.`]);
}

if (usingDefaults) {
  process.env.PGHOST = host;
  process.env.PGPORT = String(port);
  process.env.PGUSER = 'postgres';
  process.env.PGPASSWORD = 'postgres';
  if (isRoot) {
    // Idempotent: make password authentication over TCP work for the postgres role.
    try {
      execFileSync('su', ['postgres', '-c', `psql -qAt -c "alter user postgres password 'postgres'"`], {
        stdio: ['ignore', 'ignore', 'pipe'],
        cwd: '/',
      });
    } catch (error) {
      fail([`could not set the postgres password via the unix socket: ${error.stderr ?? error.message}`]);
    }
  }
  const check = await import('pg').then(async ({ default: pg }) => {
    const c = new pg.Client({ host, port, user: 'postgres', password: 'postgres', database: 'postgres' });
    try {
      await c.connect();
      const v = await c.query(
        "select current_setting('server_version_num')::int as v, " +
          "exists (select 1 from pg_available_extensions where name = 'postgis') as postgis",
      );
      await c.end();
      return v.rows[0];
    } catch (error) {
      return { error: error.message };
    }
  });
  if (check.error) {
    fail([
      `cannot log in as postgres/postgres on ${host}:${port}: ${check.error}`,
      isRoot ? '' : `Run as root, or: sudo -u postgres psql -c "alter user postgres password 'postgres'"`,
    ]);
  }
  if (!check.postgis) fail(['PostGIS is not available on the server: apt-get install -y postgresql-15-postgis-3']);
}

const result = spawnSync('npx', ['vitest', 'run', '--project', 'db', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: process.env,
});
process.exit(result.status ?? 1);
