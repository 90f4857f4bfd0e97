import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps a stable code given as a database exception message', () => {
    expect(toApiError({ message: 'outside_malmo' }).code).toBe('outside_malmo');
    expect(toApiError(new Error('report_not_found')).code).toBe('report_not_found');
  });

  it("keeps the database's DETAIL (which feature of an import failed) from either adapter", () => {
    expect(toApiError({ message: 'outside_malmo', detail: 'feature 3' }).detail).toBe('feature 3');
    expect(toApiError({ message: 'outside_malmo', details: 'feature 4', hint: null }).detail).toBe('feature 4');
    expect(toApiError({ message: 'outside_malmo', details: null }).detail).toBeNull();
  });

  it('passes ApiErrors through unchanged', () => {
    const e = new ApiError('forbidden');
    expect(toApiError(e)).toBe(e);
  });

  it('recognises network failures', () => {
    expect(toApiError(new TypeError('Failed to fetch')).code).toBe('network');
  });

  it('maps anything else to unexpected, keeping the detail for logs', () => {
    const e = toApiError(new Error('relation "x" does not exist'));
    expect(e.code).toBe('unexpected');
    expect(e.message).toContain('relation');
  });
});
