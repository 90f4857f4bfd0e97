import { describe, expect, it } from 'vitest';
import { cellExponent, shippedFor, type FilterKey, type FirstViewCellsFile } from './first-view-cells';

const BASE = (60 * 40075016.686) / (256 * 65536);
const DEFAULT: FilterKey = { challenges: null, categories: null, statuses: null, from: null };
const result = (total: number) => ({ total, cell_m: 0, items: [] });

const file: FirstViewCellsFile = {
  version: 1,
  snapshot: 'h',
  gridBaseM: BASE,
  dataBounds: { west: 12.9, south: 55.51, east: 13.14, north: 55.63 },
  entries: [
    { scope: 'all-data', k: 5, filter: DEFAULT, view: { west: 12.9, south: 55.51, east: 13.14, north: 55.63, zoom: 10 }, result: result(5) },
    { scope: 'all-data', k: 4, filter: DEFAULT, view: { west: 12.9, south: 55.51, east: 13.14, north: 55.63, zoom: 11 }, result: result(4) },
    { scope: 'exact', filter: DEFAULT, view: { west: 12.9, south: 55.55, east: 13.1, north: 55.6, zoom: 11.3 }, result: result(99) },
  ],
};

describe('cellExponent (the arithmetic of api.reports_in_view)', () => {
  it('is round(16 − (zoom + 1)), halves to even as PostgreSQL rounds', () => {
    const box = { west: 12.9, south: 55.5, east: 13.0, north: 55.6 };
    expect(cellExponent({ ...box, zoom: 10 }, BASE)).toBe(5);
    expect(cellExponent({ ...box, zoom: 10.4 }, BASE)).toBe(5);
    expect(cellExponent({ ...box, zoom: 10.6 }, BASE)).toBe(4);
    expect(cellExponent({ ...box, zoom: 10.5 }, BASE)).toBe(4); // 4.5 → 4
    expect(cellExponent({ ...box, zoom: 9.5 }, BASE)).toBe(6); // 5.5 → 6
  });

  it('doubles the cell until the view has at most 2000 cells', () => {
    // One degree square at zoom 14 has far more than 2000 cells of 143 m.
    expect(cellExponent({ west: 12.5, south: 55, east: 13.5, north: 56, zoom: 14 }, BASE)).toBeGreaterThan(1);
  });
});

describe('shippedFor', () => {
  it('answers a view holding every report with the entry of its cell exponent, whatever the view', () => {
    expect(shippedFor(file, { west: 12.8, south: 55.5, east: 13.2, north: 55.7, zoom: 10.1 }, DEFAULT)?.total).toBe(5);
    expect(shippedFor(file, { west: 12.85, south: 55.45, east: 13.16, north: 55.66, zoom: 10.9 }, DEFAULT)?.total).toBe(4);
  });

  it('does not answer a view that cuts off some reports, nor an exponent it has not got', () => {
    expect(shippedFor(file, { west: 12.95, south: 55.5, east: 13.2, north: 55.7, zoom: 10.1 }, DEFAULT)).toBeNull();
    expect(shippedFor(file, { west: 12.8, south: 55.5, east: 13.2, north: 55.7, zoom: 8 }, DEFAULT)).toBeNull();
  });

  it('answers an exact entry only for exactly its view key', () => {
    expect(shippedFor(file, { west: 12.9, south: 55.55, east: 13.1, north: 55.6, zoom: 11.3 }, DEFAULT)?.total).toBe(99);
    expect(shippedFor(file, { west: 12.9, south: 55.55, east: 13.1, north: 55.601, zoom: 11.3 }, DEFAULT)).toBeNull();
  });

  it('answers only the filter it was made for (a time filter has the day in its key)', () => {
    const week = { ...DEFAULT, from: '2026-11-29T00:00:00.000Z' };
    expect(shippedFor(file, { west: 12.8, south: 55.5, east: 13.2, north: 55.7, zoom: 10.1 }, week)).toBeNull();
  });
});
