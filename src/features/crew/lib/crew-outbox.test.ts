import { describe, expect, it } from 'vitest';
import type { ChangedStatus, SubmittedReport } from '../../../api';
import { ApiError } from '../../../domain/errors';
import type { ReportInput } from '../../../domain/report-rules';
import { memoryStorage } from '../../../offline';
import { createCrewOutbox, type CrewPayload, type CrewResult, type CrewSender, unsent } from './crew-outbox';

const UID = '5f0c8a3e-6d1b-4e2f-8a9c-7b3d2e1f0a22';
const REPORT = '0b6a4a4e-2f7e-4c58-9d35-0f1e1d7c2a11';
const FIELD_ID = '11111111-2222-4333-8444-555555555555';
const UPDATE_ID = '66666666-7777-4888-8999-aaaaaaaaaaaa';

/** A fake server that is idempotent the way the database is: by report id and by update id. */
function fakeServer() {
  const reports = new Map<string, SubmittedReport>();
  const updates = new Map<string, ChangedStatus>();
  const photos = new Map<string, Blob>();
  const writes: string[] = [];
  let fail: Error | null = null;
  const sender: CrewSender = {
    async submitReport(input: ReportInput) {
      if (fail) throw fail;
      const known = reports.get(input.id);
      if (known) return known;
      writes.push(`report:${input.id}:${input.photoPath ?? '-'}`);
      const r: SubmittedReport = {
        id: input.id,
        status: 'new',
        challenge: 'renhallning',
        category: input.category,
        district: null,
        is_dark: false,
        created_at: '2026-12-01T10:00:00.000Z',
        observed_at: input.observedAt.toISOString(),
      };
      reports.set(input.id, r);
      return r;
    },
    async uploadPhoto(path, blob) {
      if (fail) throw fail;
      if (!photos.has(path)) photos.set(path, blob);
    },
    async changeStatus(args) {
      if (fail) throw fail;
      const known = updates.get(args.updateId);
      if (known) return known;
      writes.push(`update:${args.updateId}:${args.toStatus}:${args.photoPath ?? '-'}`);
      const r: ChangedStatus = { id: args.reportId, status: args.toStatus, status_group: 'closed', updated_at: '2026-12-01T10:05:00.000Z' };
      updates.set(args.updateId, r);
      return r;
    },
  };
  return { sender, reports, updates, photos, writes, failWith: (e: Error | null) => (fail = e) };
}

function setup(server = fakeServer(), storage = memoryStorage<CrewPayload, CrewResult>()) {
  let online = true;
  let owner: string | null = UID;
  let clock = 1_000;
  const outbox = createCrewOutbox({ storage, sender: server.sender, owner: () => owner, online: () => online, now: () => clock++ });
  return {
    outbox,
    server,
    storage,
    setOnline: (v: boolean) => (online = v),
    setOwner: (v: string | null) => (owner = v),
    tick: (ms: number) => (clock += ms),
  };
}

const fieldPayload = (): CrewPayload => ({
  kind: 'field',
  input: {
    id: FIELD_ID,
    category: 'litter',
    lon: 13.0038,
    lat: 55.605,
    description: 'Fältrapport',
    observedAt: new Date('2026-12-01T09:00:00Z'),
    source: 'crew',
    photoPath: null,
  },
});
const statusPayload = (): CrewPayload => ({
  kind: 'status',
  reportId: REPORT,
  toStatus: 'resolved',
  note: 'Städat',
  category: 'litter',
  fromStatus: 'new',
});
const photo = () => new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });

async function addBoth(t: ReturnType<typeof setup>, withPhoto = false) {
  await t.outbox.add({ id: FIELD_ID, owner: UID, payload: fieldPayload(), blob: null });
  await t.outbox.add({ id: UPDATE_ID, owner: UID, payload: statusPayload(), blob: withPhoto ? photo() : null });
}

/** Waits until `check` holds (the outbox sends on events, asynchronously). */
async function until(check: () => boolean, ms = 2_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('crew outbox', () => {
  it('keeps field reports and status changes queued while offline: nothing is sent', async () => {
    const t = setup();
    t.setOnline(false);
    await addBoth(t);
    await t.outbox.flush({ force: true });
    expect(t.server.writes).toEqual([]);
    expect(unsent(t.outbox.items()).map((i) => [i.payload.kind, i.state])).toEqual([
      ['field', 'queued'],
      ['status', 'queued'],
    ]);
  });

  it('sends both when the network returns (the online event), each with its own id', async () => {
    const t = setup();
    t.setOnline(false);
    await addBoth(t, true);
    const target = new EventTarget();
    const stop = t.outbox.start(target as unknown as Window, 60_000);
    try {
      await new Promise((r) => setTimeout(r, 30));
      expect(t.server.writes).toEqual([]);
      t.setOnline(true);
      target.dispatchEvent(new Event('online'));
      await until(() => t.outbox.items().every((i) => i.state === 'sent'));
    } finally {
      stop();
    }
    const photoPath = `${UID}/updates/${UPDATE_ID}.jpg`;
    expect(t.server.writes).toEqual([`report:${FIELD_ID}:-`, `update:${UPDATE_ID}:resolved:${photoPath}`]);
    expect(t.server.photos.has(photoPath)).toBe(true);
    expect(t.outbox.items().map((i) => i.result?.id)).toEqual([FIELD_ID, REPORT]);
    expect(unsent(t.outbox.items())).toEqual([]);
  });

  it('treats a network error as transient (queued, backoff) and a refusal as failed (retry or discard)', async () => {
    const t = setup();
    t.server.failWith(new ApiError('network'));
    await addBoth(t);
    await t.outbox.flush();
    const [field, status] = t.outbox.items();
    expect(field).toMatchObject({ state: 'queued', error: 'network', attempts: 1 });
    expect(field!.nextAttemptAt).toBeGreaterThan(field!.updatedAt);
    expect(status).toMatchObject({ state: 'queued', attempts: 0 }); // the round stopped at the first network error

    t.server.failWith(new ApiError('transition_not_allowed'));
    await t.outbox.flush({ force: true });
    expect(t.outbox.items().map((i) => [i.state, i.error])).toEqual([
      ['failed', 'transition_not_allowed'],
      ['failed', 'transition_not_allowed'],
    ]);
    // failed items wait for the user: a later flush leaves them alone
    t.server.failWith(null);
    await t.outbox.flush({ force: true });
    expect(t.server.writes).toEqual([]);
    await t.outbox.retry(UPDATE_ID);
    expect(t.outbox.items().find((i) => i.id === UPDATE_ID)?.state).toBe('sent');
    await t.outbox.discard(FIELD_ID);
    expect(t.outbox.items().map((i) => i.id)).toEqual([UPDATE_ID]);
    expect(t.server.writes).toEqual([`update:${UPDATE_ID}:resolved:-`]);
  });

  it('counts any error while the browser is offline as transient, and keeps an unknown database code', async () => {
    const server = fakeServer();
    let dropped = false;
    const t = setup({
      ...server,
      sender: {
        ...server.sender,
        // the connection drops during the call: a browser error that names no code
        submitReport: async (input) => {
          if (dropped) return server.sender.submitReport(input);
          dropped = true;
          t.setOnline(false);
          throw new TypeError('Load failed');
        },
      },
    });
    await addBoth(t);
    await t.outbox.flush();
    expect(t.outbox.items()[0]).toMatchObject({ state: 'queued', attempts: 1 });
    t.setOnline(true);
    t.server.failWith(new Error('unexpected: some_new_code'));
    await t.outbox.flush({ force: true });
    expect(t.outbox.items().map((i) => [i.state, i.error])).toEqual([
      ['failed', 'some_new_code'],
      ['failed', 'some_new_code'],
    ]);
  });

  it('is idempotent by the item id: a send interrupted after the server took it is re-sent and applied once', async () => {
    const server = fakeServer();
    const storage = memoryStorage<CrewPayload, CrewResult>();
    const first = setup(server, storage);
    await addBoth(first, true);
    await first.outbox.flush();
    expect(server.writes).toHaveLength(2);
    // The tab closed after the server answered but before the outbox stored `sent`.
    for (const item of await storage.all()) await storage.put({ ...item, state: 'sending', result: null });

    const second = setup(server, storage);
    await second.outbox.load();
    expect(second.outbox.items().map((i) => i.state)).toEqual(['queued', 'queued']);
    await second.outbox.flush({ force: true });
    expect(second.outbox.items().map((i) => i.state)).toEqual(['sent', 'sent']);
    expect(second.outbox.items().map((i) => i.result)).toEqual([server.reports.get(FIELD_ID), server.updates.get(UPDATE_ID)]);
    expect(server.writes).toHaveLength(2); // nothing written twice
    expect(server.photos.size).toBe(1);
  });

  it("sends only the signed-in crew member's items", async () => {
    const t = setup();
    await addBoth(t);
    t.setOwner('someone-else');
    await t.outbox.flush({ force: true });
    expect(t.server.writes).toEqual([]);
    t.setOwner(UID);
    await t.outbox.flush({ force: true });
    expect(t.server.writes).toHaveLength(2);
  });

  it('uploads a field report\'s photo to <uid>/<report id>.jpg before filing the report with that path, once', async () => {
    const server = fakeServer();
    const storage = memoryStorage<CrewPayload, CrewResult>();
    const first = setup(server, storage);
    await first.outbox.add({ id: FIELD_ID, owner: UID, payload: fieldPayload(), blob: photo() });
    await first.outbox.flush();
    expect([...server.photos.keys()]).toEqual([`${UID}/${FIELD_ID}.jpg`]);
    expect(server.writes).toEqual([`report:${FIELD_ID}:${UID}/${FIELD_ID}.jpg`]);
    // sent again after a lost answer: the same path, the same report, nothing new
    for (const item of await storage.all()) await storage.put({ ...item, state: 'sending', result: null });
    const second = setup(server, storage);
    await second.outbox.load();
    await second.outbox.flush({ force: true });
    expect(server.photos.size).toBe(1);
    expect(server.writes).toHaveLength(1);
  });
});
