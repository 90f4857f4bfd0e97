/**
 * Benjamini–Hochberg false discovery rate adjustment (Benjamini & Hochberg 1995, "Controlling the false
 * discovery rate", JRSS B 57:289–300).
 *
 * With thousands of hexagons, testing each at p < 0.05 flags about 5 % of them by chance alone. BH controls
 * the expected share of false "hotspots" among the cells we call significant instead. The q-value of a test
 * is the smallest FDR level at which BH would still call it significant:
 *
 *   sort the m p-values ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎;  q₍ᵢ₎ = min over k ≥ i of min(1, m · p₍ₖ₎ / k)
 *
 * (the running minimum from the largest rank down makes q monotone in p: the "step-up" procedure).
 * Calling every cell with q ≤ α significant is exactly the BH procedure at level α. This is what R's
 * `p.adjust(p, "BH")` returns.
 *
 * How to read it: q = 0.03 means "if we call this cell and every cell with an equal or smaller p a hotspot,
 * we expect about 3 % of those calls to be false". Always q ≥ p.
 *
 * Non-finite p-values (NaN) are left out of m and get q = NaN, as R does with NA.
 *
 * @param p p-values in [0, 1], any order
 * @returns q-values in the input order
 */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  const q = new Float64Array(n).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(p[i] as number)) order.push(i);
  const m = order.length;
  if (m === 0) return q;
  order.sort((a, b) => (p[a] as number) - (p[b] as number));
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1] as number;
    const candidate = ((p[i] as number) * m) / rank;
    if (candidate < running) running = candidate;
    q[i] = running;
  }
  return q;
}
