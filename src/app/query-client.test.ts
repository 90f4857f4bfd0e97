import { describe, expect, it } from 'vitest';
import { ApiError } from '../domain/errors';
import { shouldRetry } from './query-client';

describe('query client policy', () => {
  it('retries only network-ish failures, at most twice', () => {
    expect(shouldRetry(0, new ApiError('network'))).toBe(true);
    expect(shouldRetry(1, new Error('boom'))).toBe(true);
    expect(shouldRetry(2, new ApiError('network'))).toBe(false);
    expect(shouldRetry(0, new ApiError('report_not_found'))).toBe(false);
    expect(shouldRetry(0, new ApiError('invalid_bbox'))).toBe(false);
  });
});
