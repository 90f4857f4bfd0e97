/**
 * Reports on the map before the embedded database is ready. The engine is held back by stalling the download of its
 * PostGIS bundle (`local-snapshot/postgis.tar.gz`, fetched by the database worker on every start, first visit or
 * not) until the test lets it go. Meanwhile the map must show the reports of the first view — on a first visit from
 * the cells shipped beside the snapshot, on a reload from the cached live answer — and when the database is ready
 * the live answer must take over with the same count, with nothing in between (no empty map, no other number).
 *
 * `html[data-map-reports]` is the sum of the counts the map was given and `data-map-reports-from` where they came
 * from (src/app/use-map-reports.ts); every value they take is recorded from the first script on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_URL, CHROMIUM_ARGS, screenshotOnFailure } from './driver';

const RECORD_MAP_REPORTS = `(() => {
  const seen = (window.__mapReports = []);
  const record = () => {
    const root = document.documentElement;
    if (!root || root.dataset.mapReports === undefined) return;
    const value = root.dataset.mapReportsFrom + ':' + root.dataset.mapReports;
    if (seen[seen.length - 1] !== value) seen.push(value);
  };
  new MutationObserver(record).observe(document, { subtree: true, attributes: true,
    attributeFilter: ['data-map-reports', 'data-map-reports-from'] });
})();`;

interface Run {
  context: BrowserContext;
  page: Page;
  /** Stalls the engine's PostGIS download until `release()`. */
  hold(): void;
  release(): void;
  dir: string;
}

let run: Run | null = null;

async function open(viewport: { width: number; height: number }): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'tk-e2e-cells-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    // Requests a service worker answers never reach page.route; without one, the worker's download does.
    serviceWorkers: 'block',
  });
  await context.addInitScript(RECORD_MAP_REPORTS);
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  await context.route('**/local-snapshot/postgis.tar.gz', async (route) => {
    await gate;
    await route.continue();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  run = {
    context,
    page,
    dir,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
  };
  return run;
}

afterEach(async ({ task }) => {
  if (!run) return;
  await screenshotOnFailure(run.page, task);
  await run.context.close();
  rmSync(run.dir, { recursive: true, force: true });
  run = null;
});

const attr = (page: Page, name: string) => page.evaluate((n) => document.documentElement.getAttribute(n), name);
const seen = (page: Page) => page.evaluate(() => (window as unknown as { __mapReports: string[] }).__mapReports);

/** Waits for the early reports (from `from`), lets the engine go, waits for the live ones; returns the counts. */
async function handOver(r: Run, from: 'shipped' | 'cache'): Promise<{ early: number; live: number; values: string[] }> {
  const { page } = r;
  await page.locator('[data-map-ready="true"]').waitFor({ timeout: 60_000 });
  await page.locator(`html[data-map-reports-from="${from}"]`).waitFor({ state: 'attached', timeout: 60_000 });
  // Still held back: these reports cannot have come from the database.
  expect(await attr(page, 'data-backend')).toBe('starting');
  const early = Number(await attr(page, 'data-map-reports'));
  // The map's text equivalent (Utforska's list) says the same number, marked as not yet live.
  const total = page.locator('.view-total');
  expect((await total.textContent())?.replace(/\D/g, '')).toBe(String(early));
  expect(await page.locator('.view-total-row').textContent()).toContain('senaste uppdateringen');
  r.release();
  await page.locator('html[data-backend="ready"]').waitFor({ state: 'attached', timeout: 120_000 });
  await page.locator('html[data-map-reports-from="live"]').waitFor({ state: 'attached', timeout: 60_000 });
  const live = Number(await attr(page, 'data-map-reports'));
  return { early, live, values: await seen(page) };
}

describe('reports on the map before the database is ready', () => {
  for (const viewport of [
    { width: 360, height: 740 },
    { width: 1280, height: 800 },
  ]) {
    it(`at ${viewport.width} × ${viewport.height}: the shipped cells on a first visit, the cached ones on a reload, the same count live`, async () => {
      const r = await open(viewport);
      r.hold();
      await r.page.goto(APP_URL);
      const first = await handOver(r, 'shipped');
      expect(first.early).toBeGreaterThan(0);
      expect(first.live).toBe(first.early);
      // From the first early value on: only that count, shipped then live (no empty map, no other number between).
      const fromShipped = first.values.slice(first.values.findIndex((v) => v.startsWith('shipped:')));
      expect(fromShipped).toEqual([`shipped:${first.early}`, `live:${first.early}`]);

      // A reload: the database is stored now, so the shipped file no longer applies; the cached live answer does.
      r.hold();
      await r.page.reload();
      const again = await handOver(r, 'cache');
      expect(again.early).toBe(first.live);
      expect(again.live).toBe(again.early);
      const fromCache = again.values.slice(again.values.findIndex((v) => v.startsWith('cache:')));
      expect(fromCache).toEqual([`cache:${again.early}`, `live:${again.early}`]);
    });
  }
});
