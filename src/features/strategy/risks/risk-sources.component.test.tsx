import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { recordingBackend, STRATEGIST_ID } from '../../../test/recording-backend';
import { renderWithProviders } from '../../../test/render';
import { RiskSources, SOURCES_PER_PAGE } from './risk-sources';

/** 45 sources, as a server would page them: newest first. */
const ALL = Array.from({ length: 45 }, (_, i) => ({
  id: `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Stor fil (del ${45 - i} av 45)`,
  kind: 'strada',
  provenance: 'Strada',
  licence: null,
  period_from: '2026-01-01',
  period_to: '2026-01-31',
  imported_by: null,
  imported_at: '2026-12-01T10:00:00Z',
  row_count: 50_000,
  types: { injury_slight: 50_000 },
}));

describe('the imported sources', () => {
  it('are listed a page at a time, with the page named and buttons that turn it', async () => {
    const rb = recordingBackend({
      identity: { userId: STRATEGIST_ID, role: 'strategist' },
      answers: {
        list_risk_sources: (args) => {
          const limit = args.p_limit as number;
          const offset = args.p_offset as number;
          return { total: ALL.length, items: ALL.slice(offset, offset + limit) };
        },
      },
    });
    const { user } = renderWithProviders(<RiskSources backend={rb.backend} ready />);
    await waitFor(() => expect(screen.getAllByTestId('risk-source')).toHaveLength(SOURCES_PER_PAGE));
    const pages = screen.getByRole('navigation', { name: 'Sidor med källor' });
    expect(pages.textContent).toContain('Visar 1–20 av 45');
    expect(within(pages).getByRole('button', { name: 'Föregående sida' })).toHaveProperty('disabled', true);
    await user.click(within(pages).getByRole('button', { name: 'Nästa sida' }));
    await user.click(within(pages).getByRole('button', { name: 'Nästa sida' }));
    await waitFor(() => expect(pages.textContent).toContain('Visar 41–45 av 45'));
    await waitFor(() => expect(screen.getAllByTestId('risk-source')).toHaveLength(5));
    expect(screen.getAllByTestId('risk-source')[0]!.textContent).toContain('Stor fil (del 5 av 45)');
    expect(within(pages).getByRole('button', { name: 'Nästa sida' })).toHaveProperty('disabled', true);
    expect(rb.callsTo('list_risk_sources').map((c) => c.args)).toEqual([
      { p_limit: 20, p_offset: 0 },
      { p_limit: 20, p_offset: 20 },
      { p_limit: 20, p_offset: 40 },
    ]);
  });
});
