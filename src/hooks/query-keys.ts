import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Backend } from '../backend';

/**
 * What a query holds decides what a write does to it; the kind is the first part of every query key.
 * - `reference`: the same for everyone and fixed for the session (categories, statuses, the files in public/data).
 *   No write changes it; "delete my data" keeps it.
 * - `reports`: a read of the database that a write (a report, a +1, a status change, a measure…) can change.
 *   Refetched after every write.
 * - `analysis`: computed in the browser or sampled for a computation (hot spots, density, the cell-size sample).
 *   Redone when asked for or when its inputs change, never behind the user's back: a write only marks it stale.
 * - `photos`: signed photo URLs. No write changes them; "delete my data" forgets them.
 */
export type QueryKind = 'reference' | 'reports' | 'analysis' | 'photos';

/** Every query key of the app: `[kind, name, args]` — the API function's (or loader's) name and its arguments. */
export type AppQueryKey = readonly [QueryKind, string, Readonly<Record<string, unknown>>];

export function queryKey(kind: QueryKind, name: string, args: Readonly<Record<string, unknown>> = {}): AppQueryKey {
  return [kind, name, args];
}

/** The prefix that matches every query of one name, whatever its arguments (for invalidateQueries). */
export function queryName(kind: QueryKind, name: string): readonly [QueryKind, string] {
  return [kind, name];
}

/** The arguments part of an app query key (undefined for a key of another shape). */
export function argsOf(key: readonly unknown[]): Readonly<Record<string, unknown>> | undefined {
  const args = key[2];
  return typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : undefined;
}

/** An API contract from src/api (defineApiFunction). */
export interface ApiFunction<Args, Result> {
  name: string;
  call(backend: Backend, args: Args): Promise<Result>;
}

/** The key of one call of an API function: `['reports', name, args]`. */
export function apiKey<Args extends object>(fn: { name: string }, args: Args, kind: QueryKind = 'reports'): AppQueryKey {
  return queryKey(kind, fn.name, args as Record<string, unknown>);
}

/**
 * The query options of one call of an API function: keyed by its name and arguments, fetched by its contract.
 * Local mode's database is in the browser and answers offline, so its queries never pause for the network.
 * `scope` adds to the key what the call depends on beyond its arguments (the caller's user id for "my" lists).
 */
export function apiQuery<Args extends object, Result>(
  backend: Backend,
  fn: ApiFunction<Args, Result>,
  args: Args,
  options: { kind?: QueryKind; scope?: Record<string, unknown> } = {},
) {
  return queryOptions({
    queryKey: apiKey(fn, options.scope ? { ...args, ...options.scope } : args, options.kind),
    queryFn: () => fn.call(backend, args),
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });
}

/**
 * The one rule for what a write changes: every `reports` query is refetched (the active ones now, the others when
 * next shown) and every `analysis` is marked stale without running again; reference data and photo URLs stay.
 * `except` keeps queries the writer has already patched in the cache.
 */
export async function invalidateAfterWrite(
  queryClient: QueryClient,
  options: { except?: (key: readonly unknown[]) => boolean } = {},
): Promise<void> {
  const except = options.except ?? (() => false);
  await Promise.all([
    queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'reports' && !except(q.queryKey) }),
    queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'analysis', refetchType: 'none' }),
  ]);
}

/** After "delete my data": everything fetched for the user goes; only the reference data stays. */
export function forgetUserQueries(queryClient: QueryClient): Promise<void> {
  return queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== 'reference' });
}
