import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PHOTO_MAX_BYTES, PHOTO_MAX_EDGE } from '../domain/report-rules';
import { photoProblem, targetSize } from './photo-encode';

describe('resize maths', () => {
  it('scales the longest edge down to the maximum', () => {
    expect(targetSize(4000, 3000, 1600)).toMatchObject({ width: 1600, height: 1200 });
    expect(targetSize(3000, 4000, 1600)).toMatchObject({ width: 1200, height: 1600 });
    expect(targetSize(4032, 3024)).toMatchObject({ width: PHOTO_MAX_EDGE, height: 1200 });
  });

  it('never scales up', () => {
    expect(targetSize(800, 600, 1600)).toEqual({ width: 800, height: 600, scale: 1 });
    expect(targetSize(1600, 1600, 1600)).toEqual({ width: 1600, height: 1600, scale: 1 });
  });

  it('keeps at least one pixel for extreme panoramas', () => {
    expect(targetSize(100000, 10, 1600)).toMatchObject({ width: 1600, height: 1 });
  });

  it('rejects nonsense sizes', () => {
    expect(() => targetSize(0, 10)).toThrow(RangeError);
    expect(() => targetSize(Number.NaN, 10)).toThrow(RangeError);
  });

  it('always fits and keeps the aspect ratio (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 16, max: 4000 }), (w, h, max) => {
        const t = targetSize(w, h, max);
        expect(Math.max(t.width, t.height)).toBeLessThanOrEqual(Math.max(max, 1));
        expect(t.width).toBeGreaterThanOrEqual(1);
        expect(t.height).toBeGreaterThanOrEqual(1);
        if (Math.max(w, h) <= max) expect([t.width, t.height]).toEqual([w, h]);
        else {
          expect(Math.max(t.width, t.height)).toBe(max);
          // Rounding moves each edge by at most half a pixel (or up to 1 px when clamped to 1).
          const slack = (v: number) => (v === 1 ? 1 : 0.5 + 1e-9);
          expect(Math.abs(t.width - w * t.scale)).toBeLessThanOrEqual(slack(t.width));
          expect(Math.abs(t.height - h * t.scale)).toBeLessThanOrEqual(slack(t.height));
        }
      }),
    );
  });
});

describe('photo checks', () => {
  it('accepts the allowed types within the size limit', () => {
    expect(photoProblem({ type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(photoProblem({ type: 'image/heic', size: PHOTO_MAX_BYTES })).toBeNull();
    expect(photoProblem({ type: 'image/gif', size: 1000 })).toBe('photo_type');
    expect(photoProblem({ type: '', size: 1000 })).toBe('photo_type');
    expect(photoProblem({ type: 'image/png', size: PHOTO_MAX_BYTES + 1 })).toBe('photo_too_large');
  });
});
