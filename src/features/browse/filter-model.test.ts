import { describe, expect, it } from 'vitest';
import type { ViewItem } from '../../api';
import {
  clusterZoom,
  DEFAULT_FILTERS,
  fromDateFor,
  listEntries,
  showsChallenge,
  statusesFor,
  toFilterKey,
  toViewFilter,
  toViewKey,
  withChallenge,
} from './filter-model';

const NOW = new Date(2026, 11, 1, 15, 42); // local time
// Groups as list_categories publishes them (the test's input; the database holds the real ones).
const STATUSES = [
  { code: 'new', group: 'open' },
  { code: 'confirmed', group: 'open' },
  { code: 'in_progress', group: 'open' },
  { code: 'resolved', group: 'closed' },
  { code: 'not_actionable', group: 'closed' },
  { code: 'duplicate', group: 'closed' },
  { code: 'referred', group: 'closed' },
] as const;

describe('filters → query', () => {
  it('maps "everything" to null filters', () => {
    expect(toFilterKey(DEFAULT_FILTERS, NOW, STATUSES)).toEqual({ challenges: null, categories: null, statuses: null, from: null });
  });

  it('maps a subset of challenges, a category, a status group and a time range', () => {
    const key = toFilterKey(
      { challenges: ['trafik', 'renhallning'], category: 'litter', status: 'open', time: '7d' },
      NOW,
      STATUSES,
    );
    expect(key?.challenges).toEqual(['renhallning', 'trafik']); // canonical order
    expect(key?.categories).toEqual(['litter']);
    expect(key?.statuses).toEqual(['new', 'confirmed', 'in_progress']);
    expect(key?.from).toBe(new Date(2026, 10, 24).toISOString());
    const filter = toViewFilter(key!);
    expect(filter.from).toEqual(new Date(2026, 10, 24));
    expect(filter.to).toBeNull();
  });

  it('returns null when no challenge is selected (nothing can match)', () => {
    expect(toFilterKey({ ...DEFAULT_FILTERS, challenges: [] }, NOW, STATUSES)).toBeNull();
  });

  it('keeps the key stable within a day', () => {
    const a = toFilterKey({ ...DEFAULT_FILTERS, time: '30d' }, new Date(2026, 11, 1, 0, 1), STATUSES);
    const b = toFilterKey({ ...DEFAULT_FILTERS, time: '30d' }, new Date(2026, 11, 1, 23, 59), STATUSES);
    expect(a).toEqual(b);
  });

  it('status filters', () => {
    expect(statusesFor('all', STATUSES)).toBeNull();
    expect(statusesFor('closed', STATUSES)).toEqual(['resolved', 'not_actionable', 'duplicate', 'referred']);
    expect(statusesFor('duplicate', STATUSES)).toEqual(['duplicate']);
    // The groups are the database's: a status moved to another group moves with it.
    const moved = STATUSES.map((s) => (s.code === 'referred' ? { ...s, group: 'open' as const } : s));
    expect(statusesFor('open', moved)).toEqual(['new', 'confirmed', 'in_progress', 'referred']);
  });

  it('waits for the reference data before a status group, and only then', () => {
    expect(statusesFor('open', undefined)).toBeUndefined();
    expect(toFilterKey({ ...DEFAULT_FILTERS, status: 'open' }, NOW, undefined)).toBeNull();
    expect(toFilterKey({ ...DEFAULT_FILTERS, status: 'resolved' }, NOW, undefined)?.statuses).toEqual(['resolved']);
    expect(toFilterKey(DEFAULT_FILTERS, NOW, undefined)?.statuses).toBeNull();
    expect(fromDateFor('all', NOW)).toBeNull();
    expect(fromDateFor('12m', NOW)).toEqual(new Date(2025, 11, 1));
  });
});

describe('view key', () => {
  it('rounds outward and rounds the zoom', () => {
    expect(toViewKey({ west: 12.98765, south: 55.58321, east: 13.01234, north: 55.61111, zoom: 13.37 })).toEqual({
      west: 12.987,
      south: 55.583,
      east: 13.013,
      north: 55.612,
      zoom: 13.4,
    });
  });

  it('clips a wide view to the data envelope (keeps span ≤ 2°)', () => {
    const k = toViewKey({ west: 10, south: 54, east: 16, north: 57, zoom: 5 })!;
    expect(k.east - k.west).toBeLessThanOrEqual(2);
    expect(k.north - k.south).toBeLessThanOrEqual(2);
    expect(k.west).toBeGreaterThan(12.5);
  });

  it('is null outside Malmö or for non-finite input', () => {
    expect(toViewKey({ west: 17, south: 59, east: 18, north: 60, zoom: 10 })).toBeNull();
    expect(toViewKey({ west: NaN, south: 55, east: 13, north: 56, zoom: 10 })).toBeNull();
    expect(toViewKey(null)).toBeNull();
  });
});

describe('list entries (text equivalent of the map)', () => {
  const items: ViewItem[] = [
    [13.0, 55.6, 1, 'trafik', 'a', 'speeding', 'new'],
    [13.01, 55.61, 23, 'renhallning', null, null, null],
    [13.02, 55.62, 1, 'renhallning', 'b', 'litter', 'resolved'],
    [13.03, 55.59, 5, 'befintlig_stad', null, null, null],
  ];

  it('lists clusters by size, then single reports north to south', () => {
    const { entries, hidden } = listEntries(items);
    expect(hidden).toBe(0);
    expect(entries.map((e) => (e.kind === 'report' ? e.id : e.count))).toEqual([23, 5, 'b', 'a']);
    expect(entries[2]).toMatchObject({ kind: 'report', category: 'litter', status: 'resolved', challenge: 'renhallning' });
  });

  it('caps the list and counts what was left out', () => {
    const many: ViewItem[] = Array.from({ length: 120 }, (_, i) => [13 + i / 1000, 55.6, 1, 'trafik', `id${i}`, 'c', 'new']);
    const { entries, hidden } = listEntries(many, 50);
    expect(entries).toHaveLength(50);
    expect(hidden).toBe(70);
  });

  it('zooms two levels closer for a cluster', () => {
    expect(clusterZoom(13)).toBe(15);
    expect(clusterZoom(17.5)).toBe(18);
    expect(clusterZoom(undefined)).toBe(14);
  });
});

describe('challenge filter: the period\'s challenges, however many', () => {
  const FIVE = ['renhallning', 'planering', 'trafik', 'befintlig_stad', 'belysning'];

  it('the default shows every challenge, also one the code has never heard of', () => {
    expect(showsChallenge(DEFAULT_FILTERS, 'belysning')).toBe(true);
    expect(toFilterKey(DEFAULT_FILTERS, NOW, STATUSES)?.challenges).toBeNull();
  });

  it('unticking the fifth keeps the other four, in the period\'s order; ticking it again is "all" again', () => {
    const four = withChallenge(DEFAULT_FILTERS, 'belysning', false, FIVE);
    expect(four).toEqual(['renhallning', 'planering', 'trafik', 'befintlig_stad']);
    expect(showsChallenge({ challenges: four }, 'belysning')).toBe(false);
    expect(toFilterKey({ ...DEFAULT_FILTERS, challenges: four }, NOW, STATUSES)?.challenges).toEqual(
      ['befintlig_stad', 'planering', 'renhallning', 'trafik'],
    );
    expect(withChallenge({ challenges: four }, 'belysning', true, FIVE)).toBeNull();
  });

  it('only the fifth: the query asks for it alone', () => {
    let chosen: string[] | null = null;
    for (const c of FIVE.slice(0, 4)) chosen = withChallenge({ challenges: chosen }, c, false, FIVE);
    expect(chosen).toEqual(['belysning']);
    expect(toFilterKey({ ...DEFAULT_FILTERS, challenges: chosen }, NOW, STATUSES)?.challenges).toEqual(['belysning']);
    expect(withChallenge({ challenges: chosen }, 'belysning', false, FIVE)).toEqual([]);
    expect(toFilterKey({ ...DEFAULT_FILTERS, challenges: [] }, NOW, STATUSES)).toBeNull();
  });
});
