import { describe, expect, it } from 'vitest';
import { compareCells, compareDistricts, countsOnGrid, hexAreaKm2, touchingNeighbors, type CellCount } from './bivariate-units.ts';
import { createBivariateClient } from './bivariate-client.ts';
import { gridFromCells } from './hex-grid.ts';

// A 24 × 24 block of 100 m cells: perceived risk (reports) heaped in one corner, where there are no events
// around; actual risk (events) heaped in the opposite corner, where few report; some of both everywhere else.
const SIZE = 100;
const cells: Array<[number, number]> = [];
for (let q = 0; q < 24; q++) for (let r = 0; r < 24; r++) cells.push([q, r]);
const grid = gridFromCells(SIZE, cells);
const near = (q: number, r: number, cq: number, cr: number) => Math.abs(q - cq) + Math.abs(r - cr) <= 3;
const perceivedCells: CellCount[] = cells.map(([q, r]) => [q, r, near(q, r, 4, 4) ? 40 : (q * 7 + r * 3) % 3]);
const actualCells: CellCount[] = cells.map(([q, r]) => [q, r, near(q, r, 19, 19) ? 30 : near(q, r, 4, 4) ? 0 : 3 + ((q * 5 + r) % 4)]);

describe('the cell comparison: which class each cell gets', () => {
  const result = compareCells(grid, perceivedCells, actualCells, { permutations: 999, seed: 7 });
  const at = (q: number, r: number) => result.classes[cells.findIndex(([a, b]) => a === q && b === r)];

  it('many reports here, few events around: perceived high, actual low', () => {
    expect(at(4, 4)).toBe('perceived_high_actual_low');
  });
  it('few reports here, many events around: actual high, perceived low', () => {
    expect(at(19, 19)).toBe('actual_high_perceived_low');
  });
  it('counts every class, and the rates are counts per km² of a cell', () => {
    expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBe(grid.length);
    const i = cells.findIndex(([a, b]) => a === 4 && b === 4);
    expect(result.perceivedRate[i]).toBeCloseTo(40 / hexAreaKm2(SIZE), 6);
    expect(result.q[i]).toBeLessThanOrEqual(result.alpha);
    expect(result.isolated).toBe(0);
  });
  it('puts counts of cells outside the area apart', () => {
    expect(countsOnGrid(grid, [[0, 0, 2], [99, 99, 5]])).toMatchObject({ outside: 5 });
  });
  it('gives the same answer through the client (no Worker in Node: the inline path; districts need no study area)', async () => {
    const client = createBivariateClient({ inline: true });
    const units = [0, 1, 2, 3].map((k) => ({ code: String(k), km2: 1, rings: [square(k * 100, 0)] }));
    const direct = compareDistricts(units, new Map([['0', 5], ['1', 1], ['2', 0], ['3', 2]]), new Map([['0', 1], ['1', 4], ['2', 2], ['3', 0]]), { seed: 1 });
    const viaClient = await client.compareDistricts(units, [['0', 5], ['1', 1], ['2', 0], ['3', 2]], [['0', 1], ['1', 4], ['2', 2], ['3', 0]], { seed: 1 });
    expect(viaClient.classes).toEqual(direct.classes);
    expect([...viaClient.p]).toEqual([...direct.p]);
  });
});

function square(x: number, y: number, side = 100): number[][] {
  return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]];
}

describe('district neighbours: outlines that touch', () => {
  it('links polygons sharing a border point within the tolerance, not those apart', () => {
    // 0 | 1 side by side; 2 touches 1 at a corner 5 m off; 3 is 500 m away.
    const polygons = [[square(0, 0)], [square(100, 0)], [square(205, 100)], [square(900, 900)]];
    expect(touchingNeighbors(polygons, 10).map((n) => [...n])).toEqual([[1], [0, 2], [1], []]);
  });
  it('refuses nothing silently: an isolated district is counted and never tested', () => {
    const units = [square(0, 0), square(100, 0), square(200, 0), square(5000, 0)].map((s, k) => ({ code: `d${k}`, km2: 0.01, rings: [s] }));
    const result = compareDistricts(units, new Map([['d0', 3], ['d1', 1], ['d2', 0], ['d3', 9]]), new Map([['d0', 0], ['d1', 2], ['d2', 5], ['d3', 1]]));
    expect(result.isolated).toBe(1);
    expect(result.classes[3]).toBe('not_significant');
  });
});
