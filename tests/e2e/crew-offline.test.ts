import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, openApp, openSession, outboxAttempted, pressOn, screenshotOnFailure, switchPersona, waitForApp, type Locator, type Session } from './driver';

// Issue 4, "works on a phone in the street with a bad connection": the crew's offline outbox in real Chromium.
let s: Session;
beforeAll(async () => {
  s = await openSession();
  s.page.on('dialog', (d) => void d.accept());
  await openApp(s.page);
  await switchPersona(s.page, 'crew');
  await openCrew();
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await backOnline().catch(() => undefined);
  await s?.close();
});

const panel = () => s.page.locator('#tabpanel-crew');
const press = (target: Locator, key: string) => pressOn(s.page, target, key);
const section = (name: string) => press(panel().getByRole('navigation').getByRole('link', { name, exact: true }), 'Enter');
const outboxSummary = () => panel().locator('.crew-outbox [role="status"]');
const queuedItems = () => panel().locator('.crew-outbox-list [data-outbox-id]');

async function openCrew() {
  await press(s.page.getByRole('tab', { name: 'Arbetslista' }), 'Enter');
  await panel().getByRole('heading', { name: 'Arbetslista', level: 2 }).waitFor({ timeout: 60_000 });
}

describe('crew: offline outbox', () => {
  it('queues a field report and a status change offline, keeps them over a reload, sends each once online', async () => {
    const { page, context } = s;
    const stamp = Date.now();
    const description = `Fältrapport utan nät ${stamp}`;
    const note = `Åtgärdat utan nät ${stamp}`;

    // The report whose status will change: the top of the open work list.
    await section('Arbetslista');
    const first = panel().locator('li.crew-item').first();
    await first.waitFor({ timeout: 30_000 });
    const reportId = (await first.getAttribute('data-report-id'))!;
    expect(reportId).toMatch(/^[0-9a-f-]{36}$/);
    const card = panel().locator(`li.crew-item[data-report-id="${reportId}"]`);

    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    // 1. A field report, offline: saved and shown as waiting.
    await section('Fältrapport');
    await press(panel().getByRole('button', { name: 'Nedskräpning' }), 'Enter');
    await press(panel().getByRole('button', { name: 'Kartans mitt' }), 'Enter');
    await panel().getByText(/^Kartans mitt: 55\.\d+, 1[23]\.\d+$/).waitFor();
    await panel().getByLabel('Beskrivning (valfri)').fill(description);
    await press(panel().getByRole('button', { name: 'Skicka fältrapport' }), 'Enter');
    await panel().getByText(/Fältrapporten är sparad i webbläsaren/).waitFor({ timeout: 30_000 });
    await expect(panel().locator('[data-outbox-state="queued"]').first().textContent()).resolves.toBe('Väntar på nätet');

    // 2. A status change with a note, offline: the card says it waits; the list still has the old status.
    await section('Arbetslista');
    await press(card.getByRole('button', { name: 'Ändra status' }), 'Enter');
    await card.getByLabel('Ny status').selectOption({ label: 'Åtgärdad' });
    await card.getByLabel('Anteckning (valfri)').fill(note);
    await press(card.getByRole('button', { name: 'Spara status' }), 'Enter');
    await card.getByText('Ny status väntar på att skickas: Åtgärdad').waitFor({ timeout: 30_000 });
    await expect(card.locator('[data-outbox-state]').textContent()).resolves.toBe('Väntar på nätet');

    // The panel announces both (a polite live region) and lists them with their state.
    await outboxSummary().filter({ hasText: '2 ändringar väntar på nätet' }).waitFor({ timeout: 10_000 });
    await expect(outboxSummary().getAttribute('aria-live')).resolves.toBe('polite');
    expect(await queuedItems().count()).toBe(2);
    await queuedItems().filter({ hasText: description }).waitFor();
    await queuedItems().filter({ hasText: note }).waitFor();
    // Keyboard and touch: the queue's buttons are at least 44 px, and the panel has no axe violations.
    const small = await panel()
      .locator('.crew-outbox button:visible')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.height < 44 || r.width < 44).length);
    expect(small).toBe(0);
    const axe = await new AxeBuilder({ page }).include('#tabpanel-crew').analyze();
    expect(axe.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
    // Still not sent after the outbox tried again offline.
    await outboxAttempted(page, 'crew');
    expect(await queuedItems().locator('[data-outbox-state="queued"]').count()).toBe(2);

    // 3. Reload while still offline: the queue is in IndexedDB, not in the page.
    await reloadOffline();
    await openCrew();
    await outboxSummary().filter({ hasText: '2 ändringar väntar på nätet' }).waitFor({ timeout: 30_000 });
    await queuedItems().filter({ hasText: description }).waitFor();
    await queuedItems().filter({ hasText: note }).waitFor();
    await outboxAttempted(page, 'crew');
    expect(await queuedItems().locator('[data-outbox-state="queued"]').count()).toBe(2);

    // 4. Reload again, offline, onto the report itself (not the crew tab); then online: the queue is sent
    // although the crew panel was never opened (the shell runs the crew outbox), and the report follows.
    await page.evaluate((rid) => (location.hash = `#/report/${rid}`), reportId);
    await reloadOffline();
    const history = page.locator('.report-detail ol.history');
    await history.waitFor({ timeout: 30_000 });
    expect(await history.getByText(note, { exact: true }).count()).toBe(0);
    await backOnline();
    await history.getByText(note, { exact: true }).waitFor({ timeout: 30_000 });
    await expect(page.locator('.report-detail .status-badge').textContent()).resolves.toBe('Åtgärdad');

    // 5. The crew panel: the queue is empty, the work list followed.
    await openCrew();
    await section('Arbetslista');
    await outboxSummary().filter({ hasText: 'Allt är skickat.' }).waitFor({ timeout: 30_000 });
    expect(await queuedItems().count()).toBe(0);
    // resolved: the report left the open list
    await card.waitFor({ state: 'detached', timeout: 30_000 });
    // the field report is in the list (newest first), once
    await panel().getByLabel('Ordning').selectOption('newest');
    const mine = panel().locator('li.crew-item').filter({ hasText: description });
    await mine.first().waitFor({ timeout: 30_000 });
    await outboxAttempted(page, 'crew'); // a (wrong) second send would happen here
    expect(await mine.count()).toBe(1);
    await expect(mine.textContent()).resolves.toContain('fältrapport');

    // 6. Nothing was sent twice: the report's history has the change once, with the note.
    await page.evaluate((rid) => (location.hash = `#/report/${rid}`), reportId);
    await history.getByText(note, { exact: true }).waitFor({ timeout: 30_000 });
    expect(await history.getByText(note, { exact: true }).count()).toBe(1);
    await expect(page.locator('.report-detail .status-badge').textContent()).resolves.toBe('Åtgärdad');
  });

  it('shows a change the database refuses once online as failed, translated, with retry and discard', async () => {
    const { page, context } = s;
    await switchPersona(page, 'crew');
    await openCrew();
    await section('Arbetslista');
    await panel().getByLabel('Ordning').selectOption('priority');
    const first = panel().locator('li.crew-item').first();
    await first.waitFor({ timeout: 30_000 });
    const reportId = (await first.getAttribute('data-report-id'))!;
    const card = panel().locator(`li.crew-item[data-report-id="${reportId}"]`);

    // Offline, the crew member resolves it: queued.
    await context.setOffline(true);
    await press(card.getByRole('button', { name: 'Ändra status' }), 'Enter');
    await card.getByLabel('Ny status').selectOption({ label: 'Åtgärdad' });
    await press(card.getByRole('button', { name: 'Spara status' }), 'Enter');
    await card.locator('[data-outbox-state="queued"]').waitFor({ timeout: 30_000 });

    // Meanwhile an admin (same browser, another persona: the crew's queue is neither shown nor sent) resolves it.
    await switchPersona(page, 'admin');
    await queuedItems().first().waitFor({ state: 'detached', timeout: 30_000 });
    await backOnline();
    await page.evaluate((rid) => (location.hash = `#/report/${rid}`), reportId);
    const form = page.locator('form.status-change');
    await form.waitFor({ timeout: 30_000 });
    await form.getByLabel('Ny status').selectOption('resolved');
    await pressOn(page, form.getByRole('button', { name: 'Spara status' }), 'Enter');
    await page.locator('.report-detail .status-badge').filter({ hasText: 'Åtgärdad' }).waitFor({ timeout: 30_000 });

    // Back as crew, online: the queued change is sent and refused (already resolved) → failed, translated.
    await switchPersona(page, 'crew');
    await openCrew();
    await outboxSummary().filter({ hasText: '1 ändring kunde inte skickas.' }).waitFor({ timeout: 30_000 });
    const failed = queuedItems().filter({ has: page.locator('[data-outbox-state="failed"]') });
    await expect(failed.locator('[data-outbox-state]').textContent()).resolves.toBe('Kunde inte skickas');
    await failed.locator('[role="alert"][data-error-code="transition_not_allowed"]').waitFor();
    await expect(failed.getByRole('alert').textContent()).resolves.toMatch(/^Din roll får inte göra den här statusändringen/);
    // Retry sends it again (refused again: one more attempt, failed again); discard takes it away.
    const attempts = Number(await failed.getAttribute('data-outbox-attempts'));
    expect(attempts).toBeGreaterThanOrEqual(1);
    await press(failed.getByRole('button', { name: 'Försök igen' }), 'Enter');
    const again = panel()
      .locator(`.crew-outbox-list [data-outbox-attempts="${attempts + 1}"]`)
      .filter({ has: page.locator('[data-outbox-state="failed"]') });
    await again.waitFor({ timeout: 30_000 });
    await again.locator('[data-error-code="transition_not_allowed"]').waitFor();
    await press(again.getByRole('button', { name: 'Ta bort' }), 'Enter');
    await queuedItems().first().waitFor({ state: 'detached', timeout: 30_000 });
    await expect(panel().locator('.crew-outbox').getAttribute('data-outbox-count')).resolves.toBe('0');
  });
});

/**
 * Reloads the page with the network off. The app has no service worker, so Chromium cannot fetch the app
 * itself without a network (ERR_INTERNET_DISCONNECTED); here the test hands the browser the built files from
 * the disk (as an installed app's cache would), while the network stays off for the page: navigator.onLine
 * is false and any other request fails.
 */
/**
 * While offline, the app's own files come "from the cache" (as an installed app's would): served from the build
 * until the network is back, also the chunks loaded lazily after the reload (a staff panel's), which under load
 * are requested only after the page is ready.
 */
const serveBuild = async (route: Route) => {
  const outDir = resolve(process.env.E2E_OUT_DIR ?? 'dist');
  const path = new URL(route.request().url()).pathname;
  const file = join(outDir, decodeURIComponent(path === '/' ? '/index.html' : path));
  if (!file.startsWith(outDir) || !existsSync(file)) return route.abort('internetdisconnected');
  return route.fulfill({ path: file });
};
let servingBuild = false;

async function reloadOffline() {
  const { page, context } = s;
  if (!servingBuild) await context.route(`${APP_URL}**`, serveBuild);
  servingBuild = true;
  await page.reload();
  await waitForApp(page);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
}

async function backOnline() {
  if (servingBuild) await s.context.unroute(`${APP_URL}**`, serveBuild);
  servingBuild = false;
  await s.context.setOffline(false);
}
