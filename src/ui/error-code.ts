import { type ErrorCode, isErrorCode } from '../domain/errors';

/** The stable error code of anything thrown (ApiError, an object with a code, a bare code string). */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error == null) return 'unexpected';
  if (typeof error === 'string') return isErrorCode(error) ? error : 'unexpected';
  if (typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (isErrorCode(code)) return code;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') {
      const head = message.trim().split(/[\s:]/)[0];
      if (isErrorCode(head)) return head;
      if (/Failed to fetch|NetworkError|network/i.test(message)) return 'network';
    }
  }
  return 'unexpected';
}

/** The translation key of an error: `errors:<code>`. */
export function errorKeyOf(error: unknown): `errors:${ErrorCode}` {
  return `errors:${errorCodeOf(error)}`;
}

/**
 * The code to keep for a failed background call (an outbox item): its error code, or — for a code this client
 * does not list yet (e.g. from a newer migration) — the message's first word if it looks like one.
 */
export function storedErrorCode(e: unknown): string {
  const code = errorCodeOf(e);
  if (code !== 'unexpected') return code;
  const head = e instanceof Error ? e.message.replace(/^unexpected:\s*/, '').trim().split(/[\s:]/)[0] : '';
  return head && /^[a-z_]+$/.test(head) ? head : code;
}
