/**
 * The shell's layout in real Chromium (issues 13 and 17): on phones (360 × 740 and 390 × 844) a map-first layout —
 * a one-line header with the language and role behind "Meny", one row of tabs, a bottom sheet (lowered, half, full)
 * that the map ends above, all of Malmö in the first view — with no sideways overflow and touch targets of at least
 * 44 px, in Swedish and in Arabic (right to left); from 1024 px a staff area's wide workspace.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSession, screenshotOnFailure, switchPersona, waitForApp, APP_URL, type Session } from './driver';

const PHONES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
] as const;

let s: Session;
beforeAll(async () => {
  s = await openSession();
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

/** Opens the app afresh at a size and in a language (as a returning visitor who chose it). */
async function openAt(page: Page, size: { width: number; height: number }, lang: 'sv' | 'ar') {
  await page.setViewportSize(size);
  if (!page.url().startsWith(APP_URL)) await page.goto(APP_URL);
  await page.evaluate((l) => {
    localStorage.setItem('trygghetskartan.lang', l);
    // Each test starts from the map, with the legends as a first visit has them.
    for (const key of Object.keys(localStorage)) if (key.startsWith('trygghetskartan.legend.')) localStorage.removeItem(key);
    window.location.hash = '';
  }, lang);
  await page.reload();
  await waitForApp(page);
}

/** How far the page is wider than the screen (0: no sideways scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Every shown control of the shell (header, menu, sheet controls, tabs, legend toggles) smaller than 44 × 44 px. */
function smallTargets(page: Page) {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      ':is(.app-header, .sheet-bar, .tabs-row) :is(button, a[href], select, input, summary), .foldable-legend-toggle',
    );
    return [...controls]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
}

/** The distinct rows the tabs sit on (1: one row). */
const tabRows = (page: Page) =>
  page.evaluate(() => new Set([...document.querySelectorAll('[role="tab"]')].map((t) => Math.round(t.getBoundingClientRect().top))).size);

/** Bottom of the map area and top of the sheet, in px. */
const mapAndSheet = (page: Page) =>
  page.evaluate(() => ({
    mapBottom: document.querySelector('.map-area')!.getBoundingClientRect().bottom,
    sheetTop: document.querySelector('#main-panel')!.getBoundingClientRect().top,
  }));

/** "4 836 rapporter i vyn" → 4836 (read even while the lowered sheet hides the list). */
const reportsInView = (page: Page) =>
  page.evaluate(() => {
    const text = document.querySelector('.view-total')?.textContent ?? '';
    const digits = /\d[\d\s\u00a0]*/.exec(text)?.[0].replace(/\D/g, '');
    return digits ? Number(digits) : null;
  });

describe.each(PHONES)('a phone at $width × $height', (size) => {
  for (const lang of ['sv', 'ar'] as const) {
    it(`${lang}: one line of header, one row of tabs, targets of 44 px and nothing wider than the screen`, async () => {
      const page = s.page;
      await openAt(page, size, lang);
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(
        lang === 'ar' ? ['ar', 'rtl'] : ['sv', 'ltr'],
      );
      // The header is one line: the name, the demo badge and the menu button.
      const header = await page.locator('.app-header').boundingBox();
      expect(header!.height).toBeLessThanOrEqual(60);
      expect(await tabRows(page)).toBe(1);
      expect(await overflow(page)).toBe(0);
      expect(await smallTargets(page)).toEqual([]);

      for (const tab of lang === 'sv' ? ['Rapportera', 'Mina rapporter', 'Utforska'] : ['إبلاغ', 'بلاغاتي', 'استكشاف']) {
        await page.getByRole('tab', { name: tab }).click();
        expect(await tabRows(page), tab).toBe(1);
        expect(await overflow(page), tab).toBe(0);
        expect(await smallTargets(page), tab).toEqual([]);
      }
    });
  }

  it('keeps the language and the role behind "Meny", a disclosure that Escape closes', async () => {
    const page = s.page;
    await openAt(page, size, 'sv');
    const menu = page.getByRole('button', { name: 'Meny', exact: true });
    const role = page.getByRole('combobox', { name: /^Roll/ });
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
    expect(await role.isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await role.isVisible()).toBe(true);
    expect(await page.getByLabel('Språk', { exact: true }).isVisible()).toBe(true);
    expect(await overflow(page)).toBe(0);
    expect(await smallTargets(page)).toEqual([]);
    await role.focus();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await role.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Meny');
  });

  it('has a sheet with three heights, moved by buttons and keys, announced, and the map ending above it', async () => {
    const page = s.page;
    await openAt(page, size, 'sv');
    const app = page.locator('.app');
    const state = page.locator('#sheet-state');
    await expect.poll(() => app.getAttribute('data-sheet')).toBe('peek');
    // The lowered sheet leaves most of the screen to the map.
    const panel = await page.locator('#main-panel').boundingBox();
    expect(panel!.height).toBeLessThan(size.height * 0.2);

    await page.getByRole('button', { name: 'Större panel' }).click();
    await expect.poll(() => app.getAttribute('data-sheet')).toBe('half');
    await expect.poll(() => state.textContent()).toBe('Panelen täcker halva kartan');
    await expect.poll(async () => {
      const { mapBottom, sheetTop } = await mapAndSheet(page);
      return Math.abs(mapBottom - sheetTop) <= 1;
    }).toBe(true);

    const handle = page.getByRole('button', { name: /Panelens höjd/ });
    await handle.focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => app.getAttribute('data-sheet')).toBe('full');
    await expect.poll(() => state.textContent()).toBe('Panelen täcker hela skärmen');
    await page.keyboard.press('Home');
    await expect.poll(() => app.getAttribute('data-sheet')).toBe('peek');
    // Already lowest: the button says so (aria-disabled) and keeps its focus; pressing it changes nothing.
    const smaller = page.getByRole('button', { name: 'Mindre panel' });
    expect(await smaller.getAttribute('aria-disabled')).toBe('true');
    await smaller.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => app.getAttribute('data-sheet')).toBe('peek');

    // Opening a tab raises the lowered sheet half way, and the map still ends above it (the pin is never under it).
    await page.getByRole('tab', { name: 'Rapportera' }).click();
    await expect.poll(() => app.getAttribute('data-sheet')).toBe('half');
    await expect.poll(async () => {
      const { mapBottom, sheetTop } = await mapAndSheet(page);
      return Math.abs(mapBottom - sheetTop) <= 1;
    }).toBe(true);
    expect(await overflow(page)).toBe(0);
  });

  it('shows all of Malmö in the first view: zooming out finds no further report', async () => {
    const page = s.page;
    await openAt(page, size, 'sv');
    await expect.poll(() => reportsInView(page), { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await reportsInView(page);
    const map = page.locator('.tk-map');
    await map.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('-');
    // The list follows the map (debounced); after zooming out it counts the same reports.
    await expect.poll(() => page.evaluate(() => document.querySelector('.view-total')?.textContent ?? ''), { timeout: 30_000 }).not.toBe('');
    await expect.poll(() => reportsInView(page), { timeout: 30_000 }).toBe(first);
  });

  it('folds the "Åtgärdat" legend on a phone, and unfolds it on request', async () => {
    const page = s.page;
    await openAt(page, size, 'sv');
    const toggle = page.locator('.foldable-legend-toggle').first();
    await toggle.waitFor({ timeout: 60_000 });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.textContent()).toBe('Visa förklaring');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('a wide screen (1280 × 800)', () => {
  it('shows the header tools without a menu, and in Arabic puts the panel on the left, mirrored', async () => {
    const page = s.page;
    await openAt(page, { width: 1280, height: 800 }, 'ar');
    expect(await page.getByRole('button', { name: 'القائمة', exact: true }).isVisible()).toBe(false);
    expect(await page.getByLabel('اللغة', { exact: true }).isVisible()).toBe(true);
    const panel = await page.locator('#main-panel').boundingBox();
    expect(panel!.x).toBe(0);
    expect(await overflow(page)).toBe(0);
    await page.getByLabel('اللغة', { exact: true }).selectOption('sv');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['sv', 'ltr']);
    const ltrPanel = await page.locator('#main-panel').boundingBox();
    expect(ltrPanel!.x + ltrPanel!.width).toBe(1280);
  });

  it('gives a staff area a wide workspace beside the map, remembered for that tab', async () => {
    const page = s.page;
    await openAt(page, { width: 1280, height: 800 }, 'sv');
    await switchPersona(page, 'strategist');
    await page.getByRole('tab', { name: 'Strategi' }).click();
    const wide = page.getByRole('button', { name: 'Bred arbetsyta' });
    expect(await wide.getAttribute('aria-pressed')).toBe('false');
    const narrow = (await page.locator('#main-panel').boundingBox())!.width;
    await wide.click();
    expect(await wide.getAttribute('aria-pressed')).toBe('true');
    const panel = (await page.locator('#main-panel').boundingBox())!;
    const map = (await page.locator('.map-area').boundingBox())!;
    expect(panel.width).toBeGreaterThan(narrow * 1.5);
    expect(map.width).toBeGreaterThanOrEqual(360);
    expect(await overflow(page)).toBe(0);
    // Utforska is never wide; back on Strategi (and after a reload) the choice holds.
    await page.getByRole('tab', { name: 'Utforska' }).click();
    expect((await page.locator('#main-panel').boundingBox())!.width).toBe(narrow);
    await page.reload();
    await waitForApp(page);
    await page.getByRole('tab', { name: 'Strategi' }).click();
    expect(await page.getByRole('button', { name: 'Bred arbetsyta' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Bred arbetsyta' }).click();
    await switchPersona(page, 'resident');
  });
});
