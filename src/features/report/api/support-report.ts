import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Backend } from '../../../backend/backend';
import { supportReport } from '../../../api';
import { invalidateAfterWrite } from '../../../hooks';

/** "Jag upplever också detta" (api.support_report); refreshes what shows reports (the nearby list, the detail). */
export function useSupportReport(backend: Backend) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reportId: string) => supportReport.call(backend, { reportId }),
    onSuccess: () => void invalidateAfterWrite(queryClient),
  });
}
