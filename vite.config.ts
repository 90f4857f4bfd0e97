import { defineConfig, loadEnv, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

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

/**
 * Installable and offline (vite-plugin-pwa → Workbox generateSW). The service worker precaches the whole
 * build: the app shell, the data files, the engine's assets (PGlite wasm/data, the PostGIS bundle) and the
 * database snapshot (~33 MB, fetched once, after the first start: src/main.tsx registers it when the engine is
 * ready, so it never competes with the first visit's own downloads). Navigations fall back to the cached
 * index.html, so the app starts with no network. A new deploy: the new worker installs, takes over at once
 * (skipWaiting + clientsClaim) and the next load is the new version; the page is not reloaded under the
 * resident's hands (src/main.tsx announces it instead). Registration is ours (injectRegister: false): the
 * plugin's inline registration script would break the CSP.
 */
function pwaPlugin() {
  return VitePWA({
    injectRegister: false,
    registerType: 'autoUpdate',
    manifest: {
      id: '/',
      name: 'Trygghetskartan – Malmö',
      short_name: 'Trygghetskartan',
      description: 'Rapportera nedskräpning, otrygga platser och trafikproblem i Malmö och se vad andra har rapporterat.',
      lang: 'sv',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      orientation: 'any',
      theme_color: '#0b5394',
      background_color: '#ffffff',
      categories: ['government', 'utilities'],
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,mjs,css,html,wasm,data,gz,json,geojson,csv,png,svg,webmanifest}'],
      // The package's full PostGIS bundle (20 MB) is only a fallback: the worker loads the slim one
      // (local-snapshot/postgis.tar.gz, scripts/build-local-snapshot.mjs).
      globIgnores: ['**/*.map', 'local-snapshot/manifest.json', 'assets/postgis.tar-*.gz'],
      // The PostGIS bundle is the largest file (20 MB).
      maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
      // Hashed file names need no revision query (and then come from the HTTP cache the first visit filled).
      dontCacheBustURLsMatching: /^assets\//,
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
      skipWaiting: true,
      clientsClaim: true,
    },
  });
}

/**
 * The development server never runs the service worker, but a browser may still have the one `npm start`
 * registered on the same origin (same port), which would serve the old build instead of the dev server. Its
 * update check fetches /sw.js: answer with a worker that unregisters itself and reloads its pages.
 */
function retireServiceWorkerInDev(): Plugin {
  const RETIRE = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  await self.registration.unregister();
  for (const key of await caches.keys()) await caches.delete(key);
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));`;
  return {
    name: 'trygghetskartan-retire-sw-in-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== '/sw.js') return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-store');
        res.end(RETIRE);
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), cspPlugin(), pwaPlugin(), retireServiceWorkerInDev()],
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
