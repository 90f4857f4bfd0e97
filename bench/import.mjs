// Section — import: 1,000 planned developments from a GeoJSON file in SWEREF 99 TM (EPSG:3006), as a planner
// brings them in (issue 5). Client side, in Node with the app's own code (src/features/planning/lib):
// parse + CRS detection + proj4 reprojection, then per-feature validation (mapping, Turf kinks, intersects
// Malmö's boundary). Database side: one `api.import_developments` call with the 1,000 outlines (all or
// nothing; every insert also fills the planning link table from the reports around it) on PGlite and, unless
// BENCH_IMPORT_PG=0, PostgreSQL 15 — each against the 6,000 local-mode demo reports, rolled back per run.
// BASELINE (same run): the same 1,000 outlines inserted one `api.save_development` call at a time, which is
// what a client without a bulk import would do.
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { fmtInt, fmtMs, fmtRatio, median, now, p95, rng, section, table } from './lib.mjs';

const root = join(import.meta.dirname, '..');
const COUNT = 1000;
const CLIENT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 7);
const DB_RUNS = Number(process.env.BENCH_IMPORT_DB_RUNS ?? 5);
// The baseline takes 1,000 calls per run; one run is enough to see the order of magnitude.
const BASELINE_RUNS = Number(process.env.BENCH_IMPORT_BASELINE_RUNS ?? 1);
const PLANNER = 'be4c0000-0000-4000-8000-0000000000f1';
const SEED = 20261201;

/**
 * 1,000 plan outlines as a municipal export would have them: irregular hexagons (60–400 m across) whose
 * centres lie in Malmö, every 10th a two-part MultiPolygon, every 7th with a courtyard hole, written in
 * EPSG:3006 with a `crs` member and Swedish field names.
 */
function syntheticFile(crs, inMalmo) {
  const rand = rng(SEED);
  const to3006 = crs.fromWgs84('EPSG:3006');
  const features = [];
  const ring = (cx, cy, r, k = 6) => {
    const pts = [];
    for (let i = 0; i < k; i++) {
      const a = (i / k) * 2 * Math.PI;
      const rr = r * (0.75 + 0.25 * rand());
      pts.push([Math.round((cx + rr * Math.cos(a)) * 1000) / 1000, Math.round((cy + rr * Math.sin(a)) * 1000) / 1000]);
    }
    pts.push(pts[0]);
    return pts;
  };
  const phases = ['Planering', 'Samråd', 'Granskning', 'Antagen', 'Laga kraft', 'Under byggnad', 'Färdigställd'];
  while (features.length < COUNT) {
    const lon = 12.93 + rand() * 0.17;
    const lat = 55.53 + rand() * 0.1;
    if (!inMalmo([lon, lat])) continue;
    const [cx, cy] = to3006([lon, lat]);
    const r = 30 + rand() * 170;
    const n = features.length;
    const outer = ring(cx, cy, r);
    const polygon = n % 7 === 0 ? [outer, ring(cx, cy, r * 0.3).reverse()] : [outer];
    const geometry =
      n % 10 === 0
        ? { type: 'MultiPolygon', coordinates: [polygon, [ring(cx + 2.5 * r, cy, r * 0.5)]] }
        : { type: 'Polygon', coordinates: polygon };
    features.push({
      type: 'Feature',
      properties: {
        PLANNAMN: `Bänkplan ${n + 1}`,
        DP_NR: `Dp ${7000 + n}`,
        STATUS: phases[n % phases.length],
        KLART: String(2027 + (n % 8)),
        LANK: n % 3 === 0 ? `https://malmo.se/plan/${n}` : '',
      },
      geometry,
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } }, features });
}

async function timeIt(runs, fn) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t = now();
    last = await fn();
    times.push(now() - t);
  }
  return { times, last };
}

async function dbRows(engineName, engines, features) {
  const db = await engines.createEngine(engineName);
  try {
    await db.query('select app.generate_demo_reports(6000, 42)');
    await db.query(`insert into app.staff_roles (user_id, role) values ($1, 'planner')`, [PLANNER]);
    const who = { role: 'authenticated', sub: PLANNER };
    const payload = JSON.stringify(features);
    // Warm-up, and a check that the import really stored all of them (then rolled back like every run).
    const check = await db.asRole(who, async (q) => {
      const [r] = await q(`select api.import_developments(p_features => $1::jsonb) as result`, [payload]);
      const [c] = await q('select count(*)::int as n, (select count(*)::int from app.development_reports) as links from app.developments where plan_id like $1', ['Dp 7%']);
      return { inserted: r.result.inserted, stored: c.n, links: c.links };
    });
    if (check.inserted !== features.length || check.stored !== features.length)
      throw new Error(`import stored ${check.stored} of ${features.length}`);
    const bulk = await timeIt(DB_RUNS, () =>
      db.asRole(who, (q) => q(`select api.import_developments(p_features => $1::jsonb) as result`, [payload])),
    );
    // Baseline: one save_development per outline, all in one transaction (no round-trip cost counted).
    const single = await timeIt(BASELINE_RUNS, () =>
      db.asRole(who, async (q) => {
        for (const f of features)
          await q(
            `select api.save_development(p_id => gen_random_uuid(), p_name => $1, p_plan_id => $2, p_phase => $3,
               p_expected_completion => $4::date, p_link => $5, p_geometry => $6::jsonb) as result`,
            [f.name, f.plan_id, f.phase, f.expected_completion, f.link, JSON.stringify(f.geometry)],
          );
      }),
    );
    return { engine: engineName, bulk: bulk.times, single: single.times, links: check.links };
  } finally {
    await db.close();
  }
}

export async function run() {
  section('import — 1,000 planned developments (EPSG:3006 GeoJSON → validated WGS84 → api.import_developments)');
  const load = (p) => runnerImport(join(root, p), { root }).then((m) => m.module);
  const [crs, file, feats, engines, bpip] = await Promise.all([
    load('src/geo/crs.ts'),
    load('src/features/planning/lib/plan-file.ts'),
    load('src/features/planning/lib/plan-features.ts'),
    load('tests/db/engines.ts'),
    import('@turf/boolean-point-in-polygon'),
  ]);
  const { readFileSync } = await import('node:fs');
  const boundary = JSON.parse(readFileSync(join(root, 'public/data/malmo_kommun.geojson'), 'utf8')).features[0];
  const text = syntheticFile(crs, (p) => bpip.booleanPointInPolygon(p, boundary));
  console.log(`File: ${fmtInt(COUNT)} features, ${(text.length / 1024 / 1024).toFixed(2)} MB of GeoJSON in EPSG:3006.`);

  const parse = await timeIt(CLIENT_RUNS, () => file.parseGeoJsonText(text));
  const parsed = parse.last;
  const mapping = feats.guessMapping(parsed.fields);
  const validate = await timeIt(CLIENT_RUNS, () => feats.validateFeatures(parsed.features, mapping, boundary));
  const candidates = validate.last;
  const accepted = candidates.filter((c) => feats.isImportable(c, true));
  const rejected = candidates.length - accepted.length;
  console.log(
    `Detected ${parsed.crs.code} (${parsed.crs.source}); ${accepted.length} accepted, ${rejected} rejected ` +
      `(${[...new Set(candidates.flatMap((c) => c.problems))].join(', ') || 'no problems'}).`,
  );
  console.log(
    table(
      [
        ['client step (Node, app code)', 'median', 'p95', 'per feature'],
        ['parse + detect CRS + reproject', fmtMs(median(parse.times)), fmtMs(p95(parse.times)), fmtMs(median(parse.times) / COUNT)],
        ['validate (mapping, kinks, in Malmö)', fmtMs(median(validate.times)), fmtMs(p95(validate.times)), fmtMs(median(validate.times) / COUNT)],
      ],
      { title: `Client side, ${CLIENT_RUNS} runs` },
    ),
  );

  const features = accepted.map((c) => ({
    name: c.name,
    plan_id: c.plan_id,
    phase: c.phase,
    expected_completion: c.expected_completion,
    link: c.link,
    geometry: feats.outlineToImport(c, true),
  }));
  const results = [await dbRows('pglite', engines, features)];
  if (process.env.BENCH_IMPORT_PG !== '0') {
    try {
      results.push(await dbRows('postgres', engines, features));
    } catch (error) {
      console.log(`PostgreSQL skipped: ${error.message.split('\n')[0]}`);
    }
  }
  console.log(
    table(
      [
        ['engine', 'import_developments median', 'p95', `BASELINE ${features.length} × save_development median`, 'ratio', 'links made'],
        ...results.map((r) => [
          r.engine,
          fmtMs(median(r.bulk)),
          fmtMs(p95(r.bulk)),
          fmtMs(median(r.single)),
          fmtRatio(median(r.single) / median(r.bulk)),
          fmtInt(r.links),
        ]),
      ],
      { title: `Database side (${features.length} outlines, 6,000 demo reports, rolled back; ${DB_RUNS} runs, baseline ${BASELINE_RUNS})` },
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
