// Section — bivariate: perceived against actual risk over Malmö (src/analysis/bivariate.ts) in a worker thread, as
// the app would run it in its Web Worker, beside a naive baseline in the same run.
// Input: 1,000,000 synthetic reports and 100,000 synthetic events in EPSG:3006 (Node-generated; the statistic's
// input is per-cell counts), counted into Malmö's 100 m hexagons; neighbours = the Gi* default band (3 × size,
// 12 per interior cell). Timed ("comparison"): compareRisks = global bivariate Moran's I with 999 total
// permutations + local bivariate Moran's I with 999 conditional permutations (9,999 for the cells at p ≤ 0.002 after
// 999) + Benjamini–Hochberg + classes.
// BASELINE (what a direct transcription of the textbook does): the weights as a dense n × n matrix, and for each of
// the 999 permutations the whole y vector shuffled and every cell's spatial lag recomputed by a dense loop over
// all n cells (O(permutations × n²)); one run, stopped after a time budget and extrapolated linearly over the
// remaining permutations (every permutation costs the same). Its observed statistics must equal the fast path's.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fmtInt, fmtMs, fmtRatio, median, now, rng, section, table } from './lib.mjs';

const root = join(import.meta.dirname, '..');
const SIZE = 100;
const REPORTS = 1_000_000;
const EVENTS = 100_000;
const PERMUTATIONS = 999;
const RUNS = Number(process.env.BENCH_BIVARIATE_RUNS ?? 7);
const WARMUP = 2;
const BASELINE_BUDGET_MS = Number(process.env.BENCH_BIVARIATE_BASELINE_BUDGET_MS ?? 15_000);
const SEED = 20261206;
const TARGET_MS = 500;

/**
 * Per-cell counts of synthetic points: `uniform` of them spread over the grid's cells, the rest around the given
 * centres (Gaussian, σ metres) or along segments (±σ across). Points whose cell is not in the grid are redrawn.
 */
function countPoints(m, grid, n, { uniform, clusters, segments }, rand) {
  const counts = new Float64Array(grid.length);
  const cell = new Int32Array(2);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  let k = 0;
  while (k < n) {
    const u = rand();
    let x;
    let y;
    if (u < uniform) {
      const i = Math.floor(rand() * grid.length);
      [x, y] = m.hexCenter(grid.q[i], grid.r[i], grid.size);
      x += (rand() - 0.5) * grid.size;
      y += (rand() - 0.5) * grid.size;
    } else if (segments && u < uniform + (1 - uniform) / 2) {
      const [x1, y1, x2, y2, s] = segments[Math.floor(rand() * segments.length)];
      const t = rand();
      x = x1 + t * (x2 - x1) + s * gauss();
      y = y1 + t * (y2 - y1) + s * gauss();
    } else {
      const [cx, cy, s] = clusters[Math.floor(rand() * clusters.length)];
      x = cx + s * gauss();
      y = cy + s * gauss();
    }
    m.hexCellOf(x, y, grid.size, cell);
    const i = m.cellIndex(grid, cell[0], cell[1]);
    if (i < 0) continue;
    counts[i]++;
    k++;
  }
  return counts;
}

/** The baseline: dense weights, total permutation of y, every lag recomputed over all n cells per permutation. */
function naiveLocal(x, y, neighbors, permutations, seed, budgetMs) {
  const n = x.length;
  const W = new Uint8Array(n * n);
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const j of neighbors[i]) W[i * n + j] = 1;
    k[i] = neighbors[i].length;
  }
  const z = (v) => {
    let s = 0;
    for (const a of v) s += a;
    const mean = s / n;
    let ss = 0;
    for (const a of v) ss += (a - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    return Float64Array.from(v, (a) => (a - mean) / sd);
  };
  const zx = z(x);
  const zy = z(y);
  const denseLag = (v, out) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += W[row + j] * v[j];
      out[i] = k[i] ? s / k[i] : 0;
    }
  };
  const lag = new Float64Array(n);
  denseLag(zy, lag);
  const Is = Float64Array.from(zx, (a, i) => ((n - 1) / n) * a * lag[i]);
  const above = new Int32Array(n);
  const below = new Int32Array(n);
  const shuffled = Float64Array.from(zy);
  const simLag = new Float64Array(n);
  const rand = rng(seed);
  const t0 = now();
  let done = 0;
  for (let p = 0; p < permutations; p++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    denseLag(shuffled, simLag);
    for (let i = 0; i < n; i++) {
      const sim = ((n - 1) / n) * zx[i] * simLag[i];
      if (sim >= Is[i]) above[i]++;
      if (sim <= Is[i]) below[i]++;
    }
    done++;
    if (now() - t0 > budgetMs) break;
  }
  return { Is, done, elapsed: now() - t0, extrapolated: ((now() - t0) * permutations) / done };
}

async function workerMain() {
  const { runnerImport } = await import('vite');
  const load = async (f) => (await runnerImport(join(root, f), { root })).module;
  const hex = await load('src/analysis/hex-grid.ts');
  const nb = await load('src/analysis/neighbors.ts');
  const bv = await load('src/analysis/bivariate.ts');
  const proj = await load('src/analysis/projection.ts');
  const area = JSON.parse(readFileSync(join(root, 'public/data/malmo_kommun.geojson'), 'utf8')).features[0]
    .geometry;
  let t = now();
  const grid = hex.coverArea(area, SIZE);
  const neighbors = nb.distanceBandNeighbors(grid, nb.defaultBand(grid));
  const tGrid = now() - t;

  // Clusters and roads in SWEREF 99 TM from WGS 84 sketches (the same places the demo generator uses).
  const p = (lon, lat) => {
    const out = new Float64Array(2);
    proj.wgs84ToSweref99tm(lon, lat, out, 0);
    return [out[0], out[1]];
  };
  const centre = p(13.0005, 55.6035);
  const rand = rng(SEED);
  const reportClusters = [[...centre, 500]];
  for (let c = 0; c < 24; c++) {
    const i = Math.floor(rand() * grid.length);
    reportClusters.push([...hex.hexCenter(grid.q[i], grid.r[i], SIZE), 80 + 220 * rand()]);
  }
  const roads = [
    [13.023, 55.603, 13.07, 55.616],
    [13.01, 55.604, 13.045, 55.585],
    [13.045, 55.585, 13.11, 55.56],
    [13.008, 55.585, 13.02, 55.545],
    [12.993, 55.599, 12.93, 55.583],
    [12.965, 55.57, 13.065, 55.59],
  ].map(([a, b, c, d]) => [...p(a, b), ...p(c, d), 25]);
  const eventClusters = [[...centre, 450], ...reportClusters.slice(1, 9)];

  t = now();
  const m = { ...hex };
  const reports = countPoints(m, grid, REPORTS, { uniform: 0.6, clusters: reportClusters }, rand);
  const events = countPoints(m, grid, EVENTS, { uniform: 0.1, clusters: eventClusters, segments: roads }, rand);
  const tCount = now() - t;
  // Rates per km² (equal cells: the same statistic as counts, see bivariate.ts).
  const cellKm2 = ((3 * Math.sqrt(3)) / 2) * SIZE * SIZE * 1e-6;
  const perceived = bv.ratesPerKm2(reports, cellKm2);
  const actual = bv.ratesPerKm2(events, cellKm2);

  const runs = [];
  const cpu = [];
  const globalMs = [];
  const localMs = [];
  let result;
  for (let r = 0; r < WARMUP + RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = now();
    const g = bv.bivariateMoranGlobal(perceived, actual, neighbors, { permutations: PERMUTATIONS, seed: SEED });
    const t1 = now();
    const l = bv.bivariateMoranLocal(perceived, actual, neighbors, { permutations: PERMUTATIONS, seed: SEED });
    const t2 = now();
    const c = process.cpuUsage(c0);
    result = { global: g, local: l };
    if (r < WARMUP) continue;
    runs.push(t2 - t0);
    globalMs.push(t1 - t0);
    localMs.push(t2 - t1);
    cpu.push((c.user + c.system) / 1000);
  }

  const c0 = process.cpuUsage();
  const base = naiveLocal(perceived, actual, neighbors, PERMUTATIONS, SEED, BASELINE_BUDGET_MS);
  const cBase = process.cpuUsage(c0);
  let maxDiff = 0;
  for (let i = 0; i < grid.length; i++) maxDiff = Math.max(maxDiff, Math.abs(base.Is[i] - result.local.Is[i]));

  parentPort.postMessage({
    cells: grid.length,
    meanNeighbors: neighbors.reduce((s, l) => s + l.length, 0) / grid.length,
    tGrid,
    tCount,
    reportsCounted: reports.reduce((s, v) => s + v, 0),
    eventsCounted: events.reduce((s, v) => s + v, 0),
    median: median(runs),
    max: Math.max(...runs),
    cpu: median(cpu),
    global: median(globalMs),
    local: median(localMs),
    I: result.global.I,
    pGlobal: result.global.pSim,
    counts: result.local.counts,
    refined: result.local.refined,
    base: {
      done: base.done,
      elapsed: base.elapsed,
      extrapolated: base.extrapolated,
      cpuExtrapolated: ((cBase.user + cBase.system) / 1000) * (PERMUTATIONS / base.done),
    },
    maxDiff,
  });
}

export async function run() {
  section('bivariate — perceived vs actual risk (src/analysis/bivariate.ts) in a worker thread, Malmö 100 m');
  const worker = new Worker(new URL(import.meta.url), { workerData: { bench: 'bivariate' } });
  const r = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
  await worker.terminate();
  console.log(
    `Grid: ${fmtInt(r.cells)} hexagons of ${SIZE} m, ${r.meanNeighbors.toFixed(1)} neighbours per cell on average ` +
      `(grid + neighbours ${fmtMs(r.tGrid)}, once). Synthetic points counted into cells in ${fmtMs(r.tCount)}: ` +
      `${fmtInt(r.reportsCounted)} reports (60 % uniform, 40 % in 25 clusters), ${fmtInt(r.eventsCounted)} events ` +
      `(10 % uniform, 45 % along 6 main roads, 45 % in 9 clusters incl. the centre).`,
  );
  const ratio = r.base.extrapolated / r.median;
  console.log(
    table(
      [
        ['approach', 'runs', 'global (999)', 'local (999) + BH', 'comparison', 'slowest', 'CPU time', 'faster'],
        [
          'compareRisks (conditional, sparse)',
          String(RUNS),
          fmtMs(r.global),
          fmtMs(r.local),
          fmtMs(r.median),
          fmtMs(r.max),
          fmtMs(r.cpu),
          `${fmtRatio(ratio)} (local alone ${fmtRatio(r.base.extrapolated / r.local)})`,
        ],
        [
          `BASELINE dense W, total permutation (local only; ${fmtInt(r.base.done)} of ${PERMUTATIONS} permutations, extrapolated)`,
          '1',
          '—',
          fmtMs(r.base.extrapolated),
          fmtMs(r.base.extrapolated),
          '—',
          fmtMs(r.base.cpuExtrapolated),
          '1.0×',
        ],
      ],
      {
        title:
          `Median of ${RUNS} runs after ${WARMUP} warm-up, inside one worker_threads Worker; CPU time = the process's ` +
          `user + system time for the same work (the main thread waits idle).`,
      },
    ),
  );
  console.log(
    `Global I = ${r.I.toFixed(4)} (p = ${r.pGlobal}); local classes: ${Object.entries(r.counts)
      .map(([k, v]) => `${k} ${fmtInt(v)}`)
      .join(', ')} (${fmtInt(r.refined)} cells refined to 9,999 draws). Observed local I, fast path vs baseline: ` +
      `max |difference| ${r.maxDiff.toExponential(1)}.`,
  );
  console.log(
    `Load average during the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} on ${cpus().length} CPUs.`,
  );
  console.log(
    `\nTarget (issue 15): ${r.median < TARGET_MS ? 'MEETS ' : 'MISSES'} comparison median ${fmtMs(r.median)} vs < ${TARGET_MS} ms.`,
  );
}

if (!isMainThread && workerData?.bench === 'bivariate') await workerMain();
