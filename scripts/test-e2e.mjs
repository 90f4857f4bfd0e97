// End-to-end: builds the app (local mode), serves the build with `vite preview` on loopback and drives
// Debian's Chromium through it with playwright-core. The global setup (tests/e2e/global-setup.ts) boots one
// profile; the files then run two at a time, each in a copy of it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

if (!existsSync('/usr/bin/chromium')) {
  console.error('Chromium is missing: apt-get install -y chromium (never a downloaded browser).');
  process.exit(1);
}

const port = Number(process.env.E2E_PORT ?? 4173);
// A separate build directory lets two e2e runs (e.g. two people on one machine) not overwrite each other.
const outDir = process.env.E2E_OUT_DIR ?? 'dist';
const env = { ...process.env, VITE_SUPABASE_URL: '', VITE_SUPABASE_ANON_KEY: '' };

// With the port taken (another run on this machine), vite preview exits while the port still answers: the tests
// would run against someone else's build. Refuse instead.
const portFree = await new Promise((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
});
if (!portFree) {
  console.error(`Port ${port} is taken (another e2e run?): set E2E_PORT, and E2E_OUT_DIR for a build of its own.`);
  process.exit(1);
}

if (!process.env.E2E_SKIP_BUILD) {
  const snapshot = spawnSync('node', ['scripts/build-local-snapshot.mjs', '--if-stale'], { stdio: 'inherit', env });
  if (snapshot.status !== 0) process.exit(snapshot.status ?? 1);
  const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env,
  detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
process.on('exit', stop);

const base = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 60; i++) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 500));
}

const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', '--maxWorkers=2', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...env, E2E_BASE_URL: base },
});
stop();
process.exit(run.status ?? 1);
