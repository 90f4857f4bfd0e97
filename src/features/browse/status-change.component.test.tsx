import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReportDetail } from '../../api';
import type { Identity } from '../../backend';
import { freshBrowserState } from '../../test/browser-state';
import { ADMIN_ID, CREW_ID, recordingBackend, refusal, RESIDENT_ID, type Answer } from '../../test/recording-backend';
import { REFERENCE } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { StatusActions } from './status-change';

const REPORT_ID = 'bbbbbbbb-0000-4000-8000-000000000001';
const OTHER_ID = 'bbbbbbbb-0000-4000-8000-000000000002';
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

function detail(status: string, over: Partial<ReportDetail> = {}): ReportDetail {
  const group = ['new', 'confirmed', 'in_progress'].includes(status) ? 'open' : 'closed';
  return {
    id: REPORT_ID,
    category: 'dumped_waste',
    challenge: 'renhallning',
    status,
    status_group: group,
    source: 'resident',
    description: 'Dumpade möbler vid återvinningen',
    moderation: 'approved',
    moderation_reasons: [],
    moderation_reason: null,
    public_description: 'Dumpade möbler vid återvinningen',
    photo_moderation: null,
    observed_at: daysAgo(3),
    created_at: daysAgo(3),
    is_dark: false,
    lon: 13.0,
    lat: 55.59,
    precise: true,
    district: null,
    support_count: 0,
    supported_by_me: false,
    is_mine: false,
    photo_path: null,
    updates: [],
    ...over,
  };
}

const changed = (args: Record<string, unknown>) => ({
  id: args.p_report_id,
  status: args.p_to_status,
  status_group: ['new', 'confirmed', 'in_progress'].includes(String(args.p_to_status)) ? 'open' : 'closed',
  updated_at: new Date().toISOString(),
});

function setup(identity: Identity, d: ReportDetail, changeStatus: Answer = changed, reference = REFERENCE) {
  const rb = recordingBackend({ identity, answers: { change_status: changeStatus } });
  const r = renderWithProviders(<StatusActions backend={rb.backend} reference={reference} detail={d} />);
  return { rb, ...r };
}

const crew: Identity = { userId: CREW_ID, role: 'crew' };
/** The status options offered, by visible name (the empty "Välj ny status" left out). */
const offered = () =>
  within(screen.getByLabelText('Ny status'))
    .getAllByRole('option')
    .filter((o) => (o as HTMLOptionElement).value !== '')
    .map((o) => o.textContent);

beforeEach(() => freshBrowserState());

describe('status change in the report detail: what each role is offered', () => {
  it('crew, on a new report: confirm, start or close it (the workflow from list_categories)', () => {
    setup(crew, detail('new'));
    expect(screen.getByRole('form', { name: 'Ändra status' })).toBeTruthy();
    expect(screen.getByText('Nuvarande status: Ny')).toBeTruthy();
    expect(offered()).toEqual(['Bekräftad', 'Åtgärdas', 'Åtgärdad', 'Ingen åtgärd möjlig', 'Dubblett', 'Hänvisad till annan aktör']);
  });

  it('crew, on a report in progress: only the ways to close it', () => {
    setup(crew, detail('in_progress'));
    expect(offered()).toEqual(['Åtgärdad', 'Ingen åtgärd möjlig', 'Dubblett', 'Hänvisad till annan aktör']);
  });

  it('crew, on a resolved report: no form at all', () => {
    setup(crew, detail('resolved'));
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('planner: only refer a new or confirmed report elsewhere', () => {
    const { unmount } = setup({ userId: CREW_ID, role: 'planner' }, detail('confirmed'));
    expect(offered()).toEqual(['Hänvisad till annan aktör']);
    unmount();
    setup({ userId: CREW_ID, role: 'planner' }, detail('in_progress'));
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('strategist: nothing (no transitions)', () => {
    setup({ userId: CREW_ID, role: 'strategist' }, detail('new'));
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('admin: every other status, also reopening a closed one', () => {
    setup({ userId: ADMIN_ID, role: 'admin' }, detail('resolved'));
    expect(offered()).toEqual(['Ny', 'Bekräftad', 'Åtgärdas', 'Ingen åtgärd möjlig', 'Dubblett', 'Hänvisad till annan aktör']);
  });

  it('a resident who did not file the report: nothing', () => {
    setup({ userId: RESIDENT_ID, role: 'resident' }, detail('resolved', { is_mine: false, updates: [{ from_status: 'new', to_status: 'resolved', note: null, created_at: daysAgo(2), photo_path: null }] }));
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('status change in the report detail: notes, errors, what is sent', () => {
  it('requires a note to close without action, refer or mark a duplicate; the translated error; nothing sent', async () => {
    const { user, rb } = setup(crew, detail('new'));
    const to = screen.getByLabelText('Ny status');
    expect(screen.getByLabelText('Kommentar (valfri)')).toBeTruthy();
    for (const name of ['Ingen åtgärd möjlig', 'Hänvisad till annan aktör', 'Dubblett']) {
      await user.selectOptions(to, name);
      const note = screen.getByLabelText('Kommentar (krävs)');
      expect(note.getAttribute('aria-required')).toBe('true');
      await user.click(screen.getByRole('button', { name: 'Spara status' }));
      expect(screen.getByRole('alert').textContent).toBe('Skriv en kort kommentar som förklarar ändringen.');
    }
    await user.selectOptions(to, 'Åtgärdad');
    expect(screen.getByLabelText('Kommentar (valfri)')).toBeTruthy();
    expect(rb.callsTo('change_status')).toHaveLength(0);
  });

  it('asks for a status before saving', async () => {
    const { user, rb } = setup(crew, detail('new'));
    await user.click(screen.getByRole('button', { name: 'Spara status' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^Din roll får inte göra den här statusändringen/);
    expect(rb.callsTo('change_status')).toHaveLength(0);
  });

  it('saves a change with its note and says so', async () => {
    const { user, rb } = setup(crew, detail('new'));
    await user.selectOptions(screen.getByLabelText('Ny status'), 'Ingen åtgärd möjlig');
    await user.type(screen.getByLabelText('Kommentar (krävs)'), '  Privat mark, hänvisat till fastighetsägaren  ');
    await user.click(screen.getByRole('button', { name: 'Spara status' }));
    expect((await screen.findByRole('status')).textContent).toBe('Statusen är ändrad till Ingen åtgärd möjlig.');
    expect(rb.callsTo('change_status')).toEqual([
      {
        fn: 'change_status',
        args: { p_report_id: REPORT_ID, p_to_status: 'not_actionable', p_note: 'Privat mark, hänvisat till fastighetsägaren', p_duplicate_of: null },
      },
    ]);
  });

  it('a duplicate needs the other report: its id or a link to it, not itself', async () => {
    const { user, rb } = setup(crew, detail('new'));
    await user.selectOptions(screen.getByLabelText('Ny status'), 'Dubblett');
    await user.type(screen.getByLabelText('Kommentar (krävs)'), 'Samma soffa');
    const dup = screen.getByLabelText('Dubblett av (den andra rapportens id eller länk)');
    const invalid = 'Välj den andra rapporten som den här är en dubblett av. Den måste finnas och får inte själv vara en dubblett.';
    await user.type(dup, 'den andra');
    await user.click(screen.getByRole('button', { name: 'Spara status' }));
    expect(screen.getByRole('alert').textContent).toBe(invalid);
    await user.clear(dup);
    await user.type(dup, `https://example.org/#/report/${REPORT_ID}`);
    await user.click(screen.getByRole('button', { name: 'Spara status' }));
    expect(screen.getByRole('alert').textContent).toBe(invalid);
    expect(rb.callsTo('change_status')).toHaveLength(0);

    await user.clear(dup);
    await user.type(dup, `https://example.org/#/report/${OTHER_ID.toUpperCase()}`);
    await user.click(screen.getByRole('button', { name: 'Spara status' }));
    await screen.findByText('Statusen är ändrad till Dubblett.');
    expect(rb.callsTo('change_status')[0]!.args).toMatchObject({ p_to_status: 'duplicate', p_duplicate_of: OTHER_ID });
  });

  it('shows the database refusing the change, translated', async () => {
    const { user } = setup(crew, detail('new'), { error: refusal('transition_not_allowed') });
    await user.selectOptions(screen.getByLabelText('Ny status'), 'Bekräftad');
    await user.click(screen.getByRole('button', { name: 'Spara status' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Din roll får inte göra den här statusändringen. Ladda om rapporten för att se aktuell status.',
    );
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('reopening: "Fortfarande ett problem"', () => {
  const resident: Identity = { userId: RESIDENT_ID, role: 'resident' };
  const resolvedAt = (days: number) =>
    detail('resolved', { is_mine: true, updates: [{ from_status: 'new', to_status: 'resolved', note: 'Bortforslat', created_at: daysAgo(days), photo_path: null }] });

  it('lets the reporter reopen their resolved report with a required note', async () => {
    const { user, rb } = setup(resident, resolvedAt(5));
    expect(screen.getByRole('form', { name: 'Fortfarande ett problem?' })).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Fortfarande ett problem' });
    await user.click(button);
    expect(screen.getByRole('alert').textContent).toBe('Skriv en kort kommentar som förklarar ändringen.');
    expect(rb.callsTo('change_status')).toHaveLength(0);
    await user.type(screen.getByLabelText('Vad är fortfarande ett problem? (krävs)'), 'Nya möbler har dumpats på samma plats');
    await user.click(button);
    expect(rb.callsTo('change_status')).toEqual([
      {
        fn: 'change_status',
        args: { p_report_id: REPORT_ID, p_to_status: 'confirmed', p_note: 'Nya möbler har dumpats på samma plats', p_duplicate_of: null },
      },
    ]);
  });

  it('says it is too late after 30 days, without a form', () => {
    setup(resident, resolvedAt(31));
    expect(screen.getByText(/^Det har gått mer än 30 dagar sedan rapporten åtgärdades/)).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('takes the reopen window from the reference data (app.statuses.reopen_days)', () => {
    const statuses = REFERENCE.statuses.map((s) => (s.code === 'resolved' ? { ...s, reopen_days: 7 } : s));
    setup(resident, resolvedAt(10), changed, { ...REFERENCE, statuses });
    expect(screen.getByText(/^Det har gått mer än 7 dagar sedan rapporten åtgärdades/)).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('shows the database refusing a late reopen, translated', async () => {
    const { user } = setup(resident, resolvedAt(29), { error: refusal('reopen_expired') });
    await user.type(screen.getByLabelText('Vad är fortfarande ett problem? (krävs)'), 'Fortfarande skräp');
    await user.click(screen.getByRole('button', { name: 'Fortfarande ett problem' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Rapporten åtgärdades för mer än 30 dagar sedan/);
  });
});
