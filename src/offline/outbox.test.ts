import { describe, expect, it } from 'vitest';
import { createOutbox, FLUSHED_EVENT, memoryStorage, type OutboxOptions } from './outbox';

type P = { text: string };

function setup(overrides: Partial<OutboxOptions<P, string>> = {}) {
  const storage = memoryStorage<P, string>();
  const sent: string[] = [];
  let online = true;
  let owner: string | null = 'u1';
  let clock = 1_000;
  const now = () => clock++;
  let fail: ((id: string) => Error | null) | null = null;
  const outbox = createOutbox<P, string>({
    storage,
    owner: () => owner,
    online: () => online,
    now,
    isTransient: (e) => e instanceof Error && e.message.startsWith('network'),
    errorCode: (e) => (e instanceof Error ? e.message.split(':')[0]! : 'unexpected'),
    send: async (item) => {
      await new Promise((r) => setTimeout(r, 5));
      const err = fail?.(item.id);
      if (err) throw err;
      sent.push(item.id);
      return `ok:${item.id}`;
    },
    ...overrides,
  });
  return {
    outbox,
    storage,
    sent,
    setOnline: (v: boolean) => (online = v),
    setOwner: (v: string | null) => (owner = v),
    tick: (ms: number) => (clock += ms),
    setFail: (f: typeof fail) => (fail = f),
  };
}

// The clock advances on every read, so creation times are distinct and the order deterministic.
const add = (o: ReturnType<typeof setup>['outbox'], id: string, owner: string | null = 'u1') =>
  o.add({ id, owner, payload: { text: id }, blob: null });

describe('outbox', () => {
  it('sends each item exactly once, even with concurrent flushes', async () => {
    const t = setup();
    await add(t.outbox, 'a');
    await add(t.outbox, 'b');
    await Promise.all([t.outbox.flush(), t.outbox.flush(), t.outbox.flush({ force: true })]);
    expect(t.sent.sort()).toEqual(['a', 'b']);
    expect(t.outbox.items().map((i) => [i.id, i.state, i.result])).toEqual([
      ['a', 'sent', 'ok:a'],
      ['b', 'sent', 'ok:b'],
    ]);
    await t.outbox.flush({ force: true });
    expect(t.sent).toHaveLength(2);
  });

  it('wakes its subscribers only when the queue changed, not on every timed flush', async () => {
    const t = setup();
    t.setOnline(false);
    await add(t.outbox, 'a');
    let wakes = 0;
    t.outbox.subscribe(() => (wakes += 1));
    await t.outbox.flush();
    await t.outbox.flush();
    expect(wakes).toBe(0);
    const before = t.outbox.items();
    await t.outbox.flush();
    expect(t.outbox.items()).toBe(before);
    t.setOnline(true);
    await t.outbox.flush();
    expect(wakes).toBeGreaterThan(0);
    expect(t.outbox.items().map((i) => i.state)).toEqual(['sent']);
  });

  it('keeps items while offline and sends them when online again', async () => {
    const t = setup();
    t.setOnline(false);
    await add(t.outbox, 'a');
    await t.outbox.flush({ force: true });
    expect(t.sent).toEqual([]);
    expect(t.outbox.items()[0]!.state).toBe('queued');
    t.setOnline(true);
    await t.outbox.flush({ force: true });
    expect(t.sent).toEqual(['a']);
  });

  it('backs off after a network error and stops the round', async () => {
    const t = setup();
    t.setFail(() => new Error('network: down'));
    await add(t.outbox, 'a');
    await add(t.outbox, 'b');
    await t.outbox.flush();
    const [a, b] = t.outbox.items();
    expect(a).toMatchObject({ state: 'queued', attempts: 1, error: 'network' });
    expect(a!.nextAttemptAt - a!.updatedAt).toBeGreaterThanOrEqual(4_999);
    expect(b).toMatchObject({ state: 'queued', attempts: 0 });
    t.setFail(null);
    await t.outbox.flush(); // b is due, a is not yet
    expect(t.sent).toEqual(['b']);
    t.tick(5_000);
    await t.outbox.flush();
    expect(t.sent).toEqual(['b', 'a']);
  });

  it('marks a refused item failed with its code, keeps it, and retries on demand', async () => {
    const t = setup();
    t.setFail(() => new Error('rate_limited'));
    await add(t.outbox, 'a');
    await t.outbox.flush();
    expect(t.outbox.items()[0]).toMatchObject({ state: 'failed', error: 'rate_limited' });
    await t.outbox.flush({ force: true });
    expect(t.sent).toEqual([]); // failed items wait for the user
    t.setFail(null);
    await t.outbox.retry('a');
    expect(t.sent).toEqual(['a']);
  });

  it('sends only the current owner\'s items', async () => {
    const t = setup();
    await add(t.outbox, 'mine', 'u1');
    await add(t.outbox, 'theirs', 'u2');
    await t.outbox.flush();
    expect(t.sent).toEqual(['mine']);
    t.setOwner('u2');
    await t.outbox.flush();
    expect(t.sent).toEqual(['mine', 'theirs']);
  });

  it('resends an interrupted send after a reload, and forgets sent items', async () => {
    const t = setup();
    await add(t.outbox, 'a');
    await add(t.outbox, 'b');
    const [a, b] = await t.storage.all();
    await t.storage.put({ ...a!, state: 'sending' });
    await t.storage.put({ ...b!, state: 'sent', result: 'ok:b' });
    await t.outbox.load();
    expect(t.outbox.items().map((i) => [i.id, i.state])).toEqual([['a', 'queued']]);
    await t.outbox.flush();
    expect(t.sent).toEqual(['a']);
  });

  it('take and discard remove unsent items, never one being sent', async () => {
    const t = setup();
    await add(t.outbox, 'a');
    await add(t.outbox, 'b');
    const [a] = await t.storage.all();
    await t.storage.put({ ...a!, state: 'sending' });
    expect(await t.outbox.take('a')).toBeNull();
    await t.outbox.discard('a');
    expect((await t.outbox.take('b'))?.payload).toEqual({ text: 'b' });
    expect((await t.storage.all()).map((i) => i.id)).toEqual(['a']);
  });

  it('start() announces each flush it ran, after the send, with its name; none after stop', async () => {
    const t = setup({ name: 'reports' });
    await add(t.outbox, 'a');
    t.setOnline(false);
    const target = new EventTarget();
    const seen: { name: unknown; sent: number }[] = [];
    target.addEventListener(FLUSHED_EVENT, (e) => seen.push({ name: (e as CustomEvent).detail, sent: t.sent.length }));
    const waitForFlushes = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (seen.length >= n ? resolve() : setTimeout(check, 1));
        check();
      });
    const stop = t.outbox.start(target as unknown as Window, 60_000);
    await waitForFlushes(1); // the flush after load: offline, nothing sent
    expect(seen).toEqual([{ name: 'reports', sent: 0 }]);
    t.setOnline(true);
    target.dispatchEvent(new Event('online'));
    await waitForFlushes(2);
    expect(seen[1]).toEqual({ name: 'reports', sent: 1 });
    stop();
    target.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(2);
  });
});
