/**
 * GoTrue (anonymous sign-up, logout) + PostgREST (RPC on schema `api`), as far as our Supabase adapter uses
 * them, over the engine under test: a `fetch` for supabase-js. Tokens are HS256 JWTs signed with `secret`
 * (tests/db/realtime-shim.ts); an RPC with a token that does not verify gets PostgREST's 401, a verified one
 * runs as its role and sub exactly as PostgREST would (`set local role` + claims, committed).
 */
import { randomUUID } from 'node:crypto';
import type { Engine } from './engines';
import { signJwt, verifyJwt } from './realtime-shim';

function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** `seen.profiles` collects each RPC's `Content-Profile` header (the schema the client asked for). */
export function supabaseHttpShim(db: Engine, secret: string, seen: { profiles: string[] } = { profiles: [] }) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.text() : '';
    const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');

    if (url.pathname === '/auth/v1/signup' && request.method === 'POST') {
      const id = randomUUID();
      await db.query(`insert into auth.users (id, is_anonymous) values ($1, true)`, [id]);
      const now = Math.floor(Date.now() / 1000);
      const user = { id, aud: 'authenticated', role: 'authenticated', is_anonymous: true, app_metadata: {}, user_metadata: {}, created_at: new Date().toISOString() };
      return json(200, {
        access_token: signJwt({ sub: id, role: 'authenticated', aud: 'authenticated', exp: now + 3600, is_anonymous: true }, secret),
        token_type: 'bearer',
        expires_in: 3600,
        expires_at: now + 3600,
        refresh_token: randomUUID(),
        user,
      });
    }
    if (url.pathname === '/auth/v1/logout' && request.method === 'POST') return json(204, null);

    const rpc = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(url.pathname);
    if (rpc && request.method === 'POST') {
      seen.profiles.push(request.headers.get('content-profile') ?? '');
      const claims = verifyJwt(token, secret);
      if (!claims) return json(401, { code: 'PGRST301', message: 'JWT invalid', details: null, hint: null });
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
