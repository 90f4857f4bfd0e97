/**
 * The dashboard's month chart and its table come from ONE model built here, so the numbers a screen reader
 * user reads in the table are, by construction, the ones drawn as bars.
 */
export interface MonthCount {
  /** 'YYYY-MM' (or any ISO date inside the month: only the first 7 characters count). */
  month: string;
  reported: number;
  resolved: number;
  /**
   * Events of actual risk in the month (the challenge's risk types): a number inside a source's date range,
   * null outside every source's range ("no data", never 0); absent when the challenge has no risk types.
   */
  events?: number | null;
  /**
   * The days of the month the sources cover, when they cover only part of it (absent when the month is wholly
   * covered or has no data): its `events` then count that part only.
   */
  eventsCoveredDays?: number;
}

export interface ChartBar {
  month: string;
  reported: number;
  resolved: number;
  events?: number | null;
  /** The events marker's y; null for a month without data or without an events series. */
  eventsY: number | null;
  x: number;
  width: number;
  /** Top of the reported bar and its height, in SVG units (y grows downwards). */
  y: number;
  height: number;
  /** The resolved marker's y (a tick across the bar). */
  resolvedY: number;
}

export interface MonthlyChartModel {
  width: number;
  height: number;
  /** Plot area inside the axes. */
  plot: { left: number; top: number; right: number; bottom: number };
  max: number;
  ticks: { value: number; y: number }[];
  bars: ChartBar[];
  /** The table under the chart: the same rows, in the same order. */
  rows: MonthCount[];
  /** Whether the rows carry events (a second series). */
  hasEvents: boolean;
}

const monthKey = (s: string) => s.slice(0, 7);

function nextMonth(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Every month from `from` to `to` (inclusive, 'YYYY-MM'), with zeros where the API returned none; months
 * outside the range are dropped. Without a range, the span of the data.
 */
export function fillMonths(monthly: readonly MonthCount[], from?: string, to?: string): MonthCount[] {
  const byMonth = new Map<string, MonthCount>();
  for (const m of monthly) {
    const key = monthKey(m.month);
    const prev = byMonth.get(key);
    byMonth.set(key, {
      month: key,
      reported: (prev?.reported ?? 0) + m.reported,
      resolved: (prev?.resolved ?? 0) + m.resolved,
    });
  }
  const keys = [...byMonth.keys()].sort();
  const start = from ? monthKey(from) : keys[0];
  const end = to ? monthKey(to) : keys[keys.length - 1];
  if (!start || !end || start > end) return [];
  const out: MonthCount[] = [];
  for (let k = start; k <= end; k = nextMonth(k)) {
    out.push(byMonth.get(k) ?? { month: k, reported: 0, resolved: 0 });
    if (out.length > 600) break; // fifty years: a guard against a malformed range, not a real limit
  }
  return out;
}

/** A source's date range as months: 'YYYY-MM-DD' … 'YYYY-MM-DD' (inclusive) → first and last 'YYYY-MM'. */
export interface SourceRange {
  period_from: string;
  period_to: string;
}

/**
 * The events of actual risk on the months' rows: a month that overlaps a source's range gets its count (0 when
 * none), a month outside every source's range gets null (no data: events are only known inside the sources'
 * ranges). A month the sources cover only in part carries the days they cover (`eventsCoveredDays`): its count is
 * of those days only, and the table says so.
 */
export function withEvents(
  rows: readonly MonthCount[],
  monthly: readonly { month: string; n: number }[],
  sources: readonly SourceRange[],
): MonthCount[] {
  const n = new Map<string, number>();
  for (const m of monthly) n.set(monthKey(m.month), (n.get(monthKey(m.month)) ?? 0) + m.n);
  return rows.map((r) => {
    const month = monthKey(r.month);
    const days = daysInMonth(month);
    // Day by day ('YYYY-MM-DD' compares as dates): the sources' ranges may overlap or leave gaps.
    let covered = 0;
    for (let d = 1; d <= days; d++) {
      const day = `${month}-${String(d).padStart(2, '0')}`;
      if (sources.some((s) => s.period_from <= day && day <= s.period_to)) covered++;
    }
    if (covered === 0 && !n.has(month)) return { ...r, events: null };
    const events = n.get(month) ?? 0;
    return covered > 0 && covered < days ? { ...r, events, eventsCoveredDays: covered } : { ...r, events };
  });
}

/** Days in the month 'YYYY-MM' (day 0 of the next month is this month's last). */
function daysInMonth(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** A "nice" axis maximum (1, 2, 5 × 10ⁿ) at or above `max`, so the gridlines fall on round numbers. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * pow >= max) return step * pow;
  return 10 * pow;
}

export function buildMonthlyChart(
  rows: readonly MonthCount[],
  { width = 640, height = 220 }: { width?: number; height?: number } = {},
): MonthlyChartModel {
  const plot = { left: 44, top: 10, right: width - 8, bottom: height - 28 };
  const max = niceMax(Math.max(0, ...rows.map((r) => Math.max(r.reported, r.resolved, r.events ?? 0))));
  const h = plot.bottom - plot.top;
  const yOf = (v: number) => plot.bottom - (v / max) * h;
  const slot = rows.length > 0 ? (plot.right - plot.left) / rows.length : 0;
  const barWidth = Math.max(1, slot * 0.7);
  const bars = rows.map((r, i) => ({
    month: r.month,
    reported: r.reported,
    resolved: r.resolved,
    x: plot.left + i * slot + (slot - barWidth) / 2,
    width: barWidth,
    y: yOf(r.reported),
    height: plot.bottom - yOf(r.reported),
    resolvedY: yOf(r.resolved),
    ...(r.events === undefined ? {} : { events: r.events }),
    eventsY: r.events == null ? null : yOf(r.events),
  }));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ value: Math.round(max * f), y: yOf(max * f) }));
  const hasEvents = rows.some((r) => r.events !== undefined);
  return { width, height, plot, max, ticks, bars, rows: rows.map((r) => ({ ...r })), hasEvents };
}
