import { defineConfig, loadEnv, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** The default online basemap (src/map/basemap.ts): style, tiles, glyphs and sprites on one host. */
const DEFAULT_BASEMAP_ORIGIN = 'https://tiles.openfreemap.org';

function originOf(url: string | undefined): string | null {
  if (!url?.trim()) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The Content-Security-Policy of the built app, from the build's env:
 * - script-src 'self' 'wasm-unsafe-eval': our bundles only; PGlite/PostGIS compile WebAssembly. No eval
 *   (Zod runs jitless, see src/app/app.tsx), no inline script (Vite emits none).
 * - worker-src 'self' blob:: the PGlite worker and MapLibre's worker are same-origin files
 *   (setWorkerUrl in src/map/map-view.tsx); blob: is kept for MapLibre's fallback worker bootstrap.
 * - connect-src: ourselves (static data, wasm, snapshot), the online basemap, and Supabase (REST + Realtime).
 * - img-src: ourselves, data: and blob: (photo previews, local-mode photos as object URLs, MapLibre
 *   sprites), the basemap host and Supabase Storage (signed photo URLs).
 * - style-src 'unsafe-inline': MapLibre and React set inline styles; styles cannot run code.
 * A <meta> policy cannot carry frame-ancestors or report-uri; send those as headers from the host.
 */
export function contentSecurityPolicy(env: Record<string, string | undefined>): string {
  const supabase = originOf(env.VITE_SUPABASE_URL);
  const supabaseWs = supabase ? supabase.replace(/^http/, 'ws') : null;
  const basemap = originOf(env.VITE_BASEMAP_STYLE_URL) ?? DEFAULT_BASEMAP_ORIGIN;
  const list = (...xs: (string | null)[]) =>
    [...new Set(xs.filter((x): x is string => !!x))].join(' ');
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': "'self' 'wasm-unsafe-eval'",
    'worker-src': "'self' blob:",
    'child-src': "'self' blob:",
    'connect-src': list("'self'", basemap, supabase, supabaseWs),
    'img-src': list("'self'", 'data:', 'blob:', basemap, supabase),
    'style-src': "'self' 'unsafe-inline'",
    'font-src': "'self' data:",
    'object-src': "'none'",
    'base-uri': "'self'",
    'form-action': "'self'",
    'manifest-src': "'self'",
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

/**
 * Injects the policy as the first <meta http-equiv> of the built index.html. Build only: the dev server
 * needs inline scripts and websockets for HMR (React Refresh preamble), so it runs without one.
 */
function cspPlugin(): Plugin {
  let policy = '';
  return {
    name: 'trygghetskartan-csp',
    apply: 'build',
    configResolved(config) {
      policy = contentSecurityPolicy({
        ...loadEnv(config.mode, config.root, 'VITE_'),
        ...pickViteEnv(process.env),
      });
    },
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

function pickViteEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('VITE_')));
}

export default defineConfig({
  plugins: [react(), cspPlugin()],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@electric-sql/pglite', '@electric-sql/pglite-postgis'] },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Zod and its jitless setup in one chunk: whichever chunk builds a schema first has set jitless before
    // (else Zod's eval probe trips the CSP). Shared chunks that the entry loads first made that a race.
    rolldownOptions: {
      output: {
        advancedChunks: {
          groups: [{ name: 'zod', test: /node_modules[\\/]zod[\\/]|src[\\/]app[\\/]zod-jitless/ }],
        },
      },
    },
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
