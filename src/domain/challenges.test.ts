import { describe, expect, it } from 'vitest';
import { challengeCodes, crewFocusChallenge, developmentChallenge, isChallenge } from './challenges';

describe('challenges are data', () => {
  const period = [
    { code: 'trafik', sort: 3 },
    { code: 'belysning', sort: 5, crew_focus: true },
    { code: 'renhallning', sort: 1 },
    { code: 'planering', sort: 2, counts_development_links: true },
    { code: 'befintlig_stad', sort: 4 },
  ];

  it('a code is any lower-case code of 2–40 characters, not a name from a list', () => {
    expect(['belysning', 'trafik', 'ny_utmaning_2027', 'ab'].every(isChallenge)).toBe(true);
    expect(['a', 'Belysning', '1trafik', 'tra-fik', '', 'x'.repeat(41), null, 3].some(isChallenge)).toBe(false);
  });

  it('orders the period\'s challenges by sort', () => {
    expect(challengeCodes(period)).toEqual(['renhallning', 'planering', 'trafik', 'befintlig_stad', 'belysning']);
    expect(challengeCodes(undefined)).toEqual([]);
  });

  it('finds the crew\'s challenge and the development challenge by their flags, or none', () => {
    expect(crewFocusChallenge(period)).toBe('belysning');
    expect(developmentChallenge(period)).toBe('planering');
    expect(crewFocusChallenge([{ code: 'trafik', sort: 1 }])).toBeNull();
    expect(developmentChallenge(undefined)).toBeNull();
  });
});
