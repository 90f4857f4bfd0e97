import type { ChallengeShape } from './palette';

/** Raw RGBA image in the form `map.addImage` accepts. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Is (x, y), in a unit box from -1 to 1 with y down, inside the shape? */
const INSIDE: Record<ChallengeShape, (x: number, y: number) => boolean> = {
  dot: (x, y) => x * x + y * y <= 0.55 * 0.55,
  square: (x, y) => Math.abs(x) <= 0.5 && Math.abs(y) <= 0.5,
  diamond: (x, y) => Math.abs(x) + Math.abs(y) <= 0.72,
  // Apex up at y = -0.7, base at y = 0.55, half-width 0.72 at the base.
  triangle: (x, y) => y <= 0.55 && y >= -0.7 && Math.abs(x) <= ((y + 0.7) / 1.25) * 0.72,
  // The same triangle upside down.
  triangle_down: (x, y) => y >= -0.55 && y <= 0.7 && Math.abs(x) <= ((0.7 - y) / 1.25) * 0.72,
  plus: (x, y) => bars(x, y),
  // A white ring around a hole that shows the challenge colour.
  ring: (x, y) => x * x + y * y <= 0.64 * 0.64 && x * x + y * y >= 0.34 * 0.34,
  cross: (x, y) => bars((x + y) / Math.SQRT2, (x - y) / Math.SQRT2),
};

/** Two crossing bars, half-width 0.22 and half-length 0.66. */
function bars(x: number, y: number): boolean {
  const w = 0.22;
  const l = 0.66;
  return (Math.abs(x) <= w && Math.abs(y) <= l) || (Math.abs(y) <= w && Math.abs(x) <= l);
}

/**
 * Rasterise a white shape with a dark outline, 4×4 supersampled for smooth edges. Drawn in code, not loaded
 * from a sprite, so the offline style needs no extra files. `size` is in CSS pixels.
 */
export function shapeIcon(shape: ChallengeShape, size = 14, pixelRatio = 2): RgbaImage {
  const px = Math.round(size * pixelRatio);
  const data = new Uint8Array(px * px * 4);
  const inside = INSIDE[shape];
  const outline = 1.35; // the outline is the shape grown by 35 %
  const n = 4;
  for (let j = 0; j < px; j++) {
    for (let i = 0; i < px; i++) {
      let white = 0;
      let dark = 0;
      for (let sj = 0; sj < n; sj++) {
        for (let si = 0; si < n; si++) {
          const x = ((i + (si + 0.5) / n) / px) * 2 - 1;
          const y = ((j + (sj + 0.5) / n) / px) * 2 - 1;
          if (inside(x, y)) white++;
          else if (inside(x / outline, y / outline)) dark++;
        }
      }
      const covered = white + dark;
      if (covered === 0) continue;
      const o = (j * px + i) * 4;
      // Colour is the coverage-weighted mix of white and near-black; alpha is total coverage (straight alpha).
      const grey = Math.round((255 * white + 20 * dark) / covered);
      data[o] = grey;
      data[o + 1] = grey;
      data[o + 2] = grey;
      data[o + 3] = Math.round((255 * covered) / (n * n));
    }
  }
  return { width: px, height: px, data };
}
