import { describe, expect, it } from 'vitest';
import { formatRoute, nextTab, parseRoute } from './route';

const ID = '0b7e3c6a-1f2d-4c5b-9a8e-7d6c5b4a3f21';

describe('hash routes', () => {
  it('parses the tabs and the detail', () => {
    expect(parseRoute('')).toEqual({ tab: 'browse', reportId: null });
    expect(parseRoute('#/')).toEqual({ tab: 'browse', reportId: null });
    expect(parseRoute('#/new')).toEqual({ tab: 'report', reportId: null });
    expect(parseRoute('#/mine/')).toEqual({ tab: 'mine', reportId: null });
    expect(parseRoute(`#/report/${ID}`)).toEqual({ tab: 'browse', reportId: ID });
    expect(parseRoute(`#report/${ID.toUpperCase()}`)).toEqual({ tab: 'browse', reportId: ID });
  });

  it('rejects malformed detail routes', () => {
    expect(parseRoute('#/report/')).toEqual({ tab: 'browse', reportId: null });
    expect(parseRoute('#/report/not-a-uuid')).toEqual({ tab: 'browse', reportId: null });
    expect(parseRoute(`#/report/${ID}/extra`)).toEqual({ tab: 'browse', reportId: null });
    expect(parseRoute('#/report/%E0%A4%A')).toEqual({ tab: 'browse', reportId: null });
    expect(parseRoute('#/whatever')).toEqual({ tab: 'browse', reportId: null });
  });

  it('round-trips', () => {
    for (const r of [
      { tab: 'browse', reportId: null },
      { tab: 'report', reportId: null },
      { tab: 'mine', reportId: null },
      { tab: 'browse', reportId: ID },
    ] as const) {
      expect(parseRoute(formatRoute(r))).toEqual(r);
    }
  });

  it('moves between tabs with the arrow keys', () => {
    expect(nextTab('browse', 'ArrowRight')).toBe('report');
    expect(nextTab('mine', 'ArrowRight')).toBe('browse');
    expect(nextTab('browse', 'ArrowLeft')).toBe('mine');
    expect(nextTab('report', 'Home')).toBe('browse');
    expect(nextTab('report', 'End')).toBe('mine');
    expect(nextTab('report', 'Enter')).toBeNull();
  });
});
