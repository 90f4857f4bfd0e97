import type { Backend, Identity } from '../backend/backend';
import type { ReportChange } from '../backend/report-change';
import { ApiError, type ErrorCode } from '../domain/errors';

/**
 * A stand-in for the port (src/backend/backend.ts) in component tests: it records every call and answers per
 * API function name. It is not the database: which answers are right is the db suite's business (tests/db);
 * here the answers are what a component must cope with (a result, a refusal with an error code, a network error,
 * or an answer that has not arrived yet).
 */
export type Answer =
  | { value: unknown }
  | { error: unknown }
  | ((args: Record<string, unknown>, call: number) => unknown);

export interface RecordedCall {
  fn: string;
  args: Record<string, unknown>;
}

/** What fetch throws when there is no network (supabase-js passes it on): the app maps it to `network`. */
export const networkError = () => new TypeError('Failed to fetch');

/** An API function's refusal with its error code, as the port rejects (an ApiError). */
export const refusal = (code: ErrorCode) => new ApiError(code);

export interface RecordingBackend {
  backend: Backend;
  calls: RecordedCall[];
  /** Calls of one function, in order. */
  callsTo(fn: string): RecordedCall[];
  /** Photos passed to uploadPhoto, by path. */
  uploads: Map<string, Blob>;
  /** Sets (or replaces) the answer of one function. */
  answer(fn: string, answer: Answer): void;
  /** Switches the signed-in user, as a sign-in or a persona switch would. */
  setIdentity(identity: Identity): void;
}

export function recordingBackend(opts: {
  identity?: Identity;
  answers?: Record<string, Answer>;
  kind?: Backend['kind'];
} = {}): RecordingBackend {
  let identity: Identity = opts.identity ?? { userId: RESIDENT_ID, role: 'resident' };
  const answers = new Map<string, Answer>(Object.entries(opts.answers ?? {}));
  const calls: RecordedCall[] = [];
  const uploads = new Map<string, Blob>();
  const identityListeners = new Set<(i: Identity) => void>();
  const count = new Map<string, number>();

  const backend: Backend = {
    kind: opts.kind ?? 'supabase',
    isDemo: false,
    start: async () => undefined,
    async rpc(fn, args = {}) {
      calls.push({ fn, args });
      const n = (count.get(fn) ?? 0) + 1;
      count.set(fn, n);
      const a = answers.get(fn);
      if (a === undefined) throw new Error(`unexpected: the test gave no answer for api.${fn}`);
      if (typeof a === 'function') return await a(args, n);
      if ('error' in a) throw a.error;
      return structuredClone(a.value);
    },
    identity: () => identity,
    onIdentityChange(listener) {
      identityListeners.add(listener);
      return () => identityListeners.delete(listener);
    },
    async uploadPhoto(path, blob) {
      uploads.set(path, blob);
    },
    photoUrl: async (path) => `blob:photo/${path}`,
    subscribeReports: (_listener: (change: ReportChange) => void) => () => undefined,
  };

  return {
    backend,
    calls,
    callsTo: (fn) => calls.filter((c) => c.fn === fn),
    uploads,
    answer: (fn, a) => void answers.set(fn, a),
    setIdentity(next) {
      identity = next;
      identityListeners.forEach((l) => l(next));
    },
  };
}

export const RESIDENT_ID = '11111111-1111-4111-8111-111111111111';
export const CREW_ID = '22222222-2222-4222-8222-222222222222';
export const ADMIN_ID = '33333333-3333-4333-8333-333333333333';
export const STRATEGIST_ID = '44444444-4444-4444-8444-444444444444';

/** A promise the test settles itself: for an answer that is still on its way ("Skickas…"). */
export function deferred<T = unknown>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
