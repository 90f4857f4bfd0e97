import { describe, expect, it } from 'vitest';
import type { Backend } from '../../backend';
import { buildRpcCall } from '../../backend/local/rpc-sql';
import { withJsonArrayArgs } from './hooks';

describe('withJsonArrayArgs', () => {
  const seen: Array<{ fn: string; args?: Record<string, unknown> }> = [];
  const fake = { kind: 'local', isDemo: true, rpc: async (fn: string, args?: Record<string, unknown>) => (seen.push({ fn, args }), 'ok') } as unknown as Backend;

  it('sends an array of objects as jsonb (local SQL and supabase-js JSON alike), keeps text arrays as text[]', async () => {
    const wrapped = withJsonArrayArgs(fake);
    expect(wrapped.kind).toBe('local');
    const features = [{ name: 'A', geometry: { type: 'Polygon', coordinates: [] } }];
    await expect(wrapped.rpc('import_developments', { p_features: features, p_challenges: ['trafik'] })).resolves.toBe('ok');
    const args = seen[0]!.args!;
    // what supabase-js would put in the request body
    expect(JSON.parse(JSON.stringify(args))).toEqual({ p_features: features, p_challenges: ['trafik'] });
    // what the local adapter runs
    const call = buildRpcCall('import_developments', args);
    expect(call.sql).toBe('select api.import_developments(p_features => $1, p_challenges => $2::text[]) as result');
    expect(JSON.parse(call.params[0] as string)).toEqual(features);
    // and without the wrapper the same call would be a text[] (the bug this works around)
    expect(buildRpcCall('import_developments', { p_features: features }).sql).toContain('::text[]');
  });
});
