/**
 * The Supabase adapter, end to end through the real supabase-js, against our real SQL on both engines.
 *
 * No Supabase project is reachable from here, so supabase-js gets a `fetch` (tests/db/supabase-http-shim.ts)
 * that answers the two HTTP surfaces the adapter uses exactly as Supabase does: GoTrue's anonymous sign-up (`POST /auth/v1/signup`)
 * and PostgREST's RPC (`POST /rest/v1/rpc/<fn>` with `Content-Profile: api`, the caller's JWT deciding
 * `set local role` and `request.jwt.claims`) and Storage's folder listing and removal (`storage.objects` read and
 * deleted as the caller). Everything behind that — grants, RLS, validation, error codes —
 * is the database under test; the shim only translates HTTP to the same call PostgREST makes.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteMyData, listCategories, myReports, submitReport } from '../../src/api';
import { createSupabaseBackend } from '../../src/backend/supabase/supabase-backend';
import type { Backend } from '../../src/backend/backend';
import { ApiError } from '../../src/domain/errors';
import { createEngine, type Engine, type EngineName } from './engines';
import { signJwt } from './realtime-shim';
import { supabaseHttpShim } from './supabase-http-shim';

const engines: EngineName[] = ['pglite', 'postgres'];

const SECRET = `test-jwt-secret-${randomUUID()}`;

describe.each(engines)('Supabase adapter over supabase-js on %s', (engineName) => {
  let db: Engine;
  let backend: Backend;
  const seen = { profiles: [] as string[] };

  beforeAll(async () => {
    db = await createEngine(engineName);
    const client = createClient('http://supabase.test', signJwt({ role: 'anon' }, SECRET), {
      global: { fetch: supabaseHttpShim(db, SECRET, seen) },
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

  // "Radera mina uppgifter" (last: it ends this resident).
  it('removes the files under the resident\'s id through Storage (list, then remove) before delete_my_data', async () => {
    const uid = backend.identity().userId!;
    const other = randomUUID();
    await db.query(`insert into auth.users (id, is_anonymous) values ($1, true)`, [other]);
    const mine = [`${uid}/legacy-report.jpg`, `${uid}/updates/reopen.jpg`];
    const idFree = `p/${randomUUID()}.jpg`; // kept without owner when its report stays: not the resident's to remove
    const theirs = `${other}/theirs.jpg`;
    await db.query(
      `insert into storage.objects (bucket_id, name, owner)
       select 'report-photos', n, o from unnest($1::text[], $2::uuid[]) as t(n, o)`,
      [[...mine, idFree, theirs], [uid, uid, uid, other]],
    );
    const left = async () =>
      (await db.query<{ name: string }>(
        `select name from storage.objects where bucket_id = 'report-photos' and name = any ($1::text[]) order by name`,
        [[...mine, idFree, theirs]],
      )).map((r) => r.name);

    await expect(backend.removeMyPhotoFiles!()).resolves.toBe(2);
    expect(await left()).toEqual([idFree, theirs].sort());
  });

  it('forgets the user after delete_my_data: signed out, local data cleared, a new anonymous user only at the next write', async () => {
    const oldId = backend.identity().userId!;
    await deleteMyData.call(backend, {});
    let cleared = 0;
    await backend.forgetUser!(async () => {
      cleared++;
    });
    expect(cleared).toBe(1);
    expect(backend.identity()).toEqual({ userId: null, role: 'anon' });

    await listCategories.call(backend, {}); // a read needs no session
    expect(backend.identity().userId).toBeNull();

    const input = {
      id: randomUUID(),
      category: 'graffiti',
      lon: 13.0095,
      lat: 55.5906,
      description: 'Ny besökare, nytt klotter',
      observedAt: new Date(Date.now() - 3_600_000),
    };
    await submitReport.call(backend, input);
    const next = backend.identity();
    expect(next.role).toBe('resident');
    expect(next.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(next.userId).not.toBe(oldId);
    expect((await myReports.call(backend, {})).map((r) => r.id)).toEqual([input.id]);
  });
});
