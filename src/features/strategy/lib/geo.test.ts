import { describe, expect, it } from 'vitest';
import { bboxOf } from './geo';

describe('bboxOf', () => {
  it('spans points, lines and nested polygons', () => {
    expect(bboxOf({ coordinates: [13, 55.6] })).toEqual([13, 55.6, 13, 55.6]);
    expect(bboxOf({ coordinates: [[[[13, 55.6], [13.1, 55.5], [12.9, 55.7], [13, 55.6]]]] })).toEqual([12.9, 55.5, 13.1, 55.7]);
    expect(bboxOf({ coordinates: [] })).toBeNull();
  });
});
