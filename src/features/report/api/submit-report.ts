import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Backend } from '../../../backend/backend';
import { setReportNotification, submitReport, type SubmittedReport } from '../../../api';
import { invalidateAfterWrite } from '../../../hooks';
import { ApiError, toApiError } from '../../../domain/errors';
import type { ReportInput } from '../../../domain/report-rules';
import type { NotifyRequest } from '../lib/notify';
import { rememberSubmitted } from '../lib/seen-statuses';

/**
 * A new storage path for a report's photo: `p/<random uuid>.jpg`, which names neither the reporter nor the report,
 * so the photo can outlive the reporter's link (the purge and "delete my data" remove photos named after a user;
 * see docs/security.md). Chosen once per submission; the outbox keeps it with the item, so a retry reuses it.
 */
export function newPhotoPath(): string {
  return `p/${crypto.randomUUID()}.jpg`;
}

export interface SubmitVariables {
  /** The report, and the e-mail opt-in if the resident asked for one. */
  input: ReportInput & NotifyRequest;
  /** The resized, EXIF-free JPEG, uploaded to `input.photoPath` before the report is stored. */
  photo: Blob | null;
}

/**
 * Uploads the photo (if any), then calls api.submit_report, then (if asked for) api.set_report_notification. The
 * id comes from the draft, so a retry after a timeout returns the stored report instead of creating a second one.
 */
export async function submitWithPhoto(backend: Backend, { input: payload, photo }: SubmitVariables): Promise<SubmittedReport> {
  const { notifyEmail, notifyLang, ...input } = payload;
  if (photo) {
    if (!input.photoPath) throw new ApiError('invalid_photo_path');
    try {
      await backend.uploadPhoto(input.photoPath, photo);
    } catch (e) {
      throw toApiError(e);
    }
  }
  const report = await submitReport.call(backend, input);
  // The address for status e-mails, once the report exists (both calls are idempotent: a retry repeats them).
  if (notifyEmail) await setReportNotification.call(backend, { reportId: report.id, email: notifyEmail, lang: notifyLang ?? 'sv' });
  // Its first status counts as seen, so a change made before any list showed it is still announced.
  rememberSubmitted(backend.identity().userId, report.id, report.status);
  return report;
}

export function useSubmitReport(backend: Backend) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: SubmitVariables) => submitWithPhoto(backend, vars),
    onSuccess: () => void invalidateAfterWrite(queryClient),
  });
}
