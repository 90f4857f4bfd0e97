import { describe, expect, it } from 'vitest';
import { buildRpcCall, callerContext, isSafeIdentifier, toPgArrayLiteral } from './rpc-sql';

describe('buildRpcCall', () => {
  it('builds a named-argument call with parameters', () => {
    const c = buildRpcCall('submit_report', { p_id: 'x', p_lon: 13, p_lat: 55.6, p_description: "a'b" });
    expect(c.sql).toBe('select api.submit_report(p_id => $1, p_lon => $2, p_lat => $3, p_description => $4) as result');
    expect(c.params).toEqual(['x', '13', '55.6', "a'b"]);
  });

  it('calls a function without arguments', () => {
    expect(buildRpcCall('list_categories')).toEqual({ sql: 'select api.list_categories() as result', params: [] });
  });

  it('passes scalar arrays as untyped array literals and dates as ISO strings; leaves out undefined', () => {
    const d = new Date('2026-01-02T03:04:05.000Z');
    const c = buildRpcCall('reports_in_view', { p_challenges: ['trafik', 'a"b'], p_from: d, p_to: undefined, p_x: null });
    expect(c.sql).toBe('select api.reports_in_view(p_challenges => $1, p_from => $2, p_x => $3) as result');
    expect(c.params).toEqual(['{"trafik","a\\"b"}', '2026-01-02T03:04:05.000Z', null]);
  });

  it('passes an array of objects as JSON (a jsonb parameter), as PostgREST would', () => {
    const c = buildRpcCall('import_developments', { p_features: [{ name: 'A' }], p_ids: [1, 2] });
    expect(c.sql).toBe('select api.import_developments(p_features => $1, p_ids => $2) as result');
    expect(c.params).toEqual(['[{"name":"A"}]', '{"1","2"}']);
  });

  it('keeps NaN as a float8 input so the function can reject it', () => {
    expect(buildRpcCall('f', { p_lon: Number.NaN }).params).toEqual(['NaN']);
  });

  it.each(['Drop', 'a;drop table x', 'api.x', '1abc', '', 'a b', 'x)--'])('rejects the function name %j', (name) => {
    expect(() => buildRpcCall(name)).toThrow(/invalid function name/);
  });

  it.each(['P_ID', 'p_id => 1); drop', 'p-id', '"p"'])('rejects the argument name %j', (name) => {
    expect(() => buildRpcCall('whoami', { [name]: 1 })).toThrow(/invalid argument name/);
  });
});

describe('toPgArrayLiteral', () => {
  it('escapes backslashes and quotes; null is NULL', () => {
    expect(toPgArrayLiteral(['a\\b', null, 'c,d', '{e}'])).toBe('{"a\\\\b",NULL,"c,d","{e}"}');
    expect(toPgArrayLiteral([])).toBe('{}');
  });
});

describe('callerContext', () => {
  it('anon has no sub', () => {
    expect(callerContext(null)).toEqual({ role: 'anon', claims: { role: 'anon' } });
  });
  it('a user is authenticated with sub', () => {
    const c = callerContext('u1', { isAnonymous: true });
    expect(c.role).toBe('authenticated');
    expect(c.claims).toMatchObject({ sub: 'u1', role: 'authenticated', is_anonymous: true });
  });
  it('identifier check', () => {
    expect(isSafeIdentifier('p_id2')).toBe(true);
    expect(isSafeIdentifier('a'.repeat(64))).toBe(false);
  });
});

describe('toRpcError', () => {
  it('maps a stable code and permission denied', async () => {
    const { toRpcError } = await import('./rpc-sql');
    expect(toRpcError({ message: 'outside_malmo' }, true).code).toBe('outside_malmo');
    expect(toRpcError({ message: 'permission denied for function submit_report' }, false).code).toBe('not_signed_in');
    expect(toRpcError({ message: 'permission denied for function set_status' }, true).code).toBe('forbidden');
    expect(toRpcError(new Error('boom'), true).code).toBe('unexpected');
  });
});

describe('isReadOnlyFunction', () => {
  it('knows the reads; anything else is treated as a write', async () => {
    const { isReadOnlyFunction } = await import('./rpc-sql');
    for (const fn of ['whoami', 'list_categories', 'reports_in_view', 'report_detail', 'nearby_reports', 'my_reports', 'hotspot_cells'])
      expect(isReadOnlyFunction(fn)).toBe(true);
    for (const fn of ['submit_report', 'support_report', 'set_status', 'something_new']) expect(isReadOnlyFunction(fn)).toBe(false);
  });
});
