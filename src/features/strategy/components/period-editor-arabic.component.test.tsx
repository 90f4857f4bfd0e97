import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getStrategyPeriod } from '../../../api';
import { freshBrowserState } from '../../../test/browser-state';
import { recordingBackend, STRATEGIST_ID } from '../../../test/recording-backend';
import { REFERENCE } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import { PeriodEditor } from './period-editor';

const DRAFT_ID = '00000000-0000-4000-8000-000000002031';
const [FIRST, SECOND] = REFERENCE.challenges;

/**
 * A draft of the seed's challenges as get_strategy_period returns it (through its contract): the first challenge
 * with an Arabic name, the others and the one area without (the key is then absent).
 */
const draft = () =>
  getStrategyPeriod.result.parse({
    period: {
      id: DRAFT_ID,
      name: 'Trygghetsstrategi 2027–',
      status: 'draft',
      starts_on: null,
      ends_on: null,
      based_on: REFERENCE.period!.id,
      in_force: false,
      challenges: REFERENCE.challenges.length,
      prioritised: REFERENCE.challenges.length,
      created_at: '2026-12-01T10:00:00Z',
      published_at: null,
      published_by: null,
    },
    areas: [{ code: 'stadsmiljo', name_sv: 'Stadsmiljö', name_en: 'Urban environment', sort: 1 }],
    challenges: REFERENCE.challenges.map((c, i) => ({
      code: c.code,
      name_sv: c.name_sv,
      name_en: c.name_en,
      ...(i === 0 ? { name_ar: 'النظافة من أجل أمان أكبر' } : {}),
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
  });

beforeEach(() => freshBrowserState());

describe('draft editor: Arabic names', () => {
  it('shows, edits and sends the Arabic names of challenges and areas; an empty one is left out (none)', async () => {
    const d = draft();
    const rb = recordingBackend({
      identity: { userId: STRATEGIST_ID, role: 'strategist' },
      answers: { save_strategy_period: () => d },
    });
    const { user } = renderWithProviders(
      <PeriodEditor backend={rb.backend} reference={REFERENCE} detail={d} onSaved={vi.fn()} onPublished={vi.fn()} />,
    );
    const arabicOf = (group: string) =>
      within(screen.getByRole('group', { name: group })).getByLabelText('Namn (arabiska, valfritt)') as HTMLInputElement;
    const first = arabicOf(FIRST!.name_sv);
    expect(first.value).toBe('النظافة من أجل أمان أكبر');
    expect([first.lang, first.dir]).toEqual(['ar', 'rtl']);
    expect(arabicOf(SECOND!.name_sv).value).toBe('');
    expect(arabicOf('Stadsmiljö').value).toBe('');

    await user.clear(first);
    await user.type(first, 'نظافة الشوارع');
    await user.type(arabicOf('Stadsmiljö'), 'البيئة الحضرية');
    await user.click(screen.getByRole('button', { name: 'Spara utkastet' }));
    await waitFor(() => expect(rb.callsTo('save_strategy_period')).toHaveLength(1));
    const sent = rb.callsTo('save_strategy_period')[0]!.args.p_period as {
      areas: Record<string, unknown>[];
      challenges: Record<string, unknown>[];
    };
    expect(sent.areas[0]).toMatchObject({ code: 'stadsmiljo', name_ar: 'البيئة الحضرية' });
    expect(sent.challenges[0]).toMatchObject({ code: FIRST!.code, name_ar: 'نظافة الشوارع' });
    for (const c of sent.challenges.slice(1)) expect(c).not.toHaveProperty('name_ar');
  });
});
