import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Backend } from '../../../backend/backend';
import { submitReport, type SubmittedReport } from '../../../api';
import { ApiError, toApiError } from '../../../domain/errors';
import type { ReportInput } from '../../../domain/report-rules';

/** The storage path of a report's photo: `<userId>/<reportId>.jpg` (checked again by the database). */
export function photoPathFor(userId: string, reportId: string): string {
  return `${userId}/${reportId}.jpg`;
}

export interface SubmitVariables {
  input: ReportInput;
  /** The resized, EXIF-free JPEG, uploaded to `input.photoPath` before the report is stored. */
  photo: Blob | null;
}

/**
 * Uploads the photo (if any), then calls api.submit_report. The id comes from the draft, so a retry
 * after a timeout returns the stored report instead of creating a second one.
 */
export async function submitWithPhoto(backend: Backend, { input, photo }: SubmitVariables): Promise<SubmittedReport> {
  if (photo) {
    if (!input.photoPath) throw new ApiError('invalid_photo_path');
    try {
      await backend.uploadPhoto(input.photoPath, photo);
    } catch (e) {
      throw toApiError(e);
    }
  }
  return submitReport.call(backend, input);
}

export function useSubmitReport(backend: Backend) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: SubmitVariables) => submitWithPhoto(backend, vars),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['my_reports'] });
      void queryClient.invalidateQueries({ queryKey: ['nearby_reports'] });
    },
  });
}
