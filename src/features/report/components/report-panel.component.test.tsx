import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshBrowserState } from '../../../test/browser-state';
import { setBrowserOnline } from '../../../test/network';
import {
  deferred,
  networkError,
  recordingBackend,
  refusal,
  RESIDENT_ID,
  type Answer,
  type RecordingBackend,
} from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import { useReportOutboxRunner } from '../outbox/report-outbox';
import { ReportPanel } from './report-panel';

type Pin = { lon: number; lat: number };

/**
 * The panel as the app shell mounts it, with the map replaced by what the shell does with it: it holds the pin
 * the panel sets (district search, own position). `runner` also mounts the outbox runner the shell runs.
 */
function Harness({
  rb,
  runner = false,
  onSubmitted = () => {},
  onOpenReport = () => {},
  onClearPin = () => {},
  shellClearsPin = true,
  ready: startReady = true,
  shipped = false,
  exposeReady,
}: {
  rb: RecordingBackend;
  runner?: boolean;
  onSubmitted?(id: string): void;
  onOpenReport?(id: string): void;
  onClearPin?(): void;
  /** false: a shell that does not take the pin off the map when the panel asks. */
  shellClearsPin?: boolean;
  /** false: the backend has not started yet (the shell passes its start state). */
  ready?: boolean;
  /** true: no reference data from the database yet (the panel uses what the build ships). */
  shipped?: boolean;
  /** Hands the test the shell's "the backend is ready now". */
  exposeReady?(setReady: (ready: boolean) => void): void;
}) {
  const [pin, setPin] = useState<Pin | null>(null);
  const [ready, setReady] = useState(startReady);
  exposeReady?.(setReady);
  return (
    <>
      {runner ? <Runner rb={rb} ready={ready} /> : null}
      <ReportPanel
        backend={rb.backend}
        ready={ready}
        reference={shipped ? undefined : REFERENCE}
        pin={pin}
        pinConfirmKey={0}
        onPinModeChange={() => {}}
        onSetPin={setPin}
        onClearPin={
          shellClearsPin
            ? () => {
                setPin(null);
                onClearPin();
              }
            : undefined
        }
        onSubmitted={onSubmitted}
        onClose={() => {}}
        onOpenReport={onOpenReport}
      />
    </>
  );
}
function Runner({ rb, ready }: { rb: RecordingBackend; ready: boolean }) {
  useReportOutboxRunner(rb.backend, ready);
  return null;
}

const NEARBY_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
const nearbyReport = {
  id: NEARBY_ID,
  distance_m: 12.4,
  description: 'Lampan i gångtunneln är trasig sedan i måndags',
  status: 'confirmed',
  observed_at: '2026-11-20T18:00:00Z',
  support_count: 3,
  supported_by_me: false,
};

/** api.submit_report's answer for the call it gets (the district is what the database would derive). */
const submitted = (args: Record<string, unknown>) => ({
  id: args.p_id,
  status: 'new',
  challenge: 'befintlig_stad',
  category: args.p_category,
  district: { code: 11316, name: 'Möllevången', stadsdel: 'Södra Innerstaden', stadsomrade: 'Innerstaden' },
  is_dark: false,
  created_at: new Date().toISOString(),
  observed_at: args.p_observed_at,
});

function setup(answers: Record<string, Answer> = {}, props: Partial<Parameters<typeof Harness>[0]> = {}) {
  const rb = recordingBackend({
    identity: { userId: RESIDENT_ID, role: 'resident' },
    answers: { nearby_reports: { value: [] }, submit_report: submitted, ...answers },
  });
  const r = renderWithProviders(<Harness rb={rb} {...props} />, { userOptions: { applyAccept: false } });
  return { rb, ...r };
}

const heading = (name: string) => screen.getByRole('heading', { name });

/** Place step with the keyboard: type in "Sök delområde", arrow into the list, Enter; then "Bekräfta plats". */
async function placeByDistrict(user: UserEvent, name: string) {
  await user.click(screen.getByLabelText('Sök delområde'));
  await user.keyboard(name);
  await screen.findByRole('option', { name: new RegExp(`^${name},`) });
  await user.keyboard('{ArrowDown}');
  await waitFor(() => expect(document.activeElement).toBe(screen.getAllByRole('option')[0]));
  await user.keyboard('{Enter}');
  await screen.findByText(new RegExp(`^Vald plats: ${name} \\(`));
  screen.getByRole('button', { name: 'Bekräfta plats' }).focus();
  await user.keyboard('{Enter}');
}

/** Category step with the keyboard: Space on the radio, Enter on "Nästa". */
async function chooseCategory(user: UserEvent, rb: RecordingBackend, name: string) {
  screen.getByRole('radio', { name }).focus();
  await user.keyboard(' ');
  // The similar-reports question is asked as soon as a category is chosen; let its answer arrive.
  await waitFor(() => expect(rb.callsTo('nearby_reports').length).toBeGreaterThan(0));
  await act(async () => {});
  screen.getByRole('button', { name: 'Nästa' }).focus();
  await user.keyboard('{Enter}');
}

async function upToDetails(user: UserEvent, rb: RecordingBackend) {
  await placeByDistrict(user, 'Möllevången');
  await chooseCategory(user, rb, 'Trasig belysning');
  await screen.findByRole('heading', { name: 'Steg 4 av 5: Berätta vad du ser' });
}

async function describeAndSubmit(user: UserEvent, text: string) {
  await user.click(screen.getByLabelText('Beskrivning'));
  await user.paste(text);
  screen.getByRole('button', { name: 'Skicka rapport' }).focus();
  await user.keyboard('{Enter}');
}

beforeEach(() => freshBrowserState());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('report flow: place', () => {
  it('starts on step 1 and refuses to go on without a place, saying how to choose one', async () => {
    const { user } = setup();
    expect(heading('Steg 1 av 5: Var är det?')).toBeTruthy();
    expect(screen.getByText('Ingen plats är vald ännu.').getAttribute('role')).toBe('status');
    await user.click(screen.getByRole('button', { name: 'Bekräfta plats' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Välj först en plats: klicka på kartan, använd din position eller sök efter ett delområde.',
    );
    expect(heading('Steg 1 av 5: Var är det?')).toBeTruthy();
  });

  it('finds a district by name with the keyboard and puts the pin inside it', async () => {
    const { user } = setup();
    await user.click(screen.getByLabelText('Sök delområde'));
    await user.keyboard('mollevan'); // without diacritics
    const option = await screen.findByRole('option', { name: 'Möllevången, Södra Innerstaden' });
    expect(screen.getByRole('listbox', { name: 'Träffar' })).toBeTruthy();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toBe(option));
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Markören står nu i Möllevången. Tryck Bekräfta plats om det stämmer.')).toBeTruthy();
    expect(screen.getByText(/^Vald plats: Möllevången \(Södra Innerstaden\), 55\.\d{5}° N, 13\.\d{5}° E$/)).toBeTruthy();
  });

  it('uses the phone\'s position; explains when it is refused or outside Malmö', async () => {
    let answer: (ok: PositionCallback, fail: PositionErrorCallback) => void = () => {};
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: { getCurrentPosition: (ok: PositionCallback, fail: PositionErrorCallback) => answer(ok, fail) },
    });
    const { user } = setup();
    answer = (_ok, fail) => fail({ code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: '' } as GeolocationPositionError);
    await user.click(screen.getByRole('button', { name: 'Använd min position' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^Du har inte gett appen tillgång till din position/);

    answer = (ok) => ok({ coords: { longitude: 12.57, latitude: 55.68 } } as GeolocationPosition); // Copenhagen
    await user.click(screen.getByRole('button', { name: 'Använd min position' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Platsen ligger utanför Malmö kommun. Flytta markören innanför kommungränsen.',
    );
    expect(screen.getByText('Ingen plats är vald ännu.').getAttribute('role')).toBe('status');

    answer = (ok) => ok({ coords: { longitude: 13.0095, latitude: 55.5906 } } as GeolocationPosition); // Möllevångstorget
    await user.click(screen.getByRole('button', { name: 'Använd min position' }));
    expect(await screen.findByText('Markören står nu på din position. Kontrollera platsen och tryck Bekräfta plats.')).toBeTruthy();
    expect(screen.getByText(/^Vald plats: Möllevången \(Södra Innerstaden\), 55\.59060° N, 13\.00950° E$/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('report flow: category and similar reports', () => {
  it('asks for a category before going on', async () => {
    const { user } = setup();
    await placeByDistrict(user, 'Möllevången');
    const h = heading('Steg 2 av 5: Vad vill du rapportera?');
    expect(document.activeElement).toBe(h); // focus follows the step
    // The categories are grouped by the period's challenges.
    expect(screen.getByRole('group', { name: 'Renhållning för ökad trygghet' })).toBeTruthy();
    expect(within(screen.getByRole('group', { name: 'Trafikbeteende och otrygghet i trafikmiljön' })).getAllByRole('radio')).toHaveLength(5);
    await user.click(screen.getByRole('button', { name: 'Nästa' }));
    expect(screen.getByRole('alert').textContent).toBe('Välj en kategori.');
    expect(screen.getByRole('radio', { name: 'Klotter' }).getAttribute('aria-invalid')).toBe('true');
    expect(heading('Steg 2 av 5: Vad vill du rapportera?')).toBeTruthy();
  });

  it('skips the similar-reports step when there is nothing similar nearby', async () => {
    const { user, rb } = setup();
    await upToDetails(user, rb);
    expect(rb.callsTo('nearby_reports')[0]!.args).toMatchObject({ p_category: 'broken_lighting' });
    // Back goes to the category, not to an empty step.
    await user.click(screen.getByRole('button', { name: 'Tillbaka' }));
    expect(heading('Steg 2 av 5: Vad vill du rapportera?')).toBeTruthy();
  });

  it('shows similar reports nearby and lets the resident support one instead of filing a duplicate', async () => {
    const onOpenReport = vi.fn();
    const { user, rb } = setup(
      {
        nearby_reports: { value: [nearbyReport] },
        support_report: { value: { report_id: NEARBY_ID, support_count: 4, supported_by_me: true } },
      },
      { onOpenReport },
    );
    await placeByDistrict(user, 'Möllevången');
    await chooseCategory(user, rb, 'Trasig belysning');
    expect(heading('Steg 3 av 5: Finns det redan?')).toBeTruthy();
    expect(screen.getByText('1 liknande rapport inom 30 m')).toBeTruthy();
    const item = screen.getByRole('listitem');
    expect(item.textContent).toContain('Status: Bekräftad');
    expect(item.textContent).toContain('12 m härifrån');
    expect(item.textContent).toContain('3 personer upplever detta');
    within(item).getByRole('button', { name: 'Jag upplever också detta' }).focus();
    await user.keyboard('{Enter}');
    const thanks = await screen.findByText('Tack! Ditt stöd är registrerat.');
    expect(rb.callsTo('support_report')).toEqual([{ fn: 'support_report', args: { p_report_id: NEARBY_ID } }]);
    expect(document.activeElement?.contains(thanks)).toBe(true);
    expect(rb.callsTo('submit_report')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Visa rapporten' }));
    expect(onOpenReport).toHaveBeenCalledWith(NEARBY_ID);
  });

  it('says when similar reports could not be checked, and lets the resident go on', async () => {
    const { user, rb } = setup({ nearby_reports: { error: refusal('forbidden') } });
    await placeByDistrict(user, 'Möllevången');
    await chooseCategory(user, rb, 'Klotter');
    expect(await screen.findByText('Det gick inte att kontrollera liknande rapporter. Du kan gå vidare ändå.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Du har inte behörighet att göra det här.');
    await user.click(screen.getByRole('button', { name: 'Nästa' }));
    expect(heading('Steg 4 av 5: Berätta vad du ser')).toBeTruthy();
  });
});

describe('report flow: details and sending', () => {
  it('sends the report once with the keyboard only and confirms it with a link to follow it', async () => {
    const onSubmitted = vi.fn();
    const { user, rb } = setup({}, { onSubmitted });
    await upToDetails(user, rb);
    await describeAndSubmit(user, 'Trasig lampa i gångtunneln under Amiralsgatan');

    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Tack! Din rapport är mottagen' })).toBeTruthy();
    const calls = rb.callsTo('submit_report');
    expect(calls).toHaveLength(1);
    const args = calls[0]!.args;
    expect(args).toMatchObject({
      p_category: 'broken_lighting',
      p_description: 'Trasig lampa i gångtunneln under Amiralsgatan',
      p_source: 'resident',
      p_photo_path: null,
    });
    // The pin is the district's interior point (Möllevången lies around 13.01° E, 55.59° N).
    expect(args.p_lon as number).toBeCloseTo(13.01, 1);
    expect(args.p_lat as number).toBeCloseTo(55.59, 1);
    expect(Date.now() - Date.parse(args.p_observed_at as string)).toBeLessThan(2 * 60_000);
    expect(screen.getByText('Kategori: Trasig belysning')).toBeTruthy();
    expect(screen.getByText('Område: Möllevången, Södra Innerstaden')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Följ din rapport' }).getAttribute('href')).toBe(`#/report/${args.p_id}`);
    expect(onSubmitted).toHaveBeenCalledWith(args.p_id);
  });

  it('refuses an empty description with the translated message and focuses the field; nothing is sent', async () => {
    const { user, rb } = setup();
    await upToDetails(user, rb);
    await user.type(screen.getByLabelText('Beskrivning'), '   ');
    await user.click(screen.getByRole('button', { name: 'Skicka rapport' }));
    const field = screen.getByLabelText('Beskrivning');
    expect(screen.getByRole('alert').textContent).toBe('Skriv en kort beskrivning av vad du ser.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(rb.callsTo('submit_report')).toHaveLength(0);
  });

  it('counts characters and refuses a description over 2 000 characters', async () => {
    const { user, rb } = setup();
    await upToDetails(user, rb);
    expect(screen.getByText('0 av 2000 tecken')).toBeTruthy();
    await describeAndSubmit(user, 'x'.repeat(2001));
    expect(screen.getByText('1 tecken för mycket (högst 2000)')).toBeTruthy();
    expect(screen.getByText('Beskrivningen är för lång')).toBeTruthy(); // the polite live region
    expect(screen.getByRole('alert').textContent).toBe('Beskrivningen är för lång. Korta ner den till högst 2 000 tecken.');
    expect(rb.callsTo('submit_report')).toHaveLength(0);
  });

  it('asks for the time of the observation and refuses one in the future', async () => {
    const { user, rb } = setup();
    await upToDetails(user, rb);
    await user.type(screen.getByLabelText('Beskrivning'), 'Mörkt och öde');
    const when = screen.getByLabelText('När såg du detta?');
    fireEvent.change(when, { target: { value: '' } });
    await user.click(screen.getByRole('button', { name: 'Skicka rapport' }));
    expect(screen.getByRole('alert').textContent).toBe('Ange datum och tid när du såg det.');
    expect(when.getAttribute('aria-invalid')).toBe('true');

    const nextYear = new Date().getFullYear() + 1;
    fireEvent.change(when, { target: { value: `${nextYear}-01-01T12:00` } });
    expect(screen.queryByRole('alert')).toBeNull(); // the error goes once the field is changed
    await user.click(screen.getByRole('button', { name: 'Skicka rapport' }));
    expect(screen.getByRole('alert').textContent).toBe('Tidpunkten ligger i framtiden. Ange när du såg det.');
    expect(rb.callsTo('submit_report')).toHaveLength(0);
  });

  it('refuses a photo of a type it cannot take, in Swedish', async () => {
    const { user, rb } = setup();
    await upToDetails(user, rb);
    await user.upload(screen.getByLabelText('Foto (valfritt)'), new File(['%PDF'], 'karta.pdf', { type: 'application/pdf' }));
    expect(screen.getByRole('alert').textContent).toBe('Fotot har ett format som inte stöds. Använd JPEG, PNG, WebP eller HEIC.');
    expect(screen.getByLabelText('Foto (valfritt)').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the database refusing the place in Swedish, keeps the text, and offers to change the place', async () => {
    const { user, rb } = setup({ submit_report: { error: refusal('outside_malmo') } });
    await upToDetails(user, rb);
    await describeAndSubmit(user, 'Skräp som flyter i vattnet');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Platsen ligger utanför Malmö kommun. Flytta markören innanför kommungränsen.');
    expect((screen.getByLabelText('Beskrivning') as HTMLTextAreaElement).value).toBe('Skräp som flyter i vattnet');
    expect(screen.queryByText('Din rapport väntar på nätverk')).toBeNull(); // a refusal is not queued
    await user.click(screen.getByRole('button', { name: 'Ändra plats' }));
    expect(heading('Steg 1 av 5: Var är det?')).toBeTruthy();
  });

  it('shows a rate-limit refusal on the form instead of queuing it', async () => {
    const { user, rb } = setup({ submit_report: { error: refusal('rate_limited') } });
    await upToDetails(user, rb);
    await describeAndSubmit(user, 'Full papperskorg igen');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Du har skickat många rapporter den senaste timmen. Vänta en stund och försök igen.',
    );
    expect(heading('Steg 4 av 5: Berätta vad du ser')).toBeTruthy();
    expect(rb.callsTo('submit_report')).toHaveLength(1);
  });

  it('keeps a half-written draft when the panel is mounted again', async () => {
    const first = setup();
    await upToDetails(first.user, first.rb);
    await first.user.type(screen.getByLabelText('Beskrivning'), 'Klotter på hela muren');
    first.unmount();

    setup();
    expect(screen.getByText('Vi har sparat det du påbörjade. Fortsätt där du slutade, eller välj Börja om.')).toBeTruthy();
    expect(heading('Steg 4 av 5: Berätta vad du ser')).toBeTruthy();
    expect((screen.getByLabelText('Beskrivning') as HTMLTextAreaElement).value).toBe('Klotter på hela muren');
  });

  it('starts over after confirming: the place, the category and the text are gone', async () => {
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    const onClearPin = vi.fn();
    const { user, rb } = setup({}, { onClearPin });
    await upToDetails(user, rb);
    await user.type(screen.getByLabelText('Beskrivning'), 'Något');
    await user.click(screen.getByRole('button', { name: 'Börja om' }));
    expect(confirm).toHaveBeenCalledWith('Vill du kasta utkastet och börja om?');
    expect(heading('Steg 1 av 5: Var är det?')).toBeTruthy();
    // The place is gone too, from the panel and from the map (it used to stay: a fresh start began at the old pin).
    expect(onClearPin).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Ingen plats är vald ännu.').getAttribute('role')).toBe('status');
    await user.click(screen.getByRole('button', { name: 'Bekräfta plats' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Välj först en plats: klicka på kartan, använd din position eller sök efter ett delområde.',
    );
    // The category and the text are gone.
    await placeByDistrict(user, 'Möllevången');
    expect(screen.getAllByRole('radio').filter((r) => (r as HTMLInputElement).checked)).toEqual([]);
    expect(JSON.parse(localStorage.getItem('tk.report-draft.v1')!)).toMatchObject({ description: '', category: null });
  });

  it('starts over without a place even when the map still shows the old pin', async () => {
    vi.stubGlobal('confirm', () => true);
    const { user, rb } = setup({}, { shellClearsPin: false });
    await upToDetails(user, rb);
    await user.click(screen.getByRole('button', { name: 'Börja om' }));
    expect(screen.getByText('Ingen plats är vald ännu.').getAttribute('role')).toBe('status');
    await user.click(screen.getByRole('button', { name: 'Bekräfta plats' }));
    expect(heading('Steg 1 av 5: Var är det?')).toBeTruthy();
  });

  it('starts over on the place step without the last search or its "chosen" message', async () => {
    vi.stubGlobal('confirm', () => true);
    const { user } = setup();
    await user.click(screen.getByLabelText('Sök delområde'));
    await user.keyboard('Möllevången');
    await user.click(await screen.findByRole('option', { name: /^Möllevången,/ }));
    expect(screen.getByText(/^Markören står nu i Möllevången/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Börja om' }));
    expect((screen.getByLabelText('Sök delområde') as HTMLInputElement).value).toBe('');
    expect(screen.queryByText(/^Markören står nu i/)).toBeNull();
  });
});

describe('report flow: no network', () => {
  it('offline: keeps the report in the outbox, says so, and sends it exactly once when the network returns', async () => {
    const { user, rb } = setup({}, { runner: true });
    await upToDetails(user, rb);
    setBrowserOnline(false);
    await describeAndSubmit(user, 'Utslagen gatlykta, skickad utan nät');

    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Din rapport väntar på nätverk' })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Väntar på nätverk'));
    expect(screen.getByText(/^Du verkar sakna uppkoppling\. Rapporten och fotot är sparade/)).toBeTruthy();
    expect(rb.callsTo('submit_report')).toHaveLength(0);

    setBrowserOnline(true);
    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Tack! Din rapport är mottagen' })).toBeTruthy();
    const calls = rb.callsTo('submit_report');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args.p_description).toBe('Utslagen gatlykta, skickad utan nät');
    expect(screen.getByRole('link', { name: 'Följ din rapport' }).getAttribute('href')).toBe(`#/report/${calls[0]!.args.p_id}`);
  });

  it('a network error while sending queues the report; "Försök igen" sends it with the same id', async () => {
    const { user, rb } = setup({ submit_report: (args, n) => (n === 1 ? Promise.reject(networkError()) : submitted(args)) });
    await upToDetails(user, rb);
    await describeAndSubmit(user, 'Mörk gångväg');
    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Din rapport väntar på nätverk' })).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Försök igen' }));
    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Tack! Din rapport är mottagen' })).toBeTruthy();
    const [a, b] = rb.callsTo('submit_report');
    expect(b!.args.p_id).toBe(a!.args.p_id);
  });

  it('a queued report the database then refuses shows as failed, translated, and can be edited again', async () => {
    const { user, rb } = setup({ submit_report: { error: refusal('rate_limited') } }, { runner: true });
    await upToDetails(user, rb);
    setBrowserOnline(false);
    await describeAndSubmit(user, 'Glas på cykelbanan');
    await screen.findByRole('heading', { name: 'Steg 5 av 5: Din rapport väntar på nätverk' });

    setBrowserOnline(true);
    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Din rapport kunde inte skickas' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Kunde inte skickas');
    expect(screen.getByRole('alert').textContent).toBe('Du har skickat många rapporter den senaste timmen. Vänta en stund och försök igen.');
    expect(screen.getByText('Rapporten finns kvar här. Ändra den och skicka igen, försök igen eller ta bort den.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Ändra' }));
    expect(await screen.findByRole('heading', { name: 'Steg 4 av 5: Berätta vad du ser' })).toBeTruthy();
    expect((screen.getByLabelText('Beskrivning') as HTMLTextAreaElement).value).toBe('Glas på cykelbanan');
  });

  it('shows "Skickas…" while the queued report is on its way, without retry or discard', async () => {
    const pending = deferred();
    const { user, rb } = setup({ submit_report: () => pending.promise }, { runner: true });
    await upToDetails(user, rb);
    setBrowserOnline(false);
    await describeAndSubmit(user, 'Överfull container');
    await screen.findByRole('heading', { name: 'Steg 5 av 5: Din rapport väntar på nätverk' });
    setBrowserOnline(true);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Skickas…'));
    expect(screen.queryByRole('button', { name: 'Försök igen' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Ta bort' })).toBeNull();
    pending.resolve(submitted(rb.callsTo('submit_report')[0]!.args));
    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Tack! Din rapport är mottagen' })).toBeTruthy();
  });
});

describe('report flow: before the database is ready', () => {
  it('asks every question from the shipped reference data, keeps the report in the outbox, and sends it once ready', async () => {
    let setReady: (ready: boolean) => void = () => {};
    const { user, rb } = setup({}, { runner: true, ready: false, shipped: true, exposeReady: (f) => (setReady = f) });
    expect(heading('Steg 1 av 5: Var är det?')).toBeTruthy();
    await placeByDistrict(user, 'Möllevången');
    expect(screen.getByRole('group', { name: 'Renhållning för ökad trygghet' })).toBeTruthy();
    await chooseCategory(user, rb, 'Trasig belysning');
    await screen.findByRole('heading', { name: 'Steg 4 av 5: Berätta vad du ser' });
    await describeAndSubmit(user, 'Gatlyktan är släckt');

    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Din rapport skickas strax' })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Väntar på databasen'));
    expect(rb.callsTo('submit_report')).toHaveLength(0);
    // It goes by itself once the database is ready: nothing to retry meanwhile.
    expect(screen.queryByRole('button', { name: 'Försök igen' })).toBeNull();

    act(() => setReady(true));
    expect(await screen.findByRole('heading', { name: 'Steg 5 av 5: Tack! Din rapport är mottagen' })).toBeTruthy();
    expect(rb.callsTo('submit_report')).toHaveLength(1);
    expect(rb.callsTo('submit_report')[0]!.args.p_description).toBe('Gatlyktan är släckt');
  });

  it('refuses a pin in the sea where it is placed, inside the envelope, before any database call', async () => {
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      // Öresund off Ribersborg: inside Malmö's envelope, outside its boundary.
      value: { getCurrentPosition: (ok: PositionCallback) => ok({ coords: { longitude: 12.955, latitude: 55.605 } } as GeolocationPosition) },
    });
    const { user, rb } = setup({}, { ready: false, shipped: true });
    await user.click(screen.getByRole('button', { name: 'Använd min position' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('Platsen ligger utanför Malmö kommun. Flytta markören innanför kommungränsen.'),
    );
    await user.click(screen.getByRole('button', { name: 'Bekräfta plats' }));
    expect(heading('Steg 1 av 5: Var är det?')).toBeTruthy();
    expect(rb.calls).toHaveLength(0);
  });
});

describe('report flow: the resident\'s own report and the anonymous visitor', () => {
  it('offers no "+1" on the resident\'s own report among the similar ones', async () => {
    const own = { ...nearbyReport, id: 'bbbbbbbb-0000-4000-8000-000000000002', description: 'Min egen rapport om lampan' };
    const { user, rb } = setup({
      nearby_reports: { value: [nearbyReport, own] },
      my_reports: {
        value: [{
          id: own.id, category: 'broken_lighting', challenge: 'befintlig_stad', status: 'new', status_group: 'open',
          description: own.description, created_at: '2026-11-20T18:00:00Z', support_count: 0, last_update_at: null,
          moderation: 'approved', moderation_reason: null, photo_moderation: null,
        }],
      },
    });
    await placeByDistrict(user, 'Möllevången');
    await chooseCategory(user, rb, 'Trasig belysning');
    const items = screen.getAllByRole('listitem');
    const mine = items.find((li) => li.textContent?.includes('Min egen rapport'))!;
    await waitFor(() => expect(within(mine).getByText('Det här är din egen rapport. Du följer den under Mina rapporter.')).toBeTruthy());
    expect(within(mine).queryByRole('button', { name: 'Jag upplever också detta' })).toBeNull();
    const other = items.find((li) => li !== mine)!;
    expect(within(other).getByRole('button', { name: 'Jag upplever också detta' })).toBeTruthy();
  });

  it('tells an anonymous visitor at the start that a report needs a sign-in, and signs in anonymously', async () => {
    const rb = recordingBackend({ identity: { userId: null, role: 'anon' }, answers: { nearby_reports: { value: [] } } });
    const switchTo = vi.fn(async () => rb.setIdentity({ userId: RESIDENT_ID, role: 'resident' }));
    rb.backend = { ...rb.backend, personas: { list: () => [], switchTo, current: () => 'anon' as const } };
    const { user } = renderWithProviders(<Harness rb={rb} />);
    expect(screen.getByText(/^Du är inte inloggad, och en rapport behöver en inloggning/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Logga in anonymt och rapportera' }));
    expect(switchTo).toHaveBeenCalledWith('resident');
    await waitFor(() => expect(screen.queryByText(/^Du är inte inloggad/)).toBeNull());
  });
});

describe('report flow: "Meddela mig via e-post" (opt-in, Supabase mode)', () => {
  const optInLabel = 'Meddela mig via e-post när statusen ändras';
  const notified = () => ({ value: undefined }) as Answer;

  it('is off by default: a report is sent without any address, anonymously', async () => {
    const { user, rb } = setup({ set_report_notification: notified() });
    await upToDetails(user, rb);
    const box = screen.getByRole('checkbox', { name: optInLabel }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.queryByLabelText('E-postadress')).toBeNull();
    await describeAndSubmit(user, 'Lampan är trasig');
    await waitFor(() => expect(rb.callsTo('submit_report')).toHaveLength(1));
    expect(rb.callsTo('set_report_notification')).toEqual([]);
  });

  it('refuses an incomplete address on the field (nothing sent), then sends the report and the address once', async () => {
    const { user, rb } = setup({
      set_report_notification: (args) => ({ report_id: args.p_report_id, notify: true }),
    });
    await upToDetails(user, rb);
    await user.click(screen.getByRole('checkbox', { name: optInLabel }));
    await user.type(screen.getByLabelText('E-postadress'), 'boende@malmo');
    await describeAndSubmit(user, 'Lampan är trasig');
    const field = screen.getByLabelText('E-postadress');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toBe('Skriv en hel e-postadress, till exempel namn@malmo.se.');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(rb.callsTo('submit_report')).toEqual([]);

    await user.type(field, '.se');
    screen.getByRole('button', { name: 'Skicka rapport' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(rb.callsTo('set_report_notification')).toHaveLength(1));
    const id = rb.callsTo('submit_report')[0]!.args.p_id;
    expect(rb.callsTo('set_report_notification')[0]!.args).toEqual({ p_report_id: id, p_email: 'boende@malmo.se', p_lang: 'sv' });
    expect(rb.callsTo('submit_report')[0]!.args).not.toHaveProperty('p_email');
  });

  it('local mode: no e-mail field, and it says why (no mail server) and where changes show', async () => {
    const rb = recordingBackend({
      kind: 'local',
      identity: { userId: RESIDENT_ID, role: 'resident' },
      answers: { nearby_reports: { value: [] }, submit_report: submitted },
    });
    const { user } = renderWithProviders(<Harness rb={rb} />, { userOptions: { applyAccept: false } });
    await upToDetails(user, rb);
    expect(screen.queryByRole('checkbox', { name: optInLabel })).toBeNull();
    expect(screen.getByText(/^I demoläget skickas ingen e-post/)).toBeTruthy();
  });
});
