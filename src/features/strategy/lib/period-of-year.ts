import type { StrategyPeriodSummary } from '../../../api';

/**
 * The published period whose challenges a year is followed up by: the latest one that started on or before the
 * year's last day and had not ended before its first (a period published mid-year takes over that year).
 */
export function periodOfYear(periods: readonly StrategyPeriodSummary[], year: number): StrategyPeriodSummary | null {
  const last = `${year}-12-31`;
  const first = `${year}-01-01`;
  const candidates = periods
    .filter((p) => p.status === 'published' && p.starts_on !== null && p.starts_on <= last && (p.ends_on === null || p.ends_on >= first))
    .sort((a, b) => (a.starts_on! < b.starts_on! ? 1 : -1));
  return candidates[0] ?? null;
}
