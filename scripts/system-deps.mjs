// Makes sure the system packages the test suites need are present. As root on Debian it installs
// them; otherwise it says exactly what is missing and fails, so no suite is ever silently skipped.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = [
  { deb: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  {
    // PostgreSQL 15 itself comes with it; the db suite runs it in a cluster of its own (scripts/pg-cluster.mjs).
    deb: 'postgresql-15-postgis-3',
    present: () =>
      existsSync('/usr/share/postgresql/15/extension/postgis.control') && existsSync('/usr/lib/postgresql/15/bin/initdb'),
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

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
