import { IDBFactory } from 'fake-indexeddb';
import { createStore, get, set } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearLocalData } from './local-data';

/** A Web Storage in memory (Node has none). */
function memoryWebStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}

describe('clearLocalData', () => {
  let idb: IDBFactory;
  beforeEach(() => {
    idb = new IDBFactory();
    vi.stubGlobal('indexedDB', idb);
    vi.stubGlobal('localStorage', memoryWebStorage());
    vi.stubGlobal('sessionStorage', memoryWebStorage());
  });
  afterEach(() => vi.unstubAllGlobals());

  it('empties every database and removes every key but the language, the embedded database and what the caller keeps', async () => {
    await set('a', 'outbox item', createStore('trygghetskartan-outbox-reports', 'items'));
    await set('b', 'a store a feature added later', createStore('some-new-store', 'things'));
    await set('c', 'bucket file', createStore('trygghetskartan-photos', 'photos'));
    await set('d', 'database page', createStore('/pglite/trygghetskartan', 'pages'));
    localStorage.setItem('tk.report-draft.v1', '{}');
    localStorage.setItem('sb-project-auth-token', '{}');
    localStorage.setItem('trygghetskartan.lang', 'en');
    sessionStorage.setItem('trygghetskartan.local.persona', 'resident');

    const cleared = await clearLocalData({ keepDatabases: ['trygghetskartan-photos'] });

    expect(cleared.databases.sort()).toEqual(['some-new-store', 'trygghetskartan-outbox-reports']);
    expect(cleared.keys.sort()).toEqual(['sb-project-auth-token', 'tk.report-draft.v1', 'trygghetskartan.local.persona']);
    expect(await get('a', createStore('trygghetskartan-outbox-reports', 'items'))).toBeUndefined();
    expect(await get('b', createStore('some-new-store', 'things'))).toBeUndefined();
    expect(await get('c', createStore('trygghetskartan-photos', 'photos'))).toBe('bucket file');
    expect(await get('d', createStore('/pglite/trygghetskartan', 'pages'))).toBe('database page');
    expect(localStorage.getItem('trygghetskartan.lang')).toBe('en');
    expect(localStorage.length).toBe(1);
    expect(sessionStorage.length).toBe(0);
  });

  it('without indexedDB.databases() clears the names the app knows and creates none that are missing', async () => {
    await set('a', 'draft photo', createStore('keyval-store', 'keyval'));
    vi.spyOn(idb, 'databases').mockRejectedValue(new Error('not supported'));
    const cleared = await clearLocalData();
    expect(cleared.databases).toEqual(['keyval-store']);
    vi.mocked(idb.databases).mockRestore();
    expect((await idb.databases()).map((d) => d.name)).toEqual(['keyval-store']);
  });
});
