/**
 * A challenge of Malmö's safety strategy, by its code. Which challenges exist is data, not code: each strategy
 * period has its own challenge map (app.period_challenges), and `api.list_categories` publishes the prioritised
 * challenges of the period in force. Reports keep the challenge they had when filed, so a code may also be an
 * older one that the current reference data no longer lists.
 */
export type Challenge = string;

/** The shape of a challenge code, as the database checks it (`save_strategy_period` refuses anything else). */
export const CHALLENGE_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

export function isChallenge(value: unknown): value is Challenge {
  return typeof value === 'string' && CHALLENGE_CODE_PATTERN.test(value);
}

/** The fields of a reference challenge these helpers read (a row of `list_categories().challenges`). */
export interface ChallengeRow {
  code: string;
  sort: number;
  crew_focus?: boolean;
  counts_development_links?: boolean;
}

/** The challenges' codes in the period's order (sort, then code so equal sorts stay stable). */
export function challengeCodes(challenges: readonly ChallengeRow[] | undefined): Challenge[] {
  return [...(challenges ?? [])].sort((a, b) => a.sort - b.sort || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).map((c) => c.code);
}

/**
 * The challenge a crew works on first (`crew_focus` in the period in force): its categories lead the field report
 * and its hot spots are the crew's default view. Null when no challenge is flagged.
 */
export function crewFocusChallenge(challenges: readonly ChallengeRow[] | undefined): Challenge | null {
  return (challenges ?? []).find((c) => c.crew_focus === true)?.code ?? null;
}

/**
 * The challenge planned developments belong to (`counts_development_links`: its dashboard counts the reports linked
 * to a development): a measure proposed from a development starts on it. Null when no challenge is flagged.
 */
export function developmentChallenge(challenges: readonly ChallengeRow[] | undefined): Challenge | null {
  return (challenges ?? []).find((c) => c.counts_development_links === true)?.code ?? null;
}
