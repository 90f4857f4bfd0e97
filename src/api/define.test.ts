import { describe, expect, it } from 'vitest';
import { recordingBackend } from './recording-backend.test-helper';
import { ApiError } from '../domain/errors';
import { reportsInView } from './reports-in-view';
import { submitReport } from './submit-report';

describe('API contracts', () => {
  it('sends MapLibre zoom as 256-px-tile zoom and filters as named SQL arguments', async () => {
    const { backend, calls } = recordingBackend({ total: 0, cell_m: 1, items: [] });
    const from = new Date('2026-11-01T00:00:00Z');
    await reportsInView.call(backend, {
      west: 12.9,
      south: 55.5,
      east: 13.1,
      north: 55.6,
      zoom: 11.5,
      filter: { challenges: ['trafik'], from },
    });
    expect(calls[0]).toEqual({
      fn: 'reports_in_view',
      args: {
        p_west: 12.9,
        p_south: 55.5,
        p_east: 13.1,
        p_north: 55.6,
        p_zoom: 12.5,
        p_challenges: ['trafik'],
        p_categories: null,
        p_statuses: null,
        p_from: '2026-11-01T00:00:00.000Z',
        p_to: null,
      },
    });
  });

  it('refuses invalid arguments before calling the backend, with the stable code', async () => {
    const { backend, calls } = recordingBackend({});
    const error = await submitReport
      .call(backend, {
        id: crypto.randomUUID(),
        category: 'litter',
        lon: 13,
        lat: 55.6,
        description: ' ',
        observedAt: new Date(),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('description_required');
    expect(calls).toHaveLength(0);
  });

  it('maps a database exception message to its code', async () => {
    const { backend } = recordingBackend(new Error('outside_malmo'));
    const error = await reportsInView
      .call(backend, { west: 12.9, south: 55.5, east: 13.1, north: 55.6, zoom: 11 })
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('outside_malmo');
  });

  it('rejects a result that does not match the contract as unexpected', async () => {
    const { backend } = recordingBackend({ total: 'many', items: [] });
    const error = await reportsInView
      .call(backend, { west: 12.9, south: 55.5, east: 13.1, north: 55.6, zoom: 11 })
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('unexpected');
  });
});
