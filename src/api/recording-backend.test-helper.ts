import type { Backend } from '../backend/backend';

/** For contract tests: a port that records what would be sent and answers with a fixed value (or throws it). */
export function recordingBackend(answer: unknown) {
  const calls: Array<{ fn: string; args?: Record<string, unknown> }> = [];
  const backend = {
    rpc: async (fn: string, args?: Record<string, unknown>) => {
      calls.push({ fn, args });
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as Backend;
  return { backend, calls };
}
