import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshBrowserState } from '../../test/browser-state';
import { setBrowserOnline } from '../../test/network';
import { CREW_ID, deferred, recordingBackend, refusal, type Answer } from '../../test/recording-backend';
import { REFERENCE } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { crewOutbox } from './lib/crew-outbox';
import { CrewOutboxPanel } from './outbox-view';

const REPORT_ID = 'dddddddd-0000-4000-8000-000000000001';
const FIELD_ID = 'dddddddd-0000-4000-8000-0000000000f1';
const STATUS_ID = 'dddddddd-0000-4000-8000-0000000000f2';
const OTHER_CREW = '55555555-5555-4555-8555-555555555555';

const changed = (args: Record<string, unknown>) => ({
  id: args.p_report_id,
  status: args.p_to_status,
  status_group: 'closed',
  updated_at: new Date().toISOString(),
});
const submitted = (args: Record<string, unknown>) => ({
  id: args.p_id,
  status: 'new',
  challenge: 'renhallning',
  category: args.p_category,
  district: null,
  is_dark: false,
  created_at: new Date().toISOString(),
  observed_at: args.p_observed_at,
});

function setup(answers: Record<string, Answer> = {}) {
  const rb = recordingBackend({
    identity: { userId: CREW_ID, role: 'crew' },
    answers: { change_status: changed, submit_report: submitted, ...answers },
  });
  const outbox = crewOutbox(rb.backend);
  const addStatus = (owner = CREW_ID, id = STATUS_ID) =>
    outbox.add({
      id,
      owner,
      payload: { kind: 'status', reportId: REPORT_ID, toStatus: 'resolved', note: 'Åtgärdat utan nät', category: 'litter', fromStatus: 'new' },
      blob: null,
    });
  const addField = () =>
    outbox.add({
      id: FIELD_ID,
      owner: CREW_ID,
      payload: {
        kind: 'field',
        input: {
          id: FIELD_ID,
          category: 'litter',
          lon: 13.0,
          lat: 55.59,
          description: 'Fältrapport utan nät',
          observedAt: new Date(),
          source: 'crew',
          photoPath: null,
        },
      },
      blob: null,
    });
  const r = renderWithProviders(<CrewOutboxPanel backend={rb.backend} reference={REFERENCE} />);
  return { rb, outbox, addStatus, addField, ...r };
}

/** The panel's polite live region: what a screen reader announces about the queue. */
const announcement = () => {
  const status = screen.getByRole('status');
  expect(status.getAttribute('aria-live')).toBe('polite');
  return status.textContent;
};
const itemWith = (text: string) => screen.getByText(text).closest('li')!;

beforeEach(() => freshBrowserState());
afterEach(() => vi.unstubAllGlobals());

describe('crew outbox panel', () => {
  it('announces nothing and lists nothing when nothing waits', () => {
    setup();
    expect(announcement()).toBe('');
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('offline: announces how many changes wait and lists each with its state, what it is and its text', async () => {
    setBrowserOnline(false);
    const { addStatus, addField, outbox, rb } = setup();
    await addField();
    await addStatus();
    await outbox.flush({ force: true }); // refused while offline: nothing leaves
    await waitFor(() => expect(announcement()).toBe('2 ändringar väntar på nätet. De skickas automatiskt, en gång, när du är uppkopplad.'));
    const list = screen.getByRole('list');
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByRole('heading', { name: 'Ändringar som inte har skickats ännu' })).toBeTruthy();
    const field = itemWith('Fältrapport utan nät');
    expect(field.textContent).toContain('Väntar på nätet');
    expect(field.textContent).toContain('Fältrapport: Nedskräpning');
    const status = itemWith('Åtgärdat utan nät');
    expect(status.textContent).toContain('Nedskräpning: Ny → Åtgärdad');
    // A queued item can be discarded but not retried (it is sent on its own when the network returns).
    expect(within(status).queryByRole('button', { name: 'Försök igen' })).toBeNull();
    expect(within(status).getByRole('button', { name: 'Ta bort' })).toBeTruthy();
    expect(rb.calls).toHaveLength(0);
  });

  it('says "Allt är skickat." once the queue has been sent', async () => {
    setBrowserOnline(false);
    const { addStatus, outbox, rb } = setup();
    await addStatus();
    await waitFor(() => expect(announcement()).toMatch(/^1 ändring väntar på nätet\./));
    setBrowserOnline(true);
    await outbox.flush({ force: true });
    await waitFor(() => expect(announcement()).toBe('Allt är skickat.'));
    expect(screen.queryByRole('list')).toBeNull();
    expect(rb.callsTo('change_status')).toHaveLength(1);
    expect(rb.callsTo('change_status')[0]!.args).toMatchObject({ p_report_id: REPORT_ID, p_to_status: 'resolved', p_note: 'Åtgärdat utan nät', p_update_id: STATUS_ID });
  });

  it('shows "Skickas…" without buttons while a change is on its way', async () => {
    const pending = deferred();
    const { addStatus, outbox } = setup({ change_status: () => pending.promise });
    await addStatus();
    const sending = outbox.flush({ force: true });
    await waitFor(() => expect(itemWith('Åtgärdat utan nät').textContent).toContain('Skickas…'));
    expect(within(itemWith('Åtgärdat utan nät')).queryByRole('button')).toBeNull();
    pending.resolve(changed({ p_report_id: REPORT_ID, p_to_status: 'resolved' }));
    await sending;
    await waitFor(() => expect(announcement()).toBe('Allt är skickat.'));
  });

  it('a refused change: announced as failed, the translated error, retry sends it again with the same id', async () => {
    const { addStatus, outbox, rb, user } = setup({ change_status: { error: refusal('transition_not_allowed') } });
    await addStatus();
    await outbox.flush({ force: true });
    await waitFor(() => expect(announcement()).toBe('1 ändring kunde inte skickas.'));
    const item = itemWith('Åtgärdat utan nät');
    expect(item.textContent).toContain('Kunde inte skickas');
    expect(within(item).getByRole('alert').textContent).toBe(
      'Din roll får inte göra den här statusändringen. Ladda om rapporten för att se aktuell status.',
    );

    rb.answer('change_status', changed);
    await user.click(within(item).getByRole('button', { name: 'Försök igen' }));
    await waitFor(() => expect(announcement()).toBe('Allt är skickat.'));
    const [first, second] = rb.callsTo('change_status');
    expect(second!.args.p_update_id).toBe(first!.args.p_update_id);
  });

  it('discards a failed change after confirming; cancelling keeps it', async () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { addStatus, outbox, user } = setup({ change_status: { error: refusal('report_closed') } });
    await addStatus();
    await outbox.flush({ force: true });
    const discard = await screen.findByRole('button', { name: 'Ta bort' });
    expect(within(itemWith('Åtgärdat utan nät')).getByRole('alert').textContent).toBe(
      'Rapporten är redan avslutad och kan inte tas. Ladda om listan.',
    );
    await user.click(discard);
    expect(confirm).toHaveBeenCalledWith('Vill du ta bort ändringen? Den har inte skickats.');
    expect(screen.getByText('Åtgärdat utan nät')).toBeTruthy();

    confirm.mockReturnValue(true);
    await user.click(discard);
    await waitFor(() => expect(screen.queryByText('Åtgärdat utan nät')).toBeNull());
    expect(announcement()).toBe('');
    expect(outbox.items()).toHaveLength(0);
  });

  it('shows only the signed-in crew member\'s own unsent work', async () => {
    setBrowserOnline(false);
    const { addStatus, rb } = setup();
    await addStatus(OTHER_CREW);
    await addStatus(CREW_ID, 'dddddddd-0000-4000-8000-0000000000f3');
    await waitFor(() => expect(announcement()).toMatch(/^1 ändring väntar på nätet\./));
    rb.setIdentity({ userId: OTHER_CREW, role: 'crew' });
    await waitFor(() => expect(announcement()).toMatch(/^1 ändring väntar på nätet\./));
    rb.setIdentity({ userId: null, role: 'anon' });
    await waitFor(() => expect(announcement()).toBe(''));
  });
});
