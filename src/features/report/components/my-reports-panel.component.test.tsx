import { act, screen, waitFor, within } from '@testing-library/react';
import i18next from 'i18next';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { myReports } from '../../../api';
import { apiKey } from '../../../hooks';
import type { ReportInput } from '../../../domain/report-rules';
import { freshBrowserState } from '../../../test/browser-state';
import { deferred, recordingBackend, refusal, RESIDENT_ID, type Answer, type RecordingBackend } from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import shipped from '../lib/shipped-reference.json';
import { reportOutbox } from '../outbox/report-outbox';
import { MyReportsPanel } from './my-reports-panel';
import { ReportPanel } from './report-panel';

const QUEUED_ID = '99999999-0000-4000-8000-000000000001';
const SENT_ID = '99999999-0000-4000-8000-000000000002';
const OTHER_USER = '66666666-6666-4666-8666-666666666666';

const input = (id: string, description: string, category = 'broken_lighting'): ReportInput => ({
  id,
  category,
  lon: 13.0095,
  lat: 55.5906,
  description,
  observedAt: new Date(Date.now() - 3_600_000),
  source: 'resident',
  photoPath: null,
});
const serverReport = (id: string, description: string) => ({
  id,
  category: 'litter',
  challenge: 'renhallning',
  status: 'new',
  status_group: 'open',
  description,
  created_at: new Date().toISOString(),
  support_count: 2,
  last_update_at: null,
  moderation: 'approved',
  moderation_reason: null,
  photo_moderation: null,
});
const submitted = (args: Record<string, unknown>) => ({
  id: args.p_id,
  status: 'new',
  challenge: 'befintlig_stad',
  category: args.p_category,
  district: null,
  is_dark: false,
  created_at: new Date().toISOString(),
  observed_at: args.p_observed_at,
});

/** Mina rapporter, and (as in the app) the report tab that "Ändra" puts an unsent report back into. */
function Page({ rb, withForm }: { rb: RecordingBackend; withForm: boolean }) {
  const [pin, setPin] = useState<{ lon: number; lat: number } | null>(null);
  return (
    <>
      <MyReportsPanel backend={rb.backend} reference={REFERENCE} onOpenReport={() => {}} />
      {withForm ? (
        <ReportPanel
          backend={rb.backend}
          reference={REFERENCE}
          pin={pin}
          pinConfirmKey={0}
          onPinModeChange={() => {}}
          onSetPin={setPin}
          onSubmitted={() => {}}
          onClose={() => {}}
          onOpenReport={() => {}}
        />
      ) : null}
    </>
  );
}

function setup({ mine = [], submit = submitted, withForm = false }: { mine?: unknown[]; submit?: Answer; withForm?: boolean } = {}) {
  const rb = recordingBackend({
    identity: { userId: RESIDENT_ID, role: 'resident' },
    answers: { my_reports: { value: mine }, submit_report: submit, nearby_reports: { value: [] } },
  });
  const outbox = reportOutbox(rb.backend);
  const r = renderWithProviders(<Page rb={rb} withForm={withForm} />);
  return { rb, outbox, ...r };
}

const unsentList = () => screen.getByRole('list', { name: 'Rapporter som inte har skickats ännu' });
const unsentItem = (text: string) => within(unsentList()).getByText(text).closest('li')!;

beforeEach(() => freshBrowserState());
afterEach(() => vi.unstubAllGlobals());

describe('Mina rapporter: reports not sent yet', () => {
  it('lists a queued report apart from the sent ones, with its category and "Väntar på nätverk"', async () => {
    const { outbox } = setup({ mine: [serverReport(SENT_ID, 'Skräp vid busshållplatsen')] });
    await outbox.add({ id: QUEUED_ID, owner: RESIDENT_ID, payload: input(QUEUED_ID, 'Utslagen gatlykta'), blob: null });
    const item = await waitFor(() => unsentItem('Utslagen gatlykta'));
    expect(item.textContent).toContain('Trasig belysning');
    expect(item.textContent).toContain('Väntar på nätverk');
    expect(within(item).getByRole('button', { name: 'Försök igen' })).toBeTruthy();
    expect(within(item).getByRole('button', { name: 'Ändra' })).toBeTruthy();
    expect(within(item).getByRole('button', { name: 'Ta bort' })).toBeTruthy();
    const sent = await screen.findByText('Skräp vid busshållplatsen');
    expect(sent.closest('button')!.textContent).toContain('Status: Ny');
    expect(screen.getByText('1 rapport')).toBeTruthy();
  });

  it('never lists a report twice: once the server has it, the unsent entry goes', async () => {
    const { outbox, queryClient } = setup();
    // (Nothing sends here: the app shell's outbox runner is not mounted.)
    await outbox.add({ id: QUEUED_ID, owner: RESIDENT_ID, payload: input(QUEUED_ID, 'Utslagen gatlykta'), blob: null });
    await waitFor(() => unsentItem('Utslagen gatlykta'));
    queryClient.setQueryData(apiKey(myReports, { user: RESIDENT_ID }), [serverReport(QUEUED_ID, 'Utslagen gatlykta')]);
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Rapporter som inte har skickats ännu' })).toBeNull());
    expect(screen.getAllByText('Utslagen gatlykta')).toHaveLength(1);
  });

  it('a refused report: "Kunde inte skickas", the translated reason; retry sends it again', async () => {
    const { outbox, rb, user } = setup({ submit: { error: refusal('rate_limited') } });
    await outbox.add({ id: QUEUED_ID, owner: RESIDENT_ID, payload: input(QUEUED_ID, 'Full papperskorg'), blob: null });
    await outbox.flush({ force: true });
    const item = await waitFor(() => unsentItem('Full papperskorg'));
    await waitFor(() => expect(item.textContent).toContain('Kunde inte skickas'));
    expect(within(item).getByRole('alert').textContent).toBe(
      'Du har skickat många rapporter den senaste timmen. Vänta en stund och försök igen.',
    );
    rb.answer('submit_report', submitted);
    await user.click(within(item).getByRole('button', { name: 'Försök igen' }));
    await waitFor(() => expect(outbox.items()[0]!.state).toBe('sent'));
    expect(rb.callsTo('submit_report').map((c) => c.args.p_id)).toEqual([QUEUED_ID, QUEUED_ID]);
  });

  it('"Skickas…" while it is sent: no buttons to pull it away', async () => {
    const pending = deferred();
    const { outbox } = setup({ submit: () => pending.promise });
    await outbox.add({ id: QUEUED_ID, owner: RESIDENT_ID, payload: input(QUEUED_ID, 'Mörk gångtunnel'), blob: null });
    const sending = outbox.flush({ force: true });
    await waitFor(() => expect(unsentItem('Mörk gångtunnel').textContent).toContain('Skickas…'));
    expect(within(unsentItem('Mörk gångtunnel')).queryByRole('button')).toBeNull();
    pending.resolve(submitted({ p_id: QUEUED_ID, p_category: 'broken_lighting', p_observed_at: new Date().toISOString() }));
    await sending;
  });

  it('discards an unsent report only after confirming', async () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { outbox, user } = setup();
    await outbox.add({ id: QUEUED_ID, owner: RESIDENT_ID, payload: input(QUEUED_ID, 'Klotter på muren'), blob: null });
    const discard = await waitFor(() => within(unsentItem('Klotter på muren')).getByRole('button', { name: 'Ta bort' }));
    await user.click(discard);
    expect(confirm).toHaveBeenCalledWith('Vill du ta bort rapporten? Den har inte skickats.');
    expect(unsentItem('Klotter på muren')).toBeTruthy();
    confirm.mockReturnValue(true);
    await user.click(discard);
    await waitFor(() => expect(screen.queryByText('Klotter på muren')).toBeNull());
    expect(outbox.items()).toEqual([]);
    expect(screen.getByText('Du har inte skickat några rapporter ännu.')).toBeTruthy();
  });

  it('"Ändra" takes it out of the queue and back into the report form, on the details step', async () => {
    const { outbox, user } = setup({ withForm: true });
    await outbox.add({ id: QUEUED_ID, owner: RESIDENT_ID, payload: input(QUEUED_ID, 'Glas på cykelbanan'), blob: null });
    await user.click(await waitFor(() => within(unsentItem('Glas på cykelbanan')).getByRole('button', { name: 'Ändra' })));
    expect(await screen.findByRole('heading', { name: 'Steg 4 av 5: Berätta vad du ser' })).toBeTruthy();
    expect((screen.getByLabelText('Beskrivning') as HTMLTextAreaElement).value).toBe('Glas på cykelbanan');
    expect(outbox.items()).toEqual([]);
    expect(screen.queryByRole('list', { name: 'Rapporter som inte har skickats ännu' })).toBeNull();
  });

  it('shows only the signed-in resident\'s unsent reports', async () => {
    const { outbox, rb } = setup();
    await outbox.add({ id: QUEUED_ID, owner: OTHER_USER, payload: input(QUEUED_ID, 'Någon annans rapport'), blob: null });
    await waitFor(() => expect(rb.callsTo('my_reports')).toHaveLength(1));
    await screen.findByText('Du har inte skickat några rapporter ännu.');
    expect(screen.queryByText('Någon annans rapport')).toBeNull();
  });
});

describe('Mina rapporter: moderation', () => {
  it('shows "Väntar på granskning" for a held report and the moderator\'s reason for a hidden or edited one', async () => {
    setup({
      mine: [
        { ...serverReport(SENT_ID, 'Ring 070-123 45 67'), moderation: 'held' },
        { ...serverReport(QUEUED_ID, 'Grannen heter Anna'), moderation: 'hidden', moderation_reason: 'Innehåller personuppgifter' },
      ],
    });
    const held = (await screen.findByText('Ring 070-123 45 67')).closest('button')!;
    expect(held.textContent).toContain('Väntar på granskning');
    const hidden = screen.getByText('Grannen heter Anna').closest('button')!;
    expect(hidden.textContent).toContain('Visas inte offentligt');
    expect(hidden.textContent).toContain('Moderatorns motivering: Innehåller personuppgifter');
  });
});

describe('Mina rapporter: read apart', () => {
  it('names a report\'s button with its parts apart, not "NedskräpningSkräp vid…"', async () => {
    setup({ mine: [serverReport(SENT_ID, 'Skräp vid busshållplatsen')] });
    const name = /^Nedskräpning\s*,\s+Skräp vid busshållplatsen\s*,\s+Status: Ny\s*,\s+/;
    expect(await screen.findByRole('button', { name })).toBeTruthy();
  });
});

describe('Mina rapporter in Arabic', () => {
  it('names each report\'s category and status in Arabic (the shipped reference data, before the database answers)', async () => {
    const rb = recordingBackend({
      identity: { userId: RESIDENT_ID, role: 'resident' },
      answers: { my_reports: { value: [serverReport(SENT_ID, 'Skräp vid busshållplatsen')] } },
    });
    renderWithProviders(<MyReportsPanel backend={rb.backend} onOpenReport={() => {}} />);
    await act(() => i18next.changeLanguage('ar'));
    try {
      const sent = (await screen.findByText('Skräp vid busshållplatsen')).closest('button')!;
      const arabic = (rows: { code: string; name_ar: string | null }[], code: string) => rows.find((r) => r.code === code)!.name_ar!;
      expect(sent.querySelector('.report-mine-category')!.textContent).toBe(arabic(shipped.categories, 'litter'));
      expect(sent.textContent).toContain(arabic(shipped.statuses, 'new'));
      expect(sent.textContent).not.toContain('Ny');
    } finally {
      await act(() => i18next.changeLanguage('sv'));
    }
  });
});
