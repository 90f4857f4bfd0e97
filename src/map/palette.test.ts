import { describe, expect, it } from 'vitest';
import { CHALLENGES } from '../domain/challenges';
import { CHALLENGE_COLORS, challengeSymbol } from './palette';
import { contrastRatio, deltaE, hexToRgb, simulate, type Deficiency } from './color-vision';

const pairs = CHALLENGES.flatMap((a, i) => CHALLENGES.slice(i + 1).map((b) => [a, b] as const));

describe('challenge palette', () => {
  it('has a colour and a distinct shape for every challenge', () => {
    expect(Object.keys(CHALLENGE_COLORS).sort()).toEqual([...CHALLENGES].sort());
    expect(new Set(Object.values(challengeSymbol)).size).toBe(CHALLENGES.length);
  });

  it('simulation sanity: neutral grey stays grey, red and green collapse under deuteranopia', () => {
    const grey = simulate([0.5, 0.5, 0.5], 'deuteranopia');
    grey.forEach((c) => expect(c).toBeCloseTo(0.5, 2));
    const red = hexToRgb('#cc3333');
    const green = hexToRgb('#669933');
    expect(deltaE(red, green)).toBeGreaterThan(40);
    expect(deltaE(simulate(red, 'deuteranopia'), simulate(green, 'deuteranopia'))).toBeLessThan(25);
  });

  it('every pair differs by ΔE76 ≥ 30 with normal vision', () => {
    for (const [a, b] of pairs) {
      expect(deltaE(hexToRgb(CHALLENGE_COLORS[a]), hexToRgb(CHALLENGE_COLORS[b])), `${a}/${b}`).toBeGreaterThanOrEqual(30);
    }
  });

  // 20 ΔE76 is roughly "clearly different at a glance" for small filled circles; shapes back this up anyway.
  it.each<Deficiency>(['protanopia', 'deuteranopia', 'tritanopia'])('every pair differs by ΔE76 ≥ 20 under %s', (d) => {
    for (const [a, b] of pairs) {
      const ca = simulate(hexToRgb(CHALLENGE_COLORS[a]), d);
      const cb = simulate(hexToRgb(CHALLENGE_COLORS[b]), d);
      expect(deltaE(ca, cb), `${a}/${b} under ${d}`).toBeGreaterThanOrEqual(20);
    }
  });

  it('each colour has ≥ 3:1 contrast against the white stroke or the light basemap (WCAG 1.4.11)', () => {
    const white = hexToRgb('#ffffff');
    for (const c of CHALLENGES) {
      expect(contrastRatio(hexToRgb(CHALLENGE_COLORS[c]), white), c).toBeGreaterThanOrEqual(3);
    }
  });
});
