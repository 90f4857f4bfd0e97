/// <reference lib="webworker" />
import { bivariateRunner } from './bivariate-runner.ts';
import type { BivariateRequest } from './bivariate-protocol.ts';
import { transferablesOf } from './worker/protocol.ts';

// A thin message wrapper around the pure comparison (bivariate-units.ts).
const run = bivariateRunner();

self.onmessage = (event: MessageEvent<BivariateRequest>) => {
  const reply = run(event.data);
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply, transferablesOf(reply));
};
