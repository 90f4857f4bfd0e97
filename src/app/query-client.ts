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
