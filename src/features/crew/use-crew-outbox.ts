import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Backend } from '../../backend';
import type { Status } from '../../domain/statuses';
import { invalidateAfterWrite, useIdentity } from '../../hooks';
import { crewOutbox, type CrewOutboxItem } from './lib/crew-outbox';
import { isPatchedList, patchWorkLists } from './lib/own-changes';

/**
 * The signed-in user's items in the crew outbox (re-rendering on every change). Someone else's unsent work on
 * a shared device is neither shown nor sent (the outbox sends only the current owner's items).
 */
export function useCrewOutboxItems(backend: Backend): readonly CrewOutboxItem[] {
  const outbox = crewOutbox(backend);
  const all = useSyncExternalStore(outbox.subscribe, outbox.items, outbox.items);
  const { userId } = useIdentity(backend);
  return useMemo(() => all.filter((i) => i.owner === userId), [all, userId]);
}

/**
 * Runs the crew outbox (mounted by the app shell for every user with the crew tab, whichever tab is open): sends on start, on `online`, on a timer and when the
 * owner signs back in. When an item has been sent the work list follows: a status change patches the cached
 * lists (no refetch of thousands of rows) and refreshes the other views; a field report refetches the list.
 */
export function useCrewOutboxRunner(backend: Backend, ready: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!ready) return;
    const outbox = crewOutbox(backend);
    const stop = outbox.start();
    const sentIds = (items: readonly CrewOutboxItem[]) => new Set(items.filter((i) => i.state === 'sent').map((i) => i.id));
    let seen = sentIds(outbox.items());
    const unsubscribe = outbox.subscribe(() => {
      const items = outbox.items();
      const fresh = items.filter((i) => i.state === 'sent' && !seen.has(i.id));
      seen = sentIds(items);
      if (fresh.length === 0) return;
      let fieldReports = false;
      for (const item of fresh) {
        if (item.payload.kind === 'status' && item.result) {
          patchWorkLists(queryClient, new Set([item.payload.reportId]), { status: item.result.status as Status });
        } else fieldReports = true;
      }
      // Status changes are patched into the crew's lists; a field report is a new row, so they are refetched.
      void invalidateAfterWrite(queryClient, fieldReports ? {} : { except: isPatchedList });
    });
    const unIdentity = backend.onIdentityChange(() => void outbox.flush({ force: true }).catch(() => undefined));
    return () => {
      stop();
      unsubscribe();
      unIdentity();
    };
  }, [backend, ready, queryClient]);
}

/** The runner as a component, for the shell to mount lazily next to the panels. */
export function CrewOutboxRunner({ backend, ready }: { backend: Backend; ready: boolean }): null {
  useCrewOutboxRunner(backend, ready);
  return null;
}
