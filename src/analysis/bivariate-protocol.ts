import type { LocalOptions } from './bivariate.ts';
import type { CellCount, DistrictUnit, UnitComparison } from './bivariate-units.ts';
import type { AreaGeometry } from './geometry.ts';

/**
 * Messages between the page and bivariate.worker.ts. A `cells` request carries its study area when it differs
 * from the previous one (the worker keeps the area's grid per cell size).
 */
export type BivariateRequest =
  | {
      id: number;
      kind: 'cells';
      area: AreaGeometry | null;
      size: number;
      perceived: CellCount[];
      actual: CellCount[];
      options: LocalOptions;
    }
  | {
      id: number;
      kind: 'districts';
      units: DistrictUnit[];
      perceived: Array<[string, number]>;
      actual: Array<[string, number]>;
      options: LocalOptions;
    };

export interface CellComparisonResult extends UnitComparison {
  size: number;
  /** Axial coordinates of every unit (the study area's grid). */
  cellQ: Int32Array;
  cellR: Int32Array;
  outside: { perceived: number; actual: number };
}

export type BivariateResponse =
  | { id: number; ok: true; kind: 'cells'; result: CellComparisonResult }
  | { id: number; ok: true; kind: 'districts'; result: UnitComparison }
  | { id: number; ok: false; error: string };
