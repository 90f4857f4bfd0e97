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
//
// The summary gives each step's CPU time besides its wall time: on a 2-core machine both lanes keep both cores
// busy from start to end, so the wall time is about the CPU time of all steps over the cores, whatever the order;
// only less CPU work makes `npm test` faster (docs/benchmarks.md, "CI time").
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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

/**
 * CPU seconds (user + system) of this process's children that have ended so far, from /proc (Linux; null
 * elsewhere). A step's child (npm) is reaped only after all of its own (vitest, its workers, Chromium), so the
 * growth when a step ends is that step's CPU time — except the PostgreSQL server's, a daemon (pg_ctl start),
 * which the db step prints itself ("test-db: the PostgreSQL server used … s of CPU").
 */
const TICKS = 100; // USER_HZ: 100 on every Linux this runs on
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    const seconds = (Number(fields[13]) + Number(fields[14])) / TICKS; // cutime, cstime (fields 16 and 17 of stat)
    return Number.isFinite(seconds) ? seconds : null;
  } catch {
    return null; // not Linux: no CPU figures, never a failed run
  }
}
let cpuSeen = childrenCpu();
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
    let cpu = null;
    child.on('exit', () => {
      // Read at once: the other lane's step may end a moment later and must not be counted here.
      const now = childrenCpu();
      if (now !== null && cpuSeen !== null) cpu = Math.round(now - cpuSeen);
      cpuSeen = now;
    });
    child.on('close', (code) => {
      children.delete(child);
      log.end(() => {
        const seconds = Math.round((Date.now() - t0) / 1000);
        const ok = code === 0;
        const cpuText = cpu === null ? '' : `, ${cpu} s of CPU`;
        console.log(`\n━━ ${name}: ${ok ? 'passed' : 'FAILED'} in ${seconds} s${cpuText} (log: ${file}) ━━`);
        console.log(readFileSync(file, 'utf8'));
        resolve({ name, ok, seconds, cpu });
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
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s${r.cpu === null ? '' : `, ${r.cpu} s of CPU`})`);
if (results.every((r) => r.cpu !== null)) {
  const cpu = results.reduce((n, r) => n + r.cpu, 0);
  const cores = availableParallelism();
  console.log(`CPU ${cpu} s on ${cores} cores: the wall time cannot be below ${Math.round(cpu / cores)} s`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
