import { screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshBrowserState } from '../../../test/browser-state';
import { recordingBackend, STRATEGIST_ID } from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import { Dashboard, defaultDashboardFilters, type DashboardFilters } from './dashboard';

const CHALLENGE = REFERENCE.challenges[0]!.code;
const filters: DashboardFilters = {
  challenge: CHALLENGE,
  strategyPeriod: '',
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
  by_district: [{ code: 'Kirseberg', n: 5 }],
  sources: [{ name: 'STRADA Malmö', kind: 'strada', period_from: '2025-12-01', period_to: '2026-02-28' }],
};

/** Two published periods: the first (in force) with the reference's challenges, the earlier one with one other. */
const IN_FORCE = '00000000-0000-4000-8000-00000000a001';
const EARLIER = '00000000-0000-4000-8000-00000000a002';
const summary = (id: string, name: string, starts_on: string, ends_on: string | null, in_force: boolean) => ({
  id,
  name,
  status: 'published',
  starts_on,
  ends_on,
  based_on: null,
  in_force,
  challenges: 1,
  prioritised: 1,
  created_at: '2020-01-01T00:00:00Z',
  published_at: '2020-01-01T00:00:00Z',
});
const periodChallenge = (code: string, name: string, sort: number) => ({
  code,
  name_sv: name,
  name_en: name,
  description_sv: '',
  description_en: '',
  area: null,
  prioritised: true,
  sort,
  crit_preventive: null,
  crit_research: null,
  crit_vulnerable: null,
  crit_quick: null,
  reasoning: '',
  crew_focus: false,
  counts_development_links: false,
  risk_types: [],
});
const PERIODS = [
  summary(IN_FORCE, 'Trygghetsstrategi 2024–', '2024-01-01', null, true),
  summary(EARLIER, 'Trygghetsstrategi 2020–2023', '2020-01-01', '2023-12-31', false),
  { ...summary('00000000-0000-4000-8000-00000000a003', 'Utkast', '2020-01-01', null, false), status: 'draft', starts_on: null },
];
const detail = (id: string) => ({
  period: { ...PERIODS.find((p) => p.id === id)!, published_by: null },
  areas: [],
  challenges:
    id === IN_FORCE
      ? REFERENCE.challenges.map((c, i) => periodChallenge(c.code, c.name_sv, i + 1))
      : [periodChallenge('gamla_utmaningen', 'Den gamla utmaningen', 1)],
  categories: [],
  action_plans: [],
});

function setup(answer: unknown, initial: DashboardFilters = filters) {
  const rb = recordingBackend({
    identity: { userId: STRATEGIST_ID, role: 'strategist' },
    answers: {
      challenge_dashboard: () => answer,
      list_measures: () => ({ total: 0, items: [] }),
      list_strategy_periods: () => PERIODS,
      get_strategy_period: (args) => detail(args.p_id as string),
    },
  });
  // The panel keeps the filters; here a small holder does.
  function Holder() {
    const [f, setF] = useState(initial);
    return (
      <Dashboard backend={rb.backend} reference={REFERENCE} ready setOverlay={() => {}} onNavigate={() => {}} filters={f} onFilters={setF} />
    );
  }
  const r = renderWithProviders(<Holder />);
  return { rb, ...r };
}

afterEach(() => {
  vi.useRealTimers();
});
beforeEach(() => freshBrowserState());

describe('dashboard: reports and events of actual risk side by side', () => {
  it('marks a month the sources cover only in part, and says how many days they cover', async () => {
    setup(dashboard({ ...RISK, sources: [{ ...RISK.sources[0]!, period_from: '2025-12-10', period_to: '2026-02-14' }] }));
    const table = await screen.findByTestId('monthly-table');
    const events = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelector('td[data-events]')!.textContent);
    expect(events).toEqual(['ingen data', '3*', '4', '0*', 'ingen data', 'ingen data']);
    expect(screen.getByTestId('monthly-partial').textContent).toMatch(
      /^\* Källorna täcker bara en del av månaden, antalet gäller den delen: dec\.? 2025 \(22 dagar\), feb\.? 2026 \(14 dagar\)\.$/,
    );
  });

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
    expect(within(screen.getByTestId('events-by-type')).getByRole('row', { name: 'Lindrigt skadad i trafiken 7' })).toBeTruthy();
    // Per area: the events beside the reports.
    const districts = await screen.findByTestId('district-table');
    expect(within(districts).getByRole('columnheader', { name: 'Händelser (faktisk risk)' })).toBeTruthy();
    const kirseberg = within(districts).getByRole('rowheader', { name: 'Kirseberg' }).closest('tr')!;
    expect(kirseberg.querySelector('td[data-events]')!.textContent).toBe('5');
    // The sources and their range, in words.
    expect(screen.getByTestId('dashboard-risk-sources').textContent).toBe(
      'Faktisk risk: händelser av typerna Alla trafikskador ur STRADA Malmö (2025-12-01 – 2026-02-28). Händelser är bara kända inom källornas datumintervall: månader utanför dem visas som ”ingen data”, inte 0.',
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

describe('dashboard: the strategy period chosen', () => {
  it('offers the published periods (in force by default); the challenges and the window follow the chosen one', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 6, 12));
    const { user, rb } = setup(dashboard(null), defaultDashboardFilters());
    const select = await screen.findByTestId('dashboard-period');
    await waitFor(() => expect((select as HTMLSelectElement).value).toBe(IN_FORCE));
    expect([...(select as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Trygghetsstrategi 2024– (gäller nu)',
      'Trygghetsstrategi 2020–2023',
    ]);
    // The window of the period in force (from 2024): its last twelve whole months up to today.
    await waitFor(() => expect(rb.callsTo('challenge_dashboard').length).toBeGreaterThan(0));
    const first = rb.callsTo('challenge_dashboard')[0]!.args;
    expect(new Date(first.p_from as string).getFullYear()).toBe(2026);
    expect((screen.getByLabelText('Från och med') as HTMLInputElement).value).toBe('2026-01-01');
    expect((screen.getByLabelText('Till och med') as HTMLInputElement).value).toBe('2026-12-06');
    const challengeSelect = screen.getByRole('combobox', { name: 'Utmaning' });
    await waitFor(() =>
      expect(within(challengeSelect).getAllByRole('option').map((o) => o.textContent)).toContain(REFERENCE.challenges[0]!.name_sv),
    );

    await user.selectOptions(select, EARLIER);
    await waitFor(() =>
      expect(within(challengeSelect).getAllByRole('option').map((o) => o.textContent)).toContain('Den gamla utmaningen'),
    );
    expect(within(challengeSelect).getAllByRole('option').map((o) => o.textContent)).not.toContain(REFERENCE.challenges[0]!.name_sv);
    // The earlier period (2020–2023): its last twelve months.
    expect((screen.getByLabelText('Från och med') as HTMLInputElement).value).toBe('2023-01-01');
    expect((screen.getByLabelText('Till och med') as HTMLInputElement).value).toBe('2023-12-31');
    await waitFor(() => {
      const last = rb.callsTo('challenge_dashboard').at(-1)!.args;
      expect(new Date(last.p_from as string).getFullYear()).toBe(2023);
      expect(new Date(last.p_to as string).getFullYear()).toBe(2024); // exclusive: the day after 2023-12-31
    });
  });
});
