// Section 3 — start-up in Chromium (local mode): a `vite preview` of a local-mode build, opened in a fresh
// profile (cold: empty IndexedDB, empty HTTP cache) and then reloaded in the same profile (warm: the
// database persisted in IndexedDB). A resident on a phone (360 × 740; BENCH_STARTUP_VIEWPORT=1280x860 for a
// desktop) who came to report: the visit opens the report tab by its link, #/new (BENCH_STARTUP_PATH). Measured
// from navigation start (the page's performance.now()):
//   map interactive  = `[data-map-ready="true"]` appears
//   database ready   = `html[data-backend="ready"]`
//   first question   = the report flow's first control (the place step's district search box) is rendered and
//                      visible (checkVisibility; it may sit below the fold of the phone's sheet)
//   reports on map   = the map is interactive and has been given reports: `html[data-map-reports]` > 0, set where
//                      the app hands the map its report cells (src/app/use-map-reports.ts; the source — shipped,
//                      cache or live — in data-map-reports-from). A build without that attribute shows "—".
// BASELINE: the cold visit (what every first-time visitor pays) beside the warm one.
// BENCH_STARTUP_BASELINE_DIST=<dir>: also measures that build (e.g. today's code, built from an older commit) in
// the same run, the two interleaved profile by profile, and prints them side by side.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './bundle.mjs';
import { fmtBytes, fmtMs, fmtRatio, freePort, median, section, sleep, table, CHROMIUM_ARGS } from './lib.mjs';

const root = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const TIMEOUT_MS = Number(process.env.BENCH_STARTUP_TIMEOUT_MS ?? 120_000);
// From /work/shared/PLATFORM.md (same list as tests/e2e/driver.ts).
const TARGETS = { warm: 4000, cold: 10_000 };
// Issue 13's targets (medians): cold — map interactive < 2.5 s, database ready < 8 s; warm — database ready < 3 s;
// a resident on a phone, on a first visit, sees the first question within 2 s and reports on the map within 2.5 s.
const ISSUE13 = { coldMap: 2500, coldDb: 8000, warmDb: 3000, coldQuestion: 2000, coldReports: 2500 };
const [VIEW_W, VIEW_H] = (process.env.BENCH_STARTUP_VIEWPORT ?? '360x740').split('x').map(Number);
const PATH = process.env.BENCH_STARTUP_PATH ?? '#/new';
// After both readiness attributes: how long to wait for the first question and the reports on the map.
const EXTRA_WAIT_MS = 10_000;

// Installed before any page script: records when each readiness attribute first appears, and every
// data-backend value (the app's start-up stages, if it exposes them there).
const INIT_SCRIPT = `(() => {
  const b = (window.__bench = { mapReady: null, backendReady: null, backendStates: [], firstQuestion: null,
    reportsOnMap: null, reportsFrom: null, reportsCount: null, hasReportsAttr: false });
  const check = () => {
    const t = performance.now();
    const root = document.documentElement;
    const be = root && root.getAttribute('data-backend');
    const last = b.backendStates[b.backendStates.length - 1];
    if (be && (!last || last.value !== be)) b.backendStates.push({ value: be, t });
    if (b.backendReady === null && be === 'ready') b.backendReady = t;
    if (b.mapReady === null && document.querySelector('[data-map-ready="true"]')) b.mapReady = t;
    if (b.firstQuestion === null) {
      const q = document.querySelector('.report-district-search input');
      if (q && (q.checkVisibility ? q.checkVisibility() : q.getClientRects().length > 0)) b.firstQuestion = t;
    }
    const n = root && root.getAttribute('data-map-reports');
    if (n !== null && n !== undefined) b.hasReportsAttr = true;
    if (b.reportsOnMap === null && b.mapReady !== null && Number(n) > 0) {
      b.reportsOnMap = t;
      b.reportsFrom = root.getAttribute('data-map-reports-from');
      b.reportsCount = Number(n);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-map-ready', 'data-backend', 'data-map-reports', 'data-map-reports-from', 'class', 'hidden', 'style'] });
  check();
})();`;

const INTERESTING = /pglite|postgis|\.wasm(\?|$)|\.data(\?|$)|tar\.gz|local-snapshot/i;

function startPreview(outDir, port) {
  const child = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--outDir',
      outDir,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  return { child, stop, log: () => log };
}

async function waitForHttp(url, server, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(
    `vite preview did not answer at ${url} within ${ms / 1000} s:\n${server.log().slice(-2000)}`,
  );
}

/** One navigation (goto or reload) measured until both attributes are present, or TIMEOUT_MS. */
async function measureVisit(page, go) {
  const requests = [];
  const consoleLines = [];
  const onReq = async (req) => {
    if (!INTERESTING.test(req.url())) return;
    const t = req.timing();
    const resp = await req.response().catch(() => null);
    const size = await req
      .sizes()
      .then((s) => s.responseBodySize)
      .catch(() => NaN);
    requests.push({
      url: req.url(),
      startEpoch: t.startTime,
      end: t.responseEnd,
      status: resp?.status(),
      size,
      fromCache: resp ? await resp.headerValue('x-from-cache').catch(() => null) : null,
    });
  };
  const onConsole = async (msg) => {
    const text = msg.text();
    if (!/\[local-|ready|pglite|start/i.test(text)) return;
    let args = [];
    try {
      args = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => String(a))));
    } catch {
      /* page gone */
    }
    consoleLines.push({ at: Date.now(), text, args });
  };
  const pageErrors = [];
  const onError = (e) => pageErrors.push(e.message);
  page.context().on('requestfinished', onReq);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  let error = null;
  try {
    await go();
    await page.waitForFunction(
      () =>
        window.__bench && window.__bench.mapReady !== null && window.__bench.backendReady !== null,
      null,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    // The first question and the reports on the map (a build without data-map-reports: up to 3 s after the
    // database, for its first question only).
    await page
      .waitForFunction(
        () => {
          const b = window.__bench;
          if (b.firstQuestion === null) return false;
          return b.reportsOnMap !== null || (!b.hasReportsAttr && performance.now() - b.backendReady > 3000);
        },
        null,
        { timeout: EXTRA_WAIT_MS, polling: 100 },
      )
      .catch(() => undefined);
  } catch (e) {
    error = e;
  }
  await sleep(300); // let late requestfinished/console handlers settle
  page.context().off('requestfinished', onReq);
  page.off('console', onConsole);
  page.off('pageerror', onError);
  const state = await page
    .evaluate(() => ({
      bench: window.__bench ?? null,
      timeOrigin: performance.timeOrigin,
      measures: performance
        .getEntriesByType('measure')
        .map((m) => ({ name: m.name, start: m.startTime, duration: m.duration })),
      resources: performance
        .getEntriesByType('resource')
        .map((r) => ({
          name: r.name,
          start: r.startTime,
          end: r.responseEnd,
          size: r.encodedBodySize,
          transfer: r.transferSize,
        })),
      backendAttr: document.documentElement.getAttribute('data-backend'),
      mapAttr: document.querySelector('[data-map-ready]')?.getAttribute('data-map-ready') ?? null,
      bodyText: document.body?.innerText?.slice(0, 300) ?? '',
    }))
    .catch((e) => ({ bench: null, evalError: e.message }));
  const res = [];
  // Worker downloads appear only in Playwright's network events; main-thread ones also in resource timing.
  for (const r of requests) {
    res.push({
      name: r.url,
      start: r.startEpoch - state.timeOrigin,
      end: r.startEpoch - state.timeOrigin + r.end,
      size: r.size,
      source: 'network',
    });
  }
  for (const r of state.resources ?? []) {
    if (INTERESTING.test(r.name) && !res.some((x) => x.name === r.name)) {
      res.push({
        name: r.name,
        start: r.start,
        end: r.end,
        size: r.size,
        source: 'resource-timing',
      });
    }
  }
  const ready = consoleLines.find((l) => /\[local-backend\] ready/.test(l.text));
  const readyLogAt = ready && state.timeOrigin ? ready.at - state.timeOrigin : null;
  const worker = consoleLines.find((l) => /\[local-worker\]/.test(l.text));
  return {
    mapReady: state.bench?.mapReady ?? null,
    backendReady: state.bench?.backendReady ?? null,
    firstQuestion: state.bench?.firstQuestion ?? null,
    reportsOnMap: state.bench?.reportsOnMap ?? null,
    reportsFrom: state.bench?.reportsFrom ?? null,
    reportsCount: state.bench?.reportsCount ?? null,
    backendStates: state.bench?.backendStates ?? [],
    measures: state.measures ?? [],
    resources: res.filter((r) => r.start > -1000), // drop entries of the previous document
    stageTimings: ready?.args?.find((a) => a && typeof a === 'object') ?? null,
    workerLine: worker?.text ?? null,
    readyLogAt,
    error: error
      ? `${error.message.split('\n')[0]} — data-backend=${JSON.stringify(state.backendAttr)}, ` +
        `data-map-ready=${JSON.stringify(state.mapAttr)}${pageErrors.length ? `, page errors: ${pageErrors.slice(0, 3).join(' | ')}` : ''}` +
        (state.bodyText
          ? `, page text: ${JSON.stringify(state.bodyText.replace(/\s+/g, ' ').slice(0, 160))}`
          : '')
      : null,
  };
}

const short = (url) =>
  url
    .replace(/^https?:\/\/[^/]+\//, '')
    .replace(/\?.*$/, '')
    .replace(/-[A-Za-z0-9_-]{8}(\.)/, '$1');

/** One fresh profile: a cold visit, then (if it finished) a reload = warm. */
async function measureProfile(chromium, url) {
  const dir = mkdtempSync(join(tmpdir(), 'tk-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: VIEW_W, height: VIEW_H },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  try {
    await context.addInitScript(INIT_SCRIPT);
    const page = context.pages()[0] ?? (await context.newPage());
    const cold = await measureVisit(page, () => page.goto(url + PATH, { waitUntil: 'commit' }));
    let warm;
    if (cold.error) {
      warm = { error: 'skipped: the cold visit did not finish' };
    } else {
      await sleep(1500); // let PGlite flush to IndexedDB (relaxedDurability) before the reload
      // A returning visitor comes back after the service worker (if the build has one) has installed: its
      // precache of the build runs after the first start and would otherwise be measured as part of the reload.
      await page
        .waitForFunction(() => !document.querySelector('link[rel="manifest"]') || navigator.serviceWorker.controller !== null, null, {
          timeout: TIMEOUT_MS,
        })
        .catch(() => undefined);
      warm = await measureVisit(page, () => page.reload({ waitUntil: 'commit' }));
    }
    return { cold, warm };
  } finally {
    await context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  section('3. startup — Chromium, local mode (PGlite + PostGIS in the browser)');
  if (!existsSync('/usr/bin/chromium'))
    throw new Error('Chromium is missing: apt-get install -y chromium');
  const { chromium } = await import('playwright-core');
  // BENCH_STARTUP_DIST: measure an existing local-mode build instead of building one.
  const build = process.env.BENCH_STARTUP_DIST
    ? { outDir: process.env.BENCH_STARTUP_DIST }
    : buildApp('local');
  const snap = join(build.outDir, 'local-snapshot', 'trygghetskartan.tar.gz');
  console.log(
    existsSync(snap)
      ? `Local-mode build includes the database snapshot (${fmtBytes(statSync(snap).size)}): a first visit loads it instead of running the migrations in the browser.`
      : 'NOTE: the build has no local-snapshot/trygghetskartan.tar.gz (scripts/build-local-snapshot.mjs not run): a first visit runs bootstrap + migrations + seed + demo data in the browser.',
  );
  const load = () => loadavg().map((x) => x.toFixed(1)).join(', ');
  console.log(`Viewport ${VIEW_W} × ${VIEW_H}, path ${PATH || '/'}; load average at the start: ${load()}`);
  const variants = [{ label: 'new', outDir: build.outDir, runs: [] }];
  if (process.env.BENCH_STARTUP_BASELINE_DIST)
    variants.unshift({ label: 'baseline', outDir: process.env.BENCH_STARTUP_BASELINE_DIST, runs: [] });
  for (const v of variants) {
    v.port = await freePort();
    v.server = startPreview(v.outDir, v.port);
    v.url = `http://127.0.0.1:${v.port}/`;
  }
  try {
    for (const v of variants) await waitForHttp(v.url, v.server);
    for (let i = 0; i < RUNS; i++) {
      for (const v of variants) {
        const one = await measureProfile(chromium, v.url);
        v.runs.push(one);
        const f = (x) =>
          x.error
            ? 'FAILED'
            : `map ${fmtMs(x.mapReady)}, question ${fmtMs(x.firstQuestion)}, reports ${fmtMs(x.reportsOnMap)}` +
              `${x.reportsFrom ? ` (${x.reportsFrom}, ${x.reportsCount})` : ''}, db ${fmtMs(x.backendReady)}`;
        console.log(`  run ${i + 1} ${v.label}: cold ${f(one.cold)}; warm ${f(one.warm)}`);
        if (one.cold.error) console.log(`    cold: ${one.cold.error}`);
        if (one.warm.error && !one.cold.error) console.log(`    warm: ${one.warm.error}`);
      }
      if (i === 0 && variants.every((v) => v.runs[0].cold.error)) {
        console.log('  (not repeating: the first cold visit already failed)');
        break;
      }
    }
  } finally {
    for (const v of variants) v.server.stop();
  }
  console.log(`Load average at the end: ${load()}`);
  const okOf = (v, k) => v.runs.map((r) => r[k]).filter((x) => !x.error && x.mapReady !== null && x.backendReady !== null);
  const COLUMNS = [
    ['cold', 'mapReady', 'cold: map interactive', ISSUE13.coldMap],
    ['cold', 'firstQuestion', 'cold: first question', ISSUE13.coldQuestion],
    ['cold', 'reportsOnMap', 'cold: reports on map', ISSUE13.coldReports],
    ['cold', 'backendReady', 'cold: database ready', ISSUE13.coldDb],
    ['warm', 'firstQuestion', 'warm: first question', null],
    ['warm', 'reportsOnMap', 'warm: reports on map', null],
    ['warm', 'backendReady', 'warm: database ready', ISSUE13.warmDb],
  ];
  const medianOf = (v, [visit, key]) => median(okOf(v, visit).map((x) => x[key]).filter((t) => t !== null));
  {
    const rows = [['build', 'ok runs', ...COLUMNS.map((c) => c[2])]];
    for (const v of variants) {
      rows.push([
        v.label === 'baseline' ? `BASELINE (${process.env.BENCH_STARTUP_BASELINE_LABEL ?? 'today'})` : 'new',
        `${okOf(v, 'cold').length}/${v.runs.length} cold, ${okOf(v, 'warm').length}/${v.runs.length} warm`,
        ...COLUMNS.map((c) => fmtMs(medianOf(v, c))),
      ]);
    }
    if (variants.length > 1) {
      const [base, now] = variants;
      rows.push([
        'baseline ÷ new',
        '',
        ...COLUMNS.map((c) => {
          const r = medianOf(base, c) / medianOf(now, c);
          return Number.isFinite(r) ? fmtRatio(r) : '—';
        }),
      ]);
    }
    rows.push(['target (issue 13)', '', ...COLUMNS.map((c) => (c[3] ? `< ${c[3] / 1000} s` : ''))]);
    const title =
      variants.length > 1
        ? `Side by side, medians of ${RUNS} fresh profiles each, interleaved (${VIEW_W} × ${VIEW_H}, ${PATH || '/'})`
        : `Medians of ${RUNS} fresh profiles (${VIEW_W} × ${VIEW_H}, ${PATH || '/'})`;
    console.log('\n' + table(rows, { title }));
    for (const v of variants) {
      const from = ['cold', 'warm'].map((visit) => {
        const xs = okOf(v, visit).map((x) => x.reportsFrom ?? '—');
        const counts = {};
        for (const x of xs) counts[x] = (counts[x] ?? 0) + 1;
        return `${visit} ${Object.entries(counts).map(([k, n]) => `${k} ${n}×`).join(', ') || '—'}`;
      });
      console.log(`  ${v.label}: first reports on the map came from — ${from.join('; ')}`);
    }
  }
  const runs = variants.at(-1).runs;

  const ok = (k) =>
    runs.map((r) => r[k]).filter((v) => !v.error && v.mapReady !== null && v.backendReady !== null);
  const cold = ok('cold');
  const warm = ok('warm');
  const med = (xs, f) => median(xs.map(f));
  const rows = [
    [
      'visit',
      'ok runs',
      'map interactive (median)',
      'database ready (median)',
      'target (db ready)',
      'db ready vs cold',
    ],
  ];
  const coldDb = med(cold, (v) => v.backendReady);
  const warmDb = med(warm, (v) => v.backendReady);
  rows.push([
    'warm (reload, IndexedDB)',
    `${warm.length}/${runs.length}`,
    fmtMs(med(warm, (v) => v.mapReady)),
    fmtMs(warmDb),
    `< ${TARGETS.warm / 1000} s`,
    fmtRatio(coldDb / warmDb) + ' faster',
  ]);
  rows.push([
    'BASELINE cold (fresh profile)',
    `${cold.length}/${runs.length}`,
    fmtMs(med(cold, (v) => v.mapReady)),
    fmtMs(coldDb),
    `< ${TARGETS.cold / 1000} s`,
    '1.0×',
  ]);
  console.log(
    '\n' +
      table(rows, {
        title: `Start-up from navigation start, ${runs.length} fresh profiles (cold visit, then a reload = warm)`,
      }),
  );

  // What dominates: downloads of the PGlite assets and the app's own stage timings (median over runs).
  const byName = new Map();
  for (const v of cold)
    for (const r of v.resources) {
      const k = short(r.name);
      if (!byName.has(k)) byName.set(k, []);
      byName.get(k).push(r);
    }
  if (byName.size) {
    const rr = [
      ['cold-visit download', 'size', 'starts at (median)', 'ends at (median)', 'duration'],
    ];
    for (const [k, xs] of byName) {
      rr.push([
        k,
        fmtBytes(median(xs.map((x) => x.size))),
        fmtMs(median(xs.map((x) => x.start))),
        fmtMs(median(xs.map((x) => x.end))),
        fmtMs(median(xs.map((x) => x.end - x.start))),
      ]);
    }
    console.log('\n' + table(rr));
  } else if (cold.length) {
    console.log('\n(No PGlite downloads were seen in the network events or resource timing.)');
  }
  for (const [label, xs] of [
    ['cold', cold],
    ['warm', warm],
  ]) {
    const st = xs.map((v) => v.stageTimings).filter(Boolean);
    if (st.length) {
      const keys = [...new Set(st.flatMap((s) => Object.keys(s)))].filter((k) =>
        st.every((s) => typeof s[k] === 'number'),
      );
      console.log(
        `App start-up stages, ${label} (console "[local-backend] ready", median ms): ` +
          keys.map((k) => `${k} ${Math.round(median(st.map((s) => s[k])))}`).join(', '),
      );
    }
    const wl = xs.map((v) => v.workerLine).filter(Boolean);
    if (wl.length) console.log(`  ${label}: ${wl[0]}`);
    const stages = xs[0]?.backendStates;
    if (stages?.length)
      console.log(
        `  ${label} data-backend states (run 1): ` +
          stages.map((s) => `${s.value}@${fmtMs(s.t)}`).join(' → '),
      );
    const ms = xs[0]?.measures;
    if (ms?.length)
      console.log(
        `  ${label} performance measures (run 1): ` +
          ms.map((m) => `${m.name} ${fmtMs(m.duration)}`).join(', '),
      );
  }

  const failed = runs.flatMap((r) => [r.cold, r.warm]).filter((v) => v.error);
  if (cold.length === 0) {
    console.log(
      `\nSTARTUP NOT MEASURED: no cold visit reached both [data-map-ready="true"] and html[data-backend="ready"] within ${TIMEOUT_MS / 1000} s.`,
    );
    console.log(`  First failure: ${failed[0]?.error}`);
    const partial = runs[0]?.cold;
    if (partial) {
      console.log(
        `  Partial, run 1 (not a result): map ${partial.mapReady === null ? 'never ready' : `ready at ${fmtMs(partial.mapReady)}`}; ` +
          (partial.readyLogAt !== null
            ? `the app logged "[local-backend] ready" at ${fmtMs(partial.readyLogAt)} but html[data-backend="ready"] never appeared`
            : 'no "[local-backend] ready" console message either') +
          (partial.stageTimings
            ? `; its stage timings: ${JSON.stringify(partial.stageTimings)}`
            : '') +
          '.',
      );
      if (partial.workerLine) console.log(`  ${partial.workerLine}`);
    }
    throw new Error('startup: the app did not become ready (see above); no numbers reported');
  }
  for (const [label, xs, t] of [
    ['warm', warm, TARGETS.warm],
    ['cold', cold, TARGETS.cold],
  ]) {
    const m = med(xs, (v) => v.backendReady);
    const mm = med(xs, (v) => v.mapReady);
    console.log(
      `${Number.isFinite(m) && m < t ? 'MEETS ' : 'MISSES'} ${label}: database ready ${fmtMs(m)} (map ${fmtMs(mm)}) vs target < ${t / 1000} s`,
    );
  }
  if (failed.length) console.log(`${failed.length} visit(s) failed: ${failed[0].error}`);
  return runs;
}
