import { describe, expect, it } from 'vitest';
import { classifyHotspots, hotspotClass } from './classes.ts';

describe('hotspot classes', () => {
  it.each([
    [2.9, 0.005, 3],
    [2.9, 0.01, 3],
    [2.1, 0.03, 2],
    [2.1, 0.05, 2],
    [1.7, 0.08, 1],
    [1.7, 0.1, 1],
    [1.2, 0.2, 0],
    [-2.9, 0.001, -3],
    [-2.0, 0.04, -2],
    [-1.7, 0.09, -1],
    [0, 0.001, 0],
    [3, NaN, 0],
  ])('z = %f, q = %f → %i', (z, q, cls) => {
    expect(hotspotClass(z, q)).toBe(cls);
  });

  it('classifies arrays and rejects mismatched lengths', () => {
    expect(Array.from(classifyHotspots([3, -3, 1], [0.001, 0.02, 0.5]))).toEqual([3, -2, 0]);
    expect(() => classifyHotspots([1], [])).toThrow(RangeError);
  });
});
