import { describe, expect, it } from 'vitest';
import { buildMonthlyChart, fillMonths, niceMax, withEvents } from './monthly-chart';

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

describe('withEvents', () => {
  const rows = fillMonths([], '2025-11', '2026-04');
  const sources = [{ period_from: '2025-12-10', period_to: '2026-02-28' }];

  it('a month inside a source\'s range gets its count or 0; one outside every range has no data (null)', () => {
    const r = withEvents(rows, [{ month: '2026-01', n: 4 }], sources);
    expect(r.map((m) => [m.month, m.events, m.eventsCoveredDays])).toEqual([
      ['2025-11', null, undefined],
      // From the 10th: 22 of 31 days, so its 0 is of those days only.
      ['2025-12', 0, 22],
      ['2026-01', 4, undefined],
      ['2026-02', 0, undefined],
      ['2026-03', null, undefined],
      ['2026-04', null, undefined],
    ]);
    // The reports are untouched.
    expect(r.map((m) => m.reported)).toEqual(rows.map((m) => m.reported));
  });

  it('overlapping sources count a day once; a gap between them leaves the month partly covered; leap years', () => {
    const feb = fillMonths([], '2024-02', '2024-03');
    const r = withEvents(feb, [{ month: '2024-02', n: 2 }], [
      { period_from: '2024-01-01', period_to: '2024-02-10' },
      { period_from: '2024-02-05', period_to: '2024-02-14' },
      { period_from: '2024-02-20', period_to: '2024-03-31' },
    ]);
    // 1–14 and 20–29 of a 29-day February: 24 days; March wholly covered.
    expect(r.map((m) => [m.month, m.events, m.eventsCoveredDays])).toEqual([
      ['2024-02', 2, 24],
      ['2024-03', 0, undefined],
    ]);
  });

  it('the chart draws an events marker only for months with data, on the same axis as the bars', () => {
    const chart = buildMonthlyChart(withEvents(rows, [{ month: '2026-01', n: 40 }], sources));
    expect(chart.hasEvents).toBe(true);
    expect(chart.max).toBe(50);
    expect(chart.bars.map((b) => b.eventsY === null)).toEqual([true, false, false, false, true, true]);
    expect(chart.bars[2]!.eventsY).toBeCloseTo(chart.plot.bottom - (40 / 50) * (chart.plot.bottom - chart.plot.top));
    expect(buildMonthlyChart(rows).hasEvents).toBe(false);
  });
});
