import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmedReportId,
  cspViolations,
  describeAndSubmit,
  localResidentId,
  openApp,
  openSession,
  outboxAttempted,
  pressOn,
  queueReportsInOutbox,
  recordCspViolations,
  reportUpToDetails,
  screenshotOnFailure,
  switchPersona,
  waitForApp,
  type Session,
} from './driver';

// One profile for the file: the embedded database boots once, then persists across reloads.
let s: Session;
beforeAll(async () => {
  s = await openSession();
  s.page.on('dialog', (d) => void d.accept());
  await recordCspViolations(s.context);
  await openApp(s.page);
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
  // Every test runs under the policy without a violation (the one that provokes one clears its own).
  expect(await cspViolations(s.page)).toEqual([]);
});
afterAll(async () => {
  await s?.close();
});

async function openMine() {
  await pressOn(s.page, s.page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
  await s.page.locator('#report-mine-title').waitFor();
}

/** Mina rapporter entries (sent or not) whose text contains `text`. */
function mineItems(text: string) {
  return s.page.locator('#tabpanel-mine li.report-mine-item').filter({ hasText: text });
}

describe('Content-Security-Policy', () => {
  it('is set on the built app, which boots under it without a single violation', async () => {
    const csp = await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp!.replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe-eval');
    // The database and the map are up (beforeAll waited): the worker, wasm and the map ran under the policy.
    expect(await cspViolations(s.page)).toEqual([]);
  });

  it('blocks inline script (the policy is enforced, not just present)', async () => {
    await s.page.evaluate(() => {
      const el = document.createElement('script');
      el.textContent = 'window.__inlineRan = true';
      document.body.append(el);
    });
    expect(await s.page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    const v = await cspViolations(s.page);
    expect(v.some((x) => x.startsWith('script-src'))).toBe(true);
    await s.page.evaluate(() => ((window as unknown as { __cspViolations: string[] }).__cspViolations = []));
  });
});

describe('offline outbox', () => {
  it('queues a report without network, sends it exactly once when the network returns', async () => {
    const { page, context } = s;
    const description = `Utslagen gatlykta, skickad utan nät ${Date.now()}`;
    await reportUpToDetails(page, 'Möllevången', 'Trasig belysning');

    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await describeAndSubmit(page, description);
    await page.getByText('Din rapport väntar på nätverk').waitFor({ timeout: 30_000 });
    const queued = page.locator('#tabpanel-report [data-outbox-id]');
    await expect(queued.locator('[data-outbox-state]').textContent()).resolves.toBe('Väntar på nätverk');
    const id = (await queued.getAttribute('data-outbox-id'))!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // Mina rapporter lists it as waiting; the database does not have it (the detail route says so).
    await openMine();
    await expect(mineItems(description).count()).resolves.toBe(1);
    await expect(mineItems(description).locator('[data-outbox-state]').textContent()).resolves.toBe('Väntar på nätverk');
    await page.evaluate((rid) => (location.hash = `#/report/${rid}`), id);
    await page.locator('.report-detail [role="alert"][data-error-code="report_not_found"]').waitFor({ timeout: 30_000 });
    // Still not sent after the outbox tried again offline.
    await outboxAttempted(page, 'reports');
    await openMine();
    await expect(mineItems(description).locator('[data-outbox-state]').textContent()).resolves.toBe('Väntar på nätverk');

    await context.setOffline(false);
    // Sent: the server's entry (with its status) replaces the queued one; never both.
    await mineItems(description).filter({ hasText: 'Status: Ny' }).waitFor({ timeout: 30_000 });
    await expect(page.locator('#tabpanel-mine [data-outbox-id]').count()).resolves.toBe(0);
    await expect(mineItems(description).count()).resolves.toBe(1);

    await page.reload();
    await waitForApp(page);
    await openMine();
    await mineItems(description).first().waitFor({ timeout: 30_000 });
    await outboxAttempted(page, 'reports'); // a (wrong) second send would happen here
    await page.reload();
    await waitForApp(page);
    await openMine();
    await mineItems(description).first().waitFor({ timeout: 30_000 });
    await expect(mineItems(description).count()).resolves.toBe(1);
    // And the database has it now, once, under the same id.
    await page.evaluate((rid) => (location.hash = `#/report/${rid}`), id);
    await page.locator('.report-detail .user-text').filter({ hasText: description }).waitFor({ timeout: 30_000 });
  });
});

describe('status workflow', () => {
  it('crew changes a report\'s status with a note; the resident sees it and can reopen it', async () => {
    const { page } = s;
    const description = `Dumpade möbler vid återvinningen ${Date.now()}`;
    await switchPersona(page, 'resident');
    await reportUpToDetails(page, 'Lindeborg', 'Dumpat avfall');
    await describeAndSubmit(page, description);
    const id = await confirmedReportId(page);

    // Crew resolves it with a note (which transitions each role is offered, and which need a note, are the status
    // form's component tests: status-change.component.test.tsx).
    await switchPersona(page, 'crew');
    await page.evaluate((rid) => (location.hash = `#/report/${rid}`), id);
    const form = page.locator('form.status-change');
    await form.waitFor({ timeout: 30_000 });
    // User text is shown literally.
    const note = `Möblerna är bortforslade <b>i dag</b> ${Date.now()}`;
    await form.getByLabel('Ny status').selectOption('resolved');
    await form.getByLabel(/Kommentar/).fill(note);
    await pressOn(page, form.getByRole('button', { name: 'Spara status' }), 'Enter');
    const history = page.locator('.report-detail ol.history');
    await history.getByText(note, { exact: true }).waitFor({ timeout: 30_000 });
    await expect(history.locator('li').last().textContent()).resolves.toContain('Åtgärdad');
    await expect(page.locator('.report-detail .status-badge').textContent()).resolves.toBe('Åtgärdad');

    // The resident who filed it sees the new status and update time in Mina rapporter …
    await switchPersona(page, 'resident');
    await openMine();
    const item = mineItems(description);
    await item.filter({ hasText: 'Status: Åtgärdad' }).waitFor({ timeout: 30_000 });
    await expect(item.textContent()).resolves.toMatch(/Senast uppdaterad/);
    // … and the note in the detail, where "Fortfarande ett problem" reopens it (a note is required).
    await pressOn(page, item.getByRole('button'), 'Enter');
    await page.locator('.report-detail ol.history').getByText(note, { exact: true }).waitFor({ timeout: 30_000 });
    const reopen = page.locator('form.status-change');
    await reopen.getByRole('button', { name: 'Fortfarande ett problem' }).waitFor();
    await reopen.getByLabel(/Vad är fortfarande ett problem/).fill('Nya möbler har dumpats på samma plats');
    await pressOn(page, reopen.getByRole('button', { name: 'Fortfarande ett problem' }), 'Enter');
    await page
      .locator('.report-detail ol.history')
      .getByText('Nya möbler har dumpats på samma plats', { exact: true })
      .waitFor({ timeout: 30_000 });
    await expect(page.locator('.report-detail .status-badge').textContent()).resolves.toBe('Bekräftad');
    await page.evaluate(() => (location.hash = '#/'));
  });
});

describe('photos', () => {
  it('stores the photo without EXIF and without GPS (read back from storage with exifr)', async () => {
    const { page } = s;
    const fixture = readFileSync(new URL('../fixtures/e2e/gps.jpg', import.meta.url));
    // The test can fail: the original does carry a position (and a camera make).
    const original = await exifr.gps(fixture);
    expect(original?.latitude).toBeCloseTo(55.605, 2);
    expect(original?.longitude).toBeCloseTo(13.0039, 2);

    await reportUpToDetails(page, 'Södra Sofielund', 'Klotter');
    await page.locator('#report-photo').setInputFiles({ name: 'gps.jpg', mimeType: 'image/jpeg', buffer: fixture });
    await page.locator('.report-photo-preview img').waitFor({ timeout: 30_000 });
    await describeAndSubmit(page, `Klotter på elskåpet, med foto ${Date.now()}`);
    const id = await confirmedReportId(page);

    // Local mode keeps photos in IndexedDB (idb-keyval store trygghetskartan-photos/photos) by path. The path
    // names neither the reporter nor the report (`p/<random uuid>.jpg`), so the photo can outlive the link.
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('trygghetskartan-photos');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const store = db.transaction('photos').objectStore('photos');
      const keys = await new Promise<IDBValidKey[]>((resolve) => {
        const r = store.getAllKeys();
        r.onsuccess = () => resolve(r.result);
      });
      const key = keys.find((k) => String(k).startsWith('p/'));
      if (!key) return { keys: keys.map(String) };
      const blob = await new Promise<Blob>((resolve) => {
        const r = db.transaction('photos').objectStore('photos').get(key);
        r.onsuccess = () => resolve(r.result as Blob);
      });
      return { key: String(key), type: blob.type, bytes: Array.from(new Uint8Array(await blob.arrayBuffer())) };
    });
    expect(stored.key, JSON.stringify(stored)).toMatch(/^p\/[0-9a-f-]{36}\.jpg$/);
    const userId = await localResidentId(page);
    expect(stored.key).not.toContain(userId);
    expect(stored.type).toBe('image/jpeg');
    const bytes = Buffer.from(stored.bytes!);
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(await exifr.gps(bytes)).toBeUndefined();
    const tags = await exifr.parse(bytes, true);
    expect(tags?.Make).toBeUndefined();
    expect(tags?.latitude).toBeUndefined();
    // No APP1/EXIF segment at all.
    expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(fixture.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true);

    // And it is the photo the detail shows.
    await page.evaluate((rid) => (location.hash = `#/report/${rid}`), id);
    await page.locator('.report-detail figure.photo img').waitFor({ timeout: 30_000 });
  });
});

describe('rate limit', () => {
  it('refuses the 21st report in an hour with a clear message; the outbox keeps it to retry, edit or delete', async () => {
    const { page } = s;
    await switchPersona(page, 'resident');
    const resident = await localResidentId(page);
    const tag = `Hastighetstest ${Date.now()}`;
    const reports = Array.from({ length: 21 }, (_, i) => ({
      id: crypto.randomUUID(),
      category: 'litter',
      lon: 13.0038,
      lat: 55.605,
      description: `${tag} nr ${String(i + 1).padStart(2, '0')}`,
    }));
    await queueReportsInOutbox(page, resident, reports);
    await openMine();
    // The earlier tests filed some as this resident already, so at least one of these is over the limit.
    const failed = page.locator('#tabpanel-mine [data-outbox-id]').filter({ has: page.locator('[data-outbox-state="failed"]') });
    await failed.first().waitFor({ timeout: 90_000 });
    await expect
      .poll(async () => page.locator('#tabpanel-mine [data-outbox-state="queued"], #tabpanel-mine [data-outbox-state="sending"]').count(), { timeout: 90_000 })
      .toBe(0);
    const alert = failed.first().locator('[role="alert"]');
    await expect(alert.getAttribute('data-error-code')).resolves.toBe('rate_limited');
    await expect(alert.textContent()).resolves.toMatch(/många rapporter den senaste timmen/);
    await expect(failed.first().locator('[data-outbox-state]').textContent()).resolves.toBe('Kunde inte skickas');
    // Sent + refused = all 21, none twice. The list refetches after the last send (reads wait behind writes), so
    // the sent ones are counted once it has.
    const refused = await failed.count();
    expect(refused).toBeGreaterThan(0);
    const sent = page.locator('#tabpanel-mine li.report-mine-item:not([data-outbox-id])').filter({ hasText: tag });
    await expect.poll(() => sent.count(), { timeout: 60_000 }).toBe(21 - refused);
    expect(await mineItems(tag).count()).toBe(21);

    // Edit puts it back into the form with its text; delete removes one for good.
    const first = failed.first();
    const text = (await first.locator('.report-mine-description').textContent())!;
    await pressOn(page, first.getByRole('button', { name: 'Ändra' }), 'Enter');
    await expect.poll(() => page.getByLabel('Beskrivning').inputValue(), { timeout: 30_000 }).toBe(text);
    await openMine();
    if ((await failed.count()) > 0) {
      const before = await failed.count();
      await pressOn(page, failed.first().getByRole('button', { name: 'Ta bort' }), 'Enter');
      await expect.poll(() => failed.count(), { timeout: 30_000 }).toBe(before - 1);
    }
  });

  it('still no CSP violation', async () => {
    expect(await cspViolations(s.page)).toEqual([]);
  });
});
