// `npm test`: every suite, all required, nothing skipped. Sets up what it needs first (Debian packages as
// root); each suite owns its services (test-db.mjs its own throwaway PostgreSQL cluster, test-e2e.mjs its
// build, server and browsers).
//
// Two lanes run side by side, because each has waits the other can fill on two cores, balanced by measured time
// (the last clean clone of the 2-core machine, session 7: unit + component 68 s → db 473 s in one lane,
// typecheck 30 s → lint 39 s → e2e 604 s in the other; lint moves back to even them out):
//   1: unit + component → db (PGlite + PostgreSQL 15) → lint
//   2: typecheck → e2e (snapshot, build, Chromium)
// A step's output is kept in test-results/logs/<step>.log and printed whole when the step ends.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { ensureSystemDeps } from './system-deps.mjs';

ensureSystemDeps();

const lanes = [
  [
    ['unit + component', ['exec', '--', 'vitest', 'run', '--project', 'unit', '--project', 'component', '--maxWorkers=2']],
    ['db (PGlite + PostgreSQL 15)', ['run', 'test:db']],
    ['lint', ['run', 'lint']],
  ],
  [
    ['typecheck', ['run', 'typecheck']],
    ['e2e (Chromium)', ['run', 'test:e2e']],
  ],
];

mkdirSync('test-results/logs', { recursive: true });
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    // Each child's own handlers remove what it made (clusters, servers, profiles).
    for (const child of children) child.kill(signal);
  });
}

function runStep(name, args) {
  const file = `test-results/logs/${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.log`;
  const log = createWriteStream(file);
  const t0 = Date.now();
  console.log(`[${elapsed()}] ▶ ${name}`);
  return new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    children.add(child);
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('close', (code) => {
      children.delete(child);
      log.end(() => {
        const seconds = Math.round((Date.now() - t0) / 1000);
        const ok = code === 0;
        console.log(`\n━━ ${name}: ${ok ? 'passed' : 'FAILED'} in ${seconds} s (log: ${file}) ━━`);
        console.log(readFileSync(file, 'utf8'));
        resolve({ name, ok, seconds });
      });
    });
  });
}

const results = (
  await Promise.all(
    lanes.map(async (lane) => {
      const out = [];
      for (const [name, args] of lane) out.push(await runStep(name, args));
      return out;
    }),
  )
).flat();

console.log(`\nSummary (wall ${elapsed()})`);
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
