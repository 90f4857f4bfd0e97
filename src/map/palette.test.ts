import { describe, expect, it } from 'vitest';
import { challengeCodes } from '../domain/challenges';
import { contrastRatio, deltaE, hexToRgb, simulate, type Deficiency } from './color-vision';
import { CHALLENGE_PALETTE, CHALLENGE_SHAPES, challengeStyle, challengeStyleAt, UNKNOWN_CHALLENGE_COLOR } from './palette';

const pairsOf = <T,>(xs: readonly T[]) => xs.flatMap((a, i) => xs.slice(i + 1).map((b) => [a, b] as const));
const FIRST_FOUR = CHALLENGE_PALETTE.slice(0, 4);
const DEFICIENCIES: Deficiency[] = ['protanopia', 'deuteranopia', 'tritanopia'];

describe('challenge palette', () => {
  it('has at least eight colours and eight shapes, all distinct', () => {
    expect(CHALLENGE_PALETTE.length).toBeGreaterThanOrEqual(8);
    expect(CHALLENGE_SHAPES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(CHALLENGE_PALETTE).size).toBe(CHALLENGE_PALETTE.length);
    expect(new Set(CHALLENGE_SHAPES).size).toBe(CHALLENGE_SHAPES.length);
  });

  it("today's four challenges keep the colours and shapes they had when they were a constant", () => {
    // The seed's period (supabase/seed.sql), in its sort order.
    const order = challengeCodes([
      { code: 'trafik', sort: 3 },
      { code: 'renhallning', sort: 1 },
      { code: 'befintlig_stad', sort: 4 },
      { code: 'planering', sort: 2 },
    ]);
    expect(order.map((c) => challengeStyle(c, order))).toEqual([
      { color: '#000000', shape: 'dot' },
      { color: '#0072B2', shape: 'square' },
      { color: '#D55E00', shape: 'triangle' },
      { color: '#CC79A7', shape: 'diamond' },
    ]);
  });

  it('a fifth challenge gets a colour and a shape of its own, by its position, not its name', () => {
    const order = ['renhallning', 'planering', 'trafik', 'befintlig_stad', 'belysning'];
    const styles = order.map((c) => challengeStyle(c, order));
    expect(new Set(styles.map((s) => s.color)).size).toBe(5);
    expect(new Set(styles.map((s) => s.shape)).size).toBe(5);
    expect(styles[4]).toEqual(challengeStyleAt(4));
    // The same code elsewhere in another period's order takes that position's style.
    expect(challengeStyle('belysning', ['belysning', 'trafik'])).toEqual(challengeStyleAt(0));
  });

  it('a code the period does not list (an older challenge) is grey with no shape', () => {
    expect(challengeStyle('gammal_utmaning', ['renhallning'])).toEqual({ color: UNKNOWN_CHALLENGE_COLOR, shape: null });
  });

  it('up to 64 challenges get distinct colour-and-shape pairs (a period has at most 30)', () => {
    const pairs = Array.from({ length: 64 }, (_, i) => challengeStyleAt(i)).map((s) => `${s.color}/${s.shape}`);
    expect(new Set(pairs).size).toBe(64);
  });

  it('simulation sanity: neutral grey stays grey, red and green collapse under deuteranopia', () => {
    const grey = simulate([0.5, 0.5, 0.5], 'deuteranopia');
    grey.forEach((c) => expect(c).toBeCloseTo(0.5, 2));
    const red = hexToRgb('#cc3333');
    const green = hexToRgb('#669933');
    expect(deltaE(red, green)).toBeGreaterThan(40);
    expect(deltaE(simulate(red, 'deuteranopia'), simulate(green, 'deuteranopia'))).toBeLessThan(25);
  });

  it('every pair of the eight differs by ΔE76 ≥ 30 with normal vision', () => {
    for (const [a, b] of pairsOf(CHALLENGE_PALETTE)) {
      expect(deltaE(hexToRgb(a), hexToRgb(b)), `${a}/${b}`).toBeGreaterThanOrEqual(30);
    }
  });

  // 20 ΔE76 is roughly "clearly different at a glance" for small filled circles; the first four (every challenge
  // of today's period) keep that. With more, ≥ 13 and the shapes carry the difference.
  it.each(DEFICIENCIES)('the first four differ by ΔE76 ≥ 20, all eight by ≥ 13, under %s', (d) => {
    const apart = (a: string, b: string) => deltaE(simulate(hexToRgb(a), d), simulate(hexToRgb(b), d));
    for (const [a, b] of pairsOf(FIRST_FOUR)) expect(apart(a, b), `${a}/${b} under ${d}`).toBeGreaterThanOrEqual(20);
    for (const [a, b] of pairsOf(CHALLENGE_PALETTE)) expect(apart(a, b), `${a}/${b} under ${d}`).toBeGreaterThanOrEqual(13);
  });

  it('each colour has ≥ 3:1 contrast against the white stroke or the light basemap (WCAG 1.4.11)', () => {
    const white = hexToRgb('#ffffff');
    for (const c of CHALLENGE_PALETTE) {
      expect(contrastRatio(hexToRgb(c), white), c).toBeGreaterThanOrEqual(3);
    }
  });
});
