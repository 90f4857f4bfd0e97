import { QueryClient } from '@tanstack/react-query';
import { errorCodeOf } from '../ui/error-code';

/** Validation and authorisation errors are final; only network-ish failures are retried. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const code = errorCodeOf(error);
  return (code === 'network' || code === 'unexpected') && failureCount < 2;
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

/** Every query but the reference data and photo URLs: what a new report or a +1 can change. */
export function isReportDataQuery(queryKey: readonly unknown[]): boolean {
  return queryKey[0] !== 'list_categories' && queryKey[0] !== 'photo_url';
}
