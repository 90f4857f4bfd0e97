import type { LocalOptions } from './bivariate.ts';
import type { CellCount, DistrictUnit, UnitComparison } from './bivariate-units.ts';
import { bivariateRunner } from './bivariate-runner.ts';
import type { BivariateRequest, BivariateResponse, CellComparisonResult } from './bivariate-protocol.ts';
import type { AreaGeometry } from './geometry.ts';

/**
 * A promise client for bivariate.worker.ts: the perceived-against-actual comparison off the main thread (999
 * permutations per unit, refined to 9,999 where promising). Where there is no Worker (Node, happy-dom) the
 * same functions run on the calling thread.
 */
export interface BivariateClient {
  compareCells(area: AreaGeometry, size: number, perceived: CellCount[], actual: CellCount[], options?: LocalOptions): Promise<CellComparisonResult>;
  compareDistricts(
    units: DistrictUnit[],
    perceived: Array<[string, number]>,
    actual: Array<[string, number]>,
    options?: LocalOptions,
  ): Promise<UnitComparison>;
  dispose(): void;
}

type Request = BivariateRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export function createBivariateClient(options: { inline?: boolean } = {}): BivariateClient {
  let send: (request: Request) => Promise<BivariateResponse>;
  let dispose = () => {};
  if (options.inline || typeof Worker === 'undefined') {
    const run = bivariateRunner();
    send = async (request) => run({ ...request, id: 0 } as BivariateRequest);
  } else {
    const worker = new Worker(new URL('./bivariate.worker.ts', import.meta.url), { type: 'module' });
    const pending = new Map<number, { resolve(r: BivariateResponse): void; reject(e: Error): void }>();
    let nextId = 1;
    worker.onmessage = (event: MessageEvent<BivariateResponse>) => {
      const p = pending.get(event.data.id);
      pending.delete(event.data.id);
      p?.resolve(event.data);
    };
    worker.onerror = (event) => {
      for (const p of pending.values()) p.reject(new Error(event.message || 'bivariate worker failed'));
      pending.clear();
    };
    send = (request) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...request, id });
      });
    dispose = () => {
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('disposed'));
      pending.clear();
    };
  }
  let sentArea: AreaGeometry | null = null;
  const unwrap = <K extends 'cells' | 'districts'>(reply: BivariateResponse, kind: K) => {
    if (!reply.ok) throw new Error(reply.error);
    if (reply.kind !== kind) throw new Error('unexpected reply');
    return reply.result;
  };
  return {
    async compareCells(area, size, perceived, actual, o = {}) {
      const changed = area !== sentArea;
      sentArea = area;
      const reply = await send({ kind: 'cells', area: changed ? area : null, size, perceived, actual, options: o });
      return unwrap(reply, 'cells') as CellComparisonResult;
    },
    async compareDistricts(units, perceived, actual, o = {}) {
      return unwrap(await send({ kind: 'districts', units, perceived, actual, options: o }), 'districts') as UnitComparison;
    },
    dispose,
  };
}

let shared: BivariateClient | null = null;

/** The page's one bivariate worker, started on first use. */
export function sharedBivariateClient(): BivariateClient {
  return (shared ??= createBivariateClient());
}
