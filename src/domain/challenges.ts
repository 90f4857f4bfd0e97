/** The four strategic challenges of Malmö's safety strategy. Every report belongs to exactly one. */
export const CHALLENGES = ['renhallning', 'planering', 'trafik', 'befintlig_stad'] as const;
export type Challenge = (typeof CHALLENGES)[number];

export function isChallenge(value: unknown): value is Challenge {
  return typeof value === 'string' && (CHALLENGES as readonly string[]).includes(value);
}
