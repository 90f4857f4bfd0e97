import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh browser profile, so IndexedDB (the embedded database) starts empty and persists across reloads. */
export async function openSession(): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), 'tk-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
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
