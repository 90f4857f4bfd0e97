import { describe, expect, it } from 'vitest';
import type { CellComparisonResult } from '../../../../analysis/bivariate-protocol';
import { BIVARIATE_CLASSES, type BivariateClass } from '../../../../analysis/bivariate-units';
import { bivariateLayers, CLASS_STYLES, LEGEND_ORDER } from './bivariate-style';
import { byRelevance, cellModel } from './comparison';

function result(classes: BivariateClass[], perceived: number[], actual: number[], q: number[]): CellComparisonResult {
  const n = classes.length;
  const f = (a: number[]) => Float64Array.from(a);
  return {
    size: 200,
    cellQ: Int32Array.from({ length: n }, (_, i) => 1245 + i),
    cellR: Int32Array.from({ length: n }, () => 17170),
    perceived: f(perceived),
    actual: f(actual),
    perceivedRate: f(perceived.map((v) => v * 10)),
    actualRate: f(actual.map((v) => v * 10)),
    Is: new Float64Array(n),
    p: f(q),
    q: f(q),
    classes,
    counts: Object.fromEntries(BIVARIATE_CLASSES.map((c) => [c, classes.filter((x) => x === c).length])) as Record<BivariateClass, number>,
    global: { I: 0.2, pSim: 0.001 },
    permutations: 999,
    alpha: 0.05,
    isolated: 0,
    outside: { perceived: 0, actual: 0 },
  };
}

describe('the cells the map draws and the table lists', () => {
  const model = cellModel(
    result(
      ['not_significant', 'both_high', 'not_significant', 'perceived_high_actual_low', 'actual_high_perceived_low'],
      [0, 9, 3, 12, 0],
      [0, 7, 0, 0, 5],
      [1, 0.01, 0.4, 0.002, 0.03],
    ),
    () => 'Inre Hamnen',
  );
  it('leaves out empty cells without a class, and draws exactly the rows listed', () => {
    expect(model.rows.map((r) => r.id)).toEqual(['200:1248:17170', '200:1246:17170', '200:1249:17170', '200:1247:17170']);
    expect(model.data.features.map((f) => f.properties!.id).sort()).toEqual(model.rows.map((r) => r.id).sort());
    expect(model.data.features.find((f) => f.properties!.id === '200:1246:17170')!.properties!.cls).toBe('both_high');
  });
  it('lists significant cells first, by q, then the others by their counts', () => {
    expect(model.rows.map((r) => [r.cls, r.q])).toEqual([
      ['perceived_high_actual_low', 0.002],
      ['both_high', 0.01],
      ['actual_high_perceived_low', 0.03],
      ['not_significant', 0.4],
    ]);
    expect(model.rows[0]).toMatchObject({ name: 'Inre Hamnen', perceived: 12, actual: 0, perceivedRate: 120 });
    expect([...model.rows].sort(byRelevance)).toEqual(model.rows);
  });
  it('closes each hexagon in WGS 84 near Malmö', () => {
    const ring = (model.data.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring).toHaveLength(7);
    expect(ring[0]).toEqual(ring[6]);
    // Axial (1248, 17170) at 200 m is in Malmö's SWEREF 99 TM range.
    expect(ring[0]![0]).toBeGreaterThan(12.8);
    expect(ring[0]![1]).toBeGreaterThan(55.4);
  });
});

describe('the classes are not told by colour alone', () => {
  it('gives every class its own outline pattern (width and dash) besides its fill', () => {
    const patterns = LEGEND_ORDER.map((c) => `${CLASS_STYLES[c].width}/${CLASS_STYLES[c].dash?.join(',') ?? 'solid'}`);
    expect(new Set(patterns).size).toBe(LEGEND_ORDER.length);
    expect(new Set(LEGEND_ORDER.map((c) => CLASS_STYLES[c].fill)).size).toBe(LEGEND_ORDER.length);
    expect([...LEGEND_ORDER].sort()).toEqual([...BIVARIATE_CLASSES].sort());
  });
  it('draws one outline layer per class, filtered to it, with the class dash', () => {
    const layers = bivariateLayers('strategy-risks');
    expect(layers.map((l) => l.id)).toEqual(['strategy-risks-fill', ...LEGEND_ORDER.map((c) => `strategy-risks-line-${c}`)]);
    const dotted = layers.find((l) => l.id === 'strategy-risks-line-actual_high_perceived_low')!;
    expect(dotted).toMatchObject({ filter: ['==', ['get', 'cls'], 'actual_high_perceived_low'], layout: { 'line-cap': 'round' } });
    expect((dotted as { paint: Record<string, unknown> }).paint['line-dasharray']).toEqual(['literal', [0.5, 1.5]]);
  });
});
