import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { SubmittedReport } from '../../../api';
import type { Backend } from '../../../backend/backend';
import type { ReportInput } from '../../../domain/report-rules';
import type { NotifyRequest } from '../lib/notify';
import { invalidateAfterWrite } from '../../../hooks';
import { errorCodeOf, storedErrorCode } from '../../../ui';
import { submitWithPhoto } from '../api/submit-report';
import { createOutbox, idbStorage, isOffline, memoryStorage, webLock, type Outbox, type OutboxItem } from '../../../offline';

/** A queued report, with the e-mail opt-in if the resident asked for one. */
export type ReportOutboxPayload = ReportInput & NotifyRequest;
export type ReportOutbox = Outbox<ReportOutboxPayload, SubmittedReport>;
export type ReportOutboxItem = OutboxItem<ReportOutboxPayload, SubmittedReport>;

const outboxes = new WeakMap<Backend, ReportOutbox>();

export { isOffline };

/**
 * A failure that says "try again later" rather than "this report is wrong": a network error, or any
 * error while the browser reports being offline.
 */
export function isTransientError(error: unknown): boolean {
  return errorCodeOf(error) === 'network' || isOffline();
}

/** The resident reports' outbox for this backend (one per page). */
export function reportOutbox(backend: Backend): ReportOutbox {
  let outbox = outboxes.get(backend);
  if (!outbox) {
    outbox = createOutbox<ReportOutboxPayload, SubmittedReport>({
      name: 'reports',
      storage: typeof indexedDB !== 'undefined' ? idbStorage('reports') : memoryStorage(),
      lock: webLock('reports'),
      owner: () => backend.identity().userId,
      online: () => !isOffline(),
      send: (item) => submitWithPhoto(backend, { input: item.payload, photo: item.blob }),
      isTransient: isTransientError,
      errorCode: storedErrorCode,
    });
    outboxes.set(backend, outbox);
  }
  return outbox;
}

/** The outbox's items (re-rendering on every change). */
export function useReportOutboxItems(backend: Backend): readonly ReportOutboxItem[] {
  const outbox = reportOutbox(backend);
  return useSyncExternalStore(outbox.subscribe, outbox.items, outbox.items);
}

/**
 * Runs the outbox while the app is open (mounted once by the app shell when the backend is ready):
 * sends on start, on `online`, on a timer and when the owner signs back in; when an item has been sent,
 * the report lists and map are refreshed.
 */
export function useReportOutboxRunner(backend: Backend, ready: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!ready) return;
    const outbox = reportOutbox(backend);
    const stop = outbox.start();
    let sent = new Set(outbox.items().filter((i) => i.state === 'sent').map((i) => i.id));
    const unsubscribe = outbox.subscribe(() => {
      const now = new Set(outbox.items().filter((i) => i.state === 'sent').map((i) => i.id));
      if ([...now].some((id) => !sent.has(id))) {
        void invalidateAfterWrite(queryClient);
      }
      sent = now;
    });
    const unIdentity = backend.onIdentityChange(() => void outbox.flush({ force: true }).catch(() => undefined));
    return () => {
      stop();
      unsubscribe();
      unIdentity();
    };
  }, [backend, ready, queryClient]);
}
