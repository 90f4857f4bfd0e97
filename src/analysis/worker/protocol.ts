import type { AreaGeometry } from '../geometry.ts';
import type { DensityRaster } from '../density.ts';
import type { CellCountsInput, CellHotspotResult } from '../hotspots.ts';

/**
 * Messages between the page and hotspot.worker.ts. Typed arrays travel as transferables. A `hotspots` request
 * carries its study area when it differs from the previous request's, so each request is complete on its own
 * and callers sharing the worker cannot run on each other's area.
 */
export type WorkerRequest =
  | { id: number; kind: 'hotspots'; input: CellCountsInput; area: AreaGeometry | null }
  | {
      id: number;
      kind: 'density';
      lonLat: Float64Array;
      weights: Float64Array | null;
      bandwidth: number;
      cellSize: number;
    };

export type WorkerResponse =
  | { id: number; ok: true; kind: 'hotspots'; result: CellHotspotResult }
  | { id: number; ok: true; kind: 'density'; result: DensityRaster }
  | { id: number; ok: false; error: string };

/** The typed arrays of a result, so they can be transferred instead of copied. */
export function transferablesOf(value: unknown): Transferable[] {
  const out: Transferable[] = [];
  const seen = new Set<ArrayBufferLike>();
  const visit = (v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      if (!seen.has(v.buffer) && v.buffer instanceof ArrayBuffer) {
        seen.add(v.buffer);
        out.push(v.buffer);
      }
    } else if (v && typeof v === 'object') for (const x of Object.values(v)) visit(x);
  };
  visit(value);
  return out;
}
