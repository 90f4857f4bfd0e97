/**
 * A small seeded pseudo-random generator for permutation inference, so that an analysis run twice on the same
 * data gives the same p-values (and tests are reproducible). mulberry32 (Tommy Ettinger, public domain): 32-bit
 * state, period 2³², passes the statistical tests that matter for drawing a few thousand permutations.
 * Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
