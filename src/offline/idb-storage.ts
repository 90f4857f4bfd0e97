import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import type { OutboxItem, OutboxStorage } from './outbox';

/**
 * Outbox storage in IndexedDB (database `trygghetskartan-outbox-<name>`): items are structured-cloned,
 * so Dates and the photo Blob survive as they are.
 */
export function idbStorage<P, R>(name: string): OutboxStorage<P, R> {
  let store: UseStore | null = null;
  const db = () => (store ??= createStore(`trygghetskartan-outbox-${name}`, 'items'));
  return {
    async all() {
      const ids = await keys<string>(db());
      const items = await Promise.all(ids.map((id) => get<OutboxItem<P, R>>(id, db())));
      return items.filter((i): i is OutboxItem<P, R> => i !== undefined);
    },
    put: (item) => set(item.id, item, db()),
    remove: (id) => del(id, db()),
  };
}

/** A cross-tab lock (Web Locks API) where the browser has one, else null (the outbox's own lock is used). */
export function webLock(name: string): (<T>(fn: () => Promise<T>) => Promise<T>) | undefined {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return undefined;
  return <T>(fn: () => Promise<T>) => locks.request(`trygghetskartan-outbox-${name}`, fn) as Promise<T>;
}
