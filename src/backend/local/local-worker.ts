/// <reference lib="webworker" />
/**
 * The Web Worker that owns the embedded database (PGlite + PostGIS). The main thread talks to it through
 * PGliteWorker (which also elects one leader tab when several tabs are open).
 *
 * First visit: if a pre-built data directory snapshot is served (scripts/build-local-snapshot.mjs →
 * public/local-snapshot/), it is loaded with `loadDataDir` instead of running initdb + migrations + seed.
 */
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { worker } from '@electric-sql/pglite/worker';

export interface LocalWorkerMeta {
  dataDir: string;
  snapshotUrl?: string | null;
}

async function idbDataDirExists(dataDir: string): Promise<boolean | null> {
  if (!dataDir.startsWith('idb://')) return null;
  const name = `/pglite/${dataDir.slice('idb://'.length)}`;
  try {
    if (typeof indexedDB.databases !== 'function') return null;
    const dbs = await indexedDB.databases();
    return dbs.some((d) => d.name === name);
  } catch {
    return null;
  }
}

async function fetchSnapshot(url: string): Promise<Blob | null> {
  try {
    const res = await fetch(url);
    if (!res.ok) return null;
    const blob = await res.blob();
    // A dev server answers a missing file with index.html: accept only a gzip or tar body.
    const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    return gzip || blob.size > 1024 * 1024 ? blob : null;
  } catch {
    return null;
  }
}

void worker({
  async init(options) {
    const meta = (options.meta ?? {}) as LocalWorkerMeta;
    const dataDir = meta.dataDir || 'idb://trygghetskartan';
    const t0 = performance.now();
    let loadDataDir: Blob | undefined;
    if (meta.snapshotUrl && (await idbDataDirExists(dataDir)) === false) {
      loadDataDir = (await fetchSnapshot(meta.snapshotUrl)) ?? undefined;
    }
    const open = (snapshot?: Blob) =>
      PGlite.create({
        dataDir,
        extensions: { postgis },
        relaxedDurability: true,
        loadDataDir: snapshot,
        // Only used when there is no snapshot (initdb in the browser): 1 MB WAL segments, not 16 MB.
        initDbStartParams: ['--wal-segsize=1'],
      });
    let db: PGlite;
    try {
      db = await open(loadDataDir);
    } catch (e) {
      if (!loadDataDir || !/already exists/i.test(String((e as Error).message))) throw e;
      db = await open();
    }
    console.info(
      `[local-worker] PGlite ready in ${Math.round(performance.now() - t0)} ms` +
        (loadDataDir ? ` (from snapshot, ${(loadDataDir.size / 1e6).toFixed(1)} MB)` : ''),
    );
    return db;
  },
});
