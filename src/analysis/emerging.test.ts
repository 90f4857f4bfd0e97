import { describe, expect, it } from 'vitest';
import {
  EMERGING_CATEGORIES,
  EMERGING_RULES,
  emergingCategory,
  emergingHotspots,
  splitWindows,
} from './emerging.ts';

describe('emerging hotspot rules', () => {
  it.each([
    [true, false, 1, 'new'],
    [true, false, 0.5, 'new'],
    [true, true, 1.25, 'intensifying'],
    [true, true, 3, 'intensifying'],
    [true, true, 1.2, 'persistent'],
    [true, true, 0.81, 'persistent'],
    [true, true, 0.8, 'diminishing'],
    [false, true, 2, 'diminishing'],
    [false, false, 5, 'none'],
  ] as const)('hot now %s, hot before %s, rate ratio %f → %s', (now, before, ratio, expected) => {
    expect(emergingCategory(now, before, ratio)).toBe(expected);
  });

  it('every category has a Swedish and an English rule text', () => {
    for (const c of EMERGING_CATEGORIES) {
      expect(EMERGING_RULES[c].sv.length).toBeGreaterThan(10);
      expect(EMERGING_RULES[c].en.length).toBeGreaterThan(10);
    }
  });
});

describe('emergingHotspots', () => {
  // 30 cells on a line, band = 1 step. Baseline (90 days): clusters of 90 reports per cell at cells 2–4 and 20–22.
  // Recent (30 days): 30 per cell at 2–4 (same daily rate), nothing at 20–22, a new cluster at 11–13.
  // By hand for the centre of a cluster (either window, same proportions): n = 30, x̄ = 6c/30 (c = 90 or 30),
  // e.g. recent: x̄ = 6, S² = 6·900/30 − 36 = 144, W = 3, z = (90 − 18) / (12·√((90 − 9)/29)) = 3.59, p ≈ 3.3e-4;
  // the two cluster centres have the smallest p: q = p·30/2 ≈ 0.005 → class +3, hot.
  const n = 30;
  const line = Array.from({ length: n }, (_, i) => [i - 1, i + 1].filter((j) => j >= 0 && j < n));
  const baseline = Array.from({ length: n }, (_, i) =>
    (i >= 2 && i <= 4) || (i >= 20 && i <= 22) ? 90 : 0,
  );
  const recent = Array.from({ length: n }, (_, i) =>
    (i >= 2 && i <= 4) || (i >= 11 && i <= 13) ? 30 : 0,
  );
  const r = emergingHotspots(recent, baseline, line, { recentDays: 30, baselineDays: 90 });

  it('finds the new, persistent and diminishing clusters by the rules', () => {
    expect(r.category[3]).toBe('persistent'); // hot in both, 3/day around it in both windows
    expect(r.rateRatio[3]).toBeCloseTo(1, 12);
    expect(r.recent.z[3]).toBeCloseTo(72 / (12 * Math.sqrt(81 / 29)), 9);
    expect(r.recent.classes[3]).toBe(3);
    expect(r.category[12]).toBe('new');
    expect(r.category[21]).toBe('diminishing');
    expect(r.category[0]).toBe('none');
    expect(r.category[29]).toBe('none');
  });

  it('rates are reports per day in the neighbourhood', () => {
    // cell 3 recent: (30 + 30 + 30) / 30 days = 3 per day; baseline: 270 / 90 = 3 per day
    expect(r.recent.rate[3]).toBeCloseTo(3, 12);
    expect(r.baseline.rate[3]).toBeCloseTo(3, 12);
  });

  it('validates its inputs', () => {
    expect(() => emergingHotspots([1], [1, 2], [[]], { recentDays: 1, baselineDays: 1 })).toThrow(
      RangeError,
    );
    expect(() => emergingHotspots([1], [1], [[]], { recentDays: 0, baselineDays: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('splitWindows', () => {
  it('puts times in (end − recent, end] and the baseline before it', () => {
    const day = 86_400_000;
    const end = Date.UTC(2026, 11, 1);
    const t = [
      end,
      end - day,
      end - 28 * day,
      end - 28 * day - 1,
      end - 56 * day + 1,
      end - 56 * day,
      end + 1,
    ];
    expect(Array.from(splitWindows(t, end, 28, 28))).toEqual([1, 1, 0, 0, 0, -1, -1]);
  });
});
