import { compareCells, compareDistricts } from './bivariate-units.ts';
import type { BivariateRequest, BivariateResponse } from './bivariate-protocol.ts';
import type { AreaGeometry } from './geometry.ts';
import { coverArea, type HexGrid } from './hex-grid.ts';

/** Runs requests for the worker and for the inline client alike, keeping the study area's grids per cell size. */
export function bivariateRunner() {
  let area: AreaGeometry | null = null;
  const grids = new Map<number, HexGrid>();
  return (msg: BivariateRequest): BivariateResponse => {
    try {
      if (msg.kind === 'cells') {
        if (msg.area) {
          area = msg.area;
          grids.clear();
        }
        if (!area) throw new Error('no study area');
        let grid = grids.get(msg.size);
        if (!grid) grids.set(msg.size, (grid = coverArea(area, msg.size)));
        const result = compareCells(grid, msg.perceived, msg.actual, msg.options);
        // Copies of the cached grid's arrays: transferring them would detach the cache.
        return { id: msg.id, ok: true, kind: 'cells', result: { ...result, size: msg.size, cellQ: grid.q.slice(), cellR: grid.r.slice() } };
      }
      const result = compareDistricts(msg.units, new Map(msg.perceived), new Map(msg.actual), msg.options);
      return { id: msg.id, ok: true, kind: 'districts', result };
    } catch (error) {
      // BivariateInputError's code leads its message ('constant_variable: …'): the view translates the code.
      return { id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
