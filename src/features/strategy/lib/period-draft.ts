import { periodInputSchema, type PeriodInput, type StrategyPeriodDetail } from '../../../api';

export const CRITERIA_KEYS = ['crit_preventive', 'crit_research', 'crit_vulnerable', 'crit_quick'] as const;
export type CriterionKey = (typeof CRITERIA_KEYS)[number];

/** One challenge as the editor holds it; `isNew` challenges may still change their code. */
export interface DraftChallenge {
  code: string;
  name_sv: string;
  name_en: string;
  /** The Arabic name residents read in the Arabic interface; '' or absent = none (they read the Swedish one). */
  name_ar?: string;
  description_sv: string;
  description_en: string;
  /** Kept as read (the editor does not edit descriptions): the save is wholesale and would clear it. */
  description_ar?: string | null;
  area: string | null;
  prioritised: boolean;
  crit_preventive: number | null;
  crit_research: number | null;
  crit_vulnerable: number | null;
  crit_quick: number | null;
  reasoning: string;
  crew_focus: boolean;
  counts_development_links: boolean;
  /** The actual-risk event types that are this challenge's actual risk: families or exact types. */
  risk_types: string[];
  isNew: boolean;
}

/** A thematic area as the editor holds it; `isNew` areas may still change their code. */
export interface DraftArea {
  code: string;
  name_sv: string;
  name_en: string;
  /** '' or absent = no Arabic name. */
  name_ar?: string;
  isNew: boolean;
}

export interface DraftValues {
  name: string;
  areas: DraftArea[];
  challenges: DraftChallenge[];
  /** category code → challenge code ('' = none chosen). */
  categories: Record<string, string>;
}

export function draftValuesOf(detail: StrategyPeriodDetail): DraftValues {
  return {
    name: detail.period.name,
    areas: [...detail.areas]
      .sort((a, b) => a.sort - b.sort)
      .map((a) => ({ code: a.code, name_sv: a.name_sv, name_en: a.name_en, name_ar: a.name_ar ?? '', isNew: false })),
    challenges: [...detail.challenges]
      .sort((a, b) => a.sort - b.sort)
      .map((c) => ({
        code: c.code,
        name_sv: c.name_sv,
        name_en: c.name_en,
        name_ar: c.name_ar ?? '',
        description_sv: c.description_sv,
        description_en: c.description_en,
        description_ar: c.description_ar ?? null,
        area: c.area,
        prioritised: c.prioritised,
        crit_preventive: c.crit_preventive,
        crit_research: c.crit_research,
        crit_vulnerable: c.crit_vulnerable,
        crit_quick: c.crit_quick,
        reasoning: c.reasoning,
        crew_focus: c.crew_focus,
        counts_development_links: c.counts_development_links,
        risk_types: c.risk_types,
        isNew: false,
      })),
    categories: Object.fromEntries(detail.categories.map((c) => [c.category, c.challenge])),
  };
}

/**
 * A code from a Swedish name ("Otrygga parker" → "otrygga_parker"): a suggestion the strategist may change;
 * the rule is the database's (`invalid_code`).
 */
export function codeFromName(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '');
  return ascii.slice(0, 40).replace(/_+$/, '');
}

/**
 * Where an error is shown: `name`, `challenges` (the map as a whole), `challenge.<i>.<field>` (a challenge's
 * field; the four criteria share `criteria`), `category.<code>`, `crew_focus`.
 */
export type DraftErrors = Record<string, string>;

/** The Arabic name as sent: left out when empty (the save is wholesale, so that clears a stored one). */
function arabicName(row: { name_ar?: string }): { name_ar?: string } {
  return row.name_ar?.trim() ? { name_ar: row.name_ar } : {};
}

/**
 * Validates the draft with the contract's schema (the database's field rules) and the whole-period rules the
 * database checks on save and publish, so a refusal is shown at its field before anything is sent. Codes are
 * the database's own (`errors:<code>`), in the order the database would find them per field.
 */
export function validateDraft(
  values: DraftValues,
  activeCategories: readonly string[],
): { ok: true; value: PeriodInput } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const input: PeriodInput = {
    name: values.name,
    areas: values.areas.map((a, i) => ({ code: a.code, name_sv: a.name_sv, name_en: a.name_en, ...arabicName(a), sort: i + 1 })),
    challenges: values.challenges.map((c, i) => ({
      code: c.code,
      name_sv: c.name_sv,
      name_en: c.name_en,
      ...arabicName(c),
      description_sv: c.description_sv,
      description_en: c.description_en,
      ...(c.description_ar ? { description_ar: c.description_ar } : {}),
      area: c.area,
      prioritised: c.prioritised,
      sort: i + 1,
      crit_preventive: c.crit_preventive,
      crit_research: c.crit_research,
      crit_vulnerable: c.crit_vulnerable,
      crit_quick: c.crit_quick,
      reasoning: c.reasoning,
      crew_focus: c.crew_focus,
      counts_development_links: c.counts_development_links,
      risk_types: c.risk_types,
    })),
    categories: Object.entries(values.categories)
      .filter(([, challenge]) => challenge !== '')
      .map(([category, challenge]) => ({ category, challenge })),
  };
  const parsed = periodInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, index, field] = issue.path;
      let key: string;
      if (head === 'challenges' && typeof index === 'number') {
        const f = String(field ?? 'name_sv');
        key = `challenge.${index}.${(CRITERIA_KEYS as readonly string[]).includes(f) ? 'criteria' : f}`;
      } else if (head === 'areas' && typeof index === 'number') {
        key = `area.${index}.${String(field ?? 'name_sv')}`;
      } else if (head === 'categories' && typeof index === 'number') {
        key = `category.${input.categories[index]?.category ?? ''}`;
      } else if (head === 'challenges') key = 'challenges';
      else key = String(head ?? 'name');
      errors[key] ??= issue.message;
    }
  }
  // Whole-period rules (the database's save_strategy_period checks them too).
  const prioritised = new Set(values.challenges.filter((c) => c.prioritised).map((c) => c.code));
  if (prioritised.size === 0) errors.challenges ??= 'no_prioritised_challenge';
  const seen = new Set<string>();
  values.challenges.forEach((c, i) => {
    if (seen.has(c.code)) errors[`challenge.${i}.code`] ??= 'duplicate_code';
    seen.add(c.code);
  });
  const areaCodes = new Set<string>();
  values.areas.forEach((a, i) => {
    if (areaCodes.has(a.code)) errors[`area.${i}.code`] ??= 'duplicate_code';
    areaCodes.add(a.code);
  });
  values.challenges.forEach((c, i) => {
    if (c.area !== null && !areaCodes.has(c.area)) errors[`challenge.${i}.area`] ??= 'unknown_area';
  });
  const focus = values.challenges.filter((c) => c.crew_focus);
  if (focus.length > 1) errors.crew_focus ??= 'crew_focus_not_unique';
  if (focus.some((c) => !c.prioritised)) errors.crew_focus ??= 'challenge_not_prioritised';
  for (const category of activeCategories) {
    const challenge = values.categories[category] ?? '';
    if (challenge === '') errors[`category.${category}`] ??= 'category_without_challenge';
    else if (!prioritised.has(challenge)) errors[`category.${category}`] ??= 'challenge_not_prioritised';
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, value: parsed.data };
  return { ok: false, errors };
}

/** The sum of the scored criteria and how many are scored ("7 of 9, 3 scored"). */
export function criteriaSum(c: Pick<DraftChallenge, CriterionKey>): { sum: number; scored: number } {
  const scores = CRITERIA_KEYS.map((k) => c[k]).filter((v): v is number => v !== null);
  return { sum: scores.reduce((a, b) => a + b, 0), scored: scores.length };
}
