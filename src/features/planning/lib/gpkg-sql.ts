import type { SqlJsStatic } from 'sql.js';

/**
 * SQLite (sql.js, WebAssembly) for reading GeoPackages, loaded on first use only: the planning tab pays for the
 * ~50 kB of JavaScript and ~690 kB of wasm only when someone opens a GeoPackage.
 *
 * In the browser the package resolves to its browser build and the wasm comes from Vite's `?url` asset (a
 * hashed file of our own origin, so the CSP's 'self' and 'wasm-unsafe-eval' cover it). In Node (Vitest, the
 * fixture generator) the package resolves to its Node build, which reads the wasm beside itself.
 */
let loading: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= load().catch((error: unknown) => {
    loading = null; // a failed download may succeed on the next try
    throw error;
  });
  return loading;
}

async function load(): Promise<SqlJsStatic> {
  const { default: initSqlJs } = await import('sql.js');
  if (runsInNode()) return initSqlJs();
  const { default: wasmUrl } = await import('sql.js/dist/sql-wasm-browser.wasm?url');
  return initSqlJs({ locateFile: () => wasmUrl });
}

function runsInNode(): boolean {
  return (
    typeof window === 'undefined' && typeof process !== 'undefined' && !!process.versions?.node
  );
}
