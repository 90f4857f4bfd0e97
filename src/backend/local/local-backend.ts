/**
 * Local (embedded) adapter: PGlite + PostGIS in a Web Worker, the same migrations as Supabase, data in
 * IndexedDB (`idb://trygghetskartan`), demo personas instead of Auth. See local-engine.ts for the part
 * that does not depend on the browser.
 */
import { PGliteWorker } from '@electric-sql/pglite/worker';
import type { Backend, Identity, StartProgress } from '../backend';
import { ApiError, toApiError } from '../../domain/errors';
import { isRole, type Role } from '../../domain/roles';
import { PHOTO_MAX_BYTES } from '../../domain/report-rules';
import { ensurePersonas, purgeReporterLinks, RpcRunner, setupDatabase, type Db } from './local-engine';
import { allPersonas, PERSONA_KEY, replaceResidentId, residentIdFrom, residentPersona, type Persona } from './personas';
import { parseReportChange, REPORTS_CHANNEL, type ReportChange } from '../report-change';
import { callerContext, isReadOnlyFunction, toRpcError } from './rpc-sql';
import { bundledSqlSources } from './sql-sources';
import { forgetPhotoUrls, photoObjectUrl, PHOTO_DATABASE, putPhoto, removeUnreferencedPhotos } from './photo-store';
import type { LocalWorkerMeta } from './local-worker';

// Kept equal to local-worker.ts (importing values from the worker module would bundle PGlite twice).
const DURABLE_SYNC = 'trygghetskartan:durable-sync';
const DURABLE_SYNC_DONE = 'trygghetskartan:durable-sync-done';

export const LOCAL_DATA_DIR = 'idb://trygghetskartan';
export const DEMO_REPORT_COUNT = 6000;
export const DEMO_SEED = 42;

function storage(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null;
  }
}

function randomUuid(): string {
  return crypto.randomUUID();
}

/** What the report feed needs of the database; PGliteWorker has it (and PGlite, but for onLeaderChange). */
export interface NotificationSource {
  transaction<T>(fn: (tx: { exec(sql: string): Promise<unknown> }) => Promise<T>): Promise<T>;
  onNotification(callback: (channel: string, payload: string) => void): () => void;
  onLeaderChange?(callback: () => void): () => void;
}

/**
 * One tab's report changes (`Backend.subscribeReports`), robust to several tabs.
 *
 * All tabs of a browser profile share ONE PostgreSQL session: PGliteWorker elects a leader tab whose worker
 * runs PGlite, the other tabs' queries go to it, and it broadcasts every notification to every tab. So
 * `PGliteWorker.listen`/`unlisten` is wrong here: when a tab's last listener goes (a crew panel unmounted on
 * a persona switch), it sends `UNLISTEN`, which silences every other tab as well (tests/e2e/realtime.test.ts
 * found it). Instead: `LISTEN` once and never `UNLISTEN` (a LISTEN nobody uses costs a broadcast per report
 * change), filter the notifications in this tab, and `LISTEN` again after a leader change, because the new
 * leader's PGlite is a new session; changes during the handover are unknown, so listeners then get one
 * "refetch everything" change (`id: null`).
 *
 * LISTEN runs in a transaction of its own: PGlite's `exec` outside one only takes the query lock and could
 * land inside another tab's open transaction (and be lost with its rollback).
 */
export function createReportFeed(db: NotificationSource) {
  const listeners = new Set<(change: ReportChange) => void>();
  let listening: Promise<boolean> | null = null;
  const emit = (change: ReportChange) => listeners.forEach((l) => l(change));

  const listen = (): Promise<boolean> =>
    db.transaction((tx) => tx.exec(`listen ${REPORTS_CHANNEL}`)).then(
      () => true,
      (e: unknown) => {
        listening = null; // try again on the next subscribe
        console.warn('[local-backend] report notifications unavailable', e);
        return false;
      },
    );

  db.onNotification((channel, payload) => {
    if (channel !== REPORTS_CHANNEL) return;
    const change = parseReportChange(payload);
    if (change) emit(change);
  });
  db.onLeaderChange?.(() => {
    if (!listening) return;
    listening = listen();
    void listening.then((ok) => ok && emit({ id: null, kind: 'update' }));
  });

  return {
    subscribe(listener: (change: ReportChange) => void): () => void {
      listeners.add(listener);
      listening ??= listen();
      return () => {
        listeners.delete(listener);
      };
    },
    /** Resolves when the session listens (true) or could not (false); for tests. */
    ready(): Promise<boolean> {
      return listening ?? Promise.resolve(false);
    },
  };
}

export interface LocalBackend extends Backend {
  /** Milliseconds per start-up step of the last start (for benchmarks and the e2e suite). */
  readonly startTimings: Readonly<Record<string, number>>;
}

export function createLocalBackend(
  options: { dataDir?: string; snapshotUrl?: string | null; postgisBundleUrl?: string | null; relaxedDurability?: boolean } = {},
): LocalBackend {
  const residentId = residentIdFrom(storage('localStorage'), randomUuid);
  const personas = allPersonas(residentId);
  const savedRole = storage('sessionStorage')?.getItem(PERSONA_KEY);
  let current: Persona = personas.find((p) => p.role === savedRole) ?? personas[0]!;
  const listeners = new Set<(identity: Identity) => void>();
  const startTimings: Record<string, number> = {};

  let db: PGliteWorker | null = null;
  let durableSync: () => Promise<void> = async () => {};
  let runner: RpcRunner | null = null;
  let feed: ReturnType<typeof createReportFeed> | null = null;
  let starting: Promise<void> | null = null;
  const progressListeners = new Set<(p: StartProgress) => void>();
  const report = (p: StartProgress) => progressListeners.forEach((l) => l(p));

  // A persona is who you are; your role is what the database says (an admin may grant the resident persona a
  // staff role on the Roller screen), read with api.whoami after start-up and after each switch, as in Supabase.
  let grantedRole: Role | null = null;
  const identity = (): Identity => ({ userId: current.userId, role: grantedRole ?? current.role, label: current.label });
  const notify = () => {
    const id = identity();
    listeners.forEach((l) => l(id));
  };
  async function refreshRole(): Promise<void> {
    const persona = current;
    let role: Role | null = null;
    if (persona.userId !== null) {
      const who = (await backend.rpc('whoami', {}).catch(() => null)) as { role?: unknown } | null;
      role = isRole(who?.role) ? who.role : null;
    }
    if (persona !== current) return; // switched meanwhile: that switch reads its own
    const next = role === persona.role ? null : role;
    if (next === grantedRole) return;
    grantedRole = next;
    notify();
  }

  async function boot(): Promise<void> {
    const t0 = performance.now();
    const mark = (label: string, since: number) => (startTimings[label] = Math.round(performance.now() - since));
    report({ stage: 'loading-engine' });
    const meta: LocalWorkerMeta = {
      dataDir: options.dataDir ?? LOCAL_DATA_DIR,
      snapshotUrl:
        options.snapshotUrl === undefined
          ? `${import.meta.env.BASE_URL ?? '/'}local-snapshot/trygghetskartan.tar.gz`
          : options.snapshotUrl,
      postgisBundleUrl:
        options.postgisBundleUrl === undefined
          ? `${import.meta.env.BASE_URL ?? '/'}local-snapshot/postgis.tar.gz`
          : options.postgisBundleUrl,
      relaxedDurability: options.relaxedDurability ?? true,
    };
    const worker = new Worker(new URL('./local-worker.ts', import.meta.url), { type: 'module', name: 'pglite' });
    let seq = 0;
    const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
    worker.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as { type?: unknown; id?: unknown; error?: unknown } | null;
      if (!data || data.type !== DURABLE_SYNC_DONE || typeof data.id !== 'number') return;
      const p = pending.get(data.id);
      pending.delete(data.id);
      if (data.error) p?.reject(new Error(String(data.error)));
      else p?.resolve();
    });
    durableSync = () =>
      new Promise<void>((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: DURABLE_SYNC, id });
      });
    const pg = await PGliteWorker.create(worker, { meta });
    // create() resolves before the worker's PGlite is up; the first query waits for it.
    await pg.query('select 1');
    mark('engine', t0);
    const t1 = performance.now();
    const engineDb = pg as unknown as Db;
    const result = await setupDatabase(engineDb, bundledSqlSources(), {
      demoCount: DEMO_REPORT_COUNT,
      demoSeed: DEMO_SEED,
      onProgress: report,
    });
    Object.assign(startTimings, result.timings);
    mark('setup', t1);
    const t2 = performance.now();
    await ensurePersonas(engineDb, personas);
    await purgeReporterLinks(engineDb);
    mark('personas', t2);
    // The worker runs with relaxedDurability; wait once until IndexedDB has the set-up state. Without this,
    // a tab closed during the background sync once lost the demo step.
    const t3 = performance.now();
    await durableSync();
    mark('sync', t3);
    db = pg;
    runner = new RpcRunner(engineDb);
    feed = createReportFeed(pg);
    mark('total', t0);
    console.info('[local-backend] ready', { fresh: result.fresh, applied: result.applied, ...startTimings });
    report({ stage: 'ready', fraction: 1 });
    void refreshRole();
  }

  const backend: LocalBackend = {
    kind: 'local',
    isDemo: true,
    startTimings,

    start(onProgress) {
      if (onProgress) progressListeners.add(onProgress);
      if (db) {
        onProgress?.({ stage: 'ready', fraction: 1 });
        return Promise.resolve();
      }
      starting ??= boot().catch((e: unknown) => {
        starting = null;
        throw e;
      });
      return starting;
    },

    async rpc(fn, args) {
      await backend.start();
      try {
        const value = await runner!.call(callerContext(current.userId, { isAnonymous: current.isAnonymous }), fn, args);
        // Calls that may write wait until IndexedDB has the change (reads stay fast).
        if (!isReadOnlyFunction(fn)) await durableSync();
        return value;
      } catch (e) {
        throw toRpcError(e, current.userId !== null);
      }
    },

    identity,

    onIdentityChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    personas: {
      list: () => personas.map((p) => ({ role: p.role, userId: p.userId })),
      async switchTo(role: Role) {
        const next = personas.find((p) => p.role === role);
        if (!next) throw new ApiError('forbidden', `no local persona for role ${role}`);
        if (next === current) return;
        current = next;
        try {
          storage('sessionStorage')?.setItem(PERSONA_KEY, role);
        } catch {
          // not persisted; fine
        }
        grantedRole = null;
        notify();
        if (db) await refreshRole();
      },
      current: () => current.role,
    },

    async forgetUser(clearLocalData) {
      // The resident's rows are gone (api.delete_my_data); what the page shows and the browser keeps goes now.
      forgetPhotoUrls();
      if (db) {
        // The photo store is this mode's Storage bucket: it keeps the files a report or update still names.
        const engineDb = db as unknown as Db;
        await removeUnreferencedPhotos(async (paths) => {
          const rows = await engineDb.query<{ path: string }>(
            `select p as path from unnest($1::text[]) as p
              where exists (select 1 from app.reports r where r.photo_path = p)
                 or exists (select 1 from app.report_updates u where u.photo_path = p)`,
            [paths],
          );
          return new Set(rows.rows.map((r) => r.path));
        });
      }
      await clearLocalData(db ? { keepDatabases: [PHOTO_DATABASE] } : undefined);
      // A new visitor: a new resident id (kept for the next visit) that the database knows before its first call.
      const fresh = residentPersona(replaceResidentId(storage('localStorage'), randomUuid));
      personas[personas.findIndex((p) => p.role === 'resident')] = fresh;
      if (db) {
        await ensurePersonas(db as unknown as Db, [fresh]);
        await durableSync();
      }
      current = fresh;
      grantedRole = null;
      notify();
    },

    subscribeReports(listener) {
      let stop: (() => void) | null = null;
      let closed = false;
      void backend
        .start()
        .then(() => {
          if (!closed) stop = feed!.subscribe(listener);
        })
        .catch((e: unknown) => console.warn('[local-backend] report notifications unavailable', e));
      return () => {
        closed = true;
        stop?.();
      };
    },

    async uploadPhoto(path, blob) {
      if (!current.userId) throw new ApiError('not_signed_in');
      // As the storage policy: an id-free `p/<uuid>` name, or one under the uploader's own id (crew update photos).
      const idFree = /^p\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|webp)$/.test(path);
      if ((!idFree && !path.startsWith(`${current.userId}/`)) || path.includes('..')) throw new ApiError('invalid_photo_path');
      if (!blob.type.startsWith('image/')) throw new ApiError('photo_type');
      if (blob.size > PHOTO_MAX_BYTES) throw new ApiError('photo_too_large');
      try {
        await putPhoto(path, blob);
      } catch (e) {
        throw toApiError(e);
      }
    },

    async photoUrl(path) {
      const url = await photoObjectUrl(path);
      if (!url) throw new ApiError('unexpected', `photo not found: ${path}`);
      return url;
    },
  };
  return backend;
}
