/**
 * The Supabase adapter's `subscribeReports`, end to end through the real supabase-js and realtime-js, over
 * a WebSocket, against real PostgreSQL 15 with our migrations and RLS.
 *
 * No Supabase project (and so no Realtime server) is reachable from here. tests/db/realtime-shim.ts speaks
 * the Phoenix channel protocol of the installed realtime-js and turns the database's real changes (the
 * reports_changed trigger) into `postgres_changes` messages, reading each changed row as the subscriber
 * (`set local role` + `request.jwt.claims`), so RLS decides who receives what. GoTrue's anonymous sign-up and
 * PostgREST's RPC are answered over `fetch` as in supabase-adapter.test.ts, here with HS256-signed tokens that
 * both the RPC shim and the Realtime shim verify.
 *
 * What this proves: our adapter + supabase-js subscribe to the right schema/table/events, send the signed-in
 * user's token (on join, and again when the user changes), survive a dropped connection, stop on
 * unsubscribe, and what RLS lets a resident and a crew member receive. What it cannot prove: that Supabase's
 * Realtime server behaves like the shim (WAL + publication, its own RLS check, limits) — the shim follows the
 * documented protocol, not Realtime's code.
 *
 * PostgreSQL only: the shim LISTENs over a second connection, which PGlite (one session) does not offer.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { submitReport } from '../../src/api';
import type { ReportChange } from '../../src/backend/report-change';
import { createSupabaseBackend } from '../../src/backend/supabase/supabase-backend';
import { createEngine, pgConfig, type Engine } from './engines';
import { signJwt, startRealtimeShim, type RealtimeShim } from './realtime-shim';
import { supabaseHttpShim } from './supabase-http-shim';

const SECRET = `test-jwt-secret-${randomUUID()}`;
const ANON_KEY = signJwt({ role: 'anon' }, SECRET);

/** What one subscriber received, and a way to wait for a change without fixed sleeps. */
function recorder() {
  const changes: ReportChange[] = [];
  return {
    changes,
    listener: (c: ReportChange) => void changes.push(c),
    async waitFor(id: string, kind: ReportChange['kind'], timeoutMs = 15_000): Promise<void> {
      const until = Date.now() + timeoutMs;
      while (!changes.some((c) => c.id === id && c.kind === kind)) {
        if (Date.now() > until) throw new Error(`no ${kind} of ${id} within ${timeoutMs} ms; got ${JSON.stringify(changes)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    ids: () => changes.map((c) => c.id),
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let n = 0;
const reportInput = () => ({
  id: randomUUID(),
  category: 'graffiti',
  lon: 13.0095 + 0.0001 * n,
  lat: 55.5906 + 0.0001 * n++,
  description: `Realtime-test ${n}`,
  observedAt: new Date(Date.now() - 3_600_000),
});

describe('Supabase adapter: Realtime postgres_changes over supabase-js (PostgreSQL 15, Realtime shim)', () => {
  let db: Engine;
  let shim: RealtimeShim;
  const clients: { removeAllChannels(): Promise<unknown> }[] = [];

  /** A browser's worth of app: its own supabase-js client (own session, own socket) and adapter. */
  async function user(opts: { start?: boolean } = {}) {
    const client = createClient(shim.url, ANON_KEY, {
      global: { fetch: supabaseHttpShim(db, SECRET) },
      auth: { persistSession: false, autoRefreshToken: false },
      // Node 20 has no WebSocket: realtime-js asks for one. Short heartbeats, so the shim must answer them.
      realtime: { transport: WebSocket as never, heartbeatIntervalMs: 500 },
    });
    clients.push(client);
    const backend = createSupabaseBackend(shim.url, ANON_KEY, client);
    if (opts.start !== false) await backend.start();
    return { backend, client };
  }
  const makeCrew = async (userId: string) =>
    db.query(`insert into app.staff_roles (user_id, role) values ($1, 'crew') on conflict do nothing`, [userId]);

  beforeAll(async () => {
    db = await createEngine('postgres');
    const [{ database }] = await db.query<{ database: string }>('select current_database() as database');
    shim = await startRealtimeShim({ database: { ...pgConfig, database }, anonKey: ANON_KEY, jwtSecret: SECRET });
  });
  afterAll(async () => {
    for (const c of clients) await c.removeAllChannels().catch(() => undefined);
    await shim?.close();
    await db?.close();
  });

  it("delivers a resident's new report to crew as an insert and a status change as an update, with the crew member's token", async () => {
    const crew = await user();
    const crewId = crew.backend.identity().userId!;
    await makeCrew(crewId);
    const resident = await user();

    const seen = recorder();
    const stop = crew.backend.subscribeReports(seen.listener);
    await until('the crew channel joined', () => shim.channels().some((c) => c.sub === crewId));
    // The channel reads with the signed-in user's claims, not the anon key's.
    expect(shim.channels().filter((c) => c.sub === crewId)).toEqual([expect.objectContaining({ role: 'authenticated' })]);

    const report = reportInput();
    await submitReport.call(resident.backend, report);
    await seen.waitFor(report.id, 'insert');

    await crew.backend.rpc('change_status', { p_report_id: report.id, p_to_status: 'confirmed', p_note: 'Sett på plats' });
    await seen.waitFor(report.id, 'update');
    expect(seen.changes.filter((c) => c.id === report.id)).toEqual([
      { id: report.id, kind: 'insert' },
      { id: report.id, kind: 'update' },
    ]);
    stop();
  });

  it('answers heartbeats: the socket stays up over several heartbeat intervals', async () => {
    const crew = await user();
    const crewId = crew.backend.identity().userId!;
    await makeCrew(crewId);
    const stop = crew.backend.subscribeReports(() => undefined);
    await until('the crew channel joined', () => shim.channels().some((c) => c.sub === crewId));
    const connections = shim.stats.connections;
    const heartbeats = shim.stats.heartbeats;
    // Every open socket sends one each 500 ms; an unanswered one makes realtime-js reconnect at the next.
    await until('several heartbeats', () => shim.stats.heartbeats >= heartbeats + 3 * clients.length);
    expect(shim.stats.connections).toBe(connections);
    expect(shim.channels().some((c) => c.sub === crewId)).toBe(true);
    stop();
  });

  it('a token the server cannot verify is refused: no channel, nothing delivered', async () => {
    const crew = await user();
    const crewId = crew.backend.identity().userId!;
    await makeCrew(crewId);
    // Same claims, signed with another secret: what a forged or foreign token looks like to Realtime.
    const forged = signJwt({ sub: crewId, role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 3600 }, 'not-the-secret');
    await crew.client.realtime.setAuth(forged);
    const refused = shim.stats.refusedJoins.length;
    const seen = recorder();
    const stop = crew.backend.subscribeReports(seen.listener);
    await until('the join refused', () => shim.stats.refusedJoins.length > refused);
    expect(shim.stats.refusedJoins.at(-1)).toBe('Invalid JWT');
    expect(shim.channels().some((c) => c.sub === crewId)).toBe(false);
    stop();
  });

  it("gives a resident their own reports' changes and never another resident's (RLS: own rows, staff all)", async () => {
    const alice = await user();
    const bob = await user();
    const crew = await user();
    await makeCrew(crew.backend.identity().userId!);
    const aliceSeen = recorder();
    const crewSeen = recorder();
    const stops = [alice.backend.subscribeReports(aliceSeen.listener), crew.backend.subscribeReports(crewSeen.listener)];
    await until('both channels joined', () =>
      [alice, crew].every((u) => shim.channels().some((c) => c.sub === u.backend.identity().userId)),
    );

    const bobs = reportInput();
    await submitReport.call(bob.backend, bobs);
    const alices = reportInput();
    await submitReport.call(alice.backend, alices);
    // Crew sees both; Alice her own. The shim handles notifications in commit order, so once Alice has her
    // own (later) report, Bob's (earlier) one would have reached her too, had RLS let it.
    await crewSeen.waitFor(bobs.id, 'insert');
    await crewSeen.waitFor(alices.id, 'insert');
    await aliceSeen.waitFor(alices.id, 'insert');
    expect(aliceSeen.ids()).not.toContain(bobs.id);
    expect(shim.stats.sent.filter((s) => s.sub === alice.backend.identity().userId && s.id === bobs.id)).toEqual([]);

    // A change to Bob's report (a crew status change) does not reach Alice either; one to hers does.
    await crew.backend.rpc('change_status', { p_report_id: bobs.id, p_to_status: 'confirmed', p_note: 'ok' });
    await crew.backend.rpc('change_status', { p_report_id: alices.id, p_to_status: 'confirmed', p_note: 'ok' });
    await aliceSeen.waitFor(alices.id, 'update');
    expect(aliceSeen.ids()).not.toContain(bobs.id);
    stops.forEach((s) => s());
  });

  it('stops delivering after unsubscribe (phx_leave), while another subscription goes on', async () => {
    const crew = await user();
    const crewId = crew.backend.identity().userId!;
    await makeCrew(crewId);
    const resident = await user();
    const first = recorder();
    const second = recorder();
    const stopFirst = crew.backend.subscribeReports(first.listener);
    const stopSecond = crew.backend.subscribeReports(second.listener);
    await until('two crew channels', () => shim.channels().filter((c) => c.sub === crewId).length === 2);

    const before = reportInput();
    await submitReport.call(resident.backend, before);
    await first.waitFor(before.id, 'insert');
    await second.waitFor(before.id, 'insert');

    const leaves = shim.stats.leaves;
    stopFirst();
    await until('the channel left', () => shim.stats.leaves === leaves + 1);
    expect(shim.channels().filter((c) => c.sub === crewId)).toHaveLength(1);

    const after = reportInput();
    await submitReport.call(resident.backend, after);
    await second.waitFor(after.id, 'insert');
    expect(first.ids()).not.toContain(after.id);
    stopSecond();
  });

  it('subscribes again with the token after the connection drops', async () => {
    const crew = await user();
    const crewId = crew.backend.identity().userId!;
    await makeCrew(crewId);
    const resident = await user();
    const seen = recorder();
    const stop = crew.backend.subscribeReports(seen.listener);
    await until('the crew channel joined', () => shim.channels().some((c) => c.sub === crewId));
    const joins = shim.stats.joins.filter((j) => j.sub === crewId).length;
    const connections = shim.stats.connections;

    shim.dropConnections();
    // realtime-js reconnects (after 1 s, then backing off) and rejoins with the same user's token
    await until(
      'the crew channel rejoined',
      () => shim.stats.connections > connections && shim.stats.joins.filter((j) => j.sub === crewId).length > joins,
      20_000,
    );
    const report = reportInput();
    await submitReport.call(resident.backend, report);
    await seen.waitFor(report.id, 'insert');
    stop();
  });

  it('subscribed before sign-in, the channel switches to the user once signed in (and to the next user after sign-out)', async () => {
    const early = await user({ start: false });
    const seen = recorder();
    const stop = early.backend.subscribeReports(seen.listener);
    await early.backend.start();
    const first = early.backend.identity().userId!;
    await until("the channel reads as the signed-in user", () => shim.channels().some((c) => c.sub === first));

    const mine = reportInput();
    await submitReport.call(early.backend, mine);
    await seen.waitFor(mine.id, 'insert');

    // Sign out → a fresh anonymous user: the channel must now read as that user, who cannot see `mine`.
    await early.backend.signOut!();
    const second = early.backend.identity().userId!;
    expect(second).not.toBe(first);
    await until('the channel reads as the new user', () => shim.channels().some((c) => c.sub === second));
    expect(shim.channels().some((c) => c.sub === first)).toBe(false);
    const crew = await user();
    await makeCrew(crew.backend.identity().userId!);
    await crew.backend.rpc('change_status', { p_report_id: mine.id, p_to_status: 'confirmed', p_note: 'ok' });
    const theirs = reportInput();
    await submitReport.call(early.backend, theirs);
    await seen.waitFor(theirs.id, 'insert');
    expect(seen.changes.filter((c) => c.id === mine.id)).toEqual([{ id: mine.id, kind: 'insert' }]);
    stop();
  });
});
