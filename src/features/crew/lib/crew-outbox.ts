import { changeStatus, submitReport, type ChangedStatus, type SubmittedReport } from '../../../api';
import type { Backend } from '../../../backend';
import { ApiError } from '../../../domain/errors';
import type { ReportInput } from '../../../domain/report-rules';
import {
  createOutbox,
  idbStorage,
  isOffline,
  memoryStorage,
  webLock,
  type Outbox,
  type OutboxItem,
  type OutboxStorage,
} from '../../../offline';
import { errorCodeOf, storedErrorCode } from '../../../ui/error-code';
import { markOwn } from './own-changes';
import { fieldPhotoPath, updatePhotoPath } from './photo';

/**
 * The crew's outbox (src/offline's queue, IndexedDB store `crew`): every field report and every status change
 * of the work list goes through it. Online, it is sent at once; offline (or on a network error) it waits,
 * visibly, and is sent when the network returns. Sending is idempotent by the item id:
 * - a field report's id is the report id (`submit_report` p_id returns the stored report for a known id), and its
 *   photo goes to `<uid>/<item id>.jpg`;
 * - a status change's id is the update id (`change_status` p_update_id returns the first result), and its photo
 *   goes to `<uid>/updates/<item id>.jpg` (an upload keeps the first blob at a path).
 */
export interface FieldReportPayload {
  kind: 'field';
  /** The submit_report input, `source: 'crew'`, `id` = the item id. */
  input: ReportInput;
}
export interface StatusChangePayload {
  kind: 'status';
  reportId: string;
  toStatus: string;
  note: string | null;
  /** For the label while it waits: the report's category and its status when the change was made. */
  category: string;
  fromStatus: string;
}
export type CrewPayload = FieldReportPayload | StatusChangePayload;
export type CrewResult = SubmittedReport | ChangedStatus;
export type CrewOutbox = Outbox<CrewPayload, CrewResult>;
export type CrewOutboxItem = OutboxItem<CrewPayload, CrewResult>;

/** What sending needs from the backend (the real one in crewOutbox, a fake in tests). */
export interface CrewSender {
  submitReport(input: ReportInput): Promise<SubmittedReport>;
  uploadPhoto(path: string, blob: Blob): Promise<void>;
  changeStatus(args: {
    reportId: string;
    toStatus: string;
    note: string | null;
    photoPath: string | null;
    updateId: string;
  }): Promise<ChangedStatus>;
}

/** Sends one item (the outbox never calls this while offline). */
export async function sendCrewItem(sender: CrewSender, item: CrewOutboxItem): Promise<CrewResult> {
  const p = item.payload;
  if (p.kind === 'field') {
    // The photo first (re-encoded without EXIF when it was taken), at a path made of the report id: a retry after a
    // lost answer uploads to the same path and files the same report.
    let photoPath: string | null = null;
    if (item.blob) {
      if (!item.owner) throw new ApiError('not_signed_in');
      photoPath = fieldPhotoPath(item.owner, item.id);
      await sender.uploadPhoto(photoPath, item.blob);
    }
    return sender.submitReport({ ...p.input, id: item.id, photoPath });
  }
  let photoPath: string | null = null;
  if (item.blob) {
    if (!item.owner) throw new ApiError('not_signed_in');
    photoPath = updatePhotoPath(item.owner, item.id);
    await sender.uploadPhoto(photoPath, item.blob);
  }
  return sender.changeStatus({ reportId: p.reportId, toStatus: p.toStatus, note: p.note, photoPath, updateId: item.id });
}

export interface CrewOutboxOptions {
  storage: OutboxStorage<CrewPayload, CrewResult>;
  sender: CrewSender;
  owner(): string | null;
  online(): boolean;
  lock?<T>(fn: () => Promise<T>): Promise<T>;
  now?(): number;
}

export function createCrewOutbox(opts: CrewOutboxOptions): CrewOutbox {
  return createOutbox<CrewPayload, CrewResult>({
    name: 'crew',
    storage: opts.storage,
    lock: opts.lock,
    now: opts.now,
    owner: opts.owner,
    online: opts.online,
    send: (item) => sendCrewItem(opts.sender, item),
    // "Try again later" rather than "this change is wrong" (anything while offline counts so in the outbox).
    isTransient: (e) => errorCodeOf(e) === 'network',
    errorCode: storedErrorCode,
  });
}

/** The label data of an item: which report (or new report), which category, which change. */
export function reportIdOf(item: CrewOutboxItem): string {
  return item.payload.kind === 'field' ? item.id : item.payload.reportId;
}

/** Items not sent yet (queued, sending or failed), oldest first. */
export function unsent(items: readonly CrewOutboxItem[]): CrewOutboxItem[] {
  return items.filter((i) => i.state !== 'sent');
}

const outboxes = new WeakMap<Backend, CrewOutbox>();

/** The crew outbox for this backend (one per page), persisted in IndexedDB where there is one. */
export function crewOutbox(backend: Backend): CrewOutbox {
  let outbox = outboxes.get(backend);
  if (!outbox) {
    outbox = createCrewOutbox({
      storage: typeof indexedDB !== 'undefined' ? idbStorage('crew') : memoryStorage(),
      lock: webLock('crew'),
      owner: () => backend.identity().userId,
      online: () => !isOffline(),
      sender: {
        submitReport: (input) => {
          markOwn([input.id]);
          return submitReport.call(backend, input);
        },
        uploadPhoto: (path, blob) => backend.uploadPhoto(path, blob),
        changeStatus: (args) => {
          markOwn([args.reportId]);
          return changeStatus.call(backend, args);
        },
      },
    });
    outboxes.set(backend, outbox);
  }
  return outbox;
}
