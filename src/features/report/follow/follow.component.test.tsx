import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReportChange } from '../../../backend/report-change';
import { freshBrowserState } from '../../../test/browser-state';
import { recordingBackend, RESIDENT_ID, type RecordingBackend } from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import { MyReportsPanel } from '../components/my-reports-panel';
import { announcer } from './announcer';
import { MyReportsBadge } from './my-reports-badge';

const MINE = '99999999-0000-4000-8000-0000000000a1';
const ALSO_MINE = '99999999-0000-4000-8000-0000000000a2';
const OTHER_USER = '66666666-6666-4666-8666-666666666666';

const report = (id: string, status: string, description = 'Skräp vid busshållplatsen') => ({
  id,
  category: 'litter',
  challenge: 'renhallning',
  status,
  status_group: ['resolved', 'not_actionable', 'duplicate', 'referred'].includes(status) ? 'closed' : 'open',
  description,
  created_at: new Date().toISOString(),
  support_count: 0,
  last_update_at: null,
  moderation: 'approved',
  moderation_reason: null,
  photo_moderation: null,
});

/** A recording backend whose change feed the test drives (as Realtime or PGlite NOTIFY would). */
function liveBackend(mine: unknown[]) {
  const rb = recordingBackend({ identity: { userId: RESIDENT_ID, role: 'resident' }, answers: { my_reports: { value: mine } } });
  const listeners = new Set<(c: ReportChange) => void>();
  rb.backend.subscribeReports = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const emit = (change: ReportChange) => act(() => listeners.forEach((l) => l(change)));
  return { rb, emit, subscribers: () => listeners.size };
}

/** The tab as the shell renders it: its label, then the badge. */
function Tab({ rb, viewing = false, openReportId = null }: { rb: RecordingBackend; viewing?: boolean; openReportId?: string | null }) {
  return (
    <div role="tablist">
      <button type="button" role="tab" aria-selected={viewing}>
        Mina rapporter
        <MyReportsBadge backend={rb.backend} ready viewing={viewing} openReportId={openReportId} reference={REFERENCE} />
      </button>
    </div>
  );
}

const tab = () => screen.getByRole('tab');
/** The tab's accessible name with a badge (the hidden ", " is a block of its own: a space may come before it). */
const changes = (text: string) => new RegExp(`^Mina rapporter\\s?,\\s${text}$`);
const announcement = () => screen.getByTestId('my-reports-announcement');

beforeEach(() => {
  freshBrowserState();
  announcer.say(''); // a new page
});
afterEach(() => vi.unstubAllGlobals());

describe('following one\'s reports: the badge on "Mina rapporter" and the polite announcement', () => {
  it('a first visit takes the statuses as they are: no badge, nothing announced', async () => {
    const { rb } = liveBackend([report(MINE, 'in_progress')]);
    renderWithProviders(<Tab rb={rb} />);
    await waitFor(() => expect(rb.callsTo('my_reports')).toHaveLength(1));
    await waitFor(() => expect(localStorage.getItem(`tk.report-seen.v1.${RESIDENT_ID}`)).toContain('in_progress'));
    expect(tab().textContent).toBe('Mina rapporter');
    expect(announcement().textContent).toBe('');
  });

  it('a status change arriving live: a badge with an accessible name and a polite announcement', async () => {
    const { rb, emit } = liveBackend([report(MINE, 'new')]);
    renderWithProviders(<Tab rb={rb} />);
    await waitFor(() => expect(localStorage.getItem(`tk.report-seen.v1.${RESIDENT_ID}`)).toContain('new'));

    rb.answer('my_reports', { value: [report(MINE, 'resolved')] });
    emit({ id: MINE, kind: 'update' });

    await waitFor(() => expect(screen.getByRole('tab', { name: changes('1 ny ändring') })).toBeTruthy());
    expect(screen.getByTestId('my-reports-badge').textContent).toBe('1');
    expect(screen.getByRole('status').textContent).toBe('Din rapport ”Nedskräpning” är nu Åtgärdad');
  });

  it('two changes: "2 nya ändringar"; seen is kept across a reload until Mina rapporter is shown', async () => {
    localStorage.setItem(`tk.report-seen.v1.${RESIDENT_ID}`, JSON.stringify({ [MINE]: 'new', [ALSO_MINE]: 'new' }));
    const { rb } = liveBackend([report(MINE, 'confirmed'), report(ALSO_MINE, 'in_progress', 'Mörk gångtunnel')]);
    const first = renderWithProviders(<Tab rb={rb} />);
    await waitFor(() => expect(tab().getAttribute('aria-selected')).toBe('false'));
    await screen.findByRole('tab', { name: changes('2 nya ändringar') });
    expect(announcement().textContent).toBe('2 av dina rapporter har fått ny status');
    first.unmount();

    // A reload: still unseen.
    const again = renderWithProviders(<Tab rb={rb} />);
    await screen.findByRole('tab', { name: changes('2 nya ändringar') });
    // Mina rapporter shown: seen, and remembered.
    again.rerender(<Tab rb={rb} viewing />);
    await waitFor(() => expect(tab().textContent).toBe('Mina rapporter'));
    expect(JSON.parse(localStorage.getItem(`tk.report-seen.v1.${RESIDENT_ID}`)!)).toEqual({
      [MINE]: 'confirmed',
      [ALSO_MINE]: 'in_progress',
    });
    again.rerender(<Tab rb={rb} />);
    expect(tab().textContent).toBe('Mina rapporter');
  });

  it('opening one report marks only that one as seen', async () => {
    localStorage.setItem(`tk.report-seen.v1.${RESIDENT_ID}`, JSON.stringify({ [MINE]: 'new', [ALSO_MINE]: 'new' }));
    const { rb } = liveBackend([report(MINE, 'resolved'), report(ALSO_MINE, 'confirmed')]);
    const r = renderWithProviders(<Tab rb={rb} />);
    await screen.findByRole('tab', { name: changes('2 nya ändringar') });
    r.rerender(<Tab rb={rb} openReportId={MINE} />);
    await screen.findByRole('tab', { name: changes('1 ny ändring') });
    r.rerender(<Tab rb={rb} />);
    expect(JSON.parse(localStorage.getItem(`tk.report-seen.v1.${RESIDENT_ID}`)!)).toEqual({ [MINE]: 'resolved', [ALSO_MINE]: 'new' });
    expect(screen.getByRole('tab', { name: changes('1 ny ändring') })).toBeTruthy();
  });

  it('what was seen is per user: another persona in the same browser starts from its own baseline', async () => {
    localStorage.setItem(`tk.report-seen.v1.${RESIDENT_ID}`, JSON.stringify({ [MINE]: 'new' }));
    const { rb } = liveBackend([report(MINE, 'resolved')]);
    renderWithProviders(<Tab rb={rb} />);
    await screen.findByRole('tab', { name: changes('1 ny ändring') });
    expect(announcement().textContent).toBe('Din rapport ”Nedskräpning” är nu Åtgärdad');
    rb.answer('my_reports', { value: [report(ALSO_MINE, 'resolved')] });
    act(() => rb.setIdentity({ userId: OTHER_USER, role: 'resident' }));
    await waitFor(() => expect(localStorage.getItem(`tk.report-seen.v1.${OTHER_USER}`)).toContain(ALSO_MINE));
    expect(tab().textContent).toBe('Mina rapporter');
    // Nor does the other user find the first one's news in the live region.
    expect(announcement().textContent).toBe('');
  });
});

describe('Mina rapporter updates live', () => {
  it('a crew\'s status change of one of the resident\'s reports shows without a reload', async () => {
    const { rb, emit, subscribers } = liveBackend([report(MINE, 'new')]);
    renderWithProviders(<MyReportsPanel backend={rb.backend} reference={REFERENCE} onOpenReport={() => {}} />);
    const item = await screen.findByText('Skräp vid busshållplatsen');
    expect(item.closest('button')!.textContent).toContain('Status: Ny');
    await waitFor(() => expect(subscribers()).toBe(1));

    rb.answer('my_reports', { value: [report(MINE, 'in_progress')] });
    emit({ id: MINE, kind: 'update' });
    await waitFor(() => expect(screen.getByText('Skräp vid busshållplatsen').closest('button')!.textContent).toContain('Status: Åtgärdas'));
    expect(rb.callsTo('my_reports')).toHaveLength(2);
  });
});
