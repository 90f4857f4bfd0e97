import { describe, expect, it } from 'vitest';
import { buildMonthlyChart, fillMonths, niceMax } from './monthly-chart';

describe('fillMonths', () => {
  it('fills the gaps with zeros and keeps the given range, across a year end', () => {
    const rows = fillMonths(
      [
        { month: '2025-11-01T00:00:00Z', reported: 4, resolved: 1 },
        { month: '2026-02', reported: 2, resolved: 2 },
      ],
      '2025-10-15',
      '2026-02-28',
    );
    expect(rows.map((r) => r.month)).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
    expect(rows.map((r) => r.reported)).toEqual([0, 4, 0, 0, 2]);
    expect(rows.map((r) => r.resolved)).toEqual([0, 1, 0, 0, 2]);
  });

  it('drops months outside the range and is empty for an empty input without range', () => {
    expect(fillMonths([{ month: '2024-01', reported: 9, resolved: 0 }], '2025-01', '2025-02').map((r) => r.reported)).toEqual([0, 0]);
    expect(fillMonths([])).toEqual([]);
  });
});

describe('niceMax', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 11, 180, 501].map(niceMax)).toEqual([1, 1, 5, 10, 20, 200, 1000]);
  });
});

describe('buildMonthlyChart', () => {
  const rows = [
    { month: '2026-01', reported: 10, resolved: 5 },
    { month: '2026-02', reported: 0, resolved: 0 },
    { month: '2026-03', reported: 17, resolved: 20 },
  ];
  const chart = buildMonthlyChart(rows, { width: 400, height: 200 });

  it('the table rows and the bars carry the same numbers in the same order', () => {
    expect(chart.rows).toEqual(rows);
    expect(chart.bars.map((b) => [b.month, b.reported, b.resolved])).toEqual(chart.rows.map((r) => [r.month, r.reported, r.resolved]));
  });

  it('bar heights are proportional to the counts on a round axis', () => {
    expect(chart.max).toBe(20);
    const plotHeight = chart.plot.bottom - chart.plot.top;
    expect(chart.bars[0]!.height).toBeCloseTo(plotHeight * (10 / 20));
    expect(chart.bars[1]!.height).toBe(0);
    expect(chart.bars[2]!.height).toBeCloseTo(plotHeight * (17 / 20));
    // The resolved tick of March (20) sits at the top of the axis.
    expect(chart.bars[2]!.resolvedY).toBeCloseTo(chart.plot.top);
  });

  it('bars are left to right inside the plot and do not overlap', () => {
    for (let i = 1; i < chart.bars.length; i++) {
      expect(chart.bars[i]!.x).toBeGreaterThanOrEqual(chart.bars[i - 1]!.x + chart.bars[i - 1]!.width);
    }
    expect(chart.bars[0]!.x).toBeGreaterThanOrEqual(chart.plot.left);
    const last = chart.bars[2]!;
    expect(last.x + last.width).toBeLessThanOrEqual(chart.plot.right);
  });
});
