import type { QueryClient } from '@tanstack/react-query';
import type { WorkList } from '../../../api';

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

/** The open statuses of the list's default filter. */
export const OPEN_STATUSES = ['new', 'confirmed', 'in_progress'] as const;

/**
 * Applies a change to every cached work list (key ['work_list', 'crew-list', district, status, cellM]):
 * the item is patched, or dropped when its new status no longer matches the list's status filter.
 */
export function patchWorkLists(
  queryClient: QueryClient,
  ids: ReadonlySet<string>,
  patch: Partial<WorkList['items'][number]>,
): void {
  for (const [key, data] of queryClient.getQueriesData<WorkList>({ queryKey: ['work_list', 'crew-list'] })) {
    if (!data) continue;
    const filter = String(key[3] ?? 'open');
    const keeps = (status: string) =>
      filter === 'open' ? (OPEN_STATUSES as readonly string[]).includes(status) : status === filter;
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
