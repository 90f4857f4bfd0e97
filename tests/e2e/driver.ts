import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium, never a downloaded browser; flags measured in ../shared/PLATFORM.md. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

export const APP_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:4173/';

/** A 2 × 2 vermillion PNG (a photo to attach). */
export const PNG_2X2 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGO4GscARAwQCgAk9gTNh3H5AwAAAABJRU5ErkJggg==',
  'base64',
);

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

function launch(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
}

/** Opens the app once in a new profile at `dir` and closes it when the embedded database and the service worker are ready (global setup). */
export async function bootedProfile(dir: string): Promise<void> {
  const context = await launch(dir);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await openApp(page);
    // And the service worker installed (it registers once the database is ready and precaches the build), so
    // every copy starts as a returning visitor's browser does, never with a worker half-way through installing.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  } finally {
    await context.close();
  }
}

/**
 * A browser profile of the test file's own, so IndexedDB (the embedded database) persists across reloads. It
 * starts as a copy of the profile the global setup booted (the database already loaded from the snapshot, as on
 * a second visit); `fresh: true` starts from nothing, as a first visit does.
 */
export async function openSession(opts: { fresh?: boolean } = {}): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), 'tk-e2e-'));
  const booted = opts.fresh ? undefined : inject('e2eProfile');
  if (booted) cpSync(booted, dir, { recursive: true });
  const context = await launch(dir);
  await recordOutboxFlushes(context);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Navigates and waits until the map has rendered and the embedded database is ready. */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(APP_URL + hash);
  await waitForApp(page);
}

export async function waitForApp(page: Page): Promise<void> {
  await page.locator('[data-map-ready="true"]').waitFor({ timeout: 60_000 });
  await page.locator('html[data-backend="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
}

// ---- shared flows (used by reliability.test.ts and xss.test.ts) ------------------------------------

/** Saves a picture of the page when the test that just ran failed (in test-results/, for CI's log). */
export async function screenshotOnFailure(
  page: Page,
  task: { name: string; result?: { state?: string } },
): Promise<void> {
  if (task.result?.state !== 'fail') return;
  const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  await page.screenshot({ path: `test-results/e2e-${name}.png` }).catch(() => undefined);
}

export type Locator = ReturnType<Page['locator']>;

/** Presses a key with focus on the locator: keyboard only, no pointer. */
export async function pressOn(page: Page, target: Locator, key: string): Promise<void> {
  await target.focus();
  await page.keyboard.press(key);
}

/**
 * Records every `securitypolicyviolation` (from the first script on, on every page of the context) in
 * `window.__cspViolations`; read them with cspViolations().
 */
export async function recordCspViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations?: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations!.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
}

/** Counts each outbox's `outbox:flushed` events (src/offline/outbox.ts) per page load in `window.__outboxFlushes`. */
async function recordOutboxFlushes(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const counts: Record<string, number> = {};
    (window as unknown as { __outboxFlushes: Record<string, number> }).__outboxFlushes = counts;
    window.addEventListener('outbox:flushed', (e) => {
      const name = String((e as CustomEvent).detail);
      counts[name] = (counts[name] ?? 0) + 1;
    });
  });
}

type OutboxName = 'reports' | 'crew';
const flushCount = (page: Page, name: OutboxName) =>
  page.evaluate((n) => (window as unknown as { __outboxFlushes?: Record<string, number> }).__outboxFlushes?.[n] ?? 0, name);

/**
 * Makes the outbox try to send now (as the browser's `online` event does) and waits until that attempt is over:
 * instead of sleeping "long enough" to see that nothing is sent while offline, or that nothing is sent twice.
 */
export async function outboxAttempted(page: Page, name: OutboxName): Promise<void> {
  // The outbox runs from the page's start; wait for its first look (after loading the queue) so ours is counted.
  await page.waitForFunction((n) => ((window as unknown as { __outboxFlushes?: Record<string, number> }).__outboxFlushes?.[n] ?? 0) > 0, name, {
    timeout: 30_000,
  });
  const before = await flushCount(page, name);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(
    ([n, b]) => ((window as unknown as { __outboxFlushes?: Record<string, number> }).__outboxFlushes?.[n as string] ?? 0) > (b as number),
    [name, before] as const,
    { timeout: 30_000 },
  );
}

export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

/** Opens the report tab on a fresh draft (Ny rapport / Börja om), with the map in pin mode. */
export async function startReportFlow(page: Page): Promise<void> {
  await pressOn(page, page.getByRole('tab', { name: 'Rapportera' }), 'Enter');
  for (const name of ['Ny rapport', 'Börja om']) {
    const button = page.getByRole('button', { name, exact: true });
    if (await button.isVisible()) {
      await pressOn(page, button, 'Enter');
      break;
    }
  }
  await page.locator('[data-pin-mode="true"]').waitFor({ timeout: 30_000 });
}

/** Place (a district's interior point) → category → past "similar reports" to the details step. */
export async function reportUpToDetails(page: Page, district: string, category: string): Promise<void> {
  await startReportFlow(page);
  await page.getByLabel('Sök delområde').focus();
  await page.keyboard.type(district);
  await pressOn(page, page.getByRole('option', { name: new RegExp(`^${district}`) }).first(), 'Enter');
  await pressOn(page, page.getByRole('button', { name: 'Bekräfta plats' }), 'Enter');
  await pressOn(page, page.getByRole('radio', { name: category }), 'Space');
  await pressOn(page, page.getByRole('button', { name: 'Nästa' }), 'Enter');
  const description = page.getByLabel('Beskrivning');
  const next = page.getByRole('button', { name: 'Nästa' });
  await Promise.race([description.waitFor({ timeout: 30_000 }), next.waitFor({ timeout: 30_000 })]);
  if ((await description.count()) === 0) await pressOn(page, next, 'Enter');
  await description.waitFor({ timeout: 30_000 });
}

/** Types the description (fill: payloads may be long) and presses "Skicka rapport". */
export async function describeAndSubmit(page: Page, description: string): Promise<void> {
  await page.getByLabel('Beskrivning').fill(description);
  await pressOn(page, page.getByRole('button', { name: 'Skicka rapport' }), 'Enter');
}

/** The id of the report just confirmed, from "Följ din rapport". */
export async function confirmedReportId(page: Page): Promise<string> {
  await page.getByText('Tack! Din rapport är mottagen').waitFor({ timeout: 30_000 });
  const href = await page.getByRole('link', { name: 'Följ din rapport' }).getAttribute('href');
  const id = /#\/report\/([0-9a-f-]{36})$/.exec(href ?? '')?.[1];
  if (!id) throw new Error(`no report id in ${href}`);
  return id;
}

/** Switches the local-mode persona (resident, crew, planner, …). */
export async function switchPersona(page: Page, role: string): Promise<void> {
  await page.getByRole('combobox', { name: /^Roll/ }).selectOption(role);
}

/**
 * Puts reports straight into the app's outbox (IndexedDB `trygghetskartan-outbox-reports`), as the form
 * does when offline; the app's outbox runner then sends them through api.submit_report as `owner`
 * (who must be the signed-in persona). No SQL, nothing exposed on window.
 */
export async function queueReportsInOutbox(
  page: Page,
  owner: string,
  reports: { id: string; category: string; lon: number; lat: number; description: string }[],
): Promise<void> {
  await page.evaluate(
    async ({ items, owner }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('trygghetskartan-outbox-reports');
        r.onupgradeneeded = () => r.result.createObjectStore('items');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction('items', 'readwrite');
      const now = Date.now();
      items.forEach((it, i) => {
        const payload = { ...it, observedAt: new Date(now - 60_000), source: 'resident', photoPath: null };
        const item = { id: it.id, owner, payload, blob: null, state: 'queued', attempts: 0, nextAttemptAt: 0 };
        tx.objectStore('items').put({ ...item, error: null, result: null, createdAt: now + i, updatedAt: now + i }, it.id);
      });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { items: reports, owner },
  );
}

/** The local-mode resident persona's user id in this browser profile. */
export function localResidentId(page: Page): Promise<string> {
  return page.evaluate(() => localStorage.getItem('trygghetskartan.local.residentId')!);
}
