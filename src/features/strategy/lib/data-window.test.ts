import { describe, expect, it } from 'vitest';
import { checkDataWindow } from './data-window';

const CHOICES = [3, 6, 12, 24, 36] as const;
// Done month June 2026: the before window ends at local midnight on 1 June (22:00 UTC on 31 May).
const to = '2026-05-31T22:00:00Z';
const beforeFrom = (months: number) => {
  const d = new Date(to);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
};

describe('checkDataWindow', () => {
  it('inside: the window starts after the first report', () => {
    const r = checkDataWindow({ from: beforeFrom(6), to }, { first: '2025-06-10T08:00:00Z' }, 6, CHOICES);
    expect(r).toEqual({ state: 'inside', monthsWithData: 6, monthsAsked: 6, longestFitting: 6 });
  });

  it('partial: 36 months over about 6 months of data say so, and offer the longest window that fits', () => {
    const r = checkDataWindow({ from: beforeFrom(36), to }, { first: '2025-12-07T09:00:00Z' }, 36, CHOICES);
    expect(r.state).toBe('partial');
    expect(r.monthsWithData).toBeCloseTo(5.8, 1);
    expect(r.monthsAsked).toBe(36);
    expect(r.longestFitting).toBe(3);
  });

  it('none: less than a month of data before, or no reports at all, gives no verdict', () => {
    expect(checkDataWindow({ from: beforeFrom(12), to }, { first: '2026-05-20T09:00:00Z' }, 12, CHOICES).state).toBe('none');
    expect(checkDataWindow({ from: beforeFrom(12), to }, { first: '2026-07-01T09:00:00Z' }, 12, CHOICES)).toMatchObject({
      state: 'none',
      longestFitting: null,
    });
    expect(checkDataWindow({ from: beforeFrom(12), to }, { first: null }, 12, CHOICES).state).toBe('none');
  });

  it("fits a window that starts on the first covered day (a source from 1 January, a window ending 1 July)", () => {
    // 1 July 2026, Malmö midnight; the sources start at Malmö midnight on 1 January 2026: 6 months fit, 12 do not.
    const july = '2026-06-30T22:00:00Z';
    const from = '2025-06-30T22:00:00Z';
    const r = checkDataWindow({ from, to: july }, { first: '2026-01-01T00:00:00+01:00' }, 12, CHOICES);
    expect(r.state).toBe('partial');
    expect(r.longestFitting).toBe(6);
  });
});
