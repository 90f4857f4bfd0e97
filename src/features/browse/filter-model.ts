import type { StatusInfo, ViewFilter, ViewItem } from '../../api';
import type { Challenge } from '../../domain/challenges';
import { MALMO_BBOX } from '../../domain/report-rules';
import { isStatus, STATUSES, type Status } from '../../domain/statuses';

/** Pure model of the browse filters, the view key and the text equivalent of the map. */

export const TIME_RANGES = ['7d', '30d', '12m', 'all'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];
export type StatusFilter = 'all' | 'open' | 'closed' | Status;

export interface BrowseFilters {
  /**
   * The challenges shown; null = every challenge, whichever the period in force has (the reference data may not
   * have arrived yet). An empty list shows nothing.
   */
  challenges: Challenge[] | null;
  category: string | null;
  status: StatusFilter;
  time: TimeRange;
}

export const DEFAULT_FILTERS: BrowseFilters = {
  challenges: null,
  category: null,
  status: 'all',
  time: 'all',
};

export interface Viewport {
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

const DAYS: Record<TimeRange, number | null> = { '7d': 7, '30d': 30, '12m': 365, all: null };

/** Start of the local day `days` days before `now` — rounded so the query key stays stable all day. */
export function fromDateFor(time: TimeRange, now: Date): Date | null {
  const days = DAYS[time];
  if (days === null) return null;
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return d;
}

/** Does the filter show reports of this challenge? */
export function showsChallenge(filters: Pick<BrowseFilters, 'challenges'>, code: Challenge): boolean {
  return filters.challenges === null || filters.challenges.includes(code);
}

/**
 * The filter's challenges after ticking (`on`) or unticking one, in the period's `order`. Every challenge of the
 * order ticked again is "all" (null), so the query key is the same as the default's.
 */
export function withChallenge(
  filters: Pick<BrowseFilters, 'challenges'>,
  code: Challenge,
  on: boolean,
  order: readonly Challenge[],
): Challenge[] | null {
  const shown = new Set(filters.challenges ?? order);
  if (on) shown.add(code);
  else shown.delete(code);
  if (order.length > 0 && order.every((c) => shown.has(c))) return null;
  return [...order.filter((c) => shown.has(c)), ...[...shown].filter((c) => !order.includes(c))];
}

export function isStatusFilter(value: string): value is StatusFilter {
  return value === 'all' || value === 'open' || value === 'closed' || (STATUSES as readonly string[]).includes(value);
}

/**
 * The statuses a filter stands for. "open" and "closed" are groups the database defines (app.statuses.group,
 * published by list_categories): undefined while that reference data is not there yet.
 */
export function statusesFor(status: StatusFilter, reference: readonly Pick<StatusInfo, 'code' | 'group'>[] | undefined): Status[] | null | undefined {
  if (status === 'all') return null;
  if (status === 'open' || status === 'closed') {
    if (!reference) return undefined;
    return reference.filter((s) => s.group === status).map((s) => s.code).filter(isStatus);
  }
  return [status];
}

/**
 * A serialisable filter for the query key (dates as ISO strings). Null when nothing can match, or when a status
 * group is chosen and the reference data that defines it has not arrived.
 */
export interface FilterKey {
  challenges: Challenge[] | null;
  categories: string[] | null;
  statuses: Status[] | null;
  from: string | null;
}

export function toFilterKey(
  filters: BrowseFilters,
  now: Date,
  statuses: readonly Pick<StatusInfo, 'code' | 'group'>[] | undefined,
): FilterKey | null {
  if (filters.challenges?.length === 0) return null;
  const chosen = statusesFor(filters.status, statuses);
  if (chosen === undefined) return null;
  return {
    // Sorted, so the same choice in any order is the same query.
    challenges: filters.challenges ? [...new Set(filters.challenges)].sort() : null,
    categories: filters.category ? [filters.category] : null,
    statuses: chosen,
    from: fromDateFor(filters.time, now)?.toISOString() ?? null,
  };
}

export function toViewFilter(key: FilterKey): ViewFilter {
  return {
    challenges: key.challenges,
    categories: key.categories,
    statuses: key.statuses,
    from: key.from ? new Date(key.from) : null,
    to: null,
  };
}

/** Where data can exist: Malmö's envelope with a margin. Views are clipped to it (span ≤ 2° for the API). */
export const DATA_ENVELOPE = {
  west: MALMO_BBOX.west - 0.2,
  south: MALMO_BBOX.south - 0.1,
  east: MALMO_BBOX.east + 0.2,
  north: MALMO_BBOX.north + 0.1,
};

const STEP = 1e3; // 0.001° ≈ 60–110 m

/**
 * The bbox sent to reports_in_view and used in the query key: clipped to the data envelope,
 * rounded OUTWARD to 0.001°, zoom rounded to 0.1. Null when the view does not touch Malmö
 * or is not finite.
 */
export function toViewKey(view: Viewport | null): Viewport | null {
  if (!view) return null;
  const { west, south, east, north, zoom } = view;
  if (![west, south, east, north, zoom].every(Number.isFinite)) return null;
  const w = Math.max(west, DATA_ENVELOPE.west);
  const s = Math.max(south, DATA_ENVELOPE.south);
  const e = Math.min(east, DATA_ENVELOPE.east);
  const n = Math.min(north, DATA_ENVELOPE.north);
  if (w >= e || s >= n) return null;
  return {
    west: Math.floor(w * STEP) / STEP,
    south: Math.floor(s * STEP) / STEP,
    east: Math.ceil(e * STEP) / STEP,
    north: Math.ceil(n * STEP) / STEP,
    zoom: Math.round(zoom * 10) / 10,
  };
}

export const LIST_LIMIT = 50;

export type ListEntry =
  | { kind: 'report'; id: string; lon: number; lat: number; challenge: Challenge; category: string | null; status: string | null }
  | { kind: 'cluster'; key: string; lon: number; lat: number; count: number; challenge: Challenge };

/**
 * The text equivalent of the map: clusters (largest first), then single reports, north to south.
 * At most `limit` entries; `hidden` says how many map symbols were left out.
 */
export function listEntries(items: readonly ViewItem[], limit = LIST_LIMIT): { entries: ListEntry[]; hidden: number } {
  const sorted = [...items].sort((a, b) => {
    const ac = a[4] ? 1 : a[2];
    const bc = b[4] ? 1 : b[2];
    return bc - ac || b[1] - a[1] || a[0] - b[0];
  });
  const entries = sorted.slice(0, limit).map((it): ListEntry => {
    const [lon, lat, count, challenge, id, category, status] = it;
    if (id && count === 1) return { kind: 'report', id, lon, lat, challenge, category, status };
    return { kind: 'cluster', key: `${lon.toFixed(5)},${lat.toFixed(5)}`, lon, lat, count, challenge };
  });
  return { entries, hidden: Math.max(0, items.length - entries.length) };
}

/** Zoom for "zooma in" on a cluster: two levels closer, at most 18. */
export function clusterZoom(currentZoom: number | undefined): number {
  return Math.min(18, Math.max(12, (currentZoom ?? 12) + 2));
}
