/**
 * "Radera mina uppgifter" in real Chromium (local mode): afterwards the browser holds nothing of the resident —
 * no unsent report, no draft, no id, no session — and a reload is a new resident with no reports.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  confirmedReportId,
  describeAndSubmit,
  localResidentId,
  openApp,
  openSession,
  outboxAttempted,
  PNG_2X2,
  pressOn,
  queueReportsInOutbox,
  reportUpToDetails,
  screenshotOnFailure,
  waitForApp,
  type Session,
} from './driver';

let s: Session;
beforeAll(async () => {
  s = await openSession();
  s.page.on('dialog', (d) => void d.accept());
  await openApp(s.page);
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

interface BrowserData {
  /** Every IndexedDB database but the embedded PostgreSQL, with its records (keys and values as text). */
  databases: { name: string; records: number; text: string }[];
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
}

/** Everything the origin keeps, read the generic way (indexedDB.databases()), so a new store is read too. */
function browserData(page: Page): Promise<BrowserData> {
  return page.evaluate(async () => {
    const read = (name: string) =>
      new Promise<{ name: string; records: number; text: string }>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const stores = [...db.objectStoreNames];
          if (stores.length === 0) {
            db.close();
            resolve({ name, records: 0, text: '' });
            return;
          }
          const tx = db.transaction(stores);
          const parts: string[] = [];
          let records = 0;
          for (const store of stores) {
            const keys = tx.objectStore(store).getAllKeys();
            const values = tx.objectStore(store).getAll();
            tx.addEventListener('complete', () => {
              records += keys.result.length;
              parts.push(JSON.stringify(keys.result), JSON.stringify(values.result));
            });
          }
          tx.addEventListener('complete', () => {
            db.close();
            resolve({ name, records, text: parts.join('\n') });
          });
          tx.onerror = () => reject(tx.error);
        };
      });
    const names = (await indexedDB.databases()).map((d) => d.name!).filter((n) => !n.startsWith('/pglite/'));
    const all = (st: Storage) => Object.fromEntries(Object.keys(st).map((k) => [k, st.getItem(k)!]));
    return {
      databases: await Promise.all(names.sort().map(read)),
      localStorage: all(localStorage),
      sessionStorage: all(sessionStorage),
    };
  });
}

it('after Radera mina uppgifter the browser holds nothing of the resident, and a reload is a new resident', async () => {
  const { page } = s;
  const oldId = await localResidentId(page);
  expect(oldId).toMatch(/^[0-9a-f-]{36}$/);

  // A sent report with a photo, an unsent one (refused: outside Malmö, kept to edit) and a draft in progress.
  await reportUpToDetails(page, 'Södra Sofielund', 'Klotter');
  await page.locator('#report-photo').setInputFiles({ name: 'lampa.png', mimeType: 'image/png', buffer: PNG_2X2 });
  await page.locator('.report-photo-preview img').waitFor({ timeout: 30_000 });
  const sent = `Klotter som raderas ${Date.now()}`;
  await describeAndSubmit(page, sent);
  await confirmedReportId(page);
  const unsentId = randomUUID();
  await queueReportsInOutbox(page, oldId, [
    { id: unsentId, category: 'litter', lon: 12.93, lat: 55.62, description: 'Ej skickad rapport' },
  ]);
  await outboxAttempted(page, 'reports');
  await reportUpToDetails(page, 'Möllevången', 'Nedskräpning');
  await page.getByLabel('Beskrivning').fill('Utkast som ska bort');
  await page.waitForFunction(() => (localStorage.getItem('tk.report-draft.v1') ?? '').includes('Utkast som ska bort'), null, {
    timeout: 30_000,
  });

  // The scan finds the resident's data before the delete (so it can find it after).
  const before = await browserData(page);
  const outboxBefore = before.databases.find((d) => d.name === 'trygghetskartan-outbox-reports');
  expect(outboxBefore?.text).toContain(unsentId);
  expect(JSON.stringify(before.localStorage)).toContain(oldId);
  expect(JSON.stringify(before.localStorage)).toContain('Utkast som ska bort');

  await pressOn(page, page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
  const mine = page.getByRole('tabpanel', { name: 'Mina rapporter' });
  await mine.getByText(sent).first().waitFor({ timeout: 30_000 });
  await pressOn(page, page.getByRole('button', { name: 'Radera mina uppgifter' }), 'Enter');
  await page.getByText(/även rapporter som inte har skickats än/).waitFor();
  await pressOn(page, page.getByRole('button', { name: 'Ja, radera mina uppgifter' }), 'Enter');
  await page
    .getByRole('status')
    .filter({ hasText: /Du fortsätter som en ny anonym besökare/ })
    .waitFor({ timeout: 30_000 });

  const after = await browserData(page);
  for (const db of after.databases) {
    expect(db.text, db.name).not.toContain(oldId);
    expect(db.text, db.name).not.toContain('Ej skickad rapport');
    // Only local mode's photo store may keep records: the files that reports (now anonymous) still name.
    if (db.name !== 'trygghetskartan-photos') expect(db.records, db.name).toBe(0);
  }
  const photoStore = after.databases.find((d) => d.name === 'trygghetskartan-photos');
  for (const key of JSON.parse(photoStore?.text.split('\n')[0] ?? '[]') as string[]) expect(key).toMatch(/^p\//);
  const kept = JSON.stringify([after.localStorage, after.sessionStorage]);
  expect(kept).not.toContain(oldId);
  expect(kept).not.toContain('Utkast som ska bort');
  expect(Object.keys(after.sessionStorage)).toEqual([]);
  const newId = await localResidentId(page);
  expect(newId).toMatch(/^[0-9a-f-]{36}$/);
  expect(newId).not.toBe(oldId);
  // Left: the language (a preference), the new resident's id and, as the report form and the map are still open,
  // at most a new empty draft of the new resident (the old one's text and id are checked above) and the public
  // cell counts the live map fetched again after the delete for the view on screen (cleared by the delete; a race
  // in one clean-clone run showed it written back before this check).
  const draft = after.localStorage['tk.report-draft.v1'];
  if (draft !== undefined) expect((JSON.parse(draft) as { userId?: string | null }).userId ?? null, draft).toBeOneOf([null, newId]);
  const rewrittenByOpenViews = ['tk.report-draft.v1', 'trygghetskartan.map-cells.v1'];
  expect(Object.keys(after.localStorage).filter((k) => !rewrittenByOpenViews.includes(k)).sort()).toEqual(
    ['trygghetskartan.lang', 'trygghetskartan.local.residentId'].filter((k) => k !== 'trygghetskartan.lang' || k in before.localStorage),
  );

  // A reload: the same new resident, with no reports and an empty outbox.
  await page.reload();
  await waitForApp(page);
  await expect(localResidentId(page)).resolves.toBe(newId);
  await pressOn(page, page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
  await page
    .getByRole('tabpanel', { name: 'Mina rapporter' })
    .getByText('Du har inte skickat några rapporter ännu.')
    .waitFor({ timeout: 30_000 });
  await expect(page.getByRole('tabpanel', { name: 'Mina rapporter' }).getByText(sent).count()).resolves.toBe(0);
  const reloaded = await browserData(page);
  expect(reloaded.databases.find((d) => d.name === 'trygghetskartan-outbox-reports')?.records ?? 0).toBe(0);
  expect(JSON.stringify(reloaded)).not.toContain(oldId);
});
