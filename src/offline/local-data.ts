/**
 * Forgetting a user in this browser ("Radera mina uppgifter"): everything the app keeps on the device goes.
 *
 * Clearing works by exclusion, not by registration: every IndexedDB database and every localStorage and
 * sessionStorage key of the origin is emptied except the few named below, so a feature that adds local storage
 * cannot forget to register it here. (A shared name prefix would not hold: the report draft lives under
 * `tk.report-draft.v1` and its photo in idb-keyval's default database `keyval-store`.)
 *
 * Databases are emptied (every object store cleared), not deleted: idb-keyval keeps its connections open for the
 * page's lifetime, so a `deleteDatabase` would stay blocked and queue every later `open` of that name behind it.
 */

/** Storage keys kept: a preference that says nothing about the user (the language the page is shown in). */
export const KEPT_STORAGE_KEYS: readonly string[] = ['trygghetskartan.lang'];

/**
 * Databases kept: local mode's embedded PostgreSQL (`/pglite/<name>`) is the server side of the demo, shared by
 * every persona of the browser; `api.delete_my_data` has already removed the user's rows in it.
 */
export const KEPT_DATABASE_PREFIXES: readonly string[] = ['/pglite/'];

/** Known to the app, for browsers without `indexedDB.databases()` (the outboxes, the local photo store, the draft photo). */
const KNOWN_DATABASES = ['trygghetskartan-outbox-reports', 'trygghetskartan-outbox-crew', 'trygghetskartan-photos', 'keyval-store'];

export interface ClearLocalDataOptions {
  /**
   * Databases a backend adapter keeps because they are its server side and it has removed the user's part of
   * them itself (local mode's photo store: the files the database still names belong to anonymous reports).
   */
  keepDatabases?: readonly string[];
}

export interface ClearedLocalData {
  /** Databases that held at least one record (now empty). */
  databases: string[];
  /** localStorage and sessionStorage keys removed. */
  keys: string[];
}

function webStorage(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null;
  }
}

function clearStorage(storage: Storage | null): string[] {
  if (!storage) return [];
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null && !KEPT_STORAGE_KEYS.includes(key)) keys.push(key);
  }
  keys.forEach((key) => storage.removeItem(key));
  return keys;
}

async function databaseNames(idb: IDBFactory): Promise<string[]> {
  if (typeof idb.databases === 'function') {
    try {
      return (await idb.databases()).map((d) => d.name).filter((n): n is string => typeof n === 'string');
    } catch {
      // fall through to the names the app knows
    }
  }
  return KNOWN_DATABASES;
}

/** Clears every object store of one database; resolves to whether it held anything. */
function emptyDatabase(idb: IDBFactory, name: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = idb.open(name);
    // A name that does not exist (from KNOWN_DATABASES) would be created: abort that, nothing to clear.
    let absent = false;
    request.onupgradeneeded = () => {
      absent = true;
      request.transaction?.abort();
    };
    request.onerror = (e) => {
      e.preventDefault();
      if (absent) resolve(false);
      else reject(request.error ?? new Error(`cannot open ${name}`));
    };
    request.onsuccess = () => {
      const db = request.result;
      const stores = [...db.objectStoreNames];
      if (stores.length === 0) {
        db.close();
        resolve(false);
        return;
      }
      const tx = db.transaction(stores, 'readwrite');
      let held = false;
      for (const store of stores) {
        const s = tx.objectStore(store);
        s.count().onsuccess = (e) => {
          if (((e.target as IDBRequest<number>).result ?? 0) > 0) held = true;
        };
        s.clear();
      }
      tx.oncomplete = () => {
        db.close();
        resolve(held);
      };
      tx.onabort = tx.onerror = () => {
        db.close();
        reject(tx.error ?? new Error(`cannot clear ${name}`));
      };
    };
  });
}

/**
 * Empties everything the app keeps in this browser (see the top of this file for what is kept and why).
 * Call it after the user's session has ended; it returns what it removed (for the confirmation and for tests).
 */
export async function clearLocalData(opts: ClearLocalDataOptions = {}): Promise<ClearedLocalData> {
  const kept = opts.keepDatabases ?? [];
  const keys = [...clearStorage(webStorage('localStorage')), ...clearStorage(webStorage('sessionStorage'))];
  const databases: string[] = [];
  const idb = typeof indexedDB !== 'undefined' ? indexedDB : null;
  if (idb) {
    for (const name of await databaseNames(idb)) {
      if (KEPT_DATABASE_PREFIXES.some((prefix) => name.startsWith(prefix)) || kept.includes(name)) continue;
      if (await emptyDatabase(idb, name)) databases.push(name);
    }
  }
  return { databases, keys };
}
