#!/usr/bin/env node
// Runs the database suite (tests/db, vitest project "db") on both engines: PGlite and PostgreSQL 15.
//
//   npm run test:db [-- vitest arguments]
//
// PostgreSQL: always a throwaway cluster of this command's own (scripts/pg-cluster.mjs: initdb into a
// temporary directory, a free loopback port, trust authentication), removed at the end, also on failure and
// Ctrl-C; never the system cluster, a password or a PGHOST from the caller's shell. Missing PostgreSQL or PostGIS
// is a failure with the command that installs it, never a skip. Test files run two at a time (each on copies of
// the templates that tests/db/global-setup.ts builds).
import { spawn } from 'node:child_process';
import { startCluster } from './pg-cluster.mjs';

let cluster;
try {
  cluster = await startCluster();
} catch (error) {
  console.error(`test-db: cannot run the database suite: ${error.message}`);
  process.exit(1);
}
const env = { ...process.env, ...cluster.env };

const child = spawn('npx', ['vitest', 'run', '--project', 'db', '--maxWorkers=2', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
await cluster.stop();
// The server is a daemon: npm test's CPU count of this step (scripts/test.mjs) does not include it.
const serverCpu = cluster.serverCpu();
if (serverCpu !== null) console.log(`test-db: the PostgreSQL server used ${Math.round(serverCpu)} s of CPU`);
process.exit(code);
