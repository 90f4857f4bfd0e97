import { z } from 'zod';
import { challengeCode } from './common';
import { defineApiFunction } from './define';

/** Cell sizes (hexagon edge in metres) the database accepts. */
export const HOTSPOT_CELL_M_MIN = 50;
export const HOTSPOT_CELL_M_MAX = 500;

/** [q, r, n, supports, n_recent] — axial cell as `hexCellOf` in src/analysis/hex-grid.ts at `cell_m`. */
export const hotspotCellSchema = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]);
export type HotspotCell = z.infer<typeof hotspotCellSchema>;

/**
 * Reports per hexagon cell (EPSG:3006, edge `cellM` metres), only non-empty cells, for Gi* in the client.
 * Counts reports observed in [from, to), duplicates excluded; `n_recent` counts those observed at or after
 * `recentFrom` (0 when null). Staff only.
 */
export const hotspotCells = defineApiFunction(
  'hotspot_cells',
  z.object({
    cellM: z
      .number({ message: 'invalid_cell_size' })
      .min(HOTSPOT_CELL_M_MIN, { message: 'invalid_cell_size' })
      .max(HOTSPOT_CELL_M_MAX, { message: 'invalid_cell_size' }),
    challenges: z.array(challengeCode('invalid_filter')).nullable().default(null),
    categories: z.array(z.string({ message: 'invalid_filter' })).nullable().default(null),
    from: z.date({ message: 'invalid_filter' }).nullable().default(null),
    to: z.date({ message: 'invalid_filter' }).nullable().default(null),
    recentFrom: z.date({ message: 'invalid_filter' }).nullable().default(null),
  }),
  z.object({ cell_m: z.number(), total: z.number(), cells: z.array(hotspotCellSchema) }),
  (a) => ({
    p_cell_m: a.cellM,
    p_challenges: a.challenges,
    p_categories: a.categories,
    p_from: a.from?.toISOString() ?? null,
    p_to: a.to?.toISOString() ?? null,
    p_recent_from: a.recentFrom?.toISOString() ?? null,
  }),
);
export type HotspotCells = z.infer<typeof hotspotCells.result>;
