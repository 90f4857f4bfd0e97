import { describe, expect, it } from 'vitest';
import { formatRoute, nextTab, parseRoute } from './route';

const ID = '0b7e3c6a-1f2d-4c5b-9a8e-7d6c5b4a3f21';

describe('hash routes', () => {
  it('parses the tabs and the detail', () => {
    expect(parseRoute('')).toEqual({ tab: 'browse', reportId: null, sub: '' });
    expect(parseRoute('#/')).toEqual({ tab: 'browse', reportId: null, sub: '' });
    expect(parseRoute('#/new')).toEqual({ tab: 'report', reportId: null, sub: '' });
    expect(parseRoute('#/mine/')).toEqual({ tab: 'mine', reportId: null, sub: '' });
    expect(parseRoute(`#/report/${ID}`)).toEqual({ tab: 'browse', reportId: ID, sub: '' });
    expect(parseRoute(`#report/${ID.toUpperCase()}`)).toEqual({ tab: 'browse', reportId: ID, sub: '' });
  });

  it('gives the staff areas the rest of the path', () => {
    expect(parseRoute('#/crew')).toEqual({ tab: 'crew', reportId: null, sub: '' });
    expect(parseRoute(`#/plan/${ID}`)).toEqual({ tab: 'plan', reportId: null, sub: ID });
    expect(parseRoute('#/strategy/year/2026/')).toEqual({ tab: 'strategy', reportId: null, sub: 'year/2026' });
    expect(parseRoute('#/strategy/<script>')).toEqual({ tab: 'strategy', reportId: null, sub: '' });
  });

  it('rejects malformed detail routes', () => {
    expect(parseRoute('#/report/')).toEqual({ tab: 'browse', reportId: null, sub: '' });
    expect(parseRoute('#/report/not-a-uuid')).toEqual({ tab: 'browse', reportId: null, sub: '' });
    expect(parseRoute(`#/report/${ID}/extra`)).toEqual({ tab: 'browse', reportId: null, sub: '' });
    expect(parseRoute('#/report/%E0%A4%A')).toEqual({ tab: 'browse', reportId: null, sub: '' });
    expect(parseRoute('#/whatever')).toEqual({ tab: 'browse', reportId: null, sub: '' });
  });

  it('round-trips', () => {
    for (const r of [
      { tab: 'browse', reportId: null, sub: '' },
      { tab: 'report', reportId: null, sub: '' },
      { tab: 'mine', reportId: null, sub: '' },
      { tab: 'browse', reportId: ID, sub: '' },
      { tab: 'crew', reportId: null, sub: '' },
      { tab: 'plan', reportId: null, sub: ID },
      { tab: 'strategy', reportId: null, sub: 'measures' },
    ] as const) {
      expect(parseRoute(formatRoute(r))).toEqual(r);
    }
  });

  it('moves between the tabs shown with the arrow keys', () => {
    expect(nextTab('browse', 'ArrowRight')).toBe('report');
    expect(nextTab('mine', 'ArrowRight')).toBe('browse');
    expect(nextTab('browse', 'ArrowLeft')).toBe('mine');
    expect(nextTab('report', 'Home')).toBe('browse');
    expect(nextTab('report', 'End')).toBe('mine');
    expect(nextTab('report', 'Enter')).toBeNull();
    const staff = ['browse', 'report', 'mine', 'crew'] as const;
    expect(nextTab('mine', 'ArrowRight', staff)).toBe('crew');
    expect(nextTab('crew', 'ArrowRight', staff)).toBe('browse');
  });
});
