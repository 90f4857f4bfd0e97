import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { freshBrowserState } from '../../../test/browser-state';
import { recordingBackend, refusal, STRATEGIST_ID, type Answer } from '../../../test/recording-backend';
import { renderWithProviders } from '../../../test/render';
import { DeleteDraft } from './period-view';

const DRAFT = '00000000-0000-4000-8000-000000002027';

function setup(answer: Answer) {
  const onDeleted = vi.fn();
  const rb = recordingBackend({ identity: { userId: STRATEGIST_ID, role: 'strategist' }, answers: { delete_strategy_period: answer } });
  const r = renderWithProviders(<DeleteDraft backend={rb.backend} id={DRAFT} name="Nästa strategi" onDeleted={onDeleted} />);
  return { rb, onDeleted, ...r };
}

beforeEach(() => freshBrowserState());

describe('deleting a draft strategy period', () => {
  it('asks first (the focus on the answer), cancels without sending, then deletes with the keyboard', async () => {
    const { user, rb, onDeleted } = setup({ value: { id: DRAFT } });
    await user.click(screen.getByRole('button', { name: 'Ta bort utkastet' }));
    const group = screen.getByRole('group', { name: 'Ta bort Nästa strategi?' });
    expect(group.textContent).toContain('med dess utmaningskarta och handlingsplaner? Det går inte att ångra.');
    const yes = within(group).getByRole('button', { name: 'Ja, ta bort utkastet' });
    await waitFor(() => expect(document.activeElement).toBe(yes));
    await user.click(within(group).getByRole('button', { name: 'Avbryt' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Ta bort utkastet' })));
    expect(rb.callsTo('delete_strategy_period')).toEqual([]);
    await user.keyboard('{Enter}');
    await waitFor(() => expect((document.activeElement as HTMLElement).textContent).toBe('Ja, ta bort utkastet'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(onDeleted).toHaveBeenCalledTimes(1));
    expect(rb.callsTo('delete_strategy_period').map((c) => c.args)).toEqual([{ p_id: DRAFT }]);
  });

  it('a period published meanwhile is refused in words, and nothing moves on', async () => {
    const { user, onDeleted } = setup({ error: refusal('published_period_not_deletable') });
    await user.click(screen.getByRole('button', { name: 'Ta bort utkastet' }));
    await user.click(screen.getByRole('button', { name: 'Ja, ta bort utkastet' }));
    expect(
      await screen.findByText(
        'En publicerad strategiperiod kan inte tas bort: rapporter har lämnats in under den. Bara utkast kan tas bort.',
      ),
    ).toBeTruthy();
    expect(onDeleted).not.toHaveBeenCalled();
  });
});
