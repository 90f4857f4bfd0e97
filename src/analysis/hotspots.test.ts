import { describe, expect, it } from 'vitest';
import { coverArea, hexCellOf } from './hex-grid.ts';
import { cellCountsFromRows, cellSizeFor, findHotspots } from './hotspots.ts';
import { hotspotPipeline } from './pipeline.ts';
import { sweref99tmToWgs84, wgs84ToSweref99tm } from './projection.ts';
import type { PolygonGeometry } from './geometry.ts';
import { createHotspotClient } from './worker/hotspot-client.ts';

// A 4 × 3 km rectangle in central Malmö.
const AREA: PolygonGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [12.97, 55.585],
      [13.035, 55.585],
      [13.035, 55.612],
      [12.97, 55.612],
      [12.97, 55.585],
    ],
  ],
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Uniform background plus a tight cluster, as WGS84 points; some points outside the area. */
function points(seed: number) {
  const rand = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < 600; i++) out.push(12.97 + rand() * 0.065, 55.585 + rand() * 0.027);
  for (let i = 0; i < 150; i++)
    out.push(13.0 + (rand() - 0.5) * 0.004, 55.6 + (rand() - 0.5) * 0.0025);
  for (let i = 0; i < 20; i++) out.push(12.9 + rand() * 0.02, 55.55 + rand() * 0.01); // outside
  return new Float64Array(out);
}

/** What the database does: group points by hexCellOf into [q, r, n, supports, nRecent]. */
function aggregate(
  lonLat: Float64Array,
  size: number,
  supportsOf: (i: number) => number,
  recentOf: (i: number) => boolean,
) {
  const cells = new Map<string, [number, number, number, number, number]>();
  const xy = new Float64Array(2);
  for (let i = 0; i < lonLat.length / 2; i++) {
    wgs84ToSweref99tm(lonLat[2 * i]!, lonLat[2 * i + 1]!, xy, 0);
    const [q, r] = hexCellOf(xy[0]!, xy[1]!, size);
    const key = `${q}:${r}`;
    const c = cells.get(key) ?? [q!, r!, 0, 0, 0];
    c[2] += 1;
    c[3] += supportsOf(i);
    c[4] += recentOf(i) ? 1 : 0;
    cells.set(key, c);
  }
  const list = [...cells.values()];
  return {
    q: Int32Array.from(list.map((c) => c[0])),
    r: Int32Array.from(list.map((c) => c[1])),
    n: Float64Array.from(list.map((c) => c[2])),
    supports: Float64Array.from(list.map((c) => c[3])),
    nRecent: Float64Array.from(list.map((c) => c[4])),
  };
}

describe('findHotspots (pre-aggregated cells + the area’s zeros)', () => {
  const lonLat = points(7);
  const size = 150;
  const grid = coverArea(AREA, size);

  it('matches the point pipeline on the same points (independent path: binPoints)', () => {
    const cells = aggregate(
      lonLat,
      size,
      () => 0,
      () => false,
    );
    const res = findHotspots({ size, ...cells, weighting: 'count' }, { area: AREA, grid });
    const ref = hotspotPipeline(lonLat, { grid });
    expect(res.q.length).toBe(grid.length);
    expect(Array.from(res.n)).toEqual(Array.from(ref.counts));
    expect(res.outside).toBe(ref.outside);
    expect(res.band).toBe(ref.band);
    for (let i = 0; i < grid.length; i++) expect(res.z[i]).toBeCloseTo(ref.z[i]!, 9);
    expect(Array.from(res.classes)).toEqual(Array.from(ref.classes));
    // zeros are part of the analysis, and the cluster is found
    expect(Array.from(res.n).filter((v) => v === 0).length).toBeGreaterThan(0);
    expect(Math.max(...res.classes)).toBe(3);
  });

  it('weights by supports when asked: values = reports + supports', () => {
    const cells = aggregate(
      lonLat,
      size,
      (i) => i % 3,
      () => false,
    );
    const res = findHotspots({ size, ...cells, weighting: 'supports' }, { area: AREA, grid });
    const weights = new Float64Array(lonLat.length / 2).map((_, i) => 1 + (i % 3));
    const ref = hotspotPipeline(lonLat, { grid, weights });
    expect(Array.from(res.values)).toEqual(Array.from(ref.counts));
  });

  it('classifies emerging hot spots from n_recent vs the rest', () => {
    // Recent = only the cluster: it must come out "new" (hot now, and the baseline is uniform).
    const cells = aggregate(
      lonLat,
      size,
      () => 0,
      (i) => i >= 600 && i < 750,
    );
    const baselineOnly = aggregate(
      lonLat.subarray(0, 1200),
      size,
      () => 0,
      () => false,
    );
    expect(baselineOnly.n.reduce((a, b) => a + b, 0)).toBe(600);
    const res = findHotspots(
      { size, ...cells, weighting: 'count', emerging: { recentDays: 28, baselineDays: 180 } },
      { area: AREA, grid },
    );
    const centre = new Float64Array(2);
    wgs84ToSweref99tm(13.0, 55.6, centre, 0);
    const [cq, cr] = hexCellOf(centre[0]!, centre[1]!, size);
    const i = Array.from(res.q).findIndex((q, k) => q === cq && res.r[k] === cr);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(res.emerging!.category[i]).toBe(0); // EMERGING_CATEGORIES[0] = 'new'
  });

  it('the inline client gives the same answer (Node has no Worker)', async () => {
    const client = createHotspotClient();
    await client.setArea(AREA);
    const cells = aggregate(
      lonLat,
      size,
      () => 0,
      () => false,
    );
    const direct = findHotspots({ size, ...cells, weighting: 'count' }, { area: AREA, grid });
    const viaClient = await client.findHotspots({
      size,
      ...aggregate(
        lonLat,
        size,
        () => 0,
        () => false,
      ),
      weighting: 'count',
    });
    expect(Array.from(viaClient.classes)).toEqual(Array.from(direct.classes));
  });

  it('one client serves callers with different study areas, each on its own area', async () => {
    const client = createHotspotClient({ inline: true });
    const half: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [12.97, 55.585],
          [13.0025, 55.585],
          [13.0025, 55.612],
          [12.97, 55.612],
          [12.97, 55.585],
        ],
      ],
    };
    const input = () => ({
      size,
      ...aggregate(
        lonLat,
        size,
        () => 0,
        () => false,
      ),
      weighting: 'count' as const,
    });
    const [onHalf, onWhole] = await Promise.all([
      client.findHotspots(input(), half),
      client.findHotspots(input(), AREA),
    ]);
    expect(Array.from(onHalf.classes)).toEqual(
      Array.from(findHotspots(input(), { area: half }).classes),
    );
    expect(Array.from(onWhole.classes)).toEqual(
      Array.from(findHotspots(input(), { area: AREA }).classes),
    );
    expect(onHalf.q.length).toBeLessThan(onWhole.q.length);
    await expect(createHotspotClient({ inline: true }).findHotspots(input())).rejects.toThrow(
      'no study area',
    );
  });

  it('cellCountsFromRows reads the database rows [q, r, n, supports, n_recent]', () => {
    const input = cellCountsFromRows(
      [
        [1, 2, 3, 4, 5],
        [-1, 0, 2],
      ],
      100,
      { weighting: 'supports' },
    );
    expect(input.size).toBe(100);
    expect(Array.from(input.q)).toEqual([1, -1]);
    expect(Array.from(input.r)).toEqual([2, 0]);
    expect(Array.from(input.n)).toEqual([3, 2]);
    expect(Array.from(input.supports)).toEqual([4, 0]);
    expect(Array.from(input.nRecent)).toEqual([5, 0]);
    expect(input.weighting).toBe('supports');
  });
});

describe('cellSizeFor (the one cell-size rule)', () => {
  it('rule 1: clamp(4 × ANN, 50, 500) rounded to 50 m (the sizes with database summaries)', () => {
    const lattice = (spacing: number) => {
      const ll: number[] = [];
      // 5 × 5: under the 30 reports in a square kilometre at which rule 2 (a dense core) starts to count.
      for (let i = 0; i < 5; i++)
        for (let j = 0; j < 5; j++) {
          const p = sweref99tmToWgs84(370000 + spacing * i, 6160000 + spacing * j);
          ll.push(p[0]!, p[1]!);
        }
      return ll;
    };
    expect(cellSizeFor(lattice(20))).toBe(100); // 4 × 20 m = 80 → 100
    expect(cellSizeFor(lattice(30))).toBe(100); // 120 → 100
    expect(cellSizeFor(lattice(40))).toBe(150); // 160 → 150
    expect(cellSizeFor(lattice(5))).toBe(50); // clamped up
    expect(cellSizeFor(lattice(400))).toBe(500); // clamped down
    expect(cellSizeFor([])).toBe(500);
  });

  // A city shaped like Malmö's reports: a dense inner city (3,000 reports in 1.2 × 1.2 km) and a sparse rest
  // (1,500 over 12 × 12 km), in SWEREF 99 TM metres.
  const city = (seed: number) => {
    const rand = rng(seed);
    const xy: number[] = [];
    for (let i = 0; i < 3000; i++) xy.push(373_000 + 1200 * rand(), 6_163_000 + 1200 * rand());
    for (let i = 0; i < 1500; i++) xy.push(367_000 + 12_000 * rand(), 6_157_000 + 12_000 * rand());
    return xy;
  };
  const uniform = (seed: number, n: number, side: number) => {
    const rand = rng(seed);
    const xy: number[] = [];
    for (let i = 0; i < n; i++) xy.push(370_000 + side * rand(), 6_160_000 + side * rand());
    return xy;
  };
  const toLonLat = (xy: number[]) => {
    const ll: number[] = [];
    for (let i = 0; i < xy.length; i += 2) ll.push(...sweref99tmToWgs84(xy[i]!, xy[i + 1]!));
    return ll;
  };
  const coreCells = (xy: number[], size: number) => {
    const cells = new Set<string>();
    for (let i = 0; i < xy.length; i += 2) {
      const [x, y] = [xy[i]!, xy[i + 1]!];
      if (x >= 373_000 && x < 374_200 && y >= 6_163_000 && y < 6_164_200) cells.add(hexCellOf(x, y, size).join(':'));
    }
    return cells.size;
  };

  it('separates a dense inner city from a sparse edge: the core falls in many cells, not one blob', () => {
    const xy = city(7);
    const size = cellSizeFor(toLonLat(xy));
    expect(size).toBeLessThanOrEqual(200);
    expect(coreCells(xy, size)).toBeGreaterThanOrEqual(19);
    // The sparse edge alone is analysed at a much coarser size: the rule follows the data.
    expect(cellSizeFor(toLonLat(xy.slice(6000)))).toBeGreaterThanOrEqual(400);
  });

  it('a sparse city with a modest core (the demo data: 6,000 reports, a 2,000 sample) still splits its core', () => {
    const rand = rng(5);
    const xy: number[] = [];
    for (let i = 0; i < 1500; i++) xy.push(373_000 + 2000 * rand(), 6_163_000 + 2000 * rand());
    for (let i = 0; i < 4500; i++) xy.push(367_000 + 12_000 * rand(), 6_157_000 + 12_000 * rand());
    const sample = toLonLat(xy).filter((_, i) => Math.floor(i / 2) % 3 === 0);
    const size = cellSizeFor(sample, { total: 6000 });
    // The spacing alone says 400 m or more (about ten reports per cell over a sparse city): one blob downtown.
    expect(size).toBeLessThanOrEqual(200);
    expect(coreCells(xy, size)).toBeGreaterThanOrEqual(19);
  });

  it('a sample with its total gives the size of the whole data; without the total its cells were too wide', () => {
    for (const xy of [city(11), uniform(13, 4000, 4000)]) {
      const all = toLonLat(xy);
      const whole = cellSizeFor(all);
      // Every 10th report, as the app samples 2,000 of the reports.
      const sample = all.filter((_, i) => Math.floor(i / 2) % 10 === 0);
      expect(Math.abs(cellSizeFor(sample, { total: xy.length / 2 }) - whole)).toBeLessThanOrEqual(50);
    }
    // Evenly spread (rule 1 decides): 4 × 32 m → 150 m; the uncorrected sample's spacing is √10 times longer.
    const even = toLonLat(uniform(13, 4000, 4000));
    const sample = even.filter((_, i) => Math.floor(i / 2) % 10 === 0);
    expect(cellSizeFor(even)).toBe(150);
    expect(cellSizeFor(sample, { total: 4000 })).toBe(150);
    expect(cellSizeFor(sample)).toBeGreaterThan(150);
  });
});
