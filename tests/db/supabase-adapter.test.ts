/**
 * The Supabase adapter, end to end through the real supabase-js, against our real SQL on both engines.
 *
 * No Supabase project is reachable from here, so supabase-js gets a `fetch` that answers the two HTTP
 * surfaces the adapter uses exactly as Supabase does: GoTrue's anonymous sign-up (`POST /auth/v1/signup`)
 * and PostgREST's RPC (`POST /rest/v1/rpc/<fn>` with `Content-Profile: api`, the caller's JWT deciding
 * `set local role` and `request.jwt.claims`). Everything behind that — grants, RLS, validation, error codes —
 * is the database under test; the shim only translates HTTP to the same call PostgREST makes.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCategories, myReports, submitReport } from '../../src/api';
import { createSupabaseBackend } from '../../src/backend/supabase/supabase-backend';
import type { Backend } from '../../src/backend/backend';
import { ApiError } from '../../src/domain/errors';
import { createEngine, type Engine, type EngineName } from './engines';

const engines: EngineName[] = ['pglite', 'postgres'];

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An unsigned JWT: the shim trusts it, as PostgREST trusts a token it has verified. */
const jwt = (payload: object) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.test`;
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    role: 'anon' | 'authenticated';
    sub?: string;
  };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** GoTrue + PostgREST, as far as the adapter uses them, over the engine under test. */
function supabaseShim(db: Engine, seen: { profiles: string[] }) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.text() : '';

    if (url.pathname === '/auth/v1/signup' && request.method === 'POST') {
      const id = randomUUID();
      await db.query(`insert into auth.users (id, is_anonymous) values ($1, true)`, [id]);
      const now = Math.floor(Date.now() / 1000);
      const user = { id, aud: 'authenticated', role: 'authenticated', is_anonymous: true, app_metadata: {}, user_metadata: {}, created_at: new Date().toISOString() };
      return json(200, {
        access_token: jwt({ sub: id, role: 'authenticated', aud: 'authenticated', exp: now + 3600, is_anonymous: true }),
        token_type: 'bearer',
        expires_in: 3600,
        expires_at: now + 3600,
        refresh_token: randomUUID(),
        user,
      });
    }

    const rpc = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(url.pathname);
    if (rpc && request.method === 'POST') {
      seen.profiles.push(request.headers.get('content-profile') ?? '');
      const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
      const claims = claimsOf(token);
      try {
        const result = await db.call(
          { role: claims.role, ...(claims.sub ? { sub: claims.sub } : {}) },
          rpc[1]!,
          body ? (JSON.parse(body) as Record<string, unknown>) : {},
          { commit: true },
        );
        return json(200, result);
      } catch (error) {
        const e = error as { message: string; code?: string };
        return json(e.code === '42501' ? 403 : 400, { code: e.code, message: e.message, details: null, hint: null });
      }
    }
    return json(404, { message: `not served by the test shim: ${request.method} ${url.pathname}` });
  };
}

describe.each(engines)('Supabase adapter over supabase-js on %s', (engineName) => {
  let db: Engine;
  let backend: Backend;
  const seen = { profiles: [] as string[] };

  beforeAll(async () => {
    db = await createEngine(engineName);
    const client = createClient('http://supabase.test', jwt({ role: 'anon' }), {
      global: { fetch: supabaseShim(db, seen) },
      auth: { persistSession: false, autoRefreshToken: false },
      // Node 20 has no WebSocket; the adapter does not use Realtime, so any constructor will do.
      realtime: { transport: class {} as never },
    });
    backend = createSupabaseBackend('http://supabase.test', 'unused', client);
    await backend.start();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('signs a resident in anonymously by default', () => {
    const me = backend.identity();
    expect(me.role).toBe('resident');
    expect(me.userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('calls the functions in schema api, never the tables', async () => {
    const reference = await listCategories.call(backend, {});
    expect(reference.challenges.map((c) => c.code).sort()).toEqual([
      'befintlig_stad',
      'planering',
      'renhallning',
      'trafik',
    ]);
    expect(seen.profiles.length).toBeGreaterThan(0);
    expect(new Set(seen.profiles)).toEqual(new Set(['api']));
  });

  it('submits a report once, even when the request is retried, and lists it as the reporter\'s own', async () => {
    const input = {
      id: randomUUID(),
      category: 'graffiti',
      lon: 13.0095,
      lat: 55.5906,
      description: 'Klotter på elskåpet',
      observedAt: new Date(Date.now() - 3_600_000),
    };
    const first = await submitReport.call(backend, input);
    const retry = await submitReport.call(backend, input);
    expect(retry).toEqual(first);
    expect(first.district?.name).toBe('Möllevången');
    const mine = await myReports.call(backend, {});
    expect(mine.filter((r) => r.id === input.id)).toHaveLength(1);
  });

  it('turns the database\'s refusal into the same stable error code as in local mode', async () => {
    const error = await submitReport
      .call(backend, {
        id: randomUUID(),
        category: 'litter',
        lon: 12.93,
        lat: 55.62, // Öresund
        description: 'Skräp i vattnet',
        observedAt: new Date(),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('outside_malmo');
  });
});
