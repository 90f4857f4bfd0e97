// Section map-100k (issue 4) — the map with 100,000 reports in local mode, in Chromium, against the
// BASELINE of the usual 6,000-report demo snapshot in the same run.
//
// How: one local-mode build; two copies of it, each serving a different pre-built database snapshot
// (scripts/build-local-snapshot.mjs --count N), so the browser loads 6,000 or 100,000 reports exactly as a
// first visit does. Per copy, a fresh Chromium profile (cold) is opened and measured from navigation start:
//   map first idle       `[data-map-ready="true"]` (MapLibre's first `idle`)
//   database ready       `html[data-backend="ready"]`
//   reports on the map   the list's "N rapporter i vyn" first appears (reports_in_view answered and the map
//                        got the same items), plus the next animation frame
// then the map is dragged with the mouse for about 2 s while requestAnimationFrame deltas are recorded
// (frame time while panning, median and p95; SwiftShader renders WebGL on the CPU here, so absolute frame
// times are far above a phone's GPU — compare the two columns, not with 16.7 ms).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildApp } from './bundle.mjs';
import { fmtBytes, fmtMs, fmtRatio, freePort, median, p95, section, sleep, table, CHROMIUM_ARGS } from './lib.mjs';

const root = join(import.meta.dirname, '..');
const COUNTS = [6000, Number(process.env.BENCH_MAP_REPORTS ?? 100_000)];
const TIMEOUT_MS = 240_000;

const INIT_SCRIPT = `(() => {
  const b = (window.__bench = { mapReady: null, backendReady: null, listShown: null, drawn: null, listText: null });
  const check = () => {
    const t = performance.now();
    if (b.backendReady === null && document.documentElement.getAttribute('data-backend') === 'ready') b.backendReady = t;
    if (b.mapReady === null && document.querySelector('[data-map-ready="true"]')) b.mapReady = t;
    const total = document.querySelector('.view-total');
    if (b.listShown === null && total && /\\d/.test(total.textContent || '') && /i vyn/.test(total.textContent || '')) {
      b.listShown = t;
      b.listText = total.textContent;
      requestAnimationFrame(() => requestAnimationFrame((t2) => (b.drawn = t2)));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  check();
})();`;

function snapshotFor(count, dir) {
  const t0 = performance.now();
  const r = spawnSync('node', ['scripts/build-local-snapshot.mjs', '--out', dir, '--count', String(count)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=3072' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`snapshot (${count}) failed:\n${(r.stderr || r.stdout).slice(-3000)}`);
  return { ms: performance.now() - t0, bytes: statSync(join(dir, 'trygghetskartan.tar.gz')).size };
}

function preview(outDir, port) {
  const child = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  process.on('exit', stop);
  return stop;
}

async function waitForHttp(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  throw new Error(`no answer at ${url}`);
}

async function measure(url) {
  const profile = mkdtempSync(join(tmpdir(), 'tk-bench-map-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  try {
    await context.addInitScript(INIT_SCRIPT);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.waitForFunction(() => window.__bench && window.__bench.drawn !== null && window.__bench.mapReady !== null, null, {
      timeout: TIMEOUT_MS,
      polling: 100,
    });
    const times = await page.evaluate(() => ({ ...window.__bench }));
    await sleep(1500); // let the first fetches and repaints settle before panning
    const box = await page.locator('[data-map-ready="true"]').boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.evaluate(() => {
      const w = window;
      w.__frames = [];
      let last = null;
      const loop = (t) => {
        if (last !== null) w.__frames.push(t - last);
        last = t;
        if (!w.__stopFrames) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 120; i++) {
      // left and back: about 2 s of dragging, the map follows every move
      const dx = i <= 60 ? -4 * i : -4 * (120 - i);
      await page.mouse.move(cx + dx, cy + dx / 3);
      await sleep(16);
    }
    await page.mouse.up();
    await sleep(300);
    const frames = await page.evaluate(() => {
      window.__stopFrames = true;
      return window.__frames;
    });
    return { ...times, frames };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function run() {
  section('map-100k: the map with 100,000 reports in local mode (Chromium)');
  const app = buildApp('local');
  const work = mkdtempSync(join(tmpdir(), 'tk-bench-map100k-'));
  const results = [];
  try {
    for (const count of COUNTS) {
      const snapDir = join(work, `snap-${count}`);
      const snap = snapshotFor(count, snapDir);
      const outDir = join(work, `app-${count}`);
      cpSync(app.outDir, outDir, { recursive: true });
      rmSync(join(outDir, 'local-snapshot'), { recursive: true, force: true });
      cpSync(snapDir, join(outDir, 'local-snapshot'), { recursive: true });
      if (!existsSync(join(outDir, 'local-snapshot', 'trygghetskartan.tar.gz'))) throw new Error('snapshot not copied');
      const port = await freePort();
      const stop = preview(outDir, port);
      try {
        await waitForHttp(`http://127.0.0.1:${port}/`);
        const m = await measure(`http://127.0.0.1:${port}/`);
        results.push({ count, snap, m });
      } finally {
        stop();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const [base, big] = results;
  const row = (label, f, fmt = fmtMs) => [label, fmt(f(base)), fmt(f(big)), fmtRatio(f(big) / f(base))];
  console.log(
    table(
      [
        ['measure (cold first visit)', `BASELINE ${base.count.toLocaleString('en-US')} reports`, `${big.count.toLocaleString('en-US')} reports`, 'ratio'],
        row('snapshot size (gzip)', (r) => r.snap.bytes, fmtBytes),
        row('navigation → map first idle', (r) => r.m.mapReady),
        row('navigation → database ready', (r) => r.m.backendReady),
        row('navigation → reports on the map', (r) => r.m.drawn),
        row('frame time while panning, median', (r) => median(r.m.frames)),
        row('frame time while panning, p95', (r) => p95(r.m.frames)),
        row('frames recorded while panning', (r) => r.m.frames.length, (n) => String(n)),
      ],
      { title: 'Cold first visit; one run each (a 100k snapshot takes minutes to build)' },
    ),
  );
  console.log(`List text at first draw: ${JSON.stringify(base.m.listText)} / ${JSON.stringify(big.m.listText)}`);
  console.log(`Snapshot build in Node: ${fmtMs(base.snap.ms)} / ${fmtMs(big.snap.ms)}.`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
