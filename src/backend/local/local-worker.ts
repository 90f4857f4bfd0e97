/// <reference lib="webworker" />
/**
 * The Web Worker that owns the embedded database (PGlite + PostGIS). The main thread talks to it through
 * PGliteWorker (which also elects one leader tab when several tabs are open).
 *
 * First visit: if a pre-built data directory snapshot is served (scripts/build-local-snapshot.mjs →
 * public/local-snapshot/), it is loaded with `loadDataDir` instead of running initdb + migrations + seed.
 * Later visits open the stored database; one whose migration history holds a version this build does not ship
 * is deleted and started over from the snapshot (docs/architecture.md, "Migrations").
 */
import { PGlite, type Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { worker } from '@electric-sql/pglite/worker';
import { appliedVersions, isFresh, type Db } from './local-engine';
import { orderMigrations, unknownMigrations } from './migrations';
import { bundledSqlSources } from './sql-sources';

export const DURABLE_SYNC = 'trygghetskartan:durable-sync';
export const DURABLE_SYNC_DONE = 'trygghetskartan:durable-sync-done';

export interface LocalWorkerMeta {
  dataDir: string;
  snapshotUrl?: string | null;
  /** The slim PostGIS bundle (scripts/build-local-snapshot.mjs); the package's full one when it is not served. */
  postgisBundleUrl?: string | null;
  /**
   * PGlite's relaxedDurability: queries return before IndexedDB has the change. Faster queries, but a tab
   * closed right after a write loses it (measured: a demo seed step was lost that way). On by default; the
   * adapter asks for a durable sync (see below) after set-up and after every call that may write.
   */
  relaxedDurability?: boolean;
}

/** The IndexedDB database PGlite keeps an `idb://…` data directory in. */
function idbName(dataDir: string): string {
  return `/pglite/${dataDir.slice('idb://'.length)}`;
}

async function idbDataDirExists(dataDir: string): Promise<boolean | null> {
  if (!dataDir.startsWith('idb://')) return null;
  const name = idbName(dataDir);
  try {
    if (typeof indexedDB.databases !== 'function') return null;
    const dbs = await indexedDB.databases();
    return dbs.some((d) => d.name === name);
  } catch {
    return null;
  }
}

function deleteIndexedDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete IndexedDB ${name}`));
  });
}

/**
 * Waits until PGlite has no IndexedDB sync pending. Under relaxedDurability a statement schedules its sync and
 * returns; closing the database while one is pending leaves it writing to a file system that is gone, and
 * reopening IndexedDB, which then blocks the deletion for good. `syncToFs()` makes exactly one more sync run
 * after any in flight (it schedules one, or one is already scheduled); when that one ends, nothing is pending.
 */
async function settleSync(db: PGlite): Promise<void> {
  const fs = db.fs as unknown as { syncToFs(relaxed?: boolean): Promise<void> };
  const sync = fs.syncToFs;
  try {
    const next = new Promise<void>((resolve, reject) => {
      fs.syncToFs = (relaxed) => {
        fs.syncToFs = sync;
        const done = sync.call(fs, relaxed);
        done.then(resolve, reject);
        return done;
      };
    });
    await db.syncToFs();
    await next;
  } finally {
    fs.syncToFs = sync;
  }
}

/**
 * The versions in the database's migration history that this build does not ship ([] for a new database). Read
 * in a transaction: PGlite writes nothing back to IndexedDB inside one, so no background sync (relaxedDurability)
 * is still running, or reopens IndexedDB, when the database is closed and deleted.
 */
async function unknownHistory(db: PGlite): Promise<string[]> {
  const applied = await db.transaction(async (tx) => {
    const txDb = { query: tx.query.bind(tx) } as unknown as Db;
    return (await isFresh(txDb)) ? [] : await appliedVersions(txDb);
  });
  return unknownMigrations(orderMigrations(bundledSqlSources().migrations), applied);
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

/**
 * Whether `url` answers with a gzip file (a dev server answers a missing file with index.html). Some servers
 * (vite preview) send a `.gz` file with `Content-Encoding: gzip`, so the browser hands over the tar itself;
 * PGlite reads the same header.
 */
async function servesGzip(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    if (!res.ok || !res.body) return false;
    if (res.headers.get('Content-Encoding') === 'gzip') {
      void res.body.cancel();
      return true;
    }
    const reader = res.body.getReader();
    const { value } = await reader.read();
    void reader.cancel();
    return !!value && value[0] === 0x1f && value[1] === 0x8b;
  } catch {
    return false;
  }
}

/**
 * PostGIS from the slim bundle when it is served: only the `postgis` library of the three the package ships
 * (7.5 MB instead of 20 MB; one 17 MB library to compile at every start instead of three). Same set-up
 * (environment, PROJ data); only the bundle differs. PGlite fetches it again, from the HTTP or worker cache.
 */
async function postgisExtension(bundleUrl: string | null | undefined): Promise<Extension> {
  if (!bundleUrl || !(await servesGzip(bundleUrl))) return postgis;
  const bundlePath = new URL(bundleUrl, self.location.href);
  return {
    name: postgis.name,
    setup: async (pg, emscriptenOpts) => ({ ...(await postgis.setup(pg, emscriptenOpts)), bundlePath }),
  };
}

/** The database, once this tab's worker has opened it (set in init). */
let current: PGlite | null = null;

void worker({
  async init(options) {
    const meta = (options.meta ?? {}) as LocalWorkerMeta;
    const dataDir = meta.dataDir || 'idb://trygghetskartan';
    const t0 = performance.now();
    const extension = postgisExtension(meta.postgisBundleUrl);
    let loadDataDir: Blob | undefined;
    if (meta.snapshotUrl && (await idbDataDirExists(dataDir)) === false) {
      loadDataDir = (await fetchSnapshot(meta.snapshotUrl)) ?? undefined;
    }
    const postgisExt = await extension;
    const open = (snapshot?: Blob) =>
      PGlite.create({
        dataDir,
        extensions: { postgis: postgisExt },
        relaxedDurability: meta.relaxedDurability ?? true,
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
    if (!loadDataDir && dataDir.startsWith('idb://')) {
      // A database kept from an earlier version whose migrations this build no longer ships (they were folded
      // into one file per concern): the newer files cannot be applied on top of it. Start over from the
      // snapshot; the resident's unsent reports are in the outbox, a separate IndexedDB store, and survive.
      const unknown = await unknownHistory(db);
      if (unknown.length) {
        console.info(`[local-worker] stored database from migrations ${unknown.join(', ')}: starting over`);
        await settleSync(db);
        await db.close(); // closes PGlite's IndexedDB connection, which would block the deletion
        await deleteIndexedDb(idbName(dataDir));
        const snapshot = meta.snapshotUrl ? ((await fetchSnapshot(meta.snapshotUrl)) ?? undefined) : undefined;
        db = await open(snapshot);
        loadDataDir = snapshot;
      }
    }
    current = db;
    console.info(
      `[local-worker] PGlite ready in ${Math.round(performance.now() - t0)} ms` +
        (loadDataDir ? ` (from snapshot, ${(loadDataDir.size / 1e6).toFixed(1)} MB)` : '') +
        (postgisExt === postgis ? ' (the full PostGIS bundle: the slim one is not served)' : ''),
    );
    return db;
  },
});

/**
 * A durable sync on request, outside PGliteWorker's protocol: PGliteWorker calls syncToFs() after every
 * query, and with relaxedDurability that does not wait for IndexedDB. The adapter sends
 * `{ type: DURABLE_SYNC, id }` after set-up and after calls that may write, and waits for the answer.
 * In a tab that is not the leader there is no database here: it answers at once.
 */
self.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { type?: unknown; id?: unknown } | null;
  if (!data || data.type !== DURABLE_SYNC) return;
  const reply = (error?: string) => self.postMessage({ type: DURABLE_SYNC_DONE, id: data.id, error });
  if (!current?.fs) return reply();
  const fs = current.fs;
  // PGlite's own background sync may run at the same time (it is not awaited under relaxedDurability);
  // a file Postgres removed meanwhile makes IDBFS throw, so try once more.
  fs.syncToFs(false)
    .catch(() => new Promise((r) => setTimeout(r, 50)).then(() => fs.syncToFs(false)))
    .then(
      () => reply(),
      (e: unknown) => reply(String(e)),
    );
});
