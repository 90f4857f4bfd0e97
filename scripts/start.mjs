#!/usr/bin/env node
/**
 * `npm start`: serves what users get — the production build (service worker, CSP, split chunks) on the port the
 * README names — instead of the development server (`npm run dev`), which made a first visit load 15 MB in
 * 227 requests and showed a blank page for seconds.
 *
 *   1. the local-mode database snapshot, rebuilt only when its SQL changed (build-local-snapshot.mjs --if-stale);
 *   2. `vite build`, only when the build's inputs changed: their hash is kept next to the build in
 *      dist/.build-inputs (sources, public/ incl. the snapshot, migrations, index.html, vite.config.ts, the
 *      lockfile and patches/, the .env files and VITE_* variables, which Vite bakes into the build);
 *   3. `vite preview` on port 5173 (the next free one if it is taken).
 *
 *   node scripts/start.mjs [--port N] [--host H] [--rebuild]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const outDir = 'dist';
const stamp = join(root, outDir, '.build-inputs');

// patches/: the fixes `npm install` applies to dependencies (patch-package) change what is bundled, as the lockfile does.
const INPUTS = ['src', 'public', 'supabase/migrations', 'index.html', 'vite.config.ts', 'package-lock.json', 'patches', 'tsconfig.json'];
const ENV_FILES = ['.env', '.env.local', '.env.production', '.env.production.local'];

function filesUnder(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [path];
  return readdirSync(abs, { recursive: true })
    .map((f) => join(path, String(f)))
    .filter((f) => statSync(join(root, f)).isFile());
}

/** Everything `vite build` reads, hashed by path and content. */
function buildInputsHash() {
  const hash = createHash('sha256');
  const files = [...INPUTS, ...ENV_FILES].flatMap(filesUnder).sort();
  for (const f of files) hash.update(relative(root, join(root, f))).update('\0').update(readFileSync(join(root, f)));
  const viteEnv = Object.entries(process.env)
    .filter(([k]) => k.startsWith('VITE_'))
    .sort(([a], [b]) => a.localeCompare(b));
  hash.update(JSON.stringify(viteEnv));
  return hash.digest('hex');
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('node', ['scripts/build-local-snapshot.mjs', '--if-stale']);

const hash = buildInputsHash();
const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
if (argv.includes('--rebuild') || built !== hash || !existsSync(join(root, outDir, 'index.html'))) {
  console.log('building the app (sources changed since the last build) …');
  run('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir']);
  writeFileSync(stamp, hash + '\n');
} else {
  console.log('the build is up to date');
}

const port = opt('--port', process.env.PORT ?? '5173');
const host = opt('--host', 'localhost');
const server = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--host', host, '--port', port], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
