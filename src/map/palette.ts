import { CHALLENGES, type Challenge } from '../domain/challenges';

/**
 * One colour per challenge, taken from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
 * which was designed to stay distinguishable for the common colour-vision deficiencies. The four picked here
 * of all 70 four-colour subsets, the one that stays furthest apart under simulated protanopia, deuteranopia
 * and tritanopia (min ΔE76 ≈ 22.7, see palette.test.ts) while keeping ≥ 3:1 contrast against white; sets with
 * yellow, orange or sky blue scored similar or better apart but wash out on a light basemap. Black is used
 * here as a challenge colour, so selection and pin markers use rings, not black fills.
 */
export const CHALLENGE_COLORS: Readonly<Record<Challenge, string>> = {
  renhallning: '#000000', // black
  planering: '#0072B2', // blue
  trafik: '#D55E00', // vermillion
  befintlig_stad: '#CC79A7', // reddish purple
};

/** Colour for an unknown challenge code (should not happen; keeps the map drawing instead of failing). */
export const UNKNOWN_CHALLENGE_COLOR = '#767676';

/**
 * A second, colour-independent cue per challenge (WCAG 1.4.1 "use of colour"): a small white shape drawn on
 * top of each single report. Rendered at runtime by `shape-icons.ts`, so no sprite sheet is needed offline.
 */
export type ChallengeShape = 'dot' | 'square' | 'triangle' | 'diamond';
export const challengeSymbol: Readonly<Record<Challenge, ChallengeShape>> = {
  renhallning: 'dot',
  planering: 'square',
  trafik: 'triangle',
  befintlig_stad: 'diamond',
};

export function challengeIconId(challenge: Challenge): string {
  return `tk-shape-${challenge}`;
}

export { CHALLENGES };
export type { Challenge };
