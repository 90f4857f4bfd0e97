import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkItem } from '../../api';
import type { Identity } from '../../backend';
import { freshBrowserState } from '../../test/browser-state';
import { setBrowserOnline } from '../../test/network';
import { ADMIN_ID, CREW_ID, recordingBackend, refusal, type Answer, type RecordingBackend } from '../../test/recording-backend';
import { REFERENCE } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { CrewOutboxRunner } from './use-crew-outbox';
import { WorkListSection } from './work-list-section';

const NEW_ID = 'cccccccc-0000-4000-8000-000000000001';
const IN_PROGRESS_ID = 'cccccccc-0000-4000-8000-000000000002';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function item(id: string, status: WorkItem['status'], description: string, over: Partial<WorkItem> = {}): WorkItem {
  return {
    id,
    category: 'litter',
    challenge: 'renhallning',
    status,
    lon: 13.0,
    lat: 55.59,
    district_code: 11316,
    district_name: 'Möllevången',
    observed_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    created_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    supports: 0,
    description,
    source: 'resident',
    has_photo: false,
    assigned_to_me: false,
    assigned: false,
    assignee: null,
    due_on: null,
    q: 1,
    r: 2,
    ...over,
  };
}

const LIST = {
  total: 2,
  items: [item(NEW_ID, 'new', 'Skräp vid busshållplatsen'), item(IN_PROGRESS_ID, 'in_progress', 'Glas på cykelbanan', { category: 'broken_glass' })],
};
const changed = (args: Record<string, unknown>) => ({
  id: args.p_report_id,
  status: args.p_to_status,
  status_group: 'closed',
  updated_at: new Date().toISOString(),
});

function setup(identity: Identity = { userId: CREW_ID, role: 'crew' }, changeStatus: Answer = changed, reference = REFERENCE) {
  const rb = recordingBackend({ identity, answers: { work_list: { value: LIST }, change_status: changeStatus } });
  const r = renderWithProviders(
    <>
      <CrewOutboxRunner backend={rb.backend} ready />
      <WorkListSection backend={rb.backend} reference={reference} ready analysis={undefined} onOpenReport={() => {}} />
    </>,
    { userOptions: { applyAccept: false } },
  );
  return { rb, ...r };
}

/** A work-list card by the report's description (the card is a list item labelled by its heading). */
async function card(description: string) {
  const text = await screen.findByText(description);
  return text.closest('li')!;
}
async function openForm(rb: RecordingBackend, description: string, user: ReturnType<typeof setup>['user']) {
  await waitFor(() => expect(rb.callsTo('work_list')).toHaveLength(1));
  const c = await card(description);
  await user.click(within(c).getByRole('button', { name: 'Ändra status' }));
  return within(within(c).getByRole('form', { name: 'Ändra status' }));
}
const offered = (form: ReturnType<typeof within>) =>
  (form.getAllByRole('option') as HTMLOptionElement[]).filter((o) => o.value !== '').map((o) => o.textContent);

beforeEach(() => freshBrowserState());
afterEach(() => vi.unstubAllGlobals());

describe('crew work list: the status form', () => {
  it('lists the open reports, each with "Ändra status" opening the form (aria-expanded)', async () => {
    const { rb, user } = setup();
    await waitFor(() => expect(rb.callsTo('work_list')).toHaveLength(1));
    expect(rb.callsTo('work_list')[0]!.args).toMatchObject({ p_statuses: ['new', 'confirmed', 'in_progress'] });
    expect(await screen.findByText('2 rapporter')).toBeTruthy();
    const c = await card('Skräp vid busshållplatsen');
    expect(within(c).getByRole('heading', { level: 3 }).textContent).toMatch(/Nedskräpning — Ny$/);
    const button = within(c).getByRole('button', { name: 'Ändra status' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(within(c).queryByRole('form')).toBeNull();
    await user.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(within(c).getByRole('form', { name: 'Ändra status' })).toBeTruthy();
  });

  it('offers crew its transitions from the report\'s status, never "Dubblett" (that needs the detail)', async () => {
    const { rb, user } = setup();
    const formNew = await openForm(rb, 'Skräp vid busshållplatsen', user);
    // "Åtgärdas" straight from "Ny": the workflow (app.status_transitions) allows the crew new → in_progress
    expect(offered(formNew)).toEqual(['Bekräftad', 'Åtgärdas', 'Åtgärdad', 'Ingen åtgärd möjlig', 'Hänvisad till annan aktör']);
    const formInProgress = await openForm(rb, 'Glas på cykelbanan', user);
    expect(offered(formInProgress)).toEqual(['Åtgärdad', 'Ingen åtgärd möjlig', 'Hänvisad till annan aktör']);
  });

  it('offers an admin every other status but "Dubblett"', async () => {
    const { rb, user } = setup({ userId: ADMIN_ID, role: 'admin' });
    const form = await openForm(rb, 'Skräp vid busshållplatsen', user);
    expect(offered(form)).toEqual(['Bekräftad', 'Åtgärdas', 'Åtgärdad', 'Ingen åtgärd möjlig', 'Hänvisad till annan aktör']);
  });

  it('requires a note to close without action or to refer, with the translated error; nothing is sent', async () => {
    const { rb, user } = setup();
    const form = await openForm(rb, 'Skräp vid busshållplatsen', user);
    expect(form.getByLabelText('Anteckning (valfri)')).toBeTruthy();
    // no status chosen: say so (not "your role may not…"), before any call
    await user.click(form.getByRole('button', { name: 'Spara status' }));
    expect(form.getByRole('alert').textContent).toBe('Välj en ny status först.');
    for (const name of ['Ingen åtgärd möjlig', 'Hänvisad till annan aktör']) {
      await user.selectOptions(form.getByLabelText('Ny status'), name);
      expect(form.getByLabelText('Anteckning (krävs)').getAttribute('aria-required')).toBe('true');
      await user.click(form.getByRole('button', { name: 'Spara status' }));
      expect(form.getByRole('alert').textContent).toBe('Skriv en kort kommentar som förklarar ändringen.');
    }
    expect(rb.callsTo('change_status')).toHaveLength(0);
  });

  it('takes which statuses need a note from the reference data (app.statuses.note_required)', async () => {
    const statuses = REFERENCE.statuses.map((s) => (s.code === 'resolved' ? { ...s, note_required: true } : s));
    const { rb, user } = setup(undefined, undefined, { ...REFERENCE, statuses });
    const form = await openForm(rb, 'Skräp vid busshållplatsen', user);
    await user.selectOptions(form.getByLabelText('Ny status'), 'Åtgärdad');
    expect(form.getByLabelText('Anteckning (krävs)').getAttribute('aria-required')).toBe('true');
    await user.click(form.getByRole('button', { name: 'Spara status' }));
    expect(form.getByRole('alert').textContent).toBe('Skriv en kort kommentar som förklarar ändringen.');
    expect(rb.callsTo('change_status')).toHaveLength(0);
  });

  it('refuses a photo of the wrong type, in Swedish', async () => {
    const { rb, user } = setup();
    const form = await openForm(rb, 'Skräp vid busshållplatsen', user);
    await user.selectOptions(form.getByLabelText('Ny status'), 'Åtgärdad');
    await user.upload(form.getByLabelText('Foto (valfritt)'), new File(['hej'], 'anteckning.txt', { type: 'text/plain' }));
    await user.click(form.getByRole('button', { name: 'Spara status' }));
    expect(form.getByRole('alert').textContent).toBe('Fotot har ett format som inte stöds. Använd JPEG, PNG, WebP eller HEIC.');
    expect(rb.callsTo('change_status')).toHaveLength(0);
  });

  it('online: sends the change once with its note and an update id; the closed report leaves the open list', async () => {
    const { rb, user } = setup();
    const form = await openForm(rb, 'Skräp vid busshållplatsen', user);
    await user.selectOptions(form.getByLabelText('Ny status'), 'Ingen åtgärd möjlig');
    await user.type(form.getByLabelText('Anteckning (krävs)'), 'Privat mark, hänvisat till fastighetsägaren');
    await user.click(form.getByRole('button', { name: 'Spara status' }));
    await waitFor(() => expect(screen.queryByText('Skräp vid busshållplatsen')).toBeNull());
    const calls = rb.callsTo('change_status');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args).toMatchObject({
      p_report_id: NEW_ID,
      p_to_status: 'not_actionable',
      p_note: 'Privat mark, hänvisat till fastighetsägaren',
      p_duplicate_of: null,
    });
    expect(calls[0]!.args.p_update_id).toMatch(UUID);
    expect(screen.getByText('Glas på cykelbanan')).toBeTruthy();
  });

  it('offline: the card says the new status waits to be sent, and offers no second change meanwhile', async () => {
    const { rb, user } = setup();
    const form = await openForm(rb, 'Skräp vid busshållplatsen', user);
    setBrowserOnline(false);
    await user.selectOptions(form.getByLabelText('Ny status'), 'Åtgärdad');
    await user.click(form.getByRole('button', { name: 'Spara status' }));
    const c = await card('Skräp vid busshållplatsen');
    expect(await within(c).findByText('Ny status väntar på att skickas: Åtgärdad')).toBeTruthy();
    expect(within(c).getByText('Väntar på nätet')).toBeTruthy();
    expect(within(c).queryByRole('button', { name: 'Ändra status' })).toBeNull();
    expect(within(c).queryByRole('form')).toBeNull();
    expect(rb.callsTo('change_status')).toHaveLength(0);

    setBrowserOnline(true);
    await waitFor(() => expect(screen.queryByText('Skräp vid busshållplatsen')).toBeNull());
    expect(rb.callsTo('change_status')).toHaveLength(1);
  });

  it('a change the database refuses shows on the card as failed, translated, with retry and discard', async () => {
    const { rb, user } = setup(undefined, { error: refusal('transition_not_allowed') });
    const form = await openForm(rb, 'Glas på cykelbanan', user);
    await user.selectOptions(form.getByLabelText('Ny status'), 'Åtgärdad');
    await user.click(form.getByRole('button', { name: 'Spara status' }));
    const c = await card('Glas på cykelbanan');
    expect(await within(c).findByText('Kunde inte skickas')).toBeTruthy();
    expect(within(c).getByRole('alert').textContent).toMatch(/^Din roll får inte göra den här statusändringen/);
    expect(within(c).getByRole('button', { name: 'Försök igen' })).toBeTruthy();
    expect(within(c).getByRole('button', { name: 'Ta bort' })).toBeTruthy();
  });
});

describe('crew work list: claiming', () => {
  it('claiming a new report shows it as "Åtgärdas" and yours at once (the status the database returns)', async () => {
    const { rb, user } = setup();
    rb.answer('claim_report', (args) => ({
      id: args.p_report_id,
      assigned_to: CREW_ID,
      assigned_at: new Date().toISOString(),
      status: 'in_progress',
    }));
    await waitFor(() => expect(rb.callsTo('work_list')).toHaveLength(1));
    const c = await card('Skräp vid busshållplatsen');
    await user.click(within(c).getByRole('button', { name: 'Ta uppdraget' }));
    await within(c).findByRole('button', { name: 'Släpp uppdraget' });
    expect(within(c).getByRole('heading', { level: 3 }).textContent).toMatch(/Nedskräpning — Åtgärdas$/);
    expect(c.textContent).toContain('ditt uppdrag');
    expect(rb.callsTo('claim_report')[0]!.args).toEqual({ p_report_id: NEW_ID, p_release: false });
  });
});

describe('crew work list: filters', () => {
  /** Opens the filters (folded on a phone) and returns the section. */
  async function openFilters(user: ReturnType<typeof setup>['user']) {
    const toggle = await screen.findByRole('button', { name: /^Filter/ });
    if (toggle.getAttribute('aria-expanded') === 'false') await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    return toggle;
  }

  it('asks for the challenge, category and district chosen; the categories follow the challenge', async () => {
    const { rb, user } = setup();
    await waitFor(() => expect(rb.callsTo('work_list')).toHaveLength(1));
    expect(rb.callsTo('work_list')[0]!.args).toMatchObject({ p_challenges: null, p_categories: null, p_district_codes: null });
    const toggle = await openFilters(user);

    await user.selectOptions(screen.getByLabelText('Utmaning'), 'trafik');
    await waitFor(() => expect(rb.callsTo('work_list').at(-1)!.args).toMatchObject({ p_challenges: ['trafik'], p_categories: null }));
    const categories = (screen.getByLabelText('Kategori') as HTMLSelectElement).options;
    const trafik = REFERENCE.categories.filter((c) => c.challenge === 'trafik').map((c) => c.name_sv);
    expect([...categories].slice(1).map((o) => o.textContent)).toEqual(trafik);

    await user.selectOptions(screen.getByLabelText('Kategori'), trafik[0]!);
    await waitFor(() => expect(rb.callsTo('work_list').at(-1)!.args).toMatchObject({ p_challenges: ['trafik'], p_categories: [REFERENCE.categories.find((c) => c.name_sv === trafik[0])!.code] }));

    const district = screen.getByLabelText('Delområde') as HTMLSelectElement;
    await waitFor(() => expect(district.options.length).toBeGreaterThan(100));
    await user.selectOptions(district, 'Möllevången');
    await waitFor(() => expect(rb.callsTo('work_list').at(-1)!.args.p_district_codes).toEqual([Number(district.value)]));
    // folded, the button says how many filters are set
    await user.click(toggle);
    expect(toggle.textContent).toBe('Filter (3 valda)');
  });

  it('takes the "open" statuses from the reference data, not from a list in the code', async () => {
    // A database where "confirmed" counts as closed: the crew's open list must follow it.
    const statuses = REFERENCE.statuses.map((s) => (s.code === 'confirmed' ? { ...s, group: 'closed' as const } : s));
    const { rb, user } = setup(undefined, undefined, { ...REFERENCE, statuses });
    await waitFor(() => expect(rb.callsTo('work_list')).toHaveLength(1));
    expect(rb.callsTo('work_list')[0]!.args.p_statuses).toEqual(['new', 'in_progress']);
    await openFilters(user);
    expect((screen.getByLabelText('Status') as HTMLSelectElement).options[0]!.textContent).toBe('Öppna (ny, åtgärdas)');
  });
});

describe('crew work list: assignment', () => {
  it('assigns a report to a colleague with a due date; the card then shows the date', async () => {
    const { rb, user } = setup();
    const COLLEAGUE = '55555555-5555-4555-8555-555555555555';
    const due = new Date(Date.now() + 3 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
    rb.answer('crew_colleagues', { value: { items: [{ id: CREW_ID, email: 'jag@malmo.se', me: true }, { id: COLLEAGUE, email: 'kollega@malmo.se', me: false }] } });
    rb.answer('assign_report', (args) => ({
      id: args.p_report_id, assigned_to: args.p_assignee, assigned_at: new Date().toISOString(), due_on: args.p_due_on, status: 'new',
    }));
    await waitFor(() => expect(rb.callsTo('work_list')).toHaveLength(1));
    const c = await card('Skräp vid busshållplatsen');
    await user.click(within(c).getByRole('button', { name: 'Tilldela' }));
    const form = within(within(c).getByRole('form', { name: 'Tilldela en kollega' }));
    // nothing chosen: said before any call
    await user.click(form.getByRole('button', { name: 'Spara tilldelning' }));
    expect(form.getByRole('alert').getAttribute('data-error-code')).toBe('invalid_assignee');
    await waitFor(() => expect(form.getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(form.getByLabelText('Vem'), 'kollega@malmo.se');
    await user.type(form.getByLabelText('Klart senast (valfritt)'), due);
    await user.click(form.getByRole('button', { name: 'Spara tilldelning' }));
    await waitFor(() => expect(within(c).queryByRole('form', { name: 'Tilldela en kollega' })).toBeNull());
    expect(rb.callsTo('assign_report')[0]!.args).toEqual({ p_report_id: NEW_ID, p_assignee: COLLEAGUE, p_due_on: due });
    expect(c.textContent).toContain('någon annan har uppdraget');
    expect(c.textContent).toMatch(/klart senast \d+ [a-zé]+/);
  });
});
