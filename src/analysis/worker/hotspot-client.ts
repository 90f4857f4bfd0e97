import { kernelDensity, type DensityRaster } from '../density.ts';
import type { AreaGeometry } from '../geometry.ts';
import type { CellCountsInput, CellHotspotResult } from '../hotspots.ts';
import { areaGrids } from './area-grids.ts';
import { transferablesOf, type WorkerRequest, type WorkerResponse } from './protocol.ts';

/**
 * A tiny promise client for the hotspot worker: `findHotspots` (src/analysis/hotspots.ts) off the main thread.
 * Where there is no Worker (Node, old browsers) the same pure functions run on the calling thread, so callers
 * never need to care.
 */
export interface HotspotClient {
  /** The study area `findHotspots` uses when a call names none (a caller with one area sets it once). */
  setArea(area: AreaGeometry): Promise<void>;
  findHotspots(input: CellCountsInput, area?: AreaGeometry): Promise<CellHotspotResult>;
  density(
    lonLat: Float64Array,
    options: { bandwidth: number; cellSize: number; weights?: Float64Array | null },
  ): Promise<DensityRaster>;
  dispose(): void;
}

type Pending = { resolve: (value: WorkerResponse) => void; reject: (error: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function createHotspotClient(options: { inline?: boolean } = {}): HotspotClient {
  if (options.inline || typeof Worker === 'undefined') return inlineClient();
  const worker = new Worker(new URL('./hotspot.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let defaultArea: AreaGeometry | null = null;
  // The area the worker holds: a request carries its area only when it differs (it is large, the grids are cached).
  let sentArea: AreaGeometry | null = null;
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
      defaultArea = area;
    },
    async findHotspots(input, area = defaultArea ?? undefined) {
      if (!area) throw new Error('no study area');
      const changed = area !== sentArea;
      sentArea = area;
      // Transfer the caller's arrays: they are built for this call and not used afterwards.
      const reply = await send(
        { kind: 'hotspots', input, area: changed ? area : null },
        transferablesOf(input),
      );
      if (reply.ok && reply.kind === 'hotspots') return reply.result;
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
  const grids = areaGrids();
  let defaultArea: AreaGeometry | null = null;
  let usedArea: AreaGeometry | null = null;
  return {
    async setArea(a) {
      defaultArea = a;
    },
    async findHotspots(input, area = defaultArea ?? undefined) {
      if (!area) throw new Error('no study area');
      const changed = area !== usedArea;
      usedArea = area;
      return grids.findHotspots(input, changed ? area : null);
    },
    async density(lonLat, o) {
      return kernelDensity(lonLat, {
        bandwidth: o.bandwidth,
        cellSize: o.cellSize,
        ...(o.weights ? { weights: o.weights } : {}),
      });
    },
    dispose() {},
  };
}

let shared: HotspotClient | null = null;

/**
 * The app's one hotspot worker, started on first use and kept for the page's lifetime: planning and strategy
 * run their analyses here so none of them blocks the main thread.
 */
export function sharedHotspotClient(): HotspotClient {
  return (shared ??= createHotspotClient());
}
