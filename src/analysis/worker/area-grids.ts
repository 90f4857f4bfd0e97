import type { AreaGeometry } from '../geometry.ts';
import { coverArea, type HexGrid } from '../hex-grid.ts';
import { findHotspots, type CellCountsInput, type CellHotspotResult } from '../hotspots.ts';

/**
 * `findHotspots` on one study area at a time, keeping the area's grid per cell size (covering Malmö is the
 * slowest step for small inputs). The worker and the inline client (no Worker) both run requests through it.
 */
export function areaGrids() {
  let area: AreaGeometry | null = null;
  const grids = new Map<number, HexGrid>();
  return {
    findHotspots(input: CellCountsInput, newArea: AreaGeometry | null): CellHotspotResult {
      if (newArea) {
        area = newArea;
        grids.clear();
      }
      if (!area) throw new Error('no study area');
      let grid = grids.get(input.size);
      if (!grid) grids.set(input.size, (grid = coverArea(area, input.size)));
      return findHotspots(input, { area, grid });
    },
  };
}
