/**
 * The shared offline layer: a persistent, generic outbox (no React, no backend). Features build their own
 * outbox on it (report: resident reports; crew: field reports and status changes). May import only domain.
 */
export { createOutbox, defaultBackoff, memoryStorage } from './outbox';
export type { Outbox, OutboxItem, OutboxOptions, OutboxState, OutboxStorage } from './outbox';
export { idbStorage, webLock } from './idb-storage';
export { isOffline } from './network';
export { clearLocalData, KEPT_DATABASE_PREFIXES, KEPT_STORAGE_KEYS } from './local-data';
export type { ClearedLocalData, ClearLocalDataOptions } from './local-data';
