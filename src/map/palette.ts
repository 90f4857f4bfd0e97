import type { Challenge } from '../domain/challenges';

/**
 * The challenge colours, given out by a challenge's position in the period's challenge list (reference data,
 * sort order), never by its name: a revised strategy with other or more challenges needs no code change.
 *
 * The first four are today's, from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"): of all 70
 * four-colour subsets, the one that stays furthest apart under simulated protanopia, deuteranopia and tritanopia
 * (min ΔE76 ≈ 22.7, see palette.test.ts) while keeping ≥ 3:1 contrast against white. Positions 5–8 add Paul Tol's
 * "muted" scheme's green, wine, olive and indigo (Tol 2021, "Colour Schemes", SRON/EPS/TN/09-002), designed for
 * colour-blind readers: the other Okabe–Ito colours (orange, sky blue, yellow) wash out on a light basemap, and
 * bluish green is the measures' colour. All eight differ by ΔE76 ≥ 30 with normal vision and ≥ 13 under each
 * simulated deficiency; the shapes below tell the rest apart. Black is a challenge colour, so selection and pin
 * markers use rings, not black fills.
 */
export const CHALLENGE_PALETTE = [
  '#000000', // black (Okabe–Ito)
  '#0072B2', // blue (Okabe–Ito)
  '#D55E00', // vermillion (Okabe–Ito)
  '#CC79A7', // reddish purple (Okabe–Ito)
  '#117733', // green (Tol muted)
  '#882255', // wine (Tol muted)
  '#999933', // olive (Tol muted)
  '#332288', // indigo (Tol muted)
] as const;

/** Colour for a code the list does not have (an older period's challenge): the map keeps drawing it, in grey. */
export const UNKNOWN_CHALLENGE_COLOR = '#767676';

/**
 * A second, colour-independent cue per challenge (WCAG 1.4.1 "use of colour"): a small white shape drawn on top
 * of each single report, by the same position as the colour. Rendered at runtime by `shape-icons.ts`, so no sprite
 * sheet is needed offline.
 */
export const CHALLENGE_SHAPES = ['dot', 'square', 'triangle', 'diamond', 'triangle_down', 'plus', 'ring', 'cross'] as const;
export type ChallengeShape = (typeof CHALLENGE_SHAPES)[number];

export interface ChallengeStyle {
  color: string;
  /** Null for a code the list does not have: a grey dot with no shape. */
  shape: ChallengeShape | null;
}

/**
 * The style of the challenge at `position` (0-based). Beyond eight the colours repeat, each round with the shapes
 * shifted by one, so up to 64 challenges still get distinct colour-and-shape pairs (a period has at most 30).
 */
export function challengeStyleAt(position: number): ChallengeStyle {
  const n = CHALLENGE_PALETTE.length;
  const round = Math.floor(position / n);
  return {
    color: CHALLENGE_PALETTE[position % n]!,
    shape: CHALLENGE_SHAPES[(position + round) % CHALLENGE_SHAPES.length]!,
  };
}

/** The style of `code` among `codes` (the period's challenges in order; `challengeCodes` in src/domain). */
export function challengeStyle(code: Challenge, codes: readonly Challenge[]): ChallengeStyle {
  const position = codes.indexOf(code);
  return position < 0 ? { color: UNKNOWN_CHALLENGE_COLOR, shape: null } : challengeStyleAt(position);
}

/** The map image of a shape (added once per style by the map controller). */
export function shapeIconId(shape: ChallengeShape): string {
  return `tk-shape-${shape}`;
}
