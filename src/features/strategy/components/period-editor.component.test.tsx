import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StrategyPeriodDetail } from '../../../api';
import { freshBrowserState } from '../../../test/browser-state';
import { recordingBackend, refusal, STRATEGIST_ID, type Answer } from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import { PeriodEditor } from './period-editor';

const DRAFT_ID = '00000000-0000-4000-8000-000000002030';

/** A draft copied from the seed's period: its four challenges, all prioritised, not scored; the seed's categories. */
function draft(): StrategyPeriodDetail {
  return {
    period: {
      id: DRAFT_ID,
      name: 'Trygghetsstrategi 2027–',
      status: 'draft',
      starts_on: null,
      ends_on: null,
      based_on: REFERENCE.period!.id,
      in_force: false,
      challenges: 4,
      prioritised: 4,
      created_at: '2026-12-01T10:00:00Z',
      published_at: null,
      published_by: null,
    },
    areas: [{ code: 'stadsmiljo', name_sv: 'Stadsmiljö', name_en: 'Urban environment', sort: 1 }],
    challenges: REFERENCE.challenges.map((c, i) => ({
      code: c.code,
      name_sv: c.name_sv,
      name_en: c.name_en,
      description_sv: c.description_sv,
      description_en: c.description_en,
      area: null,
      prioritised: true,
      sort: i + 1,
      crit_preventive: null,
      crit_research: null,
      crit_vulnerable: null,
      crit_quick: null,
      reasoning: '',
      crew_focus: i === 0,
      counts_development_links: false,
      risk_types: [],
    })),
    categories: REFERENCE.categories.map((c) => ({ category: c.code, challenge: c.challenge })),
    action_plans: [],
  };
}

/** The database's answer to a save: the draft as stored. */
const stored: Answer = (args) => {
  const p = args.p_period as { name: string; challenges: StrategyPeriodDetail['challenges']; categories: StrategyPeriodDetail['categories']; areas: StrategyPeriodDetail['areas'] };
  const d = draft();
  return { ...d, period: { ...d.period, name: p.name }, areas: p.areas, challenges: p.challenges, categories: p.categories };
};

function setup(answers: Record<string, Answer> = {}) {
  const rb = recordingBackend({
    identity: { userId: STRATEGIST_ID, role: 'strategist' },
    answers: { save_strategy_period: stored, ...answers },
  });
  const onSaved = vi.fn();
  const onPublished = vi.fn();
  const r = renderWithProviders(
    <PeriodEditor backend={rb.backend} reference={REFERENCE} detail={draft()} onSaved={onSaved} onPublished={onPublished} />,
  );
  return { rb, onSaved, onPublished, ...r };
}

/** The fieldset of one challenge, by its name (the legend). */
const challenge = (name: string) => screen.getByRole('group', { name });
const save = () => screen.getByRole('button', { name: 'Spara utkastet' });
const errorsShown = () => within(screen.getByTestId('editor-errors')).getAllByRole('listitem').map((li) => li.textContent);

beforeEach(() => freshBrowserState());

describe('draft editor: the database\'s refusals, checked before sending', () => {
  it('chooses a challenge\'s actual risk: a family by its checkbox, exact types typed; a bad type is refused at the field', async () => {
    const { user, rb } = setup();
    const trafik = within(challenge('Trafikbeteende och otrygghet i trafikmiljön'));
    const risk = within(trafik.getByRole('group', { name: 'Faktisk risk' }));
    await user.click(risk.getByRole('checkbox', { name: 'Alla trafikskador (injury)' }));
    const exact = risk.getByLabelText(/Exakta typer/);
    await user.type(exact, 'police:ran, skada');
    await user.click(save());
    expect(exact.closest('fieldset')!.getAttribute('aria-invalid')).toBe('true');
    expect(errorsShown()).toEqual([expect.stringMatching(/^Faktisk risk: välj högst 20 händelsetyper/)]);
    expect(rb.callsTo('save_strategy_period')).toEqual([]);
    await user.clear(exact);
    await user.type(exact, 'police:ran');
    await user.click(save());
    await waitFor(() => expect(rb.callsTo('save_strategy_period')).toHaveLength(1));
    const period = rb.callsTo('save_strategy_period')[0]!.args.p_period as { challenges: { code: string; risk_types: string[] }[] };
    expect(Object.fromEntries(period.challenges.map((c) => [c.code, c.risk_types]))).toEqual({
      renhallning: [],
      planering: [],
      trafik: ['injury', 'police:ran'],
      befintlig_stad: [],
    });
  });

  it('refuses a category left on a challenge that is no longer prioritised, in words at the category, and sends nothing', async () => {
    const { user, rb } = setup();
    await user.click(within(challenge('Trafikbeteende och otrygghet i trafikmiljön')).getByRole('checkbox', { name: /Prioriterad/ }));
    await user.click(save());
    const speeding = screen.getByRole('combobox', { name: 'Höga hastigheter' });
    expect(speeding.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(speeding.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Bara en prioriterad utmaning kan ha kategorier, driftens fokus eller en handlingsplan.',
    );
    expect(errorsShown()).toEqual(['Bara en prioriterad utmaning kan ha kategorier, driftens fokus eller en handlingsplan.']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('editor-errors')));
    expect(rb.callsTo('save_strategy_period')).toEqual([]);
    // The category moved to a prioritised challenge: the draft is valid again and is sent.
    await user.selectOptions(speeding, 'Renhållning för ökad trygghet');
    for (const cat of ['Farlig korsning eller övergång', 'Konflikt mellan cyklister och gående', 'Skymd sikt', 'Felparkerade elsparkcyklar']) {
      await user.selectOptions(screen.getByRole('combobox', { name: cat }), 'Renhållning för ökad trygghet');
    }
    await user.click(save());
    await waitFor(() => expect(rb.callsTo('save_strategy_period')).toHaveLength(1));
    const sent = rb.callsTo('save_strategy_period')[0]!.args;
    expect(sent.p_id).toBe(DRAFT_ID);
    const period = sent.p_period as { challenges: { code: string; prioritised: boolean }[]; categories: { category: string; challenge: string }[] };
    expect(period.challenges.find((c) => c.code === 'trafik')!.prioritised).toBe(false);
    expect(period.categories.find((c) => c.category === 'speeding')!.challenge).toBe('renhallning');
    expect(await screen.findByText('Utkastet är sparat.')).toBeTruthy();
  });

  it('refuses an empty name, a badly formed code and a period with no prioritised challenge, each translated', async () => {
    const { user, rb } = setup();
    await user.clear(screen.getByLabelText('Periodens namn'));
    await user.type(screen.getByLabelText('Ny utmaning (namn på svenska)'), '9 Otrygga parker{Enter}');
    // The suggested code drops the leading digit; the strategist types a bad one instead.
    const fresh = challenge('9 Otrygga parker');
    const code = within(fresh).getByLabelText('Kod');
    expect((code as HTMLInputElement).value).toBe('otrygga_parker');
    await user.clear(code);
    await user.type(code, 'Otrygga-Parker');
    for (const c of REFERENCE.challenges) await user.click(within(challenge(c.name_sv)).getByRole('checkbox', { name: /Prioriterad/ }));
    await user.click(save());
    expect(errorsShown()).toEqual(
      expect.arrayContaining([
        'Ge perioden ett namn.',
        'En kod får bestå av små bokstäver a–z, siffror och _ (2–40 tecken, börja med en bokstav).',
        'Prioritera minst en utmaning.',
      ]),
    );
    expect(screen.getByLabelText('Periodens namn').getAttribute('aria-invalid')).toBe('true');
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(rb.callsTo('save_strategy_period')).toEqual([]);
  });

  it('scores a criterion 0–3 or leaves it "ej bedömd", and sends the scores and the reasoning', async () => {
    const { user, rb } = setup();
    const c = challenge('Renhållning för ökad trygghet');
    const preventive = within(c).getByRole('combobox', { name: 'Förebyggande med långsiktig effekt' });
    expect(within(preventive).getAllByRole('option').map((o) => o.textContent)).toEqual(['ej bedömd', '0', '1', '2', '3']);
    await user.selectOptions(preventive, '3');
    await user.selectOptions(within(c).getByRole('combobox', { name: 'Hjälper de mest sårbara' }), '1');
    await user.type(within(c).getByLabelText('Motivering'), 'Syns snabbt');
    expect(within(c).getByText('4 av 6 möjliga (2 av 4 kriterier bedömda)')).toBeTruthy();
    await user.click(save());
    await waitFor(() => expect(rb.callsTo('save_strategy_period')).toHaveLength(1));
    const sent = (rb.callsTo('save_strategy_period')[0]!.args.p_period as { challenges: Record<string, unknown>[] }).challenges[0]!;
    expect([sent.crit_preventive, sent.crit_research, sent.crit_vulnerable, sent.crit_quick, sent.reasoning]).toEqual([3, null, 1, null, 'Syns snabbt']);
  });

  it('shows the database\'s own refusal translated when it refuses what the client let through', async () => {
    const { user } = setup({ save_strategy_period: { error: refusal('period_not_draft') } });
    await user.click(save());
    expect((await screen.findByRole('alert')).textContent).toContain('Bara ett utkast kan ändras eller publiceras.');
  });
});

describe('draft editor: thematic areas', () => {
  it('adds an area, refuses a code that is taken, and sends the challenge placed in it', async () => {
    const { user, rb } = setup();
    await user.type(screen.getByLabelText('Nytt tematiskt område (namn på svenska)'), 'Stadsmiljö{Enter}');
    const areas = screen.getAllByRole('group', { name: 'Stadsmiljö' });
    expect(areas).toHaveLength(2);
    await user.click(save());
    expect(errorsShown()).toEqual(['Två utmaningar eller områden har samma kod. Ge var och en en egen.']);
    expect(rb.callsTo('save_strategy_period')).toEqual([]);
    const code = within(areas[1]!).getByLabelText('Kod');
    await user.clear(code);
    await user.type(code, 'trafikmiljo');
    await user.clear(within(areas[1]!).getByLabelText('Namn (svenska)'));
    await user.type(within(areas[1]!).getByLabelText('Namn (svenska)'), 'Trafikmiljö');
    await user.selectOptions(within(challenge('Trafikbeteende och otrygghet i trafikmiljön')).getByLabelText('Tematiskt område'), 'Trafikmiljö');
    await user.click(save());
    await waitFor(() => expect(rb.callsTo('save_strategy_period')).toHaveLength(1));
    const period = rb.callsTo('save_strategy_period')[0]!.args.p_period as { areas: unknown[]; challenges: { code: string; area: string | null }[] };
    expect(period.areas).toEqual([
      { code: 'stadsmiljo', name_sv: 'Stadsmiljö', name_en: 'Urban environment', sort: 1 },
      { code: 'trafikmiljo', name_sv: 'Trafikmiljö', name_en: 'Stadsmiljö', sort: 2 },
    ]);
    expect(period.challenges.find((c) => c.code === 'trafik')!.area).toBe('trafikmiljo');
  });
});

describe('draft editor: a new prioritised challenge, published from a date after a confirmation', () => {
  it('adds a challenge, moves two categories to it and publishes only after "Ja, publicera"', async () => {
    const { user, rb, onPublished } = setup({
      publish_strategy_period: (args) => ({ ...draft().period, status: 'published', starts_on: args.p_starts_on, in_force: true }),
    });
    await user.type(screen.getByLabelText('Ny utmaning (namn på svenska)'), 'Belysning och mörka platser');
    await user.click(screen.getByRole('button', { name: 'Lägg till utmaning' }));
    const fresh = challenge('Belysning och mörka platser');
    await user.click(within(fresh).getByRole('checkbox', { name: /Prioriterad/ }));
    for (const cat of ['Trasig belysning', 'Mörk plats']) {
      await user.selectOptions(screen.getByRole('combobox', { name: cat }), 'Belysning och mörka platser');
    }
    const startsOn = screen.getByLabelText('Gäller från');
    await user.clear(startsOn);
    await user.type(startsOn, '2027-01-01');
    await user.click(screen.getByRole('button', { name: 'Publicera …' }));
    const confirm = screen.getByTestId('publish-confirm');
    expect(within(confirm).getByText(/Publicera Trygghetsstrategi 2027– från .* med 5 prioriterade utmaningar\?/)).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Ja, publicera' })));
    expect(rb.callsTo('publish_strategy_period')).toEqual([]);
    await user.click(within(confirm).getByRole('button', { name: 'Ja, publicera' }));
    await waitFor(() => expect(onPublished).toHaveBeenCalledWith(DRAFT_ID));
    // Saved first (the draft as shown), then published from the chosen date.
    expect(rb.calls.map((c) => c.fn)).toEqual(['save_strategy_period', 'publish_strategy_period']);
    const period = rb.callsTo('save_strategy_period')[0]!.args.p_period as { challenges: { code: string; prioritised: boolean; sort: number }[]; categories: { category: string; challenge: string }[] };
    expect(period.challenges.at(-1)).toMatchObject({ code: 'belysning_och_morka_platser', prioritised: true, sort: 5 });
    expect(period.categories.filter((c) => c.challenge === 'belysning_och_morka_platser').map((c) => c.category).sort()).toEqual(['broken_lighting', 'dark_place']);
    expect(rb.callsTo('publish_strategy_period')[0]!.args).toEqual({ p_id: DRAFT_ID, p_starts_on: '2027-01-01' });
  });
});
