/**
 * Installable and offline (issue 13): the web app manifest is linked and valid (Chromium's own installability
 * check), the service worker takes control of the page after the first visit, and with the network off a
 * reload still starts the app — the map, the embedded database and the report flow's first question — from
 * what the worker cached. A fresh profile: the first visit is the one that has to install it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, openApp, openSession, screenshotOnFailure, startReportFlow, waitForApp, type Session } from './driver';

let s: Session;

beforeAll(async () => {
  s = await openSession({ fresh: true });
  await openApp(s.page);
}, 180_000);

afterAll(async () => {
  await s?.close();
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('installable and offline', () => {
  it('links a valid web app manifest with icons and meets Chromium’s install criteria', async ({ task }) => {
    const { page, context } = s;
    try {
      const href = await page.locator('link[rel="manifest"]').getAttribute('href');
      expect(href).toBeTruthy();
      const manifestUrl = new URL(href!, APP_URL).href;
      const res = await page.request.get(manifestUrl);
      expect(res.ok()).toBe(true);
      const manifest = (await res.json()) as {
        name: string;
        short_name: string;
        lang: string;
        start_url: string;
        display: string;
        theme_color: string;
        icons: { src: string; sizes: string; type: string; purpose?: string }[];
      };
      expect(manifest).toMatchObject({ lang: 'sv', display: 'standalone', start_url: '/', theme_color: '#0b5394' });
      expect(manifest.name).toMatch(/Trygghetskartan/);
      expect(manifest.short_name.length).toBeLessThanOrEqual(15);
      for (const [size, purpose] of [
        [192, 'any'],
        [512, 'any'],
        [512, 'maskable'],
      ] as const) {
        const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && (i.purpose ?? 'any').split(' ').includes(purpose));
        expect(icon, `${size} px ${purpose} icon`).toBeDefined();
        const png = await page.request.get(new URL(icon!.src, manifestUrl).href);
        expect(png.ok()).toBe(true);
        expect(pngSize(await png.body())).toEqual([size, size]);
      }
      // Chromium's own reading of it: no parse errors and nothing that stops installation.
      const cdp = await context.newCDPSession(page);
      const parsed = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[]; url: string };
      expect(parsed.url).toBe(manifestUrl);
      expect(parsed.errors).toEqual([]);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      // Detached: a CDP session left open resets the offline emulation of navigator.onLine at the next load.
      await cdp.detach();
    } finally {
      await screenshotOnFailure(page, task);
    }
  });

  it('has a service worker controlling the page after the first visit', async ({ task }) => {
    const { page } = s;
    try {
      // Registered once the database is ready; it precaches the build (~45 MB) before it takes control.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      expect(scope).toBe(APP_URL);
    } finally {
      await screenshotOnFailure(page, task);
    }
  });

  it('starts with no network: the map, the database and the report flow’s first question', async ({ task }) => {
    const { page, context } = s;
    try {
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
      await context.setOffline(true);
      const response = await page.reload();
      expect(response?.ok()).toBe(true);
      await waitForApp(page);
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      // Really without a network: what the worker did not cache does not load.
      const uncached = await page.evaluate(() => fetch(`/not-cached-${Date.now()}`).then(() => 'loaded', () => 'failed'));
      expect(uncached).toBe('failed');
      await startReportFlow(page);
      await page.getByRole('heading', { name: 'Var är det?' }).waitFor({ timeout: 30_000 });
      await page.getByLabel('Sök delområde').waitFor({ timeout: 30_000 });
    } finally {
      await screenshotOnFailure(page, task);
      await context.setOffline(false);
    }
  });
});
