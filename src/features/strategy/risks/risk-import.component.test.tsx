import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { recordingBackend, refusal, STRATEGIST_ID, type Answer } from '../../../test/recording-backend';
import { renderWithProviders } from '../../../test/render';
import { readRiskTable } from './lib/risk-file';
import { stradaWorkbook, zipStored } from './lib/xlsx-writer.test-support';
import { RiskImport } from './risk-import';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../../tests/fixtures/risks', name));
const SOURCE_ID = 'aaaaaaaa-0000-4000-8000-000000000001';

function setup(answer: Answer = (args) => ({ id: SOURCE_ID, inserted: (args.p_events as unknown[]).length })) {
  const rb = recordingBackend({ identity: { userId: STRATEGIST_ID, role: 'strategist' }, answers: { import_risk_events: answer } });
  const r = renderWithProviders(<RiskImport backend={rb.backend} />);
  const choose = async (name: string, bytes: Uint8Array<ArrayBuffer> = new Uint8Array(fixture(name))) =>
    r.user.upload(screen.getByTestId('risk-file'), new File([new Uint8Array(bytes)], name));
  return { rb, choose, ...r };
}

describe('the import preview', () => {
  it('reads a Strada export, says which rows it leaves out and why, and imports the rest', async () => {
    const { rb, choose, user } = setup();
    await choose('strada-malmo.csv');
    const summary = await screen.findByTestId('risk-preview-summary');
    expect(summary.textContent).toBe('6 händelser av 9 rader, från 2026-03-14 till 2026-10-23.');
    // What was detected, each changeable.
    expect(screen.getByTestId<HTMLSelectElement>('risk-format').value).toBe('strada');
    expect(screen.getByTestId<HTMLSelectElement>('risk-encoding').value).toBe('windows-1252');
    expect(screen.getByTestId<HTMLSelectElement>('risk-crs').value).toBe('EPSG:3006');
    expect(screen.getByText(/Gissat från koordinaterna: SWEREF 99 TM/)).toBeTruthy();
    // The refusals, by reason, with their rows.
    const refusals = screen.getByTestId('risk-refusals');
    expect(within(refusals).getByText('3 rader lämnas utanför:')).toBeTruthy();
    const reasons = [...refusals.querySelectorAll('li')].map((li) => [li.dataset.reason, li.textContent]);
    expect(reasons).toEqual([
      ['no_date', '1 saknar giltigt datum eller klockslag (rad 8)'],
      ['not_injured', '1 gäller en person som inte skadades (rad 2)'],
      ['outside_malmo', '1 ligger utanför Malmö (mer än 250 m från kommungränsen) (rad 7)'],
    ]);
    // A few rows, the Swedish street names decoded.
    const sample = screen.getByTestId('risk-sample');
    expect(within(sample).getByText('Föreningsgatan')).toBeTruthy();
    expect(within(sample).getByText('Lindrigt skadad i trafiken (cyklist)')).toBeTruthy();

    // Nothing is sent before the provenance is given.
    const importButton = screen.getByTestId('risk-import');
    expect(importButton).toHaveProperty('disabled', true);
    await user.type(screen.getByTestId('risk-provenance'), 'Strada uttagswebb, uttag 2026-11-30');
    await user.type(screen.getByTestId('risk-licence'), 'Endast för kommunens trafiksäkerhetsarbete');
    expect(rb.callsTo('import_risk_events')).toHaveLength(0);
    await user.click(importButton);
    await screen.findByText('6 händelser importerade.');
    // The same file is not sent twice.
    expect(importButton).toHaveProperty('disabled', true);
    const [call] = rb.callsTo('import_risk_events');
    expect(call!.args.p_source).toEqual({
      name: 'strada-malmo',
      kind: 'strada',
      provenance: 'Strada uttagswebb, uttag 2026-11-30',
      licence: 'Endast för kommunens trafiksäkerhetsarbete',
      period_from: '2026-03-14',
      period_to: '2026-10-23',
    });
    const events = call!.args.p_events as Array<Record<string, unknown>>;
    expect(events).toHaveLength(6);
    expect(events[0]).toMatchObject({ type: 'injury_slight', severity: 'slight', occurred_at: '2026-03-14T07:45:00', road_users: ['cyclist'] });
  });

  it('lets the strategist change the encoding and shows the text as that encoding reads it', async () => {
    const { choose, user } = setup();
    await choose('strada-malmo.csv');
    await screen.findByTestId('risk-preview-summary');
    await user.selectOptions(screen.getByTestId('risk-encoding'), 'utf-8');
    // The Windows-1252 "ö" is not UTF-8: the street name shows the replacement character.
    await waitFor(() => expect(within(screen.getByTestId('risk-sample')).getByText('F\uFFFDreningsgatan')).toBeTruthy());
  });

  it('maps the columns of any point file, and refuses rows without a position', async () => {
    const { choose } = setup();
    await choose('point-events.csv');
    await screen.findByTestId('risk-preview-summary');
    expect(screen.getByTestId<HTMLSelectElement>('risk-map-x').value).toBe('lon');
    expect(screen.getByTestId<HTMLSelectElement>('risk-map-y').value).toBe('lat');
    expect(screen.getByTestId<HTMLSelectElement>('risk-map-type').value).toBe('kategori');
    expect(screen.getByTestId('risk-preview-summary').textContent).toBe('4 händelser av 5 rader, från 2026-09-01 till 2026-09-09.');
    expect(screen.getByTestId('risk-refusals').textContent).toContain('1 saknar giltig position (rad 4)');
  });

  it('shows the database refusal in words, and a file it cannot read as such', async () => {
    const { choose, user } = setup({ error: refusal('outside_malmo') });
    await choose('police-events.json');
    await screen.findByTestId('risk-preview-summary');
    expect(screen.getByText(/Bara 3 olika positioner/)).toBeTruthy();
    await user.type(screen.getByTestId('risk-provenance'), 'Polisens API');
    await user.click(screen.getByTestId('risk-import'));
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.errorCode).toBe('outside_malmo');

    await choose('broken.json', new TextEncoder().encode('{"type":"Feature"'));
    expect((await screen.findByTestId('risk-file-error')).textContent).toBe('Filen gick inte att läsa. Är det en Excel-, CSV- eller JSON-fil?');
    expect(screen.queryByTestId('risk-preview')).toBeNull();
  });

  it('reads a Strada export saved as Excel into the same preview, names the sheet, and refuses a damaged workbook in words', async () => {
    const { rb, choose, user } = setup();
    const workbook = stradaWorkbook(readRiskTable('strada-malmo.csv', new Uint8Array(fixture('strada-malmo.csv'))));
    await choose('strada-malmo.xlsx', workbook);
    const summary = await screen.findByTestId('risk-preview-summary');
    expect(summary.textContent).toBe('6 händelser av 9 rader, från 2026-03-14 till 2026-10-23.');
    expect(screen.getByTestId<HTMLSelectElement>('risk-format').value).toBe('strada');
    const sheet = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Excel-blad' });
    expect([...sheet.options].map((o) => [o.text, o.selected])).toEqual([['Personer (9 rader)', true], ['Urval (1 rad)', false]]);
    // Another sheet is another table (here one without positions); the choice stays, and back is the same preview.
    await user.selectOptions(sheet, 'Urval (1 rad)');
    await waitFor(() => expect(screen.queryByTestId('risk-preview-summary')).toBeNull());
    await user.selectOptions(screen.getByRole('combobox', { name: 'Excel-blad' }), 'Personer (9 rader)');
    expect((await screen.findByTestId('risk-preview-summary')).textContent).toBe('6 händelser av 9 rader, från 2026-03-14 till 2026-10-23.');
    expect(screen.queryByTestId('risk-encoding')).toBeNull();
    expect(within(screen.getByTestId('risk-sample')).getByText('Föreningsgatan')).toBeTruthy();
    await user.type(screen.getByTestId('risk-provenance'), 'Strada uttagswebb (Excel)');
    await user.click(screen.getByTestId('risk-import'));
    await screen.findByText('6 händelser importerade.');
    const events = rb.callsTo('import_risk_events')[0]!.args.p_events as Array<Record<string, unknown>>;
    expect(events.map((e) => e.occurred_at)).toEqual([
      '2026-03-14T07:45:00',
      '2026-04-02T16:20:00',
      '2026-05-19T22:05:00',
      '2026-06-30T12:10:00',
      '2026-08-08T08:30:00',
      '2026-10-23T09:15:00',
    ]);

    await choose('trasig.xlsx', zipStored({ 'readme.txt': 'inte en arbetsbok' }));
    expect((await screen.findByTestId('risk-file-error')).textContent).toBe(
      'Excel-filen gick inte att läsa. Är den skadad eller lösenordsskyddad? Spara den på nytt som .xlsx eller som CSV.',
    );
    expect(screen.queryByTestId('risk-preview')).toBeNull();
  });

  it('sends more than 50,000 events in parts; a failed part says which parts landed, and a new press sends only the rest', async () => {
    // The second call fails once (as a dropped connection or a refusal would), then succeeds.
    const { rb, choose, user } = setup((args, n) => {
      if (n === 2) throw refusal('outside_malmo');
      return { id: SOURCE_ID, inserted: (args.p_events as unknown[]).length };
    });
    const rows = Array.from({ length: 50_001 }, (_, i) => {
      const day = `2026-0${1 + Math.floor(i / 10_000)}-${String(1 + (i % 28)).padStart(2, '0')}`;
      return `${i},${(55.6 + (i % 100) * 1e-5).toFixed(5)},13.0005,${day} 12:00,Skadegörelse,Torget`;
    });
    await choose('stor.csv', new TextEncoder().encode(['id,lat,lon,datum,kategori,plats', ...rows].join('\n')));
    await screen.findByTestId('risk-preview-summary');
    // Numbers are grouped with a no-break space.
    expect(screen.getByTestId('risk-parts-note').textContent!.replace(/\s/g, ' ')).toBe(
      'Fler än 50 000 händelser: de sparas i 2 delar i tidsordning, var och en en egen källa med eget datumintervall. En del sparas helt eller inte alls.',
    );
    await user.type(screen.getByTestId('risk-provenance'), 'Test');
    await user.click(screen.getByTestId('risk-import'));
    const failed = await screen.findByTestId('risk-import-failed');
    expect(failed.textContent).toContain('Del 2 av 2 kunde inte sparas; inget av den delen sparades.');
    expect(within(failed).getByText('Den här delen sparades innan felet och finns bland källorna nedan:')).toBeTruthy();
    expect([...screen.getByTestId('risk-landed').querySelectorAll('li')].map((li) => li.textContent)).toEqual(['stor (del 1 av 2)']);
    await user.click(screen.getByTestId('risk-import'));
    await screen.findByText(/^50\s001 händelser importerade\.$/);
    const calls = rb.callsTo('import_risk_events').map((c) => [(c.args.p_source as { name: string }).name, (c.args.p_events as unknown[]).length]);
    expect(calls).toEqual([
      ['stor (del 1 av 2)', 50_000],
      ['stor (del 2 av 2)', 1],
      ['stor (del 2 av 2)', 1],
    ]);
  });
});
