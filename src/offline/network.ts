/**
 * Is the browser offline? (`navigator.onLine === false`; unknown counts as online.)
 *
 * Local mode keeps the database in the browser, so a call would succeed without any network: an outbox
 * created with `online: () => !isOffline()` refuses to send while this is true (like a phone in a tunnel).
 */
export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** The error the outbox records for a send refused while offline (its message starts with the code `network`). */
export function offlineError(): Error {
  return new Error('network: offline');
}
