import { act, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReportDetail } from '../../api';
import type { ReportChange } from '../../backend';
import { freshBrowserState } from '../../test/browser-state';
import { recordingBackend, RESIDENT_ID } from '../../test/recording-backend';
import { REFERENCE } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { ReportDetailPanel } from './report-detail-panel';

const REPORT_ID = 'bbbbbbbb-0000-4000-8000-0000000000d1';

const detail = (status: string, updates: ReportDetail['updates'] = []): ReportDetail => ({
  id: REPORT_ID,
  category: 'litter',
  challenge: 'renhallning',
  status,
  status_group: ['new', 'confirmed', 'in_progress'].includes(status) ? 'open' : 'closed',
  source: 'resident',
  description: 'Skräp vid busshållplatsen',
  moderation: 'approved',
  moderation_reasons: [],
  moderation_reason: null,
  public_description: 'Skräp vid busshållplatsen',
  photo_moderation: null,
  observed_at: new Date(Date.now() - 86_400_000).toISOString(),
  created_at: new Date(Date.now() - 86_400_000).toISOString(),
  is_dark: false,
  lon: 13.0,
  lat: 55.59,
  precise: true,
  district: null,
  support_count: 0,
  supported_by_me: false,
  is_mine: true,
  photo_path: null,
  updates,
});

beforeEach(() => freshBrowserState());

describe('an open report follows its changes live', () => {
  it('a status change by the crew shows in the open detail without a reload', async () => {
    const rb = recordingBackend({
      identity: { userId: RESIDENT_ID, role: 'resident' },
      answers: { report_detail: { value: detail('new') } },
    });
    const listeners = new Set<(c: ReportChange) => void>();
    rb.backend.subscribeReports = (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    const emit = (change: ReportChange) => act(() => listeners.forEach((l) => l(change)));
    renderWithProviders(
      <ReportDetailPanel backend={rb.backend} reference={REFERENCE} reportId={REPORT_ID} ready onClose={() => {}} />,
    );
    expect((await screen.findByText('Ny')).className).toContain('status-badge');
    await waitFor(() => expect(listeners.size).toBe(1));

    rb.answer('report_detail', {
      value: detail('resolved', [
        { from_status: 'new', to_status: 'resolved', note: 'Städat', created_at: new Date().toISOString(), photo_path: null },
      ]),
    });
    emit({ id: REPORT_ID, kind: 'update' });
    await waitFor(() => expect(screen.getAllByText('Åtgärdad')[0]!.className).toContain('status-badge'));
    expect(rb.callsTo('report_detail')).toHaveLength(2);
  });
});
