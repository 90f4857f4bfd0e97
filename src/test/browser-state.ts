import { IDBFactory } from 'fake-indexeddb';
import { setBrowserOnline } from './network';

/**
 * Each test starts as a new browser profile would: an empty in-memory IndexedDB (the outboxes' queues),
 * empty localStorage (the report draft) and the network up. Persistence across reloads is tested in e2e.
 */
export function freshBrowserState(): void {
  globalThis.indexedDB = new IDBFactory();
  localStorage.clear();
  setBrowserOnline(true);
}
