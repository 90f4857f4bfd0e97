import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshBrowserState } from '../../../test/browser-state';
import { recordingBackend, STRATEGIST_ID } from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import { Dashboard, type DashboardFilters } from './dashboard';

const CHALLENGE = REFERENCE.challenges[0]!.code;
const filters: DashboardFilters = {
  challenge: CHALLENGE,
  period: { from: '2025-11-01', to: '2026-04-30' },
  district: '',
  level: 'stadsdel',
};

/** api.challenge_dashboard's answer: reports in every month, events known from December to February only. */
function dashboard(risk: unknown) {
  const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];
  return {
    total: 60,
    monthly: months.map((month) => ({ month, reported: 10, resolved: 4 })),
    by_district: [],
    by_category: [],
    dark: 0,
    median_days_to_resolved: null,
    supports: 0,
    risk,
  };
}
const RISK = {
  types: ['injury'],
  total: 7,
  monthly: [
    { month: '2025-12', n: 3 },
    { month: '2026-01', n: 4 },
  ],
  by_type: [{ type: 'injury_slight', n: 7 }],
  by_district: [],
  sources: [{ name: 'STRADA Malmö', kind: 'strada', period_from: '2025-12-01', period_to: '2026-02-28' }],
};

function setup(answer: unknown) {
  const rb = recordingBackend({
    identity: { userId: STRATEGIST_ID, role: 'strategist' },
    answers: { challenge_dashboard: () => answer, list_measures: () => ({ total: 0, items: [] }) },
  });
  renderWithProviders(
    <Dashboard
      backend={rb.backend}
      reference={REFERENCE}
      ready
      setOverlay={() => {}}
      onNavigate={() => {}}
      filters={filters}
      onFilters={() => {}}
    />,
  );
  return rb;
}

beforeEach(() => freshBrowserState());

describe('dashboard: reports and events of actual risk side by side', () => {
  it('draws events as a second series and lists them in the table, "no data" outside the sources\' range', async () => {
    setup(dashboard(RISK));
    const table = await screen.findByTestId('monthly-table');
    expect(within(table).getByRole('columnheader', { name: 'Händelser (faktisk risk)' })).toBeTruthy();
    const events = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelector('td[data-events]')!.textContent);
    expect(events).toEqual(['ingen data', '3', '4', '0', 'ingen data', 'ingen data']);
    // The chart: a diamond per month with data, none where there is none; a legend entry for the series.
    const series = screen.getByTestId('events-series');
    expect([...series.querySelectorAll('path[data-month]')].map((p) => [p.getAttribute('data-month'), p.getAttribute('data-events')])).toEqual([
      ['2025-12', '3'],
      ['2026-01', '4'],
      ['2026-02', '0'],
    ]);
    expect(screen.getByText('Händelser (faktisk risk)', { selector: 'figcaption', exact: false })).toBeTruthy();
    expect(screen.getByTestId('dashboard-events-total').textContent).toBe('7');
    // The sources and their range, in words.
    expect(screen.getByTestId('dashboard-risk-sources').textContent).toBe(
      'Faktisk risk: händelser av typerna injury ur STRADA Malmö (2025-12-01 – 2026-02-28). Händelser är bara kända inom källornas datumintervall: månader utanför dem visas som ”ingen data”, inte 0.',
    );
  });

  it('shows reports alone when the challenge has no risk types (risk null)', async () => {
    setup(dashboard(null));
    const table = await screen.findByTestId('monthly-table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(7));
    expect(within(table).queryByRole('columnheader', { name: 'Händelser (faktisk risk)' })).toBeNull();
    expect(screen.queryByTestId('events-series')).toBeNull();
    expect(screen.queryByTestId('dashboard-risk-sources')).toBeNull();
    expect(screen.queryByTestId('dashboard-events-total')).toBeNull();
  });
});
