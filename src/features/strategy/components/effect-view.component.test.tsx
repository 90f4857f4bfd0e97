import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Measure } from '../../../api';
import { recordingBackend, STRATEGIST_ID } from '../../../test/recording-backend';
import { renderWithProviders } from '../../../test/render';
import { EffectView } from './effect-view';

const measure: Measure = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Belysning längs gångstråket, Möllevången',
  description: '',
  challenge: 'befintlig_stad',
  type: 'lighting',
  department: 'Fastighets- och gatukontoret',
  status: 'done',
  planned_date: null,
  done_date: '2026-07-15',
  cost_sek: 120000,
  geometry: { type: 'Point', coordinates: [13.0095, 55.5906] },
  crit_preventive: 2,
  crit_research: 2,
  crit_vulnerable: 1,
  crit_quick: 1,
  score: 6,
  source_kind: 'manual',
  source_ref: null,
  report_ids: [],
  report_count: 0,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  is_demo: false,
};

/** api.measure_effect's answer for a window of `months` ending at the done month (July 2026, Malmö time). */
function effect(
  months: number,
  counts: { a0: number; a1: number; c0: number; c1: number },
  first: string | null,
  events: unknown = null,
) {
  const to = new Date('2026-06-30T22:00:00Z');
  const from = new Date(to);
  from.setUTCMonth(from.getUTCMonth() - months);
  return {
    measure_id: measure.id,
    challenge: 'befintlig_stad',
    done_date: '2026-07-15',
    months_before: months,
    months_after: 4.2,
    before: { from: from.toISOString(), to: to.toISOString() },
    after: { from: '2026-07-31T22:00:00Z', to: '2026-12-06T10:00:00Z' },
    buffer_m: 100,
    area: { before: counts.a0, after: counts.a1, km2: 0.0314 },
    comparison: { kind: 'district', name: 'Södra Innerstaden', before: counts.c0, after: counts.c1, km2: 3.1 },
    data: { first, last: first ? '2026-12-05T18:00:00Z' : null },
    events,
  };
}

function setup(answer: (months: number) => unknown) {
  const rb = recordingBackend({
    identity: { userId: STRATEGIST_ID, role: 'strategist' },
    answers: { measure_effect: (args) => answer(args.p_months as number) },
  });
  const { user } = renderWithProviders(
    <EffectView backend={rb.backend} ready measure={measure} setOverlay={() => {}} onFitBounds={() => {}} onBack={() => {}} />,
  );
  return { rb, user };
}

describe('EffectView', () => {
  it('states the data window and shortens 12 months that reach beyond the first report, saying so', async () => {
    // Data from 7 December 2025: 12 months before July 2026 start 1 July 2025, 6 months start 1 January 2026.
    const { rb } = setup((m) => effect(m, { a0: 20, a1: 6, c0: 200, c1: 190 }, '2025-12-07T09:00:00Z'));
    const note = await screen.findByTestId('effect-window-shortened');
    expect(note.textContent).toBe(
      '12 månader före skulle nå bortom den första rapporten (7 december 2025), så fönstret är 6 månader. Välj ett annat ovan.',
    );
    expect(rb.callsTo('measure_effect').map((c) => c.args.p_months)).toEqual([12, 6]);
    expect(screen.getByTestId('effect-data-window').textContent).toBe(
      'Rapporterna inom utmaningen finns från 7 december 2025 till 5 december 2026.',
    );
    expect(screen.getByTestId('effect-verdict').getAttribute('data-verdict')).toBe('decrease');
    expect(screen.queryByTestId('effect-window-warning')).toBeNull();
  });

  it('warns when the user picks a window beyond the data, with the months that hold data', async () => {
    const { user } = setup((m) => effect(m, { a0: 20, a1: 6, c0: 200, c1: 190 }, '2025-12-07T09:00:00Z'));
    await screen.findByTestId('effect-window-shortened');
    const select = screen.getByLabelText('Månader före och efter');
    await user.selectOptions(select, '36');
    const warning = await screen.findByTestId('effect-window-warning');
    expect(warning.textContent).toMatch(/första rapporten är från 7 december 2025\. Bara 6,8 av 36 månader före har data/);
    expect(within(warning).getByRole('button', { name: 'Använd 6 månader' })).toBeTruthy();
    expect(screen.queryByTestId('effect-window-shortened')).toBeNull();
  });

  it('explains "För få rapporter" with the counts and the minimums', async () => {
    setup((m) => effect(m, { a0: 3, a1: 2, c0: 150, c1: 140 }, '2024-01-01T00:00:00Z'));
    const why = await screen.findByTestId('effect-too-few');
    expect(screen.getByTestId('effect-verdict').getAttribute('data-verdict')).toBe('too_few');
    expect(why.textContent).toBe(
      'Varje tal behöver vara minst 5, och området behöver minst 10 rapporter före och efter tillsammans. Här: området 3 före och 2 efter (5 tillsammans), jämförelsen 150 före och 140 efter.',
    );
  });

  it('refuses a verdict when the before window ends before the first report', async () => {
    setup((m) => effect(m, { a0: 0, a1: 9, c0: 0, c1: 100 }, '2026-08-03T09:00:00Z'));
    const refused = await screen.findByTestId('effect-refused');
    expect(refused.textContent).toMatch(/^Ingen bedömning: före-perioden .* slutar innan den första rapporten \(3 augusti 2026\)/);
    expect(screen.queryByTestId('effect-verdict')).toBeNull();
  });

  it('shows the rate ratio for reports and for events of actual risk side by side', async () => {
    const events = {
      types: ['injury'],
      area: { before: 30, after: 10 },
      comparison: { before: 300, after: 290 },
      data: { first: '2020-01-01T00:00:00+01:00', last: '2026-11-30T23:59:59.999+01:00' },
    };
    setup((m) => effect(m, { a0: 20, a1: 18, c0: 200, c1: 190 }, '2024-01-01T00:00:00Z', events));
    const ratios = await screen.findByTestId('effect-ratios');
    const rows = within(ratios).getAllByRole('row').slice(1);
    expect(rows.map((r) => [r.getAttribute('data-kind'), r.getAttribute('data-verdict')])).toEqual([
      ['reports', 'no_clear_change'],
      ['events', 'decrease'],
    ]);
    // (10/30)/(290/300) = 0,34
    expect(within(rows[1]!).getAllByRole('cell')[0]!.textContent).toBe('0,34');
    expect(screen.getByTestId('effect-events-verdict').getAttribute('data-verdict')).toBe('decrease');
    expect(screen.getByTestId('effect-events-verdict').textContent).toBe(
      'Bedömning: Händelserna minskade i området jämfört med jämförelseområdet.',
    );
    expect(screen.getByTestId('effect-events-data-window').textContent).toBe(
      'Händelserna är kända från 1 januari 2020 till 30 november 2026 (källornas datumintervall); utanför det finns inga data.',
    );
    // The after window (to 6 December) reaches a week past the last covered day: said, not hidden.
    expect(screen.getByTestId('effect-events-after-warning').textContent).toMatch(/källorna täcker bara till 30 november 2026/);
  });

  it('gives no verdict on events whose sources do not cover the windows, and still one on the reports', async () => {
    const events = {
      types: ['police'],
      area: { before: 0, after: 0 },
      comparison: { before: 0, after: 0 },
      data: { first: '2026-09-01T00:00:00+02:00', last: '2026-11-30T23:59:59.999+01:00' },
    };
    setup((m) => effect(m, { a0: 20, a1: 6, c0: 200, c1: 190 }, '2024-01-01T00:00:00Z', events));
    const ratios = await screen.findByTestId('effect-ratios');
    expect(within(ratios).getAllByRole('row').slice(1).map((r) => r.getAttribute('data-verdict'))).toEqual(['decrease', 'no_data']);
    // Said with the dates, as the reports' refusal is: the sources start after the before window ends.
    expect(screen.getByTestId('effect-events-refused').textContent).toBe(
      'Ingen bedömning av den faktiska risken: källorna täcker inte före-periodens (1 juli 2025–1 juli 2026) slut; sammanhängande data finns först från 1 september 2026, så det finns inga händelser att jämföra med.',
    );
    expect(screen.queryByTestId('effect-events-verdict')).toBeNull();
    expect(screen.getByTestId('effect-verdict').getAttribute('data-verdict')).toBe('decrease');
  });

  it("warns when the events' before window reaches beyond their sources, and offers the longest window they cover", async () => {
    // The reports go back to 2024; the events' sources start 1 January 2026: about 6 of 12 months before hold events.
    const events = {
      types: ['injury'],
      area: { before: 10, after: 6 },
      comparison: { before: 100, after: 100 },
      data: { first: '2026-01-01T00:00:00+01:00', last: '2026-12-31T23:59:59.999+01:00' },
    };
    const { rb, user } = setup((m) => effect(m, { a0: 20, a1: 6, c0: 200, c1: 190 }, '2024-01-01T00:00:00Z', events));
    const warning = await screen.findByTestId('effect-events-window-warning');
    expect(warning.textContent).toMatch(/källorna täcker först från 1 januari 2026\. Bara 5,9 av 12 månader före har data om händelser/);
    // The reports' own window is not shortened for the events: the user chooses.
    expect(screen.queryByTestId('effect-window-warning')).toBeNull();
    await user.click(within(warning).getByRole('button', { name: 'Använd 6 månader' }));
    await waitFor(() => expect(rb.callsTo('measure_effect').map((c) => c.args.p_months)).toEqual([12, 6]));
  });
});
