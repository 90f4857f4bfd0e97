import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import {
  cellCountsFromRows,
  coverArea,
  findHotspots,
  hexCellOf,
  hexDistance,
  sweref99tmToWgs84,
  wgs84ToSweref99tm,
} from '../../../analysis';
import { openHotspots as presentHotspots } from './open-hotspots';

/** The database's rows → findHotspots → the strategist's list, as the annual follow-up runs it (there in the worker). */
const openHotspots = (
  rows: [number, number, number, number, number][],
  size: number,
  area: Parameters<typeof findHotspots>[1]['area'],
) => presentHotspots(findHotspots(cellCountsFromRows(rows, size), { area }));

// A 4 km × 4 km square in central Malmö (WGS84), as the study area.
const area = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [12.97, 55.585],
      [13.035, 55.585],
      [13.035, 55.621],
      [12.97, 55.621],
      [12.97, 55.585],
    ],
  ],
};
const size = 250;

describe('openHotspots', () => {
  // A cluster of many reports around one place, one report in a handful of scattered cells.
  const centre = wgs84ToSweref99tm(13.0, 55.603);
  const core = hexCellOf(centre[0] as number, centre[1] as number, size);
  const cells: [number, number, number, number, number][] = [];
  for (let dq = -1; dq <= 1; dq++)
    for (let dr = -1; dr <= 1; dr++)
      if (hexDistance(dq, dr) <= 1) cells.push([core[0]! + dq, core[1]! + dr, 40, 0, 0]);
  for (const [lon, lat] of [
    [12.975, 55.588],
    [13.03, 55.618],
    [12.98, 55.615],
    [13.03, 55.59],
  ] as const) {
    const xy = wgs84ToSweref99tm(lon, lat);
    const c = hexCellOf(xy[0] as number, xy[1] as number, size);
    cells.push([c[0]!, c[1]!, 1, 0, 0]);
  }
  const hot = openHotspots(cells, size, area);

  it('finds the cluster as significant hot cells, the core among the strongest', () => {
    expect(hot.length).toBeGreaterThan(0);
    expect(hot.some((h) => h.q === core[0] && h.r === core[1])).toBe(true);
    // Every hot cell is in or next to the cluster (within two steps of the core).
    for (const h of hot) expect(hexDistance(h.q - core[0]!, h.r - core[1]!)).toBeLessThanOrEqual(2);
    expect(hot.every((h) => h.cls >= 1 && h.cls <= 3)).toBe(true);
    for (let i = 1; i < hot.length; i++) {
      expect(hot[i - 1]!.cls).toBeGreaterThanOrEqual(hot[i]!.cls);
      // within a class, the cells with most reports first
      if (hot[i - 1]!.cls === hot[i]!.cls) expect(hot[i - 1]!.n).toBeGreaterThanOrEqual(hot[i]!.n);
    }
  });

  it('gives each cell its hexagon, containing its centre, and the counts from the database', () => {
    const coreCell = hot.find((h) => h.q === core[0] && h.r === core[1])!;
    expect(coreCell.n).toBe(40);
    expect(coreCell.id).toBe(`${core[0]}:${core[1]}`);
    expect(coreCell.polygon.coordinates[0]).toHaveLength(7);
    expect(
      booleanPointInPolygon([coreCell.center.lon, coreCell.center.lat], coreCell.polygon),
    ).toBe(true);
    const back = sweref99tmToWgs84(centre[0] as number, centre[1] as number);
    expect(booleanPointInPolygon([back[0] as number, back[1] as number], coreCell.polygon)).toBe(
      true,
    );
  });

  it('finds nothing where every cell has the same count', () => {
    const grid = coverArea(area, size);
    const flat = Array.from(
      grid.q,
      (q, i) => [q, grid.r[i]!, 3, 0, 0] as [number, number, number, number, number],
    );
    expect(openHotspots(flat, size, area)).toEqual([]);
  });
});
