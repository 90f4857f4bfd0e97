import { describe, expect, it } from 'vitest';
import { codeFromName, validateDraft, type DraftChallenge, type DraftValues } from './period-draft';

const challenge = (code: string, over: Partial<DraftChallenge> = {}): DraftChallenge => ({
  code,
  name_sv: code,
  name_en: code,
  description_sv: '',
  description_en: '',
  area: null,
  prioritised: true,
  crit_preventive: null,
  crit_research: null,
  crit_vulnerable: null,
  crit_quick: null,
  reasoning: '',
  crew_focus: false,
  counts_development_links: false,
  risk_types: [],
  isNew: false,
  ...over,
});
const values = (over: Partial<DraftValues> = {}): DraftValues => ({
  name: 'Nästa',
  areas: [],
  challenges: [challenge('alfa', { crew_focus: true }), challenge('beta')],
  categories: { litter: 'alfa', speeding: 'beta' },
  ...over,
});

describe('codeFromName', () => {
  it('makes a code the database accepts from a Swedish name', () => {
    expect(codeFromName('Öde platser & gångtunnlar')).toBe('ode_platser_gangtunnlar');
    expect(codeFromName('2030: Trygga skolvägar')).toBe('trygga_skolvagar');
    expect(codeFromName('x'.repeat(60))).toHaveLength(40);
  });
});

describe('validateDraft', () => {
  it('passes a valid draft and numbers the challenges in their shown order', () => {
    const r = validateDraft(values(), ['litter', 'speeding']);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.challenges.map((c) => [c.code, c.sort])).toEqual([['alfa', 1], ['beta', 2]]);
  });

  it("sends a challenge's Arabic description as read (the save is wholesale: leaving it out would clear it)", () => {
    const r = validateDraft(
      values({ challenges: [challenge('alfa', { crew_focus: true, description_ar: 'وصف' }), challenge('beta', { description_ar: null })] }),
      ['litter', 'speeding'],
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.challenges.map((c) => c.description_ar)).toEqual(['وصف', undefined]);
  });

  it('finds the whole-period refusals at their fields', () => {
    const r = validateDraft(
      values({
        challenges: [challenge('alfa', { crew_focus: true, prioritised: false }), challenge('alfa'), challenge('gamma', { crit_quick: 4 })],
        categories: { litter: 'alfa' },
      }),
      ['litter', 'speeding'],
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual({
        'challenge.1.code': 'duplicate_code',
        'challenge.2.criteria': 'invalid_score',
        crew_focus: 'challenge_not_prioritised',
        'category.speeding': 'category_without_challenge',
      });
  });

  it('refuses a challenge placed in an area the period does not have', () => {
    const r = validateDraft(values({ challenges: [challenge('alfa', { area: 'borta' })], categories: { litter: 'alfa' } }), ['litter']);
    expect(r.ok ? {} : r.errors).toEqual({ 'challenge.0.area': 'unknown_area' });
  });

  it('refuses two crew focuses and a draft without any prioritised challenge', () => {
    const r = validateDraft(
      values({ challenges: [challenge('alfa', { crew_focus: true, prioritised: false }), challenge('beta', { crew_focus: true, prioritised: false })], categories: {} }),
      [],
    );
    expect(r.ok ? {} : r.errors).toEqual({ challenges: 'no_prioritised_challenge', crew_focus: 'crew_focus_not_unique' });
  });

  it('passes families and exact types as risk types, and refuses a bad list at the challenge', () => {
    const ok = validateDraft(
      values({ challenges: [challenge('alfa', { crew_focus: true, risk_types: ['injury', 'police:ran'] })] }),
      [],
    );
    expect(ok.ok && ok.value.challenges[0]!.risk_types).toEqual(['injury', 'police:ran']);
    for (const bad of [['injuries'], ['injury', 'injury'], ['police:Rån'], Array.from({ length: 21 }, (_, i) => `event:e${i}`)]) {
      const r = validateDraft(values({ challenges: [challenge('alfa', { crew_focus: true, risk_types: bad })] }), []);
      expect(r.ok ? {} : r.errors, JSON.stringify(bad)).toEqual({ 'challenge.0.risk_types': 'invalid_risk_types' });
    }
  });
});
