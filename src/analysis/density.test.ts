import { describe, expect, it } from 'vitest';
import { kernelDensityProjected } from './density.ts';

describe('quartic kernel density', () => {
  const h = 200;
  const peak = (3 / (Math.PI * h * h)) * 1e6; // K(0) = 3/(πh²) per m², × 10⁶ per km²

  it('one point at a raster cell centre: K(0) there, K(h/2) = (9/16)·K(0) at h/2, 0 beyond h', () => {
    // Raster 20 m cells from (0, 0); the point at the centre of column 25, row 25 = (510, 510).
    const r = kernelDensityProjected([510, 510], {
      bandwidth: h,
      cellSize: 20,
      extent: [0, 0, 1020, 1020],
    });
    expect(r.kind).toMatch(/picture, not a test/);
    const at = (col: number, row: number) =>
      r.values[(r.height - 1 - row) * r.width + col] as number;
    expect(at(25, 25)).toBeCloseTo(peak, 3);
    // (1 − (100/200)²)² = (3/4)² = 9/16, at 100 m = 5 columns east
    expect(at(30, 25)).toBeCloseTo((9 / 16) * peak, 3);
    expect(at(35, 25)).toBe(0); // exactly h away
    expect(at(25, 40)).toBe(0);
  });

  it('the raster integrates to the number of points (the kernel integrates to 1)', () => {
    const pts = [500, 500, 620, 480, 900, 1300, 905, 1310];
    const r = kernelDensityProjected(pts, { bandwidth: h, cellSize: 5 });
    const sum = r.values.reduce((s, v) => s + v, 0) * (5 * 5) * 1e-6;
    expect(sum).toBeCloseTo(4, 2);
  });

  it('weights scale the density', () => {
    const a = kernelDensityProjected([0, 0], { bandwidth: h, cellSize: 50 });
    const b = kernelDensityProjected([0, 0], { bandwidth: h, cellSize: 50, weights: [3] });
    a.values.forEach((v, i) => expect(b.values[i]).toBeCloseTo(3 * v, 3));
  });
});
