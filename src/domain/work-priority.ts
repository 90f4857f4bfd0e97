/**
 * The crew's work list order: a small, additive score whose every part is shown to the crew as a reason,
 * so the order is never a black box. Pure; the inputs come from api.work_list and the hotspot analysis.
 *
 *   score = hotspot + supports + age + category
 *
 *   hotspot   4 when the report's cell is a hot spot at 99 % (class +3), 2 at 95 % (class +2), else 0.
 *             Class +1 (90 %) is not enough to move a report up: one in ten such cells may be chance.
 *   supports  0.5 per support ("jag upplever också detta"), at most 3 (six supports): more people affected,
 *             but a popular report should not bury everything else.
 *   age       0.1 per whole day since the observation, at most 3 (30 days): old reports rise steadily so
 *             nothing waits forever.
 *   category  CATEGORY_WEIGHTS (default 0): hazards to health come first (syringes, broken glass).
 *
 * Ties are broken by age (older first), then by id, so the order is stable.
 */
export interface PriorityInput {
  id: string;
  category: string;
  supports: number;
  /** ISO timestamp or Date of the observation. */
  observedAt: string | Date;
  /** Gi* class −3 … +3 of the report's cell, or null when no analysis covers it. */
  hotspotClass: number | null;
}

export type PriorityReason =
  | { kind: 'hotspot'; cls: 2 | 3; points: number }
  | { kind: 'supports'; supports: number; points: number }
  | { kind: 'age'; days: number; points: number }
  | { kind: 'category'; category: string; points: number };

export interface Prioritised<T> {
  item: T;
  score: number;
  /** Only the parts that added something, largest first. */
  reasons: PriorityReason[];
}

/** Extra points per category code; unknown codes get 0. */
export const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  syringes: 3,
  broken_glass: 2,
  dumped_waste: 1,
  broken_lighting: 1,
};

export const PRIORITY_LIMITS = {
  hotspot: { 2: 2, 3: 4 } as const,
  perSupport: 0.5,
  maxSupports: 3,
  perDay: 0.1,
  maxAge: 3,
} as const;

const DAY_MS = 86_400_000;

/** Whole days between the observation and `now` (never negative). */
export function ageInDays(observedAt: string | Date, now: Date): number {
  const t = typeof observedAt === 'string' ? Date.parse(observedAt) : observedAt.getTime();
  if (!Number.isFinite(t)) return 0;
  return Math.max(0, Math.floor((now.getTime() - t) / DAY_MS));
}

/** Score and reasons of one report. */
export function workPriority(
  input: PriorityInput,
  now: Date,
  weights: Readonly<Record<string, number>> = CATEGORY_WEIGHTS,
): { score: number; reasons: PriorityReason[] } {
  const reasons: PriorityReason[] = [];
  const cls = input.hotspotClass ?? 0;
  if (cls >= 2) {
    const c = cls >= 3 ? 3 : 2;
    reasons.push({ kind: 'hotspot', cls: c, points: PRIORITY_LIMITS.hotspot[c] });
  }
  const supports = Math.max(0, Math.floor(input.supports));
  if (supports > 0)
    reasons.push({
      kind: 'supports',
      supports,
      points: Math.min(PRIORITY_LIMITS.maxSupports, supports * PRIORITY_LIMITS.perSupport),
    });
  const days = ageInDays(input.observedAt, now);
  if (days > 0)
    reasons.push({ kind: 'age', days, points: Math.min(PRIORITY_LIMITS.maxAge, round1(days * PRIORITY_LIMITS.perDay)) });
  const w = weights[input.category] ?? 0;
  if (w > 0) reasons.push({ kind: 'category', category: input.category, points: w });
  reasons.sort((a, b) => b.points - a.points);
  const score = round1(reasons.reduce((s, r) => s + r.points, 0));
  return { score, reasons };
}

/** The work list in priority order (highest score first; ties: older first, then id). */
export function prioritise<T extends PriorityInput>(
  items: ReadonlyArray<T>,
  now: Date,
  weights: Readonly<Record<string, number>> = CATEGORY_WEIGHTS,
): Prioritised<T>[] {
  const scored = items.map((item) => {
    const { score, reasons } = workPriority(item, now, weights);
    const t = typeof item.observedAt === 'string' ? Date.parse(item.observedAt) : item.observedAt.getTime();
    return { item, score, reasons, t: Number.isFinite(t) ? t : Infinity };
  });
  scored.sort((a, b) => b.score - a.score || a.t - b.t || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
  return scored.map(({ item, score, reasons }) => ({ item, score, reasons }));
}

// Decimal scores (0.1 per day) would otherwise show as 0.30000000000000004 and tie-break on float noise.
function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
