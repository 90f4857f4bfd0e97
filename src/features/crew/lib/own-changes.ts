import type { QueryClient } from '@tanstack/react-query';
import { workList, WORK_LIST_MAX_LIMIT, type WorkList } from '../../../api';
import type { Challenge } from '../../../domain/challenges';
import type { Status } from '../../../domain/statuses';
import { apiKey, argsOf } from '../../../hooks';

/**
 * Reports this browser changed a moment ago. Realtime echoes our own writes back; those are already in
 * the cache (patched below), so refetching thousands of rows for them would only slow the crew down.
 */
const recent = new Map<string, number>();
const TTL_MS = 15_000;

export function markOwn(ids: Iterable<string>, now = Date.now()): void {
  for (const id of ids) recent.set(id, now);
}

export function isOwn(id: string | null | undefined, now = Date.now()): boolean {
  if (!id) return false;
  const t = recent.get(id);
  if (t === undefined) return false;
  if (now - t > TTL_MS) {
    recent.delete(id);
    return false;
  }
  return true;
}

/**
 * The work list's query arguments (and so its cache key): all reports with these statuses in the district, challenge
 * and category chosen (null: all).
 */
export function crewListArgs(a: {
  districtCodes: number[] | null;
  statuses: Status[];
  cellM: number;
  challenges?: Challenge[] | null;
  categories?: string[] | null;
}) {
  // All of them (up to the API's maximum): the order is decided here, not by the database's limit.
  return {
    districtCodes: a.districtCodes,
    statuses: a.statuses,
    challenges: a.challenges ?? null,
    categories: a.categories ?? null,
    limit: WORK_LIST_MAX_LIMIT,
    cellM: a.cellM,
  };
}

export function crewListKey(a: Parameters<typeof crewListArgs>[0]) {
  return apiKey(workList, crewListArgs(a));
}

/** The cached lists a status change patches: every work list with a status filter (the crew's lists). */
export function isPatchedList(key: readonly unknown[]): boolean {
  return key[0] === 'reports' && key[1] === workList.name && Array.isArray(argsOf(key)?.statuses);
}

/**
 * Applies a change to every cached work list with a status filter (crewListKey): the item is patched, or dropped
 * when its new status no longer matches the list's statuses.
 */
export function patchWorkLists(
  queryClient: QueryClient,
  ids: ReadonlySet<string>,
  patch: Partial<WorkList['items'][number]>,
): void {
  for (const [key, data] of queryClient.getQueriesData<WorkList>({ predicate: (q) => isPatchedList(q.queryKey) })) {
    if (!data) continue;
    const statuses = argsOf(key)!.statuses as readonly string[];
    const keeps = (status: string) => statuses.includes(status);
    let removed = 0;
    const items = data.items.flatMap((it) => {
      if (!ids.has(it.id)) return [it];
      const next = { ...it, ...patch };
      if (!keeps(next.status)) {
        removed++;
        return [];
      }
      return [next];
    });
    queryClient.setQueryData<WorkList>(key, { total: data.total - removed, items });
  }
}
