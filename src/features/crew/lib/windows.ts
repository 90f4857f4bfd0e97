/** The hotspot analysis' time window and the emerging split, as dates for api.hotspot_cells. */
export const WINDOW_DAYS = [90, 180, 365] as const;
export const RECENT_DAYS = [14, 28] as const;

export interface AnalysisWindow {
  from: Date;
  to: Date;
  recentFrom: Date;
  recentDays: number;
  baselineDays: number;
}

const DAY = 86_400_000;

/** [now − windowDays, now + 1 min) with the last `recentDays` as the recent part and the rest as baseline. */
export function analysisWindow(now: Date, windowDays: number, recentDays: number): AnalysisWindow {
  if (!(windowDays > recentDays && recentDays > 0)) throw new RangeError('window must be longer than the recent part');
  // Whole minutes keep the query key stable while a crew member changes other settings.
  const end = Math.ceil(now.getTime() / 60_000) * 60_000 + 60_000;
  return {
    from: new Date(end - windowDays * DAY),
    to: new Date(end),
    recentFrom: new Date(end - recentDays * DAY),
    recentDays,
    baselineDays: windowDays - recentDays,
  };
}
