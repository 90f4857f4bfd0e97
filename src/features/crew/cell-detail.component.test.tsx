import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { hexCellOf, wgs84ToSweref99tm, type CellHotspotResult } from '../../analysis';
import type { WorkItem } from '../../api';
import { freshBrowserState } from '../../test/browser-state';
import { CREW_ID, deferred, recordingBackend } from '../../test/recording-backend';
import { REFERENCE } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { CellDetail } from './cell-detail';
import type { Analysis } from './use-analysis';

const IDS = ['dddddddd-0000-4000-8000-000000000001', 'dddddddd-0000-4000-8000-000000000002'];
// The 100 m cell of Möllevångstorget.
const xy = wgs84ToSweref99tm(13.0085, 55.5914);
const cellOf = hexCellOf(xy[0]!, xy[1]!, 100);
const [Q, R] = [cellOf[0]!, cellOf[1]!];

function item(id: string, over: Partial<WorkItem> = {}): WorkItem {
  return {
    id, category: 'litter', challenge: 'renhallning', status: 'new', lon: 13.0, lat: 55.59, district_code: 11316,
    district_name: 'Möllevången', observed_at: new Date().toISOString(), created_at: new Date().toISOString(),
    supports: 0, description: 'Skräp', source: 'resident', has_photo: false, assigned_to_me: false, assigned: false,
    assignee: null, due_on: null,
    q: Q, r: R, ...over,
  };
}

const analysis: Analysis = {
  params: { challenge: 'renhallning', category: '', windowDays: 180, recentDays: 28, cellSize: 100, band: null, weighting: 'count', at: 0 },
  res: { size: 100 } as CellHotspotResult,
  total: 2,
  classOf: new Map([[`${Q}:${R}`, 3]]),
};

function setup() {
  const rb = recordingBackend({
    identity: { userId: CREW_ID, role: 'crew' },
    answers: { work_list: { value: { total: 2, items: IDS.map((id) => item(id)) } } },
  });
  const r = renderWithProviders(
    <CellDetail
      backend={rb.backend}
      reference={REFERENCE}
      analysis={analysis}
      cell={{ q: Q, r: R }}
      onClose={() => {}}
      onOpenReport={() => {}}
      onFlyTo={() => {}}
      onCreateMeasure={() => {}}
    />,
  );
  return { rb, ...r };
}

beforeEach(() => freshBrowserState());

describe('crew cell: "Lös alla i cellen"', () => {
  it('is busy while the bulk change runs (disabled, busy label, aria-busy) and says the result in a polite live region', async () => {
    const { rb, user } = setup();
    const answer = deferred<{ changed: number; ids: string[] }>();
    rb.answer('change_status_many', () => answer.promise);
    await screen.findByText('2 öppna rapporter i cellen.');
    const live = document.querySelector('.crew-cell [aria-live="polite"]')!;
    expect(live.textContent).toBe('');

    await user.click(screen.getByRole('button', { name: 'Lös alla i cellen' }));
    await user.click(screen.getByRole('button', { name: 'Ja, markera som åtgärdade' }));
    const busy = await screen.findByRole('button', { name: 'Markerar 2 rapporter…' });
    expect(busy.getAttribute('aria-busy')).toBe('true');
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Avbryt' }) as HTMLButtonElement).disabled).toBe(true);
    expect(live.textContent).toBe('Markerar 2 rapporter som åtgärdade. Det kan ta några sekunder…');
    // a second press while it runs sends nothing more
    await user.click(busy);
    expect(rb.callsTo('change_status_many')).toHaveLength(1);
    expect(rb.callsTo('change_status_many')[0]!.args).toMatchObject({ p_report_ids: IDS, p_to_status: 'resolved' });

    answer.resolve({ changed: 2, ids: IDS });
    await waitFor(() => expect(live.textContent).toBe('2 rapporter markerade som åtgärdade.'));
    expect(screen.queryByRole('button', { name: /Markerar/ })).toBeNull();
    expect(within(live as HTMLElement).queryByRole('alert')).toBeNull();
  });

  it('is named by its district and the part of it, not by grid coordinates (those only in the hint)', async () => {
    setup();
    const heading = await screen.findByRole('heading', { level: 3, name: /^Möllevången, .+: Hot spot, 99 % konfidens$/ });
    expect(heading.textContent).not.toMatch(/\d+:\d+/);
    expect(screen.getByText(`Cell ${Q}:${R}, sexkant med 100 m sida.`)).toBeTruthy();
  });
});
