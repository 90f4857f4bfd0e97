import { kernelDensity, type DensityRaster } from '../density.ts';
import type { AreaGeometry } from '../geometry.ts';
import { coverArea, type HexGrid } from '../hex-grid.ts';
import { cellHotspots, type CellCountsInput, type CellHotspotResult } from './cell-hotspots.ts';
import { transferablesOf, type WorkerRequest, type WorkerResponse } from './protocol.ts';

/**
 * A tiny promise client for the hotspot worker. Where there is no Worker (Node, old browsers) the same pure
 * functions run on the calling thread, so callers never need to care.
 */
export interface HotspotClient {
  setArea(area: AreaGeometry): Promise<void>;
  cells(input: CellCountsInput): Promise<CellHotspotResult>;
  density(lonLat: Float64Array, options: { bandwidth: number; cellSize: number; weights?: Float64Array | null }): Promise<DensityRaster>;
  dispose(): void;
}

type Pending = { resolve: (value: WorkerResponse) => void; reject: (error: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function createHotspotClient(options: { inline?: boolean } = {}): HotspotClient {
  if (options.inline || typeof Worker === 'undefined') return inlineClient();
  const worker = new Worker(new URL('./hotspot.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const p = pending.get(event.data.id);
    if (!p) return;
    pending.delete(event.data.id);
    if (event.data.ok) p.resolve(event.data);
    else p.reject(new Error(event.data.error));
  };
  worker.onerror = (event) => {
    const error = new Error(event.message || 'hotspot worker failed');
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const send = (request: DistributiveOmit<WorkerRequest, 'id'>, transfer: Transferable[] = []) =>
    new Promise<WorkerResponse>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  return {
    async setArea(area) {
      await send({ kind: 'area', area });
    },
    async cells(input) {
      // Transfer the caller's arrays: they are built for this call and not used afterwards.
      const reply = await send({ kind: 'cells', input }, transferablesOf(input));
      if (reply.ok && reply.kind === 'cells') return reply.result;
      throw new Error('unexpected reply');
    },
    async density(lonLat, o) {
      const weights = o.weights ?? null;
      const reply = await send(
        { kind: 'density', lonLat, weights, bandwidth: o.bandwidth, cellSize: o.cellSize },
        transferablesOf({ lonLat, weights }),
      );
      if (reply.ok && reply.kind === 'density') return reply.result;
      throw new Error('unexpected reply');
    },
    dispose() {
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('disposed'));
      pending.clear();
    },
  };
}

function inlineClient(): HotspotClient {
  let area: AreaGeometry | null = null;
  const grids = new Map<number, HexGrid>();
  return {
    async setArea(a) {
      area = a;
      grids.clear();
    },
    async cells(input) {
      if (!area) throw new Error('no study area');
      let grid = grids.get(input.size);
      if (!grid) grids.set(input.size, (grid = coverArea(area, input.size)));
      return cellHotspots(input, area, grid);
    },
    async density(lonLat, o) {
      return kernelDensity(lonLat, { bandwidth: o.bandwidth, cellSize: o.cellSize, ...(o.weights ? { weights: o.weights } : {}) });
    },
    dispose() {},
  };
}
