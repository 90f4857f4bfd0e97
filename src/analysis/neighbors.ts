import { cellIndex, type HexGrid } from './hex-grid.ts';

/**
 * Distance-band neighbours on the hexagonal lattice, and the data-driven default band (the cell size
 * rule is `cellSizeFor` in hotspots.ts).
 *
 * Binary distance-band weights: cell j is a neighbour of cell i when their centres are at most `band` metres
 * apart (wᵢⱼ = 1), otherwise not (wᵢⱼ = 0). On the lattice the offsets (Δq, Δr) within the band are the same
 * for every cell, so they are enumerated once from hex rings (centre distance = √3 · size · √(Δq² + ΔqΔr + Δr²))
 * and each cell's neighbours are looked up in O(1) each — O(cells × offsets), never cells².
 * Cells at the edge of the study area simply have fewer neighbours (no edge correction, as in ArcGIS).
 */

/** Lattice offsets (Δq, Δr) ≠ (0, 0) whose centres are within `band` metres, nearest first. */
export function bandOffsets(size: number, band: number): Int32Array {
  const unit = 3 * size * size; // squared distance of one lattice step
  const limit = band * band * (1 + 1e-9);
  const maxRing = Math.floor(band / (1.5 * size)) + 1; // ring k is at least 1.5·size·k away
  const found: [number, number, number][] = [];
  for (let dq = -maxRing; dq <= maxRing; dq++) {
    for (let dr = Math.max(-maxRing, -dq - maxRing); dr <= Math.min(maxRing, -dq + maxRing); dr++) {
      if (dq === 0 && dr === 0) continue;
      const d2 = unit * (dq * dq + dq * dr + dr * dr);
      if (d2 <= limit) found.push([d2, dq, dr]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const out = new Int32Array(found.length * 2);
  found.forEach(([, dq, dr], k) => {
    out[2 * k] = dq;
    out[2 * k + 1] = dr;
  });
  return out;
}

/**
 * neighbors[i] = indices of the cells within `band` metres of cell i (i itself excluded), in the format
 * `getisOrdGiStar` takes.
 */
export function distanceBandNeighbors(grid: HexGrid, band: number): Int32Array[] {
  const offsets = bandOffsets(grid.size, band);
  const m = offsets.length / 2;
  const out: Int32Array[] = new Array(grid.length);
  const buf = new Int32Array(m);
  for (let i = 0; i < grid.length; i++) {
    const q = grid.q[i] as number;
    const r = grid.r[i] as number;
    let k = 0;
    for (let o = 0; o < m; o++) {
      const j = cellIndex(grid, q + (offsets[2 * o] as number), r + (offsets[2 * o + 1] as number));
      if (j >= 0) buf[k++] = j;
    }
    out[i] = buf.slice(0, k);
  }
  return out;
}

/**
 * The smallest band (metres) at which every cell of the grid has at least one neighbour — larger than the
 * first ring (√3 · size) only when the study area has cells separated from the rest (islands, exclaves).
 * Searches outward ring by ring up to `maxRings`; cells farther than that from any other are ignored.
 */
export function minimumConnectingBand(grid: HexGrid, maxRings = 64): number {
  let worst = Math.sqrt(3) * grid.size;
  for (let i = 0; i < grid.length; i++) {
    const q = grid.q[i] as number;
    const r = grid.r[i] as number;
    let best = Infinity;
    // Searching ring k finds every cell closer than 1.5·size·(k+1); stop once the nearest found is within that.
    for (let k = 1; k <= maxRings && best > 1.5 * grid.size * (k + 0) + 1e-9; k++) {
      for (let dq = -k; dq <= k; dq++) {
        for (let dr = Math.max(-k, -dq - k); dr <= Math.min(k, -dq + k); dr++) {
          if ((Math.abs(dq) + Math.abs(dr) + Math.abs(dq + dr)) / 2 !== k) continue;
          if (cellIndex(grid, q + dq, r + dr) < 0) continue;
          const d = grid.size * Math.sqrt(3 * (dq * dq + dq * dr + dr * dr));
          if (d < best) best = d;
        }
      }
    }
    if (Number.isFinite(best) && best > worst) worst = best;
  }
  return worst;
}

/**
 * Default distance band: 3 · size, which gives every interior cell 12 neighbours (the 6 adjacent cells and
 * the 6 across their shared corners) — the neighbourhood is then 13 cells, about 0.34 km² at 100 m cells.
 * ArcGIS's guidance for Hot Spot Analysis is that every feature should have at least one neighbour and
 * ideally about eight; the first ring alone (6) is below that. If parts of the area are isolated, the band
 * grows to {@link minimumConnectingBand} so that no cell is alone.
 */
export function defaultBand(grid: HexGrid): number {
  return Math.max(3 * grid.size, minimumConnectingBand(grid));
}

/**
 * Average nearest-neighbour distance (metres) of points in EPSG:3006 (interleaved x, y): the mean, over the
 * points, of the distance to the closest other point at a different position. Points at exactly the same
 * position (reports are snapped to a public-precision grid, so many coincide) are skipped as neighbours,
 * otherwise the statistic would be zero. Uses a uniform bucket grid and searches square rings outward, so it
 * is about O(n) for real data instead of O(n²).
 *
 * Under complete spatial randomness with density λ points/m², the expected value is 1 / (2√λ) (Clark & Evans 1954).
 * Returns NaN with fewer than two distinct positions.
 */
export function averageNearestNeighborDistance(xy: ArrayLike<number>): number {
  const n = xy.length >> 1;
  if (n < 2) return NaN;
  let xMin = Infinity;
  let yMin = Infinity;
  let xMax = -Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] as number;
    const y = xy[2 * i + 1] as number;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  const w = Math.max(xMax - xMin, 1e-9);
  const h = Math.max(yMax - yMin, 1e-9);
  // About 2 points per bucket on average.
  const cell = Math.max(Math.sqrt((w * h) / Math.max(1, n / 2)), 1e-6);
  const nx = Math.min(Math.floor(w / cell) + 1, 4096);
  const ny = Math.min(Math.floor(h / cell) + 1, 4096);
  const cw = w / nx + 1e-9;
  const chh = h / ny + 1e-9;
  const bucketOf = (i: number) =>
    Math.min(nx - 1, Math.floor(((xy[2 * i] as number) - xMin) / cw)) * ny +
    Math.min(ny - 1, Math.floor(((xy[2 * i + 1] as number) - yMin) / chh));
  // Counting sort of points into buckets (CSR).
  const start = new Int32Array(nx * ny + 1);
  for (let i = 0; i < n; i++) {
    const b = bucketOf(i) + 1;
    start[b] = (start[b] as number) + 1;
  }
  for (let b = 0; b < nx * ny; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const fill = start.slice(0, nx * ny);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = bucketOf(i);
    order[fill[b] as number] = i;
    fill[b] = (fill[b] as number) + 1;
  }
  const step = Math.min(cw, chh);
  let total = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const px = xy[2 * i] as number;
    const py = xy[2 * i + 1] as number;
    const bx = Math.min(nx - 1, Math.floor((px - xMin) / cw));
    const by = Math.min(ny - 1, Math.floor((py - yMin) / chh));
    let best2 = Infinity;
    for (let k = 0; ; k++) {
      // After rings 0 … k−1, every point not yet seen is at least (k−1)·step away (the point may sit at the
      // edge of its own bucket): stop when the best found is no farther than that.
      if ((k > 0 && best2 <= ((k - 1) * step) ** 2) || (k > nx && k > ny)) break;
      for (let gx = bx - k; gx <= bx + k; gx++) {
        if (gx < 0 || gx >= nx) continue;
        const edge = gx === bx - k || gx === bx + k;
        for (let gy = by - k; gy <= by + k; gy += edge ? 1 : 2 * k || 1) {
          if (gy < 0 || gy >= ny) continue;
          const b = gx * ny + gy;
          for (let s = start[b] as number, e = start[b + 1] as number; s < e; s++) {
            const j = order[s] as number;
            const dx = (xy[2 * j] as number) - px;
            const dy = (xy[2 * j + 1] as number) - py;
            const d2 = dx * dx + dy * dy;
            if (d2 > 0 && d2 < best2) best2 = d2;
          }
        }
      }
    }
    if (Number.isFinite(best2)) {
      total += Math.sqrt(best2);
      counted++;
    }
  }
  return counted ? total / counted : NaN;
}
