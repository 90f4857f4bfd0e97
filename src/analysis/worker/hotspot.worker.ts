/// <reference lib="webworker" />
import { kernelDensity } from '../density.ts';
import { areaGrids } from './area-grids.ts';
import { transferablesOf, type WorkerRequest, type WorkerResponse } from './protocol.ts';

// A thin message wrapper around the pure analysis: grids are kept per size for the last study area sent.
const grids = areaGrids();

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const msg = event.data;
  let reply: WorkerResponse;
  try {
    if (msg.kind === 'hotspots') {
      const result = grids.findHotspots(msg.input, msg.area);
      // The grid is cached here: send copies of its arrays, transferring them would detach the cache.
      reply = {
        id: msg.id,
        ok: true,
        kind: 'hotspots',
        result: { ...result, q: result.q.slice(), r: result.r.slice() },
      };
    } else {
      const result = kernelDensity(msg.lonLat, {
        bandwidth: msg.bandwidth,
        cellSize: msg.cellSize,
        ...(msg.weights ? { weights: msg.weights } : {}),
      });
      reply = { id: msg.id, ok: true, kind: 'density', result };
    }
  } catch (error) {
    reply = {
      id: msg.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, transferablesOf(reply));
};
