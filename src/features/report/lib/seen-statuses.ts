/**
 * Which status of each of their own reports a resident has seen, kept in this browser per user, so that a change
 * made while the app was closed is still "new" after a reload. "Seen" means: Mina rapporter was shown with the
 * report in it, or the report itself was opened. "Radera mina uppgifter" forgets it with every other local key
 * (src/offline clearLocalData removes every localStorage key but the language).
 *
 * A report this browser has never seen a status of is not a change: its current status becomes the baseline
 * silently (a resident on a new device is not told about every old status). A report sent from this browser is
 * remembered as `new` when it is submitted, so a change that lands before the list was ever fetched still counts.
 */

/** Report id → the status code last seen. */
export type SeenStatuses = Readonly<Record<string, string>>;

export interface ReportStatus {
  id: string;
  status: string;
}

const PREFIX = 'tk.report-seen.v1.';
const EMPTY: SeenStatuses = Object.freeze({});

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function parse(raw: string | null): SeenStatuses {
  if (!raw) return EMPTY;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return EMPTY;
    const seen: Record<string, string> = {};
    for (const [id, status] of Object.entries(value)) if (typeof status === 'string') seen[id] = status;
    return seen;
  } catch {
    return EMPTY;
  }
}

/** The reports whose status differs from the one seen (reports never seen are not changes). */
export function unseenChanges<R extends ReportStatus>(reports: readonly R[], seen: SeenStatuses): R[] {
  return reports.filter((r) => seen[r.id] !== undefined && seen[r.id] !== r.status);
}

/**
 * The seen map after: every report not known yet gets its current status (the baseline); `markSeen` reports get
 * their current status too. Reports not listed are kept (one sent from this browser may not be listed yet).
 * Returns the same object when nothing changed, so that an unchanged store publishes nothing.
 */
export function nextSeen(seen: SeenStatuses, reports: readonly ReportStatus[], markSeen: (id: string) => boolean): SeenStatuses {
  const next: Record<string, string> = { ...seen };
  let changed = false;
  for (const r of reports) {
    const before = seen[r.id];
    const status = before === undefined || markSeen(r.id) ? r.status : before;
    next[r.id] = status;
    if (status !== before) changed = true;
  }
  return changed ? next : seen;
}

type Listener = () => void;
const listeners = new Set<Listener>();
const cache = new Map<string, { raw: string | null; value: SeenStatuses }>();

/** The seen map of one user (a stable object until it changes, for useSyncExternalStore). */
export function readSeen(userId: string): SeenStatuses {
  const raw = storage()?.getItem(PREFIX + userId) ?? null;
  const cached = cache.get(userId);
  if (cached && cached.raw === raw) return cached.value;
  const value = parse(raw);
  cache.set(userId, { raw, value });
  return value;
}

export function writeSeen(userId: string, seen: SeenStatuses): void {
  if (seen === readSeen(userId)) return;
  try {
    storage()?.setItem(PREFIX + userId, JSON.stringify(seen));
  } catch {
    // Storage full or refused (private mode): the badge then lasts for this page only.
    cache.set(userId, { raw: storage()?.getItem(PREFIX + userId) ?? null, value: seen });
  }
  listeners.forEach((l) => l());
}

/** Remembers a report just submitted as `new`, before any list has shown it. */
export function rememberSubmitted(userId: string | null, reportId: string, status = 'new'): void {
  if (!userId) return;
  const seen = readSeen(userId);
  if (seen[reportId] !== undefined) return;
  writeSeen(userId, { ...seen, [reportId]: status });
}

/** Changes to any user's seen map: in this page, and in other tabs (the `storage` event). */
export function subscribeSeen(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith(PREFIX)) listener();
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}
