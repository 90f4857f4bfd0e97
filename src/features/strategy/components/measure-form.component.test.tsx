import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Measure } from '../../../api';
import type { Role } from '../../../domain/roles';
import type { MeasureSeed } from '../../../domain/measures';
import { freshBrowserState } from '../../../test/browser-state';
import { CREW_ID, recordingBackend, refusal, STRATEGIST_ID, type Answer } from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { descriptionOf, renderWithProviders } from '../../../test/render';
import { MeasureForm } from './measure-form';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REPORTS = ['eeeeeeee-0000-4000-8000-000000000001', 'eeeeeeee-0000-4000-8000-000000000002', 'eeeeeeee-0000-4000-8000-000000000003'];

/** api.save_measure's answer: the measure as stored (score = the sum, as the generated column). */
const saved = (args: Record<string, unknown>) => {
  const m = args.p_measure as { crit_preventive: number; crit_research: number; crit_vulnerable: number; crit_quick: number; report_ids: string[] };
  return {
    ...m,
    id: args.p_id,
    score: m.crit_preventive + m.crit_research + m.crit_vulnerable + m.crit_quick,
    report_count: m.report_ids.length,
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    is_demo: false,
  };
};

function setup({
  role = 'strategist',
  measure = null,
  seed = null,
  save = saved,
}: { role?: Role; measure?: Measure | null; seed?: MeasureSeed | null; save?: Answer } = {}) {
  const rb = recordingBackend({ identity: { userId: role === 'crew' ? CREW_ID : STRATEGIST_ID, role }, answers: { save_measure: save } });
  const onSaved = vi.fn();
  // The map's clicks as the shell would hand them over while the form listens.
  let mapClick: ((p: { lon: number; lat: number }) => void) | null = null;
  const r = renderWithProviders(
    <MeasureForm
      backend={rb.backend}
      reference={REFERENCE}
      measure={measure}
      seed={seed}
      role={role}
      setOverlay={() => {}}
      onMapClick={(h) => {
        mapClick = h;
      }}
      onSaved={onSaved}
      onCancel={() => {}}
    />,
  );
  const clickMap = (lon: number, lat: number) => act(() => mapClick?.({ lon, lat }));
  return { rb, onSaved, clickMap, ...r };
}

const CRITERIA = [
  'Förebyggande med långsiktig effekt',
  'Rekommenderas av forskning och myndigheter',
  'Hjälper de mest utsatta grupperna',
  'Ger snabb, synlig effekt',
];
/** Types into a labelled field as a paste (one change event per field keeps the tests quick). */
async function fill(user: ReturnType<typeof setup>['user'], label: string, text: string) {
  await user.click(screen.getByLabelText(label));
  await user.paste(text);
}
const score = () => screen.getByTestId('form-score').textContent;
const save = () => screen.getByRole('button', { name: 'Spara åtgärd' });

beforeEach(() => freshBrowserState());

describe('measure form: the four priority criteria', () => {
  it('rates each of the strategy\'s four criteria 0, 1 or 2 and sums them to the score out of 8', async () => {
    const { user } = setup();
    expect(screen.getByRole('group', { name: 'Prioriteringskriterier (0 = nej, 1 = delvis, 2 = ja)' })).toBeTruthy();
    const groups = CRITERIA.map((name) => screen.getByRole('radiogroup', { name }));
    for (const g of groups) {
      expect(within(g).getAllByRole('radio').map((r) => r.closest('label')!.textContent!.trim())).toEqual(['0 Nej', '1 Delvis', '2 Ja']);
      expect((within(g).getByRole('radio', { name: '0 Nej' }) as HTMLInputElement).checked).toBe(true);
    }
    expect(score()).toBe('Poäng: 0 av 8');
    // With the keyboard: focus a rating and press Space.
    within(groups[0]!).getByRole('radio', { name: '2 Ja' }).focus();
    await user.keyboard(' ');
    expect(score()).toBe('Poäng: 2 av 8');
    await user.click(within(groups[1]!).getByRole('radio', { name: '1 Delvis' }));
    await user.click(within(groups[3]!).getByRole('radio', { name: '2 Ja' }));
    expect(score()).toBe('Poäng: 5 av 8');
    await user.click(within(groups[0]!).getByRole('radio', { name: '0 Nej' }));
    expect(score()).toBe('Poäng: 3 av 8');
  });
});

describe('measure form: validation', () => {
  it('marks every missing field with its translated message and sends nothing', async () => {
    const { user, rb } = setup();
    await user.click(save());
    expect(screen.getByRole('alert').textContent).toBe('Rätta de markerade fälten.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('alert')));
    const expectations: Array<[string, string]> = [
      ['Rubrik', 'Skriv en rubrik för åtgärden.'],
      ['Utmaning', 'Välj en av strategins utmaningar.'],
      ['Typ av åtgärd', 'Välj en typ av åtgärd i listan.'],
    ];
    for (const [label, message] of expectations) {
      const field = screen.getByLabelText(label);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(descriptionOf(field)).toBe(message);
    }
    const place = screen.getByRole('group', { name: 'Plats' });
    expect(place.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(place)).toMatch(/^Åtgärdens plats kunde inte läsas\./);
    expect(screen.getByLabelText('Ansvarig förvaltning').getAttribute('aria-invalid')).toBeNull();
    expect(rb.callsTo('save_measure')).toHaveLength(0);
  });

  async function fillValid(user: ReturnType<typeof setup>['user']) {
    await fill(user, 'Rubrik', 'Ny belysning i Folkets park');
    await user.selectOptions(screen.getByLabelText('Utmaning'), 'Rätt åtgärder för ökad trygghet i befintlig stad');
    await user.selectOptions(screen.getByLabelText('Typ av åtgärd'), 'Belysning');
    await fill(user, 'Longitud (grader öst)', '13,0079');
    await fill(user, 'Latitud (grader nord)', '55,5917');
  }

  it('a done measure needs the date it was done', async () => {
    const { user, rb } = setup();
    await fillValid(user);
    await user.selectOptions(screen.getByLabelText('Status'), 'Genomförd');
    await user.click(save());
    const done = screen.getByLabelText('Klar datum (krävs när åtgärden är genomförd)');
    expect(done.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(done)).toBe('En genomförd åtgärd behöver ett datum då den blev klar.');
    expect(rb.callsTo('save_measure')).toHaveLength(0);
  });

  it('refuses a negative or unreadable cost', async () => {
    const { user, rb } = setup();
    await fillValid(user);
    const cost = screen.getByLabelText('Kostnad (kr)');
    for (const bad of ['-100', 'tusen']) {
      await user.clear(cost);
      await user.paste(bad);
      await user.click(save());
      expect(descriptionOf(cost)).toBe('Kostnaden måste vara ett antal kronor, 0 eller mer.');
    }
    expect(rb.callsTo('save_measure')).toHaveLength(0);
  });
});

describe('measure form: what is sent', () => {
  it('sends the measure with its ratings, place and a client-made id, then hands back the saved measure', async () => {
    const { user, rb, onSaved } = setup();
    expect(screen.getByRole('heading', { name: 'Ny åtgärd' })).toBeTruthy();
    await fill(user, 'Rubrik', '  Ny belysning i Folkets park ');
    await user.selectOptions(screen.getByLabelText('Utmaning'), 'Rätt åtgärder för ökad trygghet i befintlig stad');
    await user.selectOptions(screen.getByLabelText('Typ av åtgärd'), 'Belysning');
    await fill(user, 'Ansvarig förvaltning', 'Fastighets- och gatukontoret');
    await user.selectOptions(screen.getByLabelText('Status'), 'Planerad');
    await fill(user, 'Planerat datum', '2027-03-01');
    await fill(user, 'Kostnad (kr)', '125000,50');
    await fill(user, 'Longitud (grader öst)', '13,0079');
    await fill(user, 'Latitud (grader nord)', '55.5917');
    expect(screen.getByText('Vald plats: punkt')).toBeTruthy();
    await user.click(within(screen.getByRole('radiogroup', { name: CRITERIA[0] })).getByRole('radio', { name: '2 Ja' }));
    await user.click(within(screen.getByRole('radiogroup', { name: CRITERIA[1] })).getByRole('radio', { name: '1 Delvis' }));
    await user.click(within(screen.getByRole('radiogroup', { name: CRITERIA[3] })).getByRole('radio', { name: '2 Ja' }));
    await user.click(save());

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const calls = rb.callsTo('save_measure');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args.p_id).toMatch(UUID);
    expect(calls[0]!.args.p_measure).toEqual({
      title: 'Ny belysning i Folkets park',
      description: '',
      challenge: 'befintlig_stad',
      type: 'lighting',
      department: 'Fastighets- och gatukontoret',
      status: 'planned',
      planned_date: '2027-03-01',
      done_date: null,
      cost_sek: 125000.5,
      geometry: { type: 'Point', coordinates: [13.0079, 55.5917] },
      crit_preventive: 2,
      crit_research: 1,
      crit_vulnerable: 0,
      crit_quick: 2,
      source_kind: 'manual',
      source_ref: null,
      report_ids: [],
    });
    expect(onSaved.mock.calls[0]![0]).toMatchObject({ id: calls[0]!.args.p_id, score: 5 });
  });

  it('from a hot spot: prefilled, says where it came from, sends the cell and its reports', async () => {
    const seed: MeasureSeed = {
      source_kind: 'hotspot',
      source_ref: '100:12:-7',
      challenge: 'renhallning',
      title: 'Åtgärd vid hotspot 12:-7',
      report_ids: REPORTS,
      geometry: { type: 'Polygon', coordinates: [[[13.0, 55.59], [13.001, 55.59], [13.001, 55.591], [13.0, 55.59]]] },
    };
    const { user, rb } = setup({ seed });
    expect(screen.getByTestId('seed-note').textContent).toBe('Ifylld från: Från en hotspot-cell 100:12:-7');
    expect((screen.getByLabelText('Rubrik') as HTMLInputElement).value).toBe('Åtgärd vid hotspot 12:-7');
    expect(screen.getByText('Ytan från Från en hotspot-cell används.')).toBeTruthy();
    expect(screen.getByText('3 rapporter kopplas till åtgärden.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Typ av åtgärd'), 'Extra städning');
    await user.click(save());
    await waitFor(() => expect(rb.callsTo('save_measure')).toHaveLength(1));
    expect(rb.callsTo('save_measure')[0]!.args.p_measure).toMatchObject({
      challenge: 'renhallning',
      type: 'extra_cleaning',
      source_kind: 'hotspot',
      source_ref: '100:12:-7',
      report_ids: REPORTS,
      geometry: seed.geometry,
    });
  });

  it('crew may only propose: the status offers "Föreslagen" alone', () => {
    setup({ role: 'crew' });
    const status = screen.getByLabelText('Status');
    expect(within(status).getAllByRole('option').map((o) => o.textContent)).toEqual(['Föreslagen']);
    // the role by its name, not its code
    expect(screen.getByText('Som driftpersonal kan du föreslå åtgärder; strategen beslutar om dem.')).toBeTruthy();
    expect(screen.queryByText(/Som crew/)).toBeNull();
  });

  it('editing: the saved ratings are shown and the database\'s refusal is translated', async () => {
    const measure = saved({
      p_id: 'ffffffff-0000-4000-8000-000000000001',
      p_measure: {
        title: 'Klottersanering vid Möllevångstorget',
        description: '',
        challenge: 'renhallning',
        type: 'graffiti_removal',
        department: 'Fastighets- och gatukontoret',
        status: 'proposed',
        planned_date: null,
        done_date: null,
        cost_sek: null,
        geometry: { type: 'Point', coordinates: [13.0095, 55.5906] },
        crit_preventive: 1,
        crit_research: 2,
        crit_vulnerable: 0,
        crit_quick: 2,
        source_kind: 'manual',
        source_ref: null,
        report_ids: [],
      },
    }) as unknown as Measure;
    const { user, rb } = setup({ measure, save: { error: refusal('forbidden') } });
    expect(screen.getByRole('heading', { name: 'Redigera åtgärd' })).toBeTruthy();
    expect(score()).toBe('Poäng: 5 av 8');
    expect((within(screen.getByRole('radiogroup', { name: CRITERIA[1] })).getByRole('radio', { name: '2 Ja' }) as HTMLInputElement).checked).toBe(true);
    await user.click(save());
    expect((await screen.findByRole('alert')).textContent).toBe('Du har inte behörighet att göra det här.');
    expect(rb.callsTo('save_measure')[0]!.args.p_id).toBe('ffffffff-0000-4000-8000-000000000001');
  });
});

describe('measure form: drawing a line or an area', () => {
  async function fillText(user: ReturnType<typeof setup>['user']) {
    await fill(user, 'Rubrik', 'Belysning längs Pildammsvägen');
    await user.selectOptions(screen.getByLabelText('Utmaning'), 'Rätt åtgärder för ökad trygghet i befintlig stad');
    await user.selectOptions(screen.getByLabelText('Typ av åtgärd'), 'Belysning');
  }

  it('draws an area with map clicks, undoes a vertex, and sends a closed polygon', async () => {
    const { user, rb, clickMap } = setup();
    await fillText(user);
    await user.click(screen.getByRole('radio', { name: 'Område' }));
    await user.click(screen.getByRole('button', { name: 'Rita på kartan' }));
    clickMap(13.0, 55.59);
    clickMap(13.01, 55.59);
    clickMap(13.5, 55.9); // a mistake
    expect(screen.getByTestId('form-vertices').textContent).toBe('3 hörn (minst 3).');
    await user.click(screen.getByRole('button', { name: 'Ta bort senaste hörnet' }));
    clickMap(13.01, 55.6);
    await user.click(screen.getByRole('button', { name: 'Sluta välja på kartan' }));
    expect(screen.getByText('Vald plats: yta')).toBeTruthy();
    await user.click(save());
    await waitFor(() => expect(rb.callsTo('save_measure')).toHaveLength(1));
    const sent = rb.callsTo('save_measure')[0]!.args.p_measure as { geometry: unknown };
    expect(sent.geometry).toEqual({
      type: 'Polygon',
      coordinates: [[[13, 55.59], [13.01, 55.59], [13.01, 55.6], [13, 55.59]]],
    });
  });

  it('draws a line with typed coordinates only (keyboard), and a line needs two vertices', async () => {
    const { user, rb } = setup();
    await fillText(user);
    await user.click(screen.getByRole('radio', { name: 'Linje' }));
    await fill(user, 'Longitud (grader öst)', '12,99');
    await fill(user, 'Latitud (grader nord)', '55,59');
    await user.click(screen.getByRole('button', { name: 'Lägg till hörn' }));
    await user.click(save());
    expect(screen.getByRole('group', { name: 'Plats' }).getAttribute('aria-invalid')).toBe('true');
    expect(rb.callsTo('save_measure')).toHaveLength(0);
    await user.clear(screen.getByLabelText('Longitud (grader öst)'));
    await user.paste('13,00');
    await user.click(screen.getByRole('button', { name: 'Lägg till hörn' }));
    expect(screen.getByTestId('form-vertices').textContent).toBe('2 hörn (minst 2).');
    await user.click(save());
    await waitFor(() => expect(rb.callsTo('save_measure')).toHaveLength(1));
    expect((rb.callsTo('save_measure')[0]!.args.p_measure as { geometry: unknown }).geometry).toEqual({
      type: 'LineString',
      coordinates: [[12.99, 55.59], [13, 55.59]],
    });
  });
});
