/**
 * GoTrue (anonymous sign-up, logout) + PostgREST (RPC on schema `api`) + Storage (list a folder, remove
 * objects), as far as our Supabase adapter uses them, over the engine under test: a `fetch` for supabase-js.
 * Storage reads and deletes `storage.objects` as the caller, as the Storage server does (RLS decides what a
 * user may list and remove; a removed row's file goes with it, so here the row is the file). Tokens are HS256 JWTs signed with `secret`
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
    const body = request.method === 'POST' || request.method === 'DELETE' ? await request.text() : '';
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
    const storage = /^\/storage\/v1\/object\/(list\/)?([a-z0-9_-]+)$/.exec(url.pathname);
    if (storage) {
      const claims = verifyJwt(token, secret);
      if (!claims) return json(400, { statusCode: '403', error: 'Unauthorized', message: 'invalid signature' });
      const who = { role: claims.role, ...(claims.sub ? { sub: claims.sub } : {}) };
      const bucket = storage[2]!;
      const args = (body ? JSON.parse(body) : {}) as { prefix?: string; limit?: number; offset?: number; prefixes?: string[] };
      if (storage[1] && request.method === 'POST') return json(200, await listFolder(db, who, bucket, args));
      if (!storage[1] && request.method === 'DELETE') {
        const removed = await db.asRole(
          who,
          async (q) => {
            // Storage's own deletes pass its protect_delete trigger this way (a no-op where the trigger is absent).
            await q(`select pg_catalog.set_config('storage.allow_delete_query', 'true', true)`);
            return q(
              `with d as (delete from storage.objects where bucket_id = $1 and name = any ($2::text[]) returning *)
               select name, id, bucket_id, owner, created_at, updated_at, metadata from d`,
              [bucket, args.prefixes ?? []],
            );
          },
          { commit: true },
        );
        return json(200, removed);
      }
    }
    return json(404, { message: `not served by the test shim: ${request.method} ${url.pathname}` });
  };
}

/**
 * Storage's folder listing (`POST /object/list/<bucket>`): one level under `prefix`, sorted by name; a deeper
 * name shows as its folder (id null). Read as the caller, so the select policy decides what is listed.
 */
async function listFolder(
  db: Engine,
  who: { role: 'anon' | 'authenticated' | 'service_role'; sub?: string },
  bucket: string,
  args: { prefix?: string; limit?: number; offset?: number },
) {
  const folder = args.prefix ? `${args.prefix.replace(/\/+$/, '')}/` : '';
  const rows = await db.asRole(who, (q) =>
    q<{ name: string; id: string; created_at: string; updated_at: string; metadata: unknown }>(
      `select name, id, created_at, updated_at, metadata from storage.objects
        where bucket_id = $1 and pg_catalog.starts_with(name, $2) order by name`,
      [bucket, folder],
    ),
  );
  const entries = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const rest = row.name.slice(folder.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      const name = rest.slice(0, slash);
      entries.set(name, { name, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null });
    } else {
      entries.set(rest, { ...row, name: rest, last_accessed_at: null });
    }
  }
  const sorted = [...entries.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const offset = args.offset ?? 0;
  return sorted.slice(offset, offset + (args.limit ?? 100));
}
