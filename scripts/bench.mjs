#!/usr/bin/env node
// `npm run bench [-- section …] [--rebuild]` — performance tables, each measurement beside a BASELINE
// measured in the same run. Sections: reports-in-view, bundle, startup, hotspots (default: all, in that order).
// See docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { useBenchCluster } from './pg-cluster.mjs';

const SECTIONS = {
  'reports-in-view': () => import('../bench/reports-in-view.mjs'),
  bundle: () => import('../bench/bundle.mjs'),
  startup: () => import('../bench/startup.mjs'),
  hotspots: () => import('../bench/hotspots.mjs'),
  evidence: () => import('../bench/evidence.mjs'),
  'hotspots-db': () => import('../bench/hotspots-db.mjs'),
  dashboard: () => import('../bench/dashboard.mjs'),
  'map-100k': () => import('../bench/map-100k.mjs'),
  import: () => import('../bench/import.mjs'),
  bivariate: () => import('../bench/bivariate.mjs'),
};

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => a.startsWith('--')));
const names = argv.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in SECTIONS));
if (unknown.length || flags.has('--help')) {
  if (unknown.length) console.error(`Unknown section: ${unknown.join(', ')}`);
  console.error(`usage: npm run bench [-- ${Object.keys(SECTIONS).join(' | ')} …] [--rebuild]`);
  process.exit(unknown.length ? 2 : 0);
}
const selected = names.length ? names : Object.keys(SECTIONS);

console.log(
  `Trygghetskartan bench — ${new Date().toISOString()} — Node ${process.version}, ` +
    `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
);
try {
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync(
    'git',
    ['status', '--porcelain', '--', 'src', 'supabase', 'public', 'index.html', 'vite.config.ts'],
    { encoding: 'utf8' },
  ).trim();
  console.log(
    `Code: git ${head}${dirty ? ` + uncommitted changes in ${dirty.split('\n').length} file(s)` : ' (clean)'}.`,
  );
} catch {
  /* not a git checkout */
}
// The sections on PostgreSQL share one kept cluster of the bench's own (never the system cluster).
const ON_POSTGRES = ['reports-in-view', 'evidence', 'hotspots-db', 'dashboard'];
const benchCluster = selected.some((n) => ON_POSTGRES.includes(n)) ? await useBenchCluster() : null;
const started = performance.now();
const failures = [];
for (const name of selected) {
  const t0 = performance.now();
  try {
    const mod = await SECTIONS[name]();
    await mod.run({ rebuild: flags.has('--rebuild') });
  } catch (error) {
    failures.push(name);
    console.error(`\nSECTION FAILED: ${name}: ${error?.stack ?? error}`);
  }
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(
  `\nTotal: ${((performance.now() - started) / 1000).toFixed(1)} s.${failures.length ? ` Failed: ${failures.join(', ')}.` : ''}`,
);
await benchCluster?.stop();
process.exit(failures.length ? 1 : 0);
