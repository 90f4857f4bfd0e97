/**
 * Status notifications by e-mail (migration 20261202001150_status_notifications.sql, docs/notifications.md), on both
 * engines: a status change queues a notification only for a report whose reporter opted in; a claim is exclusive;
 * the address goes with "delete my data", the purge and 30 days after closing; no client role reads the tables.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, errorOf, pgConfig, type Engine, type EngineName, type Who } from './engines';

const ALICE = 'a11ce000-0000-4000-8000-0000000000e1';
const BOB = 'b0b00000-0000-4000-8000-0000000000e2';
const CREW = 'c4e00000-0000-4000-8000-0000000000e3';
const ADMIN = 'ad000000-0000-4000-8000-0000000000e4';
const alice: Who = { role: 'authenticated', sub: ALICE };
const bob: Who = { role: 'authenticated', sub: BOB };
const crew: Who = { role: 'authenticated', sub: CREW };
const admin: Who = { role: 'authenticated', sub: ADMIN };
const anon: Who = { role: 'anon' };
const service: Who = { role: 'service_role' };
const MOLLEVANGEN = { lon: 13.0095, lat: 55.5906 };

interface Claimed {
  id: number;
  report_id: string;
  email: string;
  lang: string;
  from_status: string | null;
  to_status: string;
  status_name_sv: string;
  category_name_sv: string;
}

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('status notifications on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
      await db.query(`insert into app.staff_roles (user_id, role) values ('${CREW}', 'crew'), ('${ADMIN}', 'admin') on conflict do nothing`);
    } catch (error) {
      setupError = error;
    }
  });
  beforeEach(async () => {
    if (setupError) throw setupError;
    // Each test claims what it queued: start from an empty outbox.
    await db.query('delete from app.status_notifications');
  });
  afterAll(async () => {
    await db?.close();
  });

  const submit = async (who: Who) => {
    const id = randomUUID();
    await db.call(who, 'submit_report', {
      p_id: id, p_category: 'litter', p_lon: MOLLEVANGEN.lon, p_lat: MOLLEVANGEN.lat, p_description: 'Skräp vid torget',
      p_observed_at: new Date(Date.now() - 3_600_000).toISOString(), p_source: 'resident', p_photo_path: null,
    }, { commit: true });
    return id;
  };
  const optIn = (who: Who, id: string, email = 'alice@example.se') =>
    db.call(who, 'set_report_notification', { p_report_id: id, p_email: email, p_lang: 'sv' }, { commit: true });
  const change = (id: string, to: string, who: Who = crew, note: string | null = null) =>
    db.call(who, 'change_status', { p_report_id: id, p_to_status: to, p_note: note }, { commit: true });
  const queued = (id: string) =>
    db.query<{ from_status: string | null; to_status: string }>(
      'select from_status, to_status from app.status_notifications where report_id = $1 and sent_at is null order by id', [id]);
  const claim = (limit = 50) =>
    db.asRole(service, async (q) => (await q<{ r: Claimed[] }>(`select app.claim_status_notifications(${limit}) as r`))[0].r, { commit: true });
  const markSent = (ids: number[]) =>
    db.asRole(service, async (q) => (await q<{ r: { marked: number } }>('select app.mark_status_notifications_sent($1::bigint[]) as r', [ids]))[0].r,
      { commit: true });
  const addressCount = async (id: string) =>
    Number((await db.query<{ n: number }>('select count(*)::int as n from app.report_notify_addresses where report_id = $1', [id]))[0].n);

  it('a status change queues one notification only for a report whose reporter opted in', async () => {
    const withAddress = await submit(alice);
    const without = await submit(alice);
    const bobs = await submit(bob);
    await expect(optIn(alice, withAddress)).resolves.toEqual({ report_id: withAddress, notify: true });
    await change(withAddress, 'confirmed');
    await change(without, 'confirmed');
    await change(bobs, 'confirmed');
    expect(await queued(withAddress)).toEqual([{ from_status: 'new', to_status: 'confirmed' }]);
    expect(await queued(without)).toEqual([]);
    expect(await queued(bobs)).toEqual([]);
    const [row] = await db.query<{ n: number }>('select count(*)::int as n from app.status_notifications');
    expect(row.n).toBe(1);
  });

  it('a newer change replaces one not yet claimed; the reporter\'s own change (a reopen) queues nothing', async () => {
    const id = await submit(alice);
    await optIn(alice, id);
    await change(id, 'in_progress');
    await change(id, 'resolved');
    expect(await queued(id)).toEqual([{ from_status: 'in_progress', to_status: 'resolved' }]);
    await claim();
    await change(id, 'confirmed', alice, 'Fortfarande skräp'); // the reporter reopens it
    expect(await queued(id)).toEqual([{ from_status: 'in_progress', to_status: 'resolved' }]); // claimed, not new
    const [n] = await db.query<{ n: number }>('select count(*)::int as n from app.status_notifications where report_id = $1 and to_status = $2', [id, 'confirmed']);
    expect(n.n).toBe(0);
  });

  it('the sender claims with the address and names; a claim is exclusive until its lease ends; sent is final', async () => {
    const id = await submit(alice);
    await optIn(alice, id, 'alice@example.se');
    await change(id, 'resolved');
    const first = await claim();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      report_id: id, email: 'alice@example.se', lang: 'sv', from_status: 'new', to_status: 'resolved',
      status_name_sv: 'Åtgärdad', category_name_sv: 'Nedskräpning',
    });
    // Claimed: nobody gets it again within the lease.
    expect(await claim()).toEqual([]);
    // The lease ran out (the sender died): claimable again, once.
    await db.query(`update app.status_notifications set claimed_at = now() - interval '16 minutes' where id = $1`, [first[0]!.id]);
    expect((await claim()).map((c) => c.id)).toEqual([first[0]!.id]);
    await expect(markSent([first[0]!.id])).resolves.toEqual({ marked: 1 });
    await expect(markSent([first[0]!.id])).resolves.toEqual({ marked: 0 });
    await db.query(`update app.status_notifications set claimed_at = now() - interval '1 day' where id = $1`, [first[0]!.id]);
    expect(await claim()).toEqual([]);
  });

  it('two senders at once never claim the same row (for update skip locked)', async () => {
    if (engineName === 'pglite') {
      // One session: there is no second sender to race; the lease above covers sequential claims.
      expect(await claim()).toEqual([]);
      return;
    }
    const a = await submit(alice);
    const b = await submit(alice);
    await optIn(alice, a);
    await optIn(alice, b);
    await change(a, 'confirmed');
    await change(b, 'confirmed');
    const [{ d }] = await db.query<{ d: string }>('select current_database() as d');
    const one = new pg.Client({ ...pgConfig, database: d });
    const two = new pg.Client({ ...pgConfig, database: d });
    await one.connect();
    await two.connect();
    try {
      await one.query(`begin; set local role service_role`);
      await two.query(`begin; set local role service_role`);
      const first = (await one.query<{ r: Claimed[] }>('select app.claim_status_notifications(1) as r')).rows[0]!.r;
      // The first sender's transaction still holds its row: the second skips it instead of waiting.
      const second = (await two.query<{ r: Claimed[] }>('select app.claim_status_notifications(5) as r')).rows[0]!.r;
      expect(first).toHaveLength(1);
      expect(second).toHaveLength(1);
      expect(second[0]!.id).not.toBe(first[0]!.id);
      expect(new Set([first[0]!.report_id, second[0]!.report_id])).toEqual(new Set([a, b]));
      await one.query('commit');
      await two.query('commit');
    } finally {
      await one.end();
      await two.end();
    }
    expect(await claim()).toEqual([]);
  });

  it('delete_my_data removes the address and what waits for it; so does the purge of reporter links', async () => {
    const id = await submit(bob);
    await optIn(bob, id, 'bob@example.se');
    await change(id, 'confirmed');
    expect(await queued(id)).toHaveLength(1);
    await db.call(bob, 'delete_my_data', {}, { commit: true });
    expect(await addressCount(id)).toBe(0);
    expect(await queued(id)).toEqual([]);
    await change(id, 'resolved');
    expect(await queued(id)).toEqual([]);

    const old = await submit(alice);
    await optIn(alice, old);
    await db.query(`update app.reports set created_at = now() - interval '1 year' where id = $1`, [old]);
    await db.query(`update app.report_updates set created_at = now() - interval '1 year' where report_id = $1`, [old]);
    await db.query('select app.purge_reporter_links()');
    expect(await addressCount(old)).toBe(0);
  });

  it('an address goes 30 days after its report closed (and stays while the report is open)', async () => {
    const closed = await submit(alice);
    const open = await submit(alice);
    await optIn(alice, closed);
    await optIn(alice, open);
    await change(closed, 'resolved');
    await change(open, 'confirmed');
    const back = (id: string) => Promise.all([
      db.query(`update app.report_updates set created_at = now() - interval '31 days' where report_id = $1`, [id]),
      db.query(`update app.reports set updated_at = now() - interval '31 days' where id = $1`, [id]),
    ]);
    await back(closed);
    await back(open);
    const [r] = await db.asRole(service, (q) => q<{ n: number }>('select app.purge_notify_addresses() as n'), { commit: true });
    expect(r.n).toBeGreaterThanOrEqual(1);
    expect(await addressCount(closed)).toBe(0);
    expect(await addressCount(open)).toBe(1);
  });

  it('set_report_notification: own reports only, a valid address only, null withdraws; the address is never returned', async () => {
    const id = await submit(alice);
    expect((await errorOf(db.call(anon, 'set_report_notification', { p_report_id: id, p_email: 'a@example.se' }))).code).toBe('42501');
    expect((await errorOf(db.call(bob, 'set_report_notification', { p_report_id: id, p_email: 'b@example.se' }))).message).toBe('report_not_found');
    expect((await errorOf(db.call(admin, 'set_report_notification', { p_report_id: id, p_email: 'b@example.se' }))).message).toBe('report_not_found');
    for (const bad of ['alice', 'alice@', 'a b@example.se', 'alice@example', `${'x'.repeat(250)}@example.se`]) {
      expect((await errorOf(db.call(alice, 'set_report_notification', { p_report_id: id, p_email: bad }))).message, bad).toBe('invalid_email');
    }
    const on = await optIn(alice, id, '  alice@example.se ');
    expect(JSON.stringify(on)).not.toContain('alice@');
    const [row] = await db.query<{ email: string }>('select email from app.report_notify_addresses where report_id = $1', [id]);
    expect(row.email).toBe('alice@example.se');
    await expect(db.call(alice, 'set_report_notification', { p_report_id: id, p_email: null }, { commit: true }))
      .resolves.toEqual({ report_id: id, notify: false });
    expect(await addressCount(id)).toBe(0);
  });

  it('no client role reads or writes the tables, or runs the sender\'s functions; the service role only through them', async () => {
    const id = await submit(alice);
    await optIn(alice, id);
    await change(id, 'confirmed');
    for (const w of [anon, alice, bob, crew, admin]) {
      for (const table of ['app.report_notify_addresses', 'app.status_notifications']) {
        expect((await errorOf(db.asRole(w, (q) => q(`select * from ${table}`)))).code, `${w.sub ?? 'anon'} ${table}`).toBe('42501');
      }
      for (const fn of ['app.claim_status_notifications(1)', 'app.mark_status_notifications_sent(array[1]::bigint[])', 'app.purge_notify_addresses()']) {
        expect((await errorOf(db.asRole(w, (q) => q(`select ${fn}`)))).code, `${w.sub ?? 'anon'} ${fn}`).toBe('42501');
      }
    }
    expect((await errorOf(db.asRole(service, (q) => q('select email from app.report_notify_addresses')))).code).toBe('42501');
    // Staff lists do not carry it: the work list and the report detail never name the address.
    const detail = await db.call(crew, 'report_detail', { p_id: id });
    expect(JSON.stringify(detail)).not.toContain('alice@example.se');
  });
});
