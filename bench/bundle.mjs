// Section 2 — bundle: the INITIAL JavaScript (entry chunk + its static imports, from Vite's manifest;
// `imports` followed, `dynamicImports` not) in Supabase mode vs local mode, and the lazily loaded PGlite
// download. BASELINE: local-mode initial JS (and the PGlite download it would be if it were eager).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmtBytes, fmtMs, fmtRatio, now, section, table } from './lib.mjs';

const root = join(import.meta.dirname, '..');
const builds = new Map();
const tmpDirs = [];
process.on('exit', () => {
  if (process.env.BENCH_KEEP_BUILDS) return;
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

export const MODES = {
  supabase: { VITE_SUPABASE_URL: 'https://example.supabase.co', VITE_SUPABASE_ANON_KEY: 'x' },
  local: { VITE_SUPABASE_URL: '', VITE_SUPABASE_ANON_KEY: '' },
};

/** `npx vite build --outDir <tmp> --manifest` in the given mode (cached per process). */
export function buildApp(mode) {
  if (builds.has(mode)) return builds.get(mode);
  const outDir = mkdtempSync(join(tmpdir(), `tk-bench-${mode}-`));
  tmpDirs.push(outDir);
  const t0 = now();
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn'],
    {
      cwd: root,
      env: { ...process.env, ...MODES[mode] },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const ms = now() - t0;
  if (r.status !== 0) {
    throw new Error(
      `vite build (${mode} mode) failed (exit ${r.status}):\n${(r.stderr || r.stdout).slice(-4000)}`,
    );
  }
  const b = { mode, outDir, ms };
  builds.set(mode, b);
  return b;
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Does this built chunk contain PGlite? Its source map lists the modules it was built from. */
function pgliteModules(outDir, file) {
  const map = join(outDir, file + '.map');
  if (existsSync(map)) {
    const sources = JSON.parse(readFileSync(map, 'utf8')).sources ?? [];
    return sources.filter((s) => /@electric-sql[\\/]pglite/.test(s));
  }
  // No source map: fall back to a content marker.
  const text = readFileSync(join(outDir, file), 'utf8');
  return /pglite\.wasm|pglite\.data|PGlite/.test(text) ? ['(content marker: PGlite)'] : [];
}

export function analyse(build) {
  const { outDir } = build;
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'));
  const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
  if (entries.length === 0) throw new Error('no entry in the manifest');
  const initial = new Set();
  const initialCss = new Set();
  const visit = (key) => {
    const c = manifest[key];
    if (!c || initial.has(c.file)) return;
    initial.add(c.file);
    for (const css of c.css ?? []) initialCss.add(css);
    for (const k of c.imports ?? []) visit(k); // static imports only; dynamicImports are lazy
  };
  for (const [key] of entries) visit(key);
  const files = [...initial].filter((f) => f.endsWith('.js') || f.endsWith('.mjs'));
  const sizes = files.map((f) => {
    const buf = readFileSync(join(outDir, f));
    return { file: f, raw: buf.length, gzip: gz(buf), pglite: pgliteModules(outDir, f) };
  });
  const css = [...initialCss].map((f) => {
    const buf = readFileSync(join(outDir, f));
    return { file: f, raw: buf.length, gzip: gz(buf) };
  });

  const all = walk(outDir).map((p) => relative(outDir, p));
  const jsAll = all.filter((f) => /\.m?js$/.test(f) && !initial.has(f));
  const lazyJs = jsAll.map((f) => {
    const buf = readFileSync(join(outDir, f));
    return { file: f, raw: buf.length, gzip: gz(buf), pglite: pgliteModules(outDir, f).length > 0 };
  });
  const pgliteAssets = all
    .filter((f) => /\.(wasm|data|gz)$/.test(f)) // Vite names postgis.tar.gz `postgis.tar-<hash>.gz`
    .map((f) => {
      const buf = readFileSync(join(outDir, f));
      // .tar.gz is already compressed: its transfer size is its size.
      return {
        file: f,
        name: f.replace(/^assets\//, '').replace(/-[A-Za-z0-9_-]{8}(\.)/, '$1'),
        raw: buf.length,
        gzip: f.endsWith('.gz') ? buf.length : gz(buf),
      };
    });
  const sum = (xs, k) => xs.reduce((s, x) => s + x[k], 0);
  return {
    ...build,
    initial: sizes,
    initialRaw: sum(sizes, 'raw'),
    initialGzip: sum(sizes, 'gzip'),
    css,
    cssRaw: sum(css, 'raw'),
    cssGzip: sum(css, 'gzip'),
    pgliteInInitial: sizes.filter((s) => s.pglite.length > 0),
    lazyJs,
    lazyPgliteJs: lazyJs.filter((x) => x.pglite),
    pgliteAssets,
    totalFiles: all.length,
  };
}

export async function run() {
  section('2. bundle — initial JavaScript, Supabase mode vs local mode, lazy PGlite download');
  const sup = analyse(buildApp('supabase'));
  const loc = analyse(buildApp('local'));
  console.log(
    `vite build: Supabase mode ${fmtMs(sup.ms)}, local mode ${fmtMs(loc.ms)} (npx vite build --manifest).`,
  );

  const sum = (xs, k) => xs.reduce((s, x) => s + x[k], 0);
  const pgJsRaw = sum(loc.lazyPgliteJs, 'raw');
  const pgJsGz = sum(loc.lazyPgliteJs, 'gzip');
  const rows = [
    ['what', 'files', 'raw', 'gzip', 'gzip vs local initial'],
    [
      'Supabase-mode initial JS',
      sup.initial.length,
      fmtBytes(sup.initialRaw),
      fmtBytes(sup.initialGzip),
      fmtRatio(sup.initialGzip / loc.initialGzip),
    ],
    [
      'BASELINE local-mode initial JS',
      loc.initial.length,
      fmtBytes(loc.initialRaw),
      fmtBytes(loc.initialGzip),
      '1.0×',
    ],
    [
      'initial CSS (Supabase / local)',
      `${sup.css.length}/${loc.css.length}`,
      `${fmtBytes(sup.cssRaw)} / ${fmtBytes(loc.cssRaw)}`,
      `${fmtBytes(sup.cssGzip)} / ${fmtBytes(loc.cssGzip)}`,
      '',
    ],
    [
      'lazy JS containing PGlite (local)',
      loc.lazyPgliteJs.length,
      fmtBytes(pgJsRaw),
      fmtBytes(pgJsGz),
      fmtRatio(pgJsGz / loc.initialGzip),
    ],
  ];
  for (const a of loc.pgliteAssets) {
    rows.push([
      `lazy ${a.name}`,
      1,
      fmtBytes(a.raw),
      fmtBytes(a.gzip),
      fmtRatio(a.gzip / loc.initialGzip),
    ]);
  }
  const assetsRaw = sum(loc.pgliteAssets, 'raw') + pgJsRaw;
  const assetsGz = sum(loc.pgliteAssets, 'gzip') + pgJsGz;
  rows.push([
    'lazy PGlite download, total',
    loc.pgliteAssets.length + loc.lazyPgliteJs.length,
    fmtBytes(assetsRaw),
    fmtBytes(assetsGz),
    fmtRatio(assetsGz / loc.initialGzip),
  ]);
  console.log(
    '\n' + table(rows, { title: 'Bundle (gzip = node:zlib level 9; .gz files counted as is)' }),
  );

  console.log('\nInitial JS chunks (Supabase mode):');
  for (const s of sup.initial)
    console.log(`  ${s.file}  ${fmtBytes(s.raw)} raw, ${fmtBytes(s.gzip)} gzip`);
  if (loc.initial.map((x) => x.file).join() !== sup.initial.map((x) => x.file).join()) {
    console.log('Initial JS chunks (local mode):');
    for (const s of loc.initial)
      console.log(`  ${s.file}  ${fmtBytes(s.raw)} raw, ${fmtBytes(s.gzip)} gzip`);
  }
  const bigLazy = [...loc.lazyJs].sort((a, b) => b.raw - a.raw).slice(0, 6);
  console.log('Largest lazy JS chunks (local mode):');
  for (const s of bigLazy)
    console.log(
      `  ${s.file}  ${fmtBytes(s.raw)} raw, ${fmtBytes(s.gzip)} gzip${s.pglite ? '  [PGlite]' : ''}`,
    );

  for (const [label, a] of [
    ['Supabase-mode', sup],
    ['Local-mode', loc],
  ]) {
    if (a.pgliteInInitial.length === 0) {
      console.log(
        `PGlite in the ${label} initial JS: NO (checked ${a.initial.length} chunks' source maps) — ${label === 'Supabase-mode' ? 'requirement met' : 'lazy, as intended'}.`,
      );
    } else {
      const mods = [...new Set(a.pgliteInInitial.flatMap((s) => s.pglite))].slice(0, 5);
      console.log(
        `PGlite in the ${label} initial JS: YES — in ${a.pgliteInInitial.map((s) => s.file).join(', ')} ` +
          `(${mods.join(', ')}) — ${label === 'Supabase-mode' ? 'REQUIREMENT VIOLATED' : 'PGlite is not lazy'}.`,
      );
    }
  }
  if (loc.pgliteAssets.length === 0)
    console.log(
      'WARNING: no .wasm/.data/.tar.gz assets in the local build — is PGlite bundled at all?',
    );
  return { sup, loc };
}
