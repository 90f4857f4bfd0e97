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
// The summary gives each step's CPU time besides its wall time, where Linux can count it (docs/benchmarks.md,
// "CI time"): not the PostgreSQL server's (test:db prints it) nor most of Chromium's (below).
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

// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

mkdirSync('test-results/logs', { recursive: true });
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
const children = new Set();

/**
 * CPU seconds (user + system) of this process's children that have ended so far, from /proc (Linux; null
 * elsewhere). A step's child (npm) is reaped only after its own (vitest, its workers), so the growth when a step
 * ends is that step's CPU time — except what no parent reaps: the PostgreSQL server, a daemon (pg_ctl start; the db
 * step prints its CPU itself), and Chromium's renderer and GPU processes, forked by its zygote (measured: 3.3 of
 * 13.3 s counted for one app start), so the e2e figure is far below its real CPU.
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
        resolve({ name, ok, seconds, cpu, file });
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
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
const retried = results.flatMap((r) => retriedTests(readFileSync(r.file, 'utf8')).map((t) => `  ${r.name}: ${t}`));
if (retried.length) console.log(`\nPassed only on a retry (flaky: look into it):\n${retried.join('\n')}`);
// A failed step's log was printed when it ended, maybe many minutes of the other lane's output ago; whoever
// reads only the end of this output (a CI page) still needs to know what failed.
for (const r of results.filter((r) => !r.ok)) {
  console.log(`\nWhat failed in ${r.name} (whole log above and in ${r.file}):`);
  console.log(failureLines(readFileSync(r.file, 'utf8')).join('\n') || '  (no failed test named: see the log)');
}
process.exit(failed ? 1 : 0);

/** The tests that passed only on a retry, as vitest.config.ts's FlakyReporter names them. */
function retriedTests(text) {
  return [...new Set(text.split('\n').filter((l) => l.startsWith('FLAKY (passed on retry')).map((l) => l.trim()))];
}

/** Vitest's failed tests (each with its first message line) and unhandled errors; at most 24 lines. */
function failureLines(text) {
  const lines = text.replace(ANSI_COLOUR, '').split('\n'); // vitest colours its log despite FORCE_COLOR=0
  const out = new Set();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (/^FAIL\s/.test(line)) {
      out.add(`  ${line}`);
      const next = lines.slice(i + 1).findIndex((l) => l.trim() !== '');
      if (next >= 0 && !/^\s*FAIL\s/.test(lines[i + 1 + next])) {
        out.add(`    ${lines[i + 1 + next].trim()}`);
        i += 1 + next;
      }
    } else if (/^(Error|TypeError|AssertionError|Unhandled)\b|Worker exited|Test timed out/.test(line)) {
      out.add(`  ${line}`);
    }
  }
  return [...out].slice(0, 24);
}
