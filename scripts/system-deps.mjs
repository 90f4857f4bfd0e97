// Makes sure the system packages the test suites need are present. As root on Debian it installs
// them; otherwise it says exactly what is missing and fails, so no suite is ever silently skipped.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = [
  { deb: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  {
    deb: 'postgresql-15-postgis-3',
    present: () => existsSync('/usr/share/postgresql/15/extension/postgis.control'),
  },
];

export function ensureSystemDeps() {
  const missing = PACKAGES.filter((p) => !p.present()).map((p) => p.deb);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version');
  if (!isRoot || !isDebian) {
    console.error(
      `Missing system packages: ${missing.join(', ')}.\n` +
        `Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} with apt-get …`);
  execSync('apt-get update', { stdio: 'inherit' });
  execSync(`apt-get install -y --no-install-recommends ${missing.join(' ')}`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Starts the Debian PostgreSQL 15 cluster if it is not running (port 5432). */
export function ensurePostgres() {
  const ready = () => spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432']).status === 0;
  if (ready()) return;
  if (process.getuid?.() !== 0) {
    console.error('PostgreSQL 15 is not running on 127.0.0.1:5432. Start it with: sudo pg_ctlcluster 15 main start');
    process.exit(1);
  }
  execSync('pg_ctlcluster 15 main start', { stdio: 'inherit' });
  for (let i = 0; i < 30 && !ready(); i++) execSync('sleep 1');
  if (!ready()) {
    console.error('PostgreSQL 15 did not become ready on 127.0.0.1:5432.');
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureSystemDeps();
  ensurePostgres();
}
