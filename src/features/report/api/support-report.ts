import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Backend } from '../../../backend/backend';
import { supportReport } from '../../../api';

/** "Jag upplever också detta" (api.support_report); refreshes the nearby list and the report's detail. */
export function useSupportReport(backend: Backend) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reportId: string) => supportReport.call(backend, { reportId }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['nearby_reports'] });
      void queryClient.invalidateQueries({ queryKey: ['report_detail'] });
    },
  });
}
