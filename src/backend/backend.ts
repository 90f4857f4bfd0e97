import type { Role } from '../domain/roles';
import type { ReportChange } from './report-change';

/** One step of start-up, for the progress indicator. `fraction` is 0…1 when known. */
export interface StartProgress {
  stage: 'loading-engine' | 'restoring' | 'migrating' | 'seeding' | 'connecting' | 'ready';
  fraction?: number;
}

export interface Identity {
  userId: string | null;
  role: Role;
  /** Staff e-mail in Supabase mode; the persona label in local mode. */
  label?: string;
}

/**
 * The port. The app talks to its backend only through this: the API functions in schema `api`
 * (see docs/api.md), the identity, and photo storage. Adapters: ./supabase and ./local.
 */
export interface Backend {
  readonly kind: 'local' | 'supabase';
  /** Connects (Supabase) or boots the embedded database (local). Safe to call more than once. */
  start(onProgress?: (p: StartProgress) => void): Promise<void>;
  /** Calls `api.<fn>` with named arguments; resolves to its jsonb result; rejects with an ApiError. */
  rpc(fn: string, args?: Record<string, unknown>): Promise<unknown>;
  identity(): Identity;
  onIdentityChange(listener: (identity: Identity) => void): () => void;
  /** Local mode: switch between demo personas. Supabase mode: undefined (use Auth). */
  readonly personas?: {
    list(): ReadonlyArray<{ role: Role; userId: string | null }>;
    switchTo(role: Role): Promise<void>;
    /** The persona signed in, by its key; its role in `identity()` may differ once an admin changed it. */
    current(): Role;
  };
  /** Supabase mode: e-mail sign-in for staff (magic link). */
  signInWithEmail?(email: string): Promise<void>;
  signOut?(): Promise<void>;
  /**
   * Forgets the signed-in user in this browser, after `api.delete_my_data`: ends their session, then awaits
   * `clearLocalData` (nothing of theirs is in use any more; `keepDatabases`: stores that are the adapter's server
   * side, from which it has removed the user's part itself), then continues as a new anonymous resident
   * (local: a new resident persona with a new id; Supabase: a new anonymous sign-in at the next call that writes).
   */
  forgetUser?(clearLocalData: (keep?: { keepDatabases?: readonly string[] }) => Promise<void>): Promise<void>;
  /**
   * Before `api.delete_my_data`: removes the files of the signed-in user's photos named under their id
   * (`<uid>/…`) through the storage service, because deleting their rows in SQL leaves the bytes (Supabase
   * Storage). Resolves to the number of files removed. Local mode has no separate object store (undefined).
   */
  removeMyPhotoFiles?(): Promise<number>;
  /** Stores an already EXIF-free image at `path` (`<userId>/<reportId>.jpg`). */
  uploadPhoto(path: string, blob: Blob): Promise<void>;
  /** A URL the <img> can show (an object URL in local mode). */
  photoUrl(path: string): Promise<string>;
  /**
   * New and changed reports as they happen (work lists update without a reload). Supabase: Realtime
   * `postgres_changes` on app.reports (RLS applies: staff see all, residents their own). Local: LISTEN on the
   * trigger's NOTIFY channel. Returns the unsubscribe function.
   */
  subscribeReports(listener: (change: ReportChange) => void): () => void;
  /** True when the data shown is synthetic demo data. */
  readonly isDemo: boolean;
}
