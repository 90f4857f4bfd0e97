import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionPlan, StrategyPeriodDetail } from '../../../api';
import { freshBrowserState } from '../../../test/browser-state';
import { recordingBackend, refusal, STRATEGIST_ID } from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import { ActionPlanForm } from './action-plan-form';

const PERIOD = '00000000-0000-4000-8000-000000002020';
const MEASURE = '00000000-0000-4000-8000-0000000000a1';

const detail = { period: { id: PERIOD, name: 'Trygghetsstrategi 2020–' } } as unknown as StrategyPeriodDetail;

const SAVED: ActionPlan = {
  id: '00000000-0000-4000-8000-0000000000b7',
  period_id: PERIOD,
  challenge: 'renhallning',
  year: 2026,
  department: 'Fastighets- och gatukontoret',
  target: '',
  indicators: [],
  activities: [],
} as unknown as ActionPlan;

function setup(opts: { plan?: ActionPlan; deleteAnswer?: { value: unknown } | { error: unknown } } = {}) {
  const onDeleted = vi.fn();
  const rb = recordingBackend({
    identity: { userId: STRATEGIST_ID, role: 'strategist' },
    answers: {
      ...(opts.deleteAnswer ? { delete_action_plan: opts.deleteAnswer } : {}),
      save_action_plan: (args) => {
        const p = args.p_plan as Record<string, unknown> & { activities: Record<string, unknown>[] };
        return { ...p, activities: p.activities.map((a, i) => ({ ...a, id: `00000000-0000-4000-8000-00000000000${i}`, measure_title: null })) };
      },
    },
  });
  const r = renderWithProviders(
    <ActionPlanForm
      backend={rb.backend}
      detail={detail}
      challenge="renhallning"
      challengeName="Renhållning för ökad trygghet"
      year={2026}
      plan={opts.plan ?? null}
      measures={[{ id: MEASURE, title: 'Extra städning Möllan' } as never]}
      readOnly={false}
      reference={REFERENCE}
      onDeleted={onDeleted}
    />,
  );
  return { rb, onDeleted, ...r };
}

beforeEach(() => freshBrowserState());

describe('action plan form', () => {
  it('refuses a plan without a department and an indicator without a name, in words, and sends nothing', async () => {
    const { user, rb } = setup();
    await user.click(screen.getByRole('button', { name: 'Lägg till indikator' }));
    await user.type(within(screen.getByRole('group', { name: /^Indikator 1/ })).getByLabelText('Utgångsvärde'), 'tolv');
    await user.click(screen.getByRole('button', { name: 'Spara handlingsplanen' }));
    const errors = within(screen.getByTestId('plan-errors')).getAllByRole('listitem').map((li) => li.textContent);
    expect(errors).toEqual([
      'Ange ansvarig förvaltning eller avdelning.',
      'Varje indikator behöver ett namn; utgångsvärde, mål och utfall är tal eller tomma.',
    ]);
    expect(screen.getByLabelText('Ansvarig förvaltning eller avdelning').getAttribute('aria-invalid')).toBe('true');
    expect(rb.callsTo('save_action_plan')).toEqual([]);
  });

  it('sends the plan with its indicators (decimal commas read, empty = not known) and activities linked to measures', async () => {
    const { user, rb } = setup();
    await user.type(screen.getByLabelText('Ansvarig förvaltning eller avdelning'), 'Fastighets- och gatukontoret');
    await user.click(screen.getByRole('button', { name: 'Lägg till indikator' }));
    const ind = within(screen.getByRole('group', { name: /^Indikator 1/ }));
    await user.type(ind.getByLabelText('Indikator'), 'Nedskräpning per km');
    await user.type(ind.getByLabelText('Utgångsvärde'), '12,5');
    await user.type(ind.getByLabelText('Mål'), '8');
    await user.click(screen.getByRole('button', { name: 'Lägg till aktivitet' }));
    const act = within(screen.getByRole('group', { name: /^Aktivitet 1/ }));
    await user.type(act.getByLabelText('Aktivitet'), 'Fler papperskorgar');
    await user.selectOptions(act.getByLabelText('Åtgärd i registret'), 'Extra städning Möllan');
    await user.selectOptions(act.getByLabelText('Status'), 'Påbörjad');
    await user.click(screen.getByRole('button', { name: 'Spara handlingsplanen' }));
    await waitFor(() => expect(rb.callsTo('save_action_plan')).toHaveLength(1));
    const plan = rb.callsTo('save_action_plan')[0]!.args.p_plan as Record<string, unknown>;
    expect(plan).toMatchObject({
      period_id: PERIOD,
      challenge: 'renhallning',
      year: 2026,
      department: 'Fastighets- och gatukontoret',
      indicators: [{ name: 'Nedskräpning per km', unit: '', baseline: 12.5, target: 8, actual: null }],
      activities: [{ title: 'Fler papperskorgar', measure_id: MEASURE, status: 'started', note: '' }],
    });
    expect(await screen.findByText('Handlingsplanen är sparad.')).toBeTruthy();
  });

  it('a new plan offers no delete; a saved one is deleted after a confirmation step that the keyboard follows', async () => {
    expect(setup().queryByRole('button', { name: 'Ta bort handlingsplanen' })).toBeNull();
    document.body.innerHTML = '';
    const { user, rb, onDeleted } = setup({ plan: SAVED, deleteAnswer: { value: { id: SAVED.id, deleted_activities: 0 } } });
    await user.click(screen.getByRole('button', { name: 'Ta bort handlingsplanen' }));
    const group = screen.getByRole('group', { name: 'Ta bort Handlingsplan 2026 – Renhållning för ökad trygghet?' });
    expect(group.textContent).toContain('Åtgärderna i registret finns kvar.');
    await waitFor(() => expect(document.activeElement).toBe(within(group).getByRole('button', { name: 'Ja, ta bort handlingsplanen' })));
    // Cancel: nothing sent, the focus back on the delete button.
    await user.click(within(group).getByRole('button', { name: 'Avbryt' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Ta bort handlingsplanen' })));
    expect(rb.callsTo('delete_action_plan')).toEqual([]);
    // With the keyboard this time.
    await user.keyboard('{Enter}');
    await waitFor(() => expect((document.activeElement as HTMLElement).textContent).toBe('Ja, ta bort handlingsplanen'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(onDeleted).toHaveBeenCalledTimes(1));
    expect(rb.callsTo('delete_action_plan').map((c) => c.args)).toEqual([{ p_id: SAVED.id }]);
  });

  it('a refused delete says why in words and stays on the plan', async () => {
    const { user, onDeleted } = setup({ plan: SAVED, deleteAnswer: { error: refusal('action_plan_not_found') } });
    await user.click(screen.getByRole('button', { name: 'Ta bort handlingsplanen' }));
    await user.click(screen.getByRole('button', { name: 'Ja, ta bort handlingsplanen' }));
    expect(await screen.findByText('Handlingsplanen finns inte längre. Den kan ha tagits bort.')).toBeTruthy();
    expect(onDeleted).not.toHaveBeenCalled();
  });
});
