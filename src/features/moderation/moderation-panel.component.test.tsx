import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModerationItem } from '../../api';
import type { Identity } from '../../backend';
import type { StaffPanelProps } from '../../contracts/staff-panel';
import { freshBrowserState } from '../../test/browser-state';
import { ADMIN_ID, RESIDENT_ID, recordingBackend, refusal, type Answer } from '../../test/recording-backend';
import { REFERENCE } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { ModerationPanel } from './moderation-panel';

const MODERATOR_ID = '55555555-5555-4555-8555-555555555555';
const PHONE_ID = 'dddddddd-0000-4000-8000-000000000001';
const PHOTO_ID = 'dddddddd-0000-4000-8000-000000000002';
const HOSTILE = '<img src=x onerror="alert(1)"> Ring <b>070-123 45 67</b>';

function item(id: string, description: string, over: Partial<ModerationItem> = {}): ModerationItem {
  return {
    id,
    category: 'litter',
    challenge: 'renhallning',
    status: 'new',
    source: 'resident',
    created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    observed_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    description,
    moderation: 'held',
    reasons: ['phone'],
    photo_moderation: null,
    photo_path: null,
    ...over,
  };
}

const QUEUE = {
  total: 2,
  items: [
    item(PHONE_ID, HOSTILE),
    item(PHOTO_ID, 'Trasig lampa', { category: 'broken_lighting', moderation: 'approved', reasons: ['photo'], photo_moderation: 'held', photo_path: 'p/0b3c7a2e-1111-4111-8111-111111111111.jpg' }),
  ],
};
const moderated = (args: Record<string, unknown>) => ({
  id: args.p_report_id,
  moderation: args.p_action === 'approve' ? 'approved' : args.p_action === 'edit' ? 'edited' : 'hidden',
  photo_moderation: null,
  public_description: args.p_action === 'edit' ? args.p_description : null,
  reason: args.p_reason ?? null,
});

function setup(identity: Identity = { userId: MODERATOR_ID, role: 'moderator' }, queue: Answer = { value: QUEUE }) {
  const rb = recordingBackend({ identity, answers: { moderation_queue: queue, moderate_report: moderated } });
  const noop = () => {};
  const props: StaffPanelProps = {
    backend: rb.backend, reference: REFERENCE, ready: true, active: true, subPath: '', onNavigate: noop, view: null,
    onOverlays: noop, onMapClick: noop, onFlyTo: noop, onFitBounds: noop, onOpenReport: noop, onCreateMeasure: noop,
    measureSeed: null,
  };
  return { rb, ...renderWithProviders(<ModerationPanel {...props} />) };
}

beforeEach(() => freshBrowserState());
afterEach(() => vi.unstubAllGlobals());

describe('Moderering', () => {
  it('lists the held items as a list, each with its text (never as HTML), the reasons and the three actions', async () => {
    const { rb, container } = setup();
    const list = await screen.findByRole('list', { name: 'Granskningskö' });
    const items = within(list).getAllByRole('listitem', { name: /·/ });
    expect(items).toHaveLength(2);
    // The hostile text is shown as text: no element was made from it.
    expect(within(items[0]!).getByText(HOSTILE)).toBeTruthy();
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(within(items[0]!).getByText('Telefonnummer')).toBeTruthy();
    expect(within(items[1]!).getByText('Foto att granska')).toBeTruthy();
    expect(await within(items[1]!).findByRole('img', { name: /Foto till rapporten/ })).toBeTruthy();
    const actions = within(items[0]!).getByRole('group', { name: /Åtgärder för/ });
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual(['Godkänn', 'Redigera', 'Dölj']);
    expect(screen.getByText('2 rapporter väntar')).toBeTruthy();
    expect(rb.callsTo('moderation_queue')[0]!.args).toEqual({ p_limit: 50, p_offset: 0 });
  });

  it('approve: one call, the queue is read again and the result is announced', async () => {
    const { rb, user } = setup();
    const list = await screen.findByRole('list', { name: 'Granskningskö' });
    const first = within(list).getAllByRole('listitem', { name: /·/ })[0]!;
    await user.click(within(first).getByRole('button', { name: 'Godkänn' }));
    await waitFor(() => expect(rb.callsTo('moderate_report')).toHaveLength(1));
    expect(rb.callsTo('moderate_report')[0]!.args).toEqual({ p_report_id: PHONE_ID, p_action: 'approve', p_description: null, p_reason: null, p_photo: null });
    await waitFor(() => expect(rb.callsTo('moderation_queue')).toHaveLength(2));
    expect((await screen.findByRole('status', { name: '' })).textContent ?? '').toMatch(/godkändes/);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Moderering' })));
  });

  it('hide needs a reason: without one nothing is sent and the field says why; with one the reason is sent', async () => {
    const { rb, user } = setup();
    const list = await screen.findByRole('list', { name: 'Granskningskö' });
    const first = within(list).getAllByRole('listitem', { name: /·/ })[0]!;
    await user.click(within(first).getByRole('button', { name: 'Dölj' }));
    const form = within(first).getByRole('form', { name: /Dölj rapporten/ });
    await user.click(within(form).getByRole('button', { name: 'Dölj rapporten' }));
    expect(within(form).getByRole('alert').textContent).toBe('Ange ett skäl.');
    const reason = within(form).getByRole('textbox', { name: /Skäl/ });
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(rb.callsTo('moderate_report')).toHaveLength(0);
    await user.type(reason, 'Innehåller personuppgifter');
    await user.click(within(form).getByRole('button', { name: 'Dölj rapporten' }));
    await waitFor(() => expect(rb.callsTo('moderate_report')).toHaveLength(1));
    expect(rb.callsTo('moderate_report')[0]!.args).toEqual({
      p_report_id: PHONE_ID, p_action: 'hide', p_description: null, p_reason: 'Innehåller personuppgifter', p_photo: null,
    });
  });

  it('edit sends the edited text and the reason; cancel goes back to the actions', async () => {
    const { rb, user } = setup({ userId: ADMIN_ID, role: 'admin' });
    const list = await screen.findByRole('list', { name: 'Granskningskö' });
    const second = within(list).getAllByRole('listitem', { name: /·/ })[1]!;
    await user.click(within(second).getByRole('button', { name: 'Redigera' }));
    await user.click(within(second).getByRole('button', { name: 'Avbryt' }));
    await user.click(within(second).getByRole('button', { name: 'Redigera' }));
    const text = within(second).getByRole('textbox', { name: 'Text som visas offentligt' });
    await user.clear(text);
    await user.type(text, 'Trasig lampa vid hållplatsen');
    await user.type(within(second).getByRole('textbox', { name: /Skäl/ }), 'Förtydligat');
    await user.click(within(second).getByRole('button', { name: 'Spara redigerad text' }));
    await waitFor(() => expect(rb.callsTo('moderate_report')).toHaveLength(1));
    expect(rb.callsTo('moderate_report')[0]!.args).toEqual({
      p_report_id: PHOTO_ID, p_action: 'edit', p_description: 'Trasig lampa vid hållplatsen', p_reason: 'Förtydligat',
      p_photo: 'approve',
    });
  });

  it('the photo on its own: keep the public text and hide the photo, with a reason the reporter sees', async () => {
    const { rb, user } = setup();
    const list = await screen.findByRole('list', { name: 'Granskningskö' });
    const second = within(list).getAllByRole('listitem', { name: /·/ })[1]!;
    const choice = within(second).getByRole('group', { name: 'Fotot' });
    expect((within(choice).getByRole('radio', { name: 'Publicera fotot' }) as HTMLInputElement).checked).toBe(true);
    await user.click(within(choice).getByRole('radio', { name: 'Dölj fotot' }));
    await user.click(within(second).getByRole('button', { name: 'Godkänn' }));
    const form = within(second).getByRole('form', { name: /Dölj fotot till rapporten/ });
    await user.click(within(form).getByRole('button', { name: 'Dölj fotot' }));
    expect(within(form).getByRole('alert').textContent).toBe('Ange ett skäl.');
    expect(rb.callsTo('moderate_report')).toHaveLength(0);
    await user.type(within(form).getByRole('textbox', { name: /Skäl/ }), 'Ett ansikte syns');
    await user.click(within(form).getByRole('button', { name: 'Dölj fotot' }));
    await waitFor(() => expect(rb.callsTo('moderate_report')).toHaveLength(1));
    // The text is already public: it stays as it is (no text action), only the photo is decided.
    expect(rb.callsTo('moderate_report')[0]!.args).toEqual({
      p_report_id: PHOTO_ID, p_action: null, p_description: null, p_reason: 'Ett ansikte syns', p_photo: 'hide',
    });
    expect((await screen.findByRole('status', { name: '' })).textContent ?? '').toMatch(/Fotot döljs/);
  });

  it('hide the text and publish the photo in one decision', async () => {
    const both = { total: 1, items: [item(PHONE_ID, 'Ring 070-123 45 67', { reasons: ['phone', 'photo'], photo_moderation: 'held', photo_path: 'p/0b3c7a2e-2222-4222-8222-222222222222.jpg' })] };
    const { rb, user } = setup(undefined, { value: both });
    const list = await screen.findByRole('list', { name: 'Granskningskö' });
    const only = within(list).getAllByRole('listitem', { name: /·/ })[0]!;
    await user.click(within(only).getByRole('button', { name: 'Dölj' }));
    const form = within(only).getByRole('form', { name: /Dölj texten om/ });
    await user.type(within(form).getByRole('textbox', { name: /Skäl/ }), 'Telefonnummer');
    await user.click(within(form).getByRole('button', { name: 'Dölj texten' }));
    await waitFor(() => expect(rb.callsTo('moderate_report')).toHaveLength(1));
    expect(rb.callsTo('moderate_report')[0]!.args).toEqual({
      p_report_id: PHONE_ID, p_action: 'hide', p_description: null, p_reason: 'Telefonnummer', p_photo: 'approve',
    });
  });

  it('pages the queue: the total, then "Visa fler" asks for the next page and appends it', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `eeeeeeee-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const page = (args: Record<string, unknown>) => {
      const offset = Number(args.p_offset);
      return { total: ids.length, items: ids.slice(offset, offset + Number(args.p_limit)).map((id, i) => item(id, `Text ${offset + i}`)) };
    };
    const { rb, user } = setup(undefined, page);
    const list = await screen.findByRole('list', { name: 'Granskningskö' });
    // Counted by element, not by role: role queries over 50 items are slow in happy-dom.
    const shown = () => list.querySelectorAll(':scope > li').length;
    expect(shown()).toBe(50);
    expect(screen.getByText('60 rapporter väntar')).toBeTruthy();
    expect(screen.getByText('Visar 50 av 60')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Visa fler' }));
    await waitFor(() => expect(shown()).toBe(60));
    expect(rb.callsTo('moderation_queue').map((c) => c.args)).toEqual([{ p_limit: 50, p_offset: 0 }, { p_limit: 50, p_offset: 50 }]);
    expect(screen.queryByRole('button', { name: 'Visa fler' })).toBeNull();
    expect(screen.getByText('Text 59')).toBeTruthy();
  }, 15_000);

  it('shows the database refusal translated, and never asks for the queue as a resident', async () => {
    const { rb } = setup({ userId: RESIDENT_ID, role: 'resident' });
    expect(await screen.findByText('Bara moderatorer och administratörer granskar rapporter.')).toBeTruthy();
    expect(rb.callsTo('moderation_queue')).toHaveLength(0);
  });

  it('a refused queue (forbidden) is an alert with retry', async () => {
    setup(undefined, { error: refusal('forbidden') });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/behörighet/);
    expect(within(alert).getByRole('button', { name: /Försök igen|Försök/ })).toBeTruthy();
  });
});
