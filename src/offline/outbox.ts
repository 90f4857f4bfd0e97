/**
 * A persistent outbox: work the user has finished but the network has not taken yet.
 *
 * Generic (no React, no backend): the report flow uses it for resident reports, the crew feature for field
 * reports and status changes, each with its own `storage`/`send`. Contract:
 * - `add()` persists an item (id chosen by the caller: the client-generated report id) as `queued`.
 * - `flush()` sends the due items of the current `owner()`, one at a time, under `lock` (so two flushes —
 *   a timer and an `online` event, or two tabs with a Web Lock — never send the same item concurrently):
 *   `queued → sending → sent` (with the result), or back to `queued` with exponential backoff when
 *   `isTransient(error)` (network), or `failed` with `errorCode(error)` otherwise. A failed item stays
 *   until the user retries (`retry`), edits (`take`) or discards (`discard`) it.
 * - `send` MUST be idempotent by item id (api.submit_report is by p_id, api.change_status by p_update_id; photo
 *   upload is idempotent by path): a tab closed mid-send leaves a `sending` item, which `load()` turns back into `queued` and sends again.
 * - `start()` loads, flushes, and then flushes on the `online` event and on a timer (the backoff decides
 *   what is due); after each of those flushes it dispatches `outbox:flushed` (detail: the name) on its target,
 *   so a test can wait for "the outbox has looked" instead of sleeping. `subscribe()` + `items()` feed
 *   `useSyncExternalStore`.
 */

import { offlineError } from './network';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxItem<P, R = unknown> {
  id: string;
  /** The user who created it; only sent while that user is signed in. */
  owner: string | null;
  payload: P;
  blob: Blob | null;
  state: OutboxState;
  attempts: number;
  /** Epoch ms before which a queued item is not retried automatically. */
  nextAttemptAt: number;
  /** Error code of the last failure (`failed`), or of the last transient error (`queued`). */
  error: string | null;
  result: R | null;
  createdAt: number;
  updatedAt: number;
}

export interface OutboxStorage<P, R> {
  all(): Promise<OutboxItem<P, R>[]>;
  put(item: OutboxItem<P, R>): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface OutboxOptions<P, R> {
  /** Names the outbox in the `outbox:flushed` event (see start()). */
  name?: string;
  storage: OutboxStorage<P, R>;
  send(item: OutboxItem<P, R>): Promise<R>;
  owner(): string | null;
  online(): boolean;
  isTransient(error: unknown): boolean;
  errorCode(error: unknown): string;
  /** Serialises flushes (default: within this page). Pass a Web Lock for cross-tab exclusion. */
  lock?<T>(fn: () => Promise<T>): Promise<T>;
  now?(): number;
  /** Delay before retry number `attempts` (≥ 1) after a transient error. */
  backoff?(attempts: number): number;
}

export interface Outbox<P, R> {
  add(item: { id: string; owner: string | null; payload: P; blob: Blob | null }): Promise<OutboxItem<P, R>>;
  /** The latest snapshot (a new array after every change). */
  items(): readonly OutboxItem<P, R>[];
  subscribe(listener: () => void): () => void;
  load(): Promise<void>;
  flush(opts?: { force?: boolean }): Promise<void>;
  retry(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  /** Removes an unsent item and returns it (to edit it as a draft). */
  take(id: string): Promise<OutboxItem<P, R> | null>;
  /** Starts automatic sending; returns a stop function. */
  start(target?: Pick<Window, 'addEventListener' | 'removeEventListener' | 'dispatchEvent'>, intervalMs?: number): () => void;
}

/** 5 s, 10 s, 20 s … capped at 5 minutes. */
export const defaultBackoff = (attempts: number) => Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 300_000);

/** Dispatched on start()'s target after each flush it ran, sent or not (detail: the outbox's name). */
export const FLUSHED_EVENT = 'outbox:flushed';

export function createOutbox<P, R>(opts: OutboxOptions<P, R>): Outbox<P, R> {
  const now = opts.now ?? Date.now;
  const backoff = opts.backoff ?? defaultBackoff;
  let chain: Promise<unknown> = Promise.resolve();
  const localLock = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
  const lock = opts.lock ?? localLock;
  let snapshot: readonly OutboxItem<P, R>[] = [];
  const listeners = new Set<() => void>();

  // A flush reads storage every few seconds; an unchanged queue keeps its snapshot and wakes no one (every
  // subscriber would re-render the screens that show the queue, idle or not).
  const sameAsSnapshot = (items: readonly OutboxItem<P, R>[]) =>
    items.length === snapshot.length &&
    items.every((i, k) => i.id === snapshot[k]!.id && i.updatedAt === snapshot[k]!.updatedAt && i.state === snapshot[k]!.state);
  const publish = (items: OutboxItem<P, R>[]) => {
    const sorted = [...items].sort((a, b) => a.createdAt - b.createdAt);
    if (sameAsSnapshot(sorted)) return;
    snapshot = sorted;
    listeners.forEach((l) => l());
  };
  const refresh = async () => publish(await opts.storage.all());
  const save = async (item: OutboxItem<P, R>) => {
    await opts.storage.put(item);
    publish([...snapshot.filter((i) => i.id !== item.id), item]);
  };

  const flushOnce = async (force: boolean) => {
    // Read storage again inside the lock: another tab may have sent or removed items meanwhile.
    const items = (await opts.storage.all()).sort((a, b) => a.createdAt - b.createdAt);
    publish(items);
    for (const stored of items) {
      if (!opts.online()) return;
      if (stored.owner !== opts.owner()) continue;
      if (stored.state !== 'queued') continue;
      if (!force && stored.nextAttemptAt > now()) continue;
      let item: OutboxItem<P, R> = { ...stored, state: 'sending', updatedAt: now() };
      await save(item);
      try {
        // Local mode's database is in the browser and would take the call without any network: refuse here,
        // once for every outbox, so that "offline" looks the same on both backends.
        if (!opts.online()) throw offlineError();
        const result = await opts.send(item);
        item = { ...item, state: 'sent', result, error: null, attempts: item.attempts + 1, updatedAt: now() };
        await save(item);
      } catch (error) {
        const attempts = item.attempts + 1;
        if (opts.isTransient(error) || !opts.online()) {
          await save({
            ...item,
            state: 'queued',
            attempts,
            error: opts.errorCode(error),
            nextAttemptAt: now() + backoff(attempts),
            updatedAt: now(),
          });
          return; // the network is down: leave the rest for later
        }
        await save({ ...item, state: 'failed', attempts, error: opts.errorCode(error), updatedAt: now() });
      }
    }
  };

  const outbox: Outbox<P, R> = {
    async add({ id, owner, payload, blob }) {
      const t = now();
      const item: OutboxItem<P, R> = {
        id,
        owner,
        payload,
        blob,
        state: 'queued',
        attempts: 0,
        nextAttemptAt: t,
        error: null,
        result: null,
        createdAt: t,
        updatedAt: t,
      };
      await save(item); // not under the lock: queuing never waits for a send in flight
      return item;
    },
    items: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load: () =>
      lock(async () => {
        // Sent items have served their purpose (the server lists them now); an interrupted send is retried.
        for (const item of await opts.storage.all()) {
          if (item.state === 'sent') await opts.storage.remove(item.id);
          else if (item.state === 'sending') await opts.storage.put({ ...item, state: 'queued', nextAttemptAt: now() });
        }
        await refresh();
      }),
    flush: ({ force = false } = {}) => lock(() => flushOnce(force)),
    async retry(id) {
      await lock(async () => {
        const item = (await opts.storage.all()).find((i) => i.id === id);
        if (item && (item.state === 'failed' || item.state === 'queued')) {
          await save({ ...item, state: 'queued', error: null, nextAttemptAt: now() });
        }
      });
      await outbox.flush({ force: true });
    },
    discard: (id) =>
      lock(async () => {
        const item = (await opts.storage.all()).find((i) => i.id === id);
        if (item?.state === 'sending') return; // never pull an item from under a send
        await opts.storage.remove(id);
        await refresh();
      }),
    take: (id) =>
      lock(async () => {
        const item = (await opts.storage.all()).find((i) => i.id === id) ?? null;
        if (!item || item.state === 'sending' || item.state === 'sent') return null;
        await opts.storage.remove(id);
        await refresh();
        return item;
      }),
    start(target = globalThis as unknown as Window, intervalMs = 3_000) {
      let stopped = false;
      const kick = (force: boolean) => {
        if (stopped) return;
        void outbox
          .flush({ force })
          .catch(() => undefined)
          .then(() => {
            if (!stopped) target.dispatchEvent(new CustomEvent(FLUSHED_EVENT, { detail: opts.name ?? null }));
          });
      };
      const onOnline = () => kick(true);
      void outbox
        .load()
        .catch(() => undefined)
        .then(() => kick(true));
      target.addEventListener('online', onOnline);
      const timer = setInterval(() => kick(false), intervalMs);
      return () => {
        stopped = true;
        target.removeEventListener('online', onOnline);
        clearInterval(timer);
      };
    },
  };
  return outbox;
}

/** In-memory storage (tests, and browsers without IndexedDB: the queue then lives as long as the page). */
export function memoryStorage<P, R>(): OutboxStorage<P, R> {
  const map = new Map<string, OutboxItem<P, R>>();
  return {
    all: async () => [...map.values()],
    put: async (item) => void map.set(item.id, item),
    remove: async (id) => void map.delete(id),
  };
}
