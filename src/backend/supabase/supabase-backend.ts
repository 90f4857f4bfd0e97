/**
 * Supabase adapter: supabase-js against a Supabase project. Residents are anonymous users
 * (`signInAnonymously`); staff sign in with a magic link. The role comes from `api.whoami()`.
 */
import { createClient, type Session, type SupabaseClient } from '@supabase/supabase-js';
import type { Backend, Identity } from '../backend';
import { ApiError, toApiError } from '../../domain/errors';
import { ROLES, type Role } from '../../domain/roles';
import { PHOTO_MAX_BYTES } from '../../domain/report-rules';
import { isReadOnlyFunction } from '../local/rpc-sql';

export const PHOTO_BUCKET = 'report-photos';

const ANON: Identity = { userId: null, role: 'anon' };
/** Entries per Storage list request and paths per remove request (Storage's own maximum is 1,000). */
const LIST_PAGE = 1000;

/** Reads `api.whoami()`'s result defensively. Exported for tests. */
export function identityFromWhoami(value: unknown, email?: string | null): Identity {
  const o = (typeof value === 'object' && value !== null ? value : {}) as { user_id?: unknown; role?: unknown };
  const userId = typeof o.user_id === 'string' ? o.user_id : null;
  const role: Role = (ROLES as readonly string[]).includes(o.role as string) ? (o.role as Role) : userId ? 'resident' : 'anon';
  return email ? { userId, role, label: email } : { userId, role };
}

/** Storage answers a second upload of the same path with "already exists" (409): a retry, not a failure. */
export function isAlreadyExists(error: { message?: string; statusCode?: string | number } | null): boolean {
  if (!error) return false;
  return String(error.statusCode ?? '') === '409' || /already exists|duplicate/i.test(error.message ?? '');
}

/**
 * Maps a PostgREST error to an ApiError: the message is the stable code; "permission denied for
 * function" (a function not granted to the caller's role) is `not_signed_in` for anon, else `forbidden`.
 */
export function toRpcError(error: unknown, signedIn: boolean): ApiError {
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : '';
  if (/^permission denied for (function|schema)/.test(message)) return new ApiError(signedIn ? 'forbidden' : 'not_signed_in');
  return toApiError(error);
}

export function createSupabaseBackend(url: string, anonKey: string, client?: SupabaseClient): Backend {
  const supabase = client ?? createClient(url, anonKey, { auth: { persistSession: true, autoRefreshToken: true } });
  const api = () => supabase.schema('api');
  let current: Identity = ANON;
  const listeners = new Set<(identity: Identity) => void>();
  let starting: Promise<void> | null = null;
  let started = false;
  // After forgetUser: no session until the next call that writes, which signs in as a new anonymous user.
  let signInOnWrite = false;
  let signingIn: Promise<void> | null = null;

  const sameIdentity = (a: Identity, b: Identity) => a.userId === b.userId && a.role === b.role && a.label === b.label;
  function setIdentity(next: Identity) {
    if (sameIdentity(current, next)) return;
    current = next;
    listeners.forEach((l) => l(next));
  }

  /** A new anonymous session before a write, when forgetUser left none (reads work as `anon`). */
  function sessionForWrite(fn?: string): Promise<void> {
    if (!signInOnWrite || current.userId !== null || (fn !== undefined && isReadOnlyFunction(fn))) return Promise.resolve();
    signingIn ??= (async () => {
      const signIn = await supabase.auth.signInAnonymously();
      if (signIn.error) throw toApiError(signIn.error);
      signInOnWrite = false;
      await refreshIdentity(signIn.data.session);
    })().finally(() => {
      signingIn = null;
    });
    return signingIn;
  }

  async function rpc(fn: string, args?: Record<string, unknown>): Promise<unknown> {
    await sessionForWrite(fn);
    let result: { data: unknown; error: { message: string } | null };
    try {
      result = await api().rpc(fn, args ?? {});
    } catch (e) {
      throw toApiError(e);
    }
    if (result.error) throw toRpcError(result.error, current.userId !== null);
    return result.data;
  }

  async function refreshIdentity(session: Session | null): Promise<void> {
    if (!session) {
      setIdentity(ANON);
      return;
    }
    const email = session.user.is_anonymous ? null : (session.user.email ?? null);
    try {
      setIdentity(identityFromWhoami(await rpc('whoami'), email));
    } catch {
      // whoami unreachable: the session still identifies the user; staff rights are checked in the database.
      setIdentity({ userId: session.user.id, role: 'resident', ...(email ? { label: email } : {}) });
    }
  }

  async function boot(onProgress?: Parameters<Backend['start']>[0]): Promise<void> {
    onProgress?.({ stage: 'connecting' });
    const { data, error } = await supabase.auth.getSession();
    if (error) throw toApiError(error);
    let session = data.session;
    if (!session) {
      const signIn = await supabase.auth.signInAnonymously();
      if (signIn.error) throw toApiError(signIn.error);
      session = signIn.data.session;
    }
    await refreshIdentity(session);
    supabase.auth.onAuthStateChange((event, s) => {
      if (event === 'INITIAL_SESSION') return;
      // Do not await supabase calls inside the callback (supabase-js deadlock); defer.
      setTimeout(() => void refreshIdentity(s), 0);
    });
    started = true;
    onProgress?.({ stage: 'ready', fraction: 1 });
  }

  function start(onProgress?: Parameters<Backend['start']>[0]): Promise<void> {
    if (started) {
      onProgress?.({ stage: 'ready', fraction: 1 });
      return Promise.resolve();
    }
    starting ??= boot(onProgress).catch((e: unknown) => {
      starting = null;
      throw toApiError(e);
    });
    return starting;
  }

  return {
    kind: 'supabase',
    isDemo: false,

    start,

    rpc,

    identity: () => current,

    onIdentityChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async signInWithEmail(email: string) {
      const { error } = await supabase.auth.signInWithOtp({
        email,
        options: { shouldCreateUser: false, emailRedirectTo: globalThis.location?.href },
      });
      if (error) throw toApiError(error);
    },

    async signOut() {
      const { error } = await supabase.auth.signOut();
      if (error) throw toApiError(error);
      // Residents are anonymous by default: continue as a fresh anonymous user.
      const signIn = await supabase.auth.signInAnonymously();
      if (signIn.error) throw toApiError(signIn.error);
      await refreshIdentity(signIn.data.session);
    },

    async forgetUser(clearLocalData) {
      // Revokes the refresh token (the access token stays valid until it expires: docs/security.md). A user that
      // delete_my_data removed is answered 401/403/404, which supabase-js ignores; any other failure (network)
      // must not keep the session in the browser: clearLocalData removes it from storage below.
      const { error } = await supabase.auth.signOut();
      if (error) console.warn('[supabase-backend] sign-out failed; the session is removed from this browser', error);
      signInOnWrite = true;
      setIdentity(ANON);
      await clearLocalData();
    },

    async removeMyPhotoFiles() {
      const uid = current.userId;
      if (!uid) return 0;
      const bucket = supabase.storage.from(PHOTO_BUCKET);
      // Storage lists one folder level at a time (a folder comes back with id null) and at most `limit` entries.
      const paths: string[] = [];
      const folders = [uid];
      for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
        for (let offset = 0; ; offset += LIST_PAGE) {
          const { data, error } = await bucket.list(folder, { limit: LIST_PAGE, offset });
          if (error) throw toApiError(error);
          for (const entry of data) {
            if (entry.id === null) folders.push(`${folder}/${entry.name}`);
            else paths.push(`${folder}/${entry.name}`);
          }
          if (data.length < LIST_PAGE) break;
        }
      }
      let removed = 0;
      for (let i = 0; i < paths.length; i += LIST_PAGE) {
        const { data, error } = await bucket.remove(paths.slice(i, i + LIST_PAGE));
        if (error) throw toApiError(error);
        removed += data.length;
      }
      return removed;
    },

    subscribeReports(listener) {
      // Realtime checks RLS per subscriber: staff receive every report, residents only their own. It reads
      // with the token the channel joined with (supabase-js sends the session's on join and pushes a new one
      // to joined channels when the user changes). Join only once signed in: a channel whose join went out
      // with the anon key while the sign-in was under way kept reading as `anon` — nothing
      // (tests/db/supabase-realtime.test.ts).
      let channel: ReturnType<SupabaseClient['channel']> | null = null;
      let closed = false;
      void start()
        .then(() => {
          if (closed) return;
          channel = supabase
            .channel(`reports-${crypto.randomUUID()}`)
            .on('postgres_changes', { event: '*', schema: 'app', table: 'reports' }, (payload) => {
              const row = payload.new as { id?: unknown } | null;
              if (typeof row?.id !== 'string') return;
              listener({ id: row.id, kind: payload.eventType === 'INSERT' ? 'insert' : 'update' });
            })
            .subscribe();
        })
        .catch((e: unknown) => console.warn('[supabase-backend] report changes unavailable', e));
      return () => {
        closed = true;
        if (channel) void supabase.removeChannel(channel);
      };
    },

    async uploadPhoto(path, blob) {
      await sessionForWrite();
      if (blob.size > PHOTO_MAX_BYTES) throw new ApiError('photo_too_large');
      if (!blob.type.startsWith('image/')) throw new ApiError('photo_type');
      let res: { error: { message: string; statusCode?: string } | null };
      try {
        res = await supabase.storage
          .from(PHOTO_BUCKET)
          .upload(path, blob, { contentType: blob.type, upsert: false, cacheControl: '31536000' });
      } catch (e) {
        throw toApiError(e);
      }
      if (res.error && !isAlreadyExists(res.error)) throw toApiError(res.error);
    },

    async photoUrl(path) {
      return supabase.storage.from(PHOTO_BUCKET).getPublicUrl(path).data.publicUrl;
    },
  };
}
