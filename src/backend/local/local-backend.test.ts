/**
 * The local adapter's report feed with several tabs. In the browser all tabs of a profile share ONE
 * PostgreSQL session: PGliteWorker (@electric-sql/pglite 0.5.8, src/worker/index.ts) runs PGlite in the
 * leader tab's worker, forwards every other tab's queries to it, and broadcasts each notification to all
 * tabs; each tab keeps its own listener list, and `unlisten` sends `UNLISTEN` when that tab's list is empty.
 *
 * `Tab` below models exactly that over a real in-memory PGlite (the NOTIFY payloads are the trigger's,
 * see app.reports_notify in supabase/migrations/20261202000500_read_models.sql; local-engine.test.ts proves the trigger).
 * The browser itself is covered by tests/e2e/realtime.test.ts.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPORTS_CHANNEL, type ReportChange } from '../report-change';
import { createReportFeed } from './local-backend';

/** One leader's database: a PGlite session and the broadcast of its notifications to every tab. */
class Leader {
  readonly tabs = new Set<Tab>();
  private constructor(readonly pg: PGlite) {
    pg.onNotification((channel, payload) => this.tabs.forEach((t) => t.receive(channel, payload)));
  }
  static async create(): Promise<Leader> {
    return new Leader(await PGlite.create());
  }
  notify(id: string | null, kind: 'insert' | 'update') {
    return this.pg.query(`select pg_notify($1, $2)`, [
      REPORTS_CHANNEL,
      JSON.stringify({ id, kind }),
    ]);
  }
}

/** A tab's PGliteWorker, reduced to what the feed and PGliteWorker's own listen/unlisten use. */
class Tab {
  private own = new Map<string, Set<(payload: string) => void>>();
  private global = new Set<(channel: string, payload: string) => void>();
  private leaderChange = new Set<() => void>();
  constructor(public leader: Leader) {
    leader.tabs.add(this);
  }
  receive(channel: string, payload: string) {
    this.own.get(channel)?.forEach((l) => queueMicrotask(() => l(payload)));
    this.global.forEach((l) => queueMicrotask(() => l(channel, payload)));
  }
  transaction<T>(fn: (tx: { exec(sql: string): Promise<unknown> }) => Promise<T>): Promise<T> {
    return this.leader.pg.transaction((tx) => fn(tx));
  }
  onNotification(callback: (channel: string, payload: string) => void) {
    this.global.add(callback);
    return () => void this.global.delete(callback);
  }
  onLeaderChange(callback: () => void) {
    this.leaderChange.add(callback);
    return () => void this.leaderChange.delete(callback);
  }
  /** PGliteWorker.listen / unlisten, as in 0.5.8. */
  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    if (!this.own.has(channel)) this.own.set(channel, new Set());
    this.own.get(channel)!.add(callback);
    await this.leader.pg.exec(`LISTEN ${channel}`);
    return async () => {
      this.own.get(channel)?.delete(callback);
      if (this.own.get(channel)?.size === 0) await this.leader.pg.exec(`UNLISTEN ${channel}`);
    };
  }
  /** The leader tab closed: another worker opened the database (a new session) and every tab reconnects. */
  moveTo(leader: Leader) {
    this.leader.tabs.delete(this);
    this.leader = leader;
    leader.tabs.add(this);
    this.leaderChange.forEach((l) => l());
  }
}

/** Lets the notifications of the last statement reach the listeners (PGlite calls them in microtasks). */
const settle = () => new Promise((r) => setTimeout(r, 20));
/** PGlite.create takes seconds on a busy machine. */
const TIMEOUT = 60_000;

describe('local report feed with several tabs (one shared PostgreSQL session)', () => {
  let leader: Leader;
  beforeAll(async () => {
    leader = await Leader.create();
  }, TIMEOUT);
  beforeEach(async () => {
    // Each test starts from a session that listens to nothing and has no tabs.
    await leader.pg.exec('UNLISTEN *');
    leader.tabs.clear();
  });
  afterAll(async () => {
    await leader?.pg.close();
  });

  it("why: with PGliteWorker's listen/unlisten, one tab's unsubscribe silences the other tabs", async () => {
    const a = new Tab(leader);
    const b = new Tab(leader);
    const seenByA: string[] = [];
    await a.listen(REPORTS_CHANNEL, (p) => seenByA.push(p));
    const stopB = await b.listen(REPORTS_CHANNEL, () => undefined);
    await stopB(); // B's last listener: UNLISTEN in the session A shares
    await leader.notify('11111111-1111-4111-8111-111111111111', 'insert');
    await settle();
    expect(seenByA).toEqual([]);
  });

  it("keeps delivering to a tab when another tab's subscriber leaves", async () => {
    const a = createReportFeed(new Tab(leader));
    const b = createReportFeed(new Tab(leader));
    const seenByA: ReportChange[] = [];
    const seenByB: ReportChange[] = [];
    a.subscribe((c) => seenByA.push(c));
    const stopB = b.subscribe((c) => seenByB.push(c));
    await Promise.all([a.ready(), b.ready()]).then((ok) => expect(ok).toEqual([true, true]));

    const id = '22222222-2222-4222-8222-222222222222';
    await leader.notify(id, 'insert');
    await settle();
    expect(seenByA).toEqual([{ id, kind: 'insert' }]);
    expect(seenByB).toEqual([{ id, kind: 'insert' }]);

    stopB();
    await leader.notify(id, 'update');
    await leader.pg.query(`select pg_notify('some_other_channel', '{"id":null,"kind":"insert"}')`);
    await leader.notify(id, 'bogus' as never);
    await settle();
    expect(seenByA).toEqual([
      { id, kind: 'insert' },
      { id, kind: 'update' },
    ]);
    expect(seenByB).toEqual([{ id, kind: 'insert' }]);
  });

  it('stops delivering to an unsubscribed listener, and several listeners in one tab each get every change', async () => {
    const feed = createReportFeed(new Tab(leader));
    const first: ReportChange[] = [];
    const second: ReportChange[] = [];
    const stopFirst = feed.subscribe((c) => first.push(c));
    feed.subscribe((c) => second.push(c));
    await feed.ready();
    await leader.notify('33333333-3333-4333-8333-333333333333', 'insert');
    await settle();
    stopFirst();
    await leader.notify(null, 'update');
    await settle();
    expect(first).toEqual([{ id: '33333333-3333-4333-8333-333333333333', kind: 'insert' }]);
    expect(second).toEqual([
      { id: '33333333-3333-4333-8333-333333333333', kind: 'insert' },
      { id: null, kind: 'update' },
    ]);
  });

  it(
    'listens again after a leader change (a new session) and asks for one refetch',
    async () => {
      const tab = new Tab(leader);
      const feed = createReportFeed(tab);
      const seen: ReportChange[] = [];
      feed.subscribe((c) => seen.push(c));
      await feed.ready();

      const next = await Leader.create();
      tab.moveTo(next);
      expect(await feed.ready()).toBe(true);
      await settle();
      const id = '44444444-4444-4444-8444-444444444444';
      await next.notify(id, 'insert');
      await settle();
      expect(seen).toEqual([
        { id: null, kind: 'update' },
        { id, kind: 'insert' },
      ]);
      await next.pg.close();
    },
    TIMEOUT,
  );

  it('a tab that never subscribed does not LISTEN', async () => {
    const feed = createReportFeed(new Tab(leader));
    expect(await feed.ready()).toBe(false);
    const rows = await leader.pg.query<{ n: number }>(
      `select count(*)::int as n from pg_listening_channels()`,
    );
    expect(rows.rows[0]?.n).toBe(0);
  });
});
