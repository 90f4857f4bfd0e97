/** Geometry of the small monthly trend chart (two series: inside the development, in the buffer ring). */
export interface TrendChart {
  width: number;
  height: number;
  max: number;
  inside: string;
  ring: string;
  /** Month labels at most every `step` months, with their x. */
  ticks: Array<{ x: number; label: string }>;
  /** Horizontal grid values with their y. */
  levels: Array<{ y: number; value: number }>;
}

export function trendChart(
  monthly: ReadonlyArray<{ month: string; inside: number; ring: number }>,
  width = 320,
  height = 140,
  pad = { left: 28, right: 8, top: 8, bottom: 20 },
): TrendChart {
  const n = monthly.length;
  const max = Math.max(1, ...monthly.map((m) => Math.max(m.inside, m.ring)));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (n <= 1 ? innerW / 2 : (i / (n - 1)) * innerW);
  const y = (v: number) => pad.top + innerH - (v / max) * innerH;
  const line = (pick: (m: { inside: number; ring: number }) => number) =>
    monthly.map((m, i) => `${round(x(i))},${round(y(pick(m)))}`).join(' ');
  const step = Math.max(1, Math.ceil(n / 6));
  const ticks = monthly.flatMap((m, i) => (i % step === 0 ? [{ x: round(x(i)), label: m.month }] : []));
  const levels = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i).map((v) => ({ y: round(y(v)), value: v }));
  return { width, height, max, inside: line((m) => m.inside), ring: line((m) => m.ring), ticks, levels };
}

const round = (v: number) => Math.round(v * 10) / 10;
