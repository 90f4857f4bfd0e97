/// <reference lib="webworker" />
import { kernelDensity } from '../density.ts';
import type { AreaGeometry } from '../geometry.ts';
import { coverArea, type HexGrid } from '../hex-grid.ts';
import { cellHotspots } from './cell-hotspots.ts';
import { transferablesOf, type WorkerRequest, type WorkerResponse } from './protocol.ts';

// A thin message wrapper around the pure analysis: the study area is sent once, grids are kept per size.
let area: AreaGeometry | null = null;
const grids = new Map<number, HexGrid>();

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const msg = event.data;
  let reply: WorkerResponse;
  try {
    if (msg.kind === 'area') {
      area = msg.area;
      grids.clear();
      reply = { id: msg.id, ok: true, kind: 'area' };
    } else if (msg.kind === 'cells') {
      if (!area) throw new Error('no study area');
      let grid = grids.get(msg.input.size);
      if (!grid) grids.set(msg.input.size, (grid = coverArea(area, msg.input.size)));
      const result = cellHotspots(msg.input, area, grid);
      // The grid is cached here: send copies of its arrays, transferring them would detach the cache.
      reply = { id: msg.id, ok: true, kind: 'cells', result: { ...result, q: result.q.slice(), r: result.r.slice() } };
    } else {
      const result = kernelDensity(msg.lonLat, {
        bandwidth: msg.bandwidth,
        cellSize: msg.cellSize,
        ...(msg.weights ? { weights: msg.weights } : {}),
      });
      reply = { id: msg.id, ok: true, kind: 'density', result };
    }
  } catch (error) {
    reply = { id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, transferablesOf(reply));
};
