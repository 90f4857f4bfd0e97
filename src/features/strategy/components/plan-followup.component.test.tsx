import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { recordingBackend, STRATEGIST_ID } from '../../../test/recording-backend';
import { renderWithProviders } from '../../../test/render';
import { PlanFollowup } from './plan-followup';

const PERIOD = '00000000-0000-4000-8000-00000000bbbb';

const plan = (id: string, challenge: string, risk: unknown) => ({
  id,
  department: 'Gatukontoret',
  challenge,
  target: '',
  indicators: [],
  activities: [],
  reports: { year: 10, previous_year: 12 },
  risk,
});

describe('PlanFollowup', () => {
  it("shows a plan's actual risk under it, and nothing new for a challenge without risk types", async () => {
    const rb = recordingBackend({
      identity: { userId: STRATEGIST_ID, role: 'strategist' },
      answers: {
        list_strategy_periods: () => [
          {
            id: PERIOD,
            name: 'Trygghetsstrategi',
            status: 'published',
            starts_on: '2020-01-01',
            ends_on: null,
            based_on: null,
            in_force: true,
            challenges: 4,
            prioritised: 4,
            created_at: '2020-01-01T00:00:00Z',
            published_at: '2020-01-01T00:00:00Z',
          },
        ],
        action_plan_followup: () => ({
          period: { id: PERIOD, name: 'Trygghetsstrategi', starts_on: '2020-01-01', ends_on: null },
          year: 2026,
          plans: [
            plan('00000000-0000-4000-8000-00000000aa01', 'trafik', {
              types: ['injury'],
              year: { total: 40, covered_days: 365, days: 365 },
              previous_year: { total: 50, covered_days: 365, days: 365 },
              by_type: [{ type: 'injury_slight', year: 40, previous_year: 50 }],
              sources: [
                { name: 'STRADA', kind: 'strada', provenance: 'Transportstyrelsen', period_from: '2025-01-01', period_to: '2026-12-31' },
              ],
            }),
            plan('00000000-0000-4000-8000-00000000aa02', 'renhallning', null),
          ],
        }),
      },
    });
    renderWithProviders(<PlanFollowup backend={rb.backend} reference={undefined} ready year={2026} />);
    const risk = await screen.findByTestId('plan-risk-trafik');
    expect(within(risk).getByRole('heading', { level: 5 }).textContent).toBe('Faktisk risk: Alla trafikskador');
    const total = within(risk).getAllByRole('row')[1]!;
    expect(Array.from(total.children).map((c) => c.textContent)).toEqual(['Alla händelser av typerna', '40', '50', '−10']);
    expect(screen.queryByTestId('plan-risk-renhallning')).toBeNull();
    const other = document.querySelector('[data-plan="renhallning"]')!;
    expect(other.textContent).not.toMatch(/Faktisk risk/);
  });
});
