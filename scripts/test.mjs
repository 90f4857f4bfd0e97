// `npm test`: every suite, all required. Sets up what it needs first (system packages, PostgreSQL).
import { spawnSync } from 'node:child_process';
import { ensurePostgres, ensureSystemDeps } from './system-deps.mjs';

ensureSystemDeps();
ensurePostgres();

const steps = [
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['lint', 'npm', ['run', 'lint']],
  ['unit', 'npm', ['run', 'test:unit']],
  ['db (PGlite + PostgreSQL 15)', 'npm', ['run', 'test:db']],
  ['e2e (Chromium)', 'npm', ['run', 'test:e2e']],
];

const results = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  const { status } = spawnSync(cmd, args, { stdio: 'inherit' });
  results.push({ name, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\nSummary');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
