/**
 * Is the browser offline? (`navigator.onLine === false`; unknown counts as online.)
 *
 * Local mode keeps the database in the browser, so a call would succeed without any network: an outbox's
 * `send` refuses while this is true (like a phone in a tunnel) and its `online()` option is `!isOffline()`.
 */
export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** The error an outbox `send` throws while offline (its message starts with the code `network`). */
export function offlineError(): Error {
  return new Error('network: offline');
}
