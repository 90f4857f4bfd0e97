import { describe, expect, it } from 'vitest';
import { ageInDays, prioritise, workPriority, type PriorityInput } from './work-priority';

const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number, extraHours = 0) => new Date(NOW.getTime() - d * 86_400_000 - extraHours * 3_600_000).toISOString();

const report = (over: Partial<PriorityInput> & { id: string }): PriorityInput => ({
  category: 'litter',
  supports: 0,
  observedAt: NOW.toISOString(),
  hotspotClass: null,
  ...over,
});

describe('ageInDays', () => {
  it('counts whole days and never goes negative', () => {
    expect(ageInDays(daysAgo(3, 23), NOW)).toBe(3);
    expect(ageInDays(daysAgo(0, 23), NOW)).toBe(0);
    expect(ageInDays(new Date(NOW.getTime() + 3_600_000), NOW)).toBe(0);
    expect(ageInDays('not a date', NOW)).toBe(0);
  });
});

describe('workPriority — worked examples', () => {
  it('a fresh litter report with no support, outside any hotspot, scores 0 with no reasons', () => {
    expect(workPriority(report({ id: 'a' }), NOW)).toEqual({ score: 0, reasons: [] });
  });

  it('syringes, 12 days old, 2 supports, in a 99 % hot spot: 4 + 1 + 1.2 + 3 = 9.2', () => {
    const r = workPriority(
      report({ id: 'b', category: 'syringes', supports: 2, observedAt: daysAgo(12, 5), hotspotClass: 3 }),
      NOW,
    );
    expect(r.score).toBe(9.2);
    expect(r.reasons).toEqual([
      { kind: 'hotspot', cls: 3, points: 4 },
      { kind: 'category', category: 'syringes', points: 3 },
      { kind: 'age', days: 12, points: 1.2 },
      { kind: 'supports', supports: 2, points: 1 },
    ]);
  });

  it('a 95 % hot spot gives 2 points, a 90 % one and cold spots give none', () => {
    expect(workPriority(report({ id: 'c', hotspotClass: 2 }), NOW).score).toBe(2);
    expect(workPriority(report({ id: 'd', hotspotClass: 1 }), NOW).score).toBe(0);
    expect(workPriority(report({ id: 'e', hotspotClass: -3 }), NOW).score).toBe(0);
  });

  it('caps supports at 3 points and age at 3 points', () => {
    const r = workPriority(report({ id: 'f', supports: 40, observedAt: daysAgo(200) }), NOW);
    expect(r.score).toBe(6);
    expect(r.reasons.map((x) => [x.kind, x.points])).toEqual([
      ['supports', 3],
      ['age', 3],
    ]);
  });

  it('uses the weights it is given', () => {
    expect(workPriority(report({ id: 'g', category: 'graffiti' }), NOW, { graffiti: 5 }).score).toBe(5);
  });
});

describe('prioritise', () => {
  it('orders by score, then older first, then id', () => {
    const items = [
      report({ id: 'young', observedAt: daysAgo(1) }), // 0.1
      report({ id: 'hot', hotspotClass: 2 }), // 2
      report({ id: 'old', observedAt: daysAgo(5) }), // 0.5
      report({ id: 'tie-b', supports: 1, observedAt: daysAgo(0, 2) }), // 0.5, newer than 'old'
      report({ id: 'tie-a', supports: 1, observedAt: daysAgo(0, 2) }), // same as tie-b → by id
    ];
    expect(prioritise(items, NOW).map((p) => p.item.id)).toEqual(['hot', 'old', 'tie-a', 'tie-b', 'young']);
  });

  it('keeps the original objects', () => {
    const item = { ...report({ id: 'x' }), extra: 42 };
    expect(prioritise([item], NOW)[0]!.item).toBe(item);
  });
});
