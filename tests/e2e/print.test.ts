import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openSession, screenshotOnFailure, switchPersona, type Session } from './driver';
import { readPdf } from './pdf';

// Printing, as a committee reads it: the evidence pack, the annual follow-up and a measure, printed to A4 portrait
// and landscape by Chromium. The PDF is read back (pdfjs): its pages are A4, as many as the content needs (not one
// page shrunk to fit nor a clipped one), its text is the view's and lies on the page, starting at its left edge. The
// printed page as a PNG (print media, decoded by Chromium in a canvas) shows the basemap in the map: Malmö's land,
// the sea, the district outlines.

const A4 = { portrait: { width: 794, height: 1123 }, landscape: { width: 1123, height: 794 } } as const;
const A4_PT = { width: 595.28, height: 841.89 };
type Orientation = keyof typeof A4;

const COLORS = {
  land: [243, 241, 236],
  sea: [205, 219, 228],
  neighbour: [226, 222, 214],
} as const;

let s: Session;
beforeAll(async () => {
  s = await openSession();
  await openApp(s.page);
});
afterAll(async () => {
  await s.page.emulateMedia({ media: 'screen' });
  await s.close();
});
afterEach(async (ctx) => {
  await s.page.emulateMedia({ media: 'screen' });
  await s.page.setViewportSize({ width: 1280, height: 800 });
  await screenshotOnFailure(s.page, ctx.task);
});

/** Print media at the page's width, the layout settled (the maps measure their width and redraw). */
async function asPrinted(page: Page, orientation: Orientation): Promise<void> {
  await page.setViewportSize(A4[orientation]);
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

interface Pixels {
  width: number;
  height: number;
  /** Share of the map region's pixels in each basemap colour (± 3 per channel), and of grey line pixels. */
  map: Record<keyof typeof COLORS | 'lines', number>;
  /** Non-white pixels: the share in the left half of the page, and the leftmost and rightmost columns with any. */
  inkLeftShare: number;
  inkMinX: number;
  inkMaxX: number;
}

/** Decodes the PNG in Chromium (an image drawn into a canvas on a blank page of the same browser). */
async function readPng(png: Buffer, map: { x: number; y: number; width: number; height: number }): Promise<Pixels> {
  const blank = await s.context.newPage();
  try {
    return await blank.evaluate(
      async ({ data, map, colors }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(img, 0, 0);
        const all = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        let inkLeft = 0;
        let inkMinX = canvas.width;
        let inkMaxX = -1;
        for (let y = 0; y < canvas.height; y++)
          for (let x = 0; x < canvas.width; x++) {
            const k = 4 * (y * canvas.width + x);
            if (all[k]! > 245 && all[k + 1]! > 245 && all[k + 2]! > 245) continue;
            ink++;
            if (x < canvas.width / 2) inkLeft++;
            inkMinX = Math.min(inkMinX, x);
            inkMaxX = Math.max(inkMaxX, x);
          }
        const region = ctx.getImageData(Math.round(map.x), Math.round(map.y), Math.round(map.width), Math.round(map.height)).data;
        const counts: Record<string, number> = { land: 0, sea: 0, neighbour: 0, lines: 0 };
        const n = region.length / 4;
        for (let k = 0; k < region.length; k += 4) {
          const [r, g, b] = [region[k]!, region[k + 1]!, region[k + 2]!];
          for (const [name, c] of Object.entries(colors)) {
            if (Math.abs(r - c[0]!) <= 3 && Math.abs(g - c[1]!) <= 3 && Math.abs(b - c[2]!) <= 3) counts[name]! += 1;
          }
          // The district outlines: neutral grey, darker than any fill.
          if (Math.max(r, g, b) - Math.min(r, g, b) <= 8 && r >= 100 && r <= 200) counts.lines! += 1;
        }
        const share = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / n]));
        return {
          width: canvas.width,
          height: canvas.height,
          map: share as Pixels['map'],
          inkLeftShare: inkLeft / Math.max(1, ink),
          inkMinX,
          inkMaxX,
        };
      },
      { data: png.toString('base64'), map, colors: COLORS as unknown as Record<string, number[]> },
    );
  } finally {
    await blank.close();
  }
}

interface Expectation {
  /** Text the printed pages must contain (the first string on the first page). */
  texts: (string | RegExp)[];
  mapTestId: string;
  /** Least share of the map's pixels in Malmö's land colour and in the sea's (the city-wide map shows the coast). */
  land: number;
  sea: number;
}

async function checkPrint(orientation: Orientation, expect_: Expectation): Promise<void> {
  const { page } = s;
  await asPrinted(page, orientation);
  const map = page.getByTestId(expect_.mapTestId);
  await map.and(page.locator('[data-basemap="ready"]')).waitFor({ timeout: 30_000 });
  const box = (await map.boundingBox())!;
  const { width: pageWidth, height: pageHeight } = A4[orientation];
  // The map spans the page's width (it was a 336 px figure in the right half of it).
  expect(box.width, `${orientation}: map width`).toBeGreaterThan(pageWidth * 0.85);
  const contentHeight = await page.evaluate(() => document.documentElement.scrollHeight);

  const pdf = await page.pdf({ format: 'A4', landscape: orientation === 'landscape', printBackground: true });
  const pages = await readPdf(pdf);
  // As many pages as the content's height needs (a page more for blocks kept whole), never fewer.
  const needed = Math.ceil(contentHeight / pageHeight);
  expect(pages.length, `${orientation}: pages for ${contentHeight} px`).toBeGreaterThanOrEqual(needed);
  expect(pages.length, `${orientation}: pages for ${contentHeight} px`).toBeLessThanOrEqual(needed + 1);
  const size = orientation === 'portrait' ? A4_PT : { width: A4_PT.height, height: A4_PT.width };
  for (const p of pages) {
    expect(Math.abs(p.width - size.width), `${orientation}: page width ${p.width} pt`).toBeLessThan(2);
    expect(Math.abs(p.height - size.height), `${orientation}: page height ${p.height} pt`).toBeLessThan(2);
  }
  const [first] = expect_.texts;
  expect(pages[0]!.text).toMatch(first instanceof RegExp ? first : new RegExp(escape(first!)));
  const text = pages.map((p) => p.text).join(' ');
  for (const t of expect_.texts) expect(text).toMatch(t instanceof RegExp ? t : new RegExp(escape(t)));
  // The basemap's own text: a scale bar and the north arrow.
  expect(text).toMatch(/\b\d+ (m|km)\b/);
  expect(pages.some((p) => p.items.some((it) => it.str === 'N'))).toBe(true);
  // The text lies on the page and starts at its left edge: nothing cut off, nothing only in the right half.
  for (const p of pages) {
    for (const it of p.items) expect(it.x + it.width, `${orientation}: "${it.str}" ends off the page`).toBeLessThanOrEqual(p.width + 1);
    expect(Math.min(...p.items.map((it) => it.x)), `${orientation}: leftmost text`).toBeLessThan(p.width * 0.15);
  }

  const png = await page.screenshot({ fullPage: true });
  const px = await readPng(png, box);
  expect(px.width).toBe(pageWidth);
  expect(px.map.land, `${orientation}: Malmö's land in the map`).toBeGreaterThan(expect_.land);
  expect(px.map.sea, `${orientation}: sea in the map`).toBeGreaterThanOrEqual(expect_.sea);
  expect(px.map.lines, `${orientation}: district outlines in the map`).toBeGreaterThan(0.003);
  expect(px.inkMinX, `${orientation}: leftmost ink`).toBeLessThan(pageWidth * 0.1);
  expect(px.inkMaxX, `${orientation}: rightmost ink`).toBeGreaterThan(pageWidth * 0.8);
  expect(px.inkMaxX).toBeLessThan(pageWidth);
  expect(px.inkLeftShare, `${orientation}: share of the page's ink in its left half`).toBeGreaterThan(0.3);
}

const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the evidence pack (Planering)', () => {
  let title = '';
  beforeAll(async () => {
    await switchPersona(s.page, 'planner');
    await s.page.evaluate(() => {
      location.hash = '#/plan';
    });
    const panel = s.page.locator('#tabpanel-plan');
    const first = panel.getByRole('listitem').getByRole('button').first();
    await first.waitFor({ timeout: 60_000 });
    await first.click();
    await panel.getByRole('button', { name: 'Utskrivbar sammanfattning' }).click();
    const heading = panel.getByTestId('plan-print').getByRole('heading', { level: 2 });
    await heading.waitFor({ timeout: 30_000 });
    title = (await heading.textContent()) ?? '';
    expect(title).toMatch(/^Trygghetsunderlag: /);
    await panel.getByTestId('plan-print-assessment').or(panel.getByText('Ingen bedömning')).first().waitFor({ timeout: 60_000 });
    // Everything in it has arrived (the hot spots come last): measured earlier, the page grew before it printed.
    await panel.locator('[data-testid="plan-print"][aria-busy="false"]').waitFor({ timeout: 60_000 });
  });
  for (const orientation of ['portrait', 'landscape'] as const) {
    it(`prints on A4 ${orientation} with the basemap in the map`, async () => {
      await checkPrint(orientation, {
        texts: [title, 'Rapporter inom området', 'Antal rapporter'],
        mapTestId: 'plan-print-map',
        land: 0.2,
        sea: 0,
      });
    });
  }
});

describe('the annual follow-up (Strategi)', () => {
  const year = new Date().getFullYear();
  beforeAll(async () => {
    await switchPersona(s.page, 'strategist');
    await s.page.evaluate(() => {
      location.hash = '#/strategy/year';
    });
    const panel = s.page.locator('#tabpanel-strategy');
    await panel.getByTestId('year-total').waitFor({ timeout: 60_000 });
    await panel.getByTestId('hotspot-table').waitFor({ timeout: 90_000 });
  });
  for (const orientation of ['portrait', 'landscape'] as const) {
    it(`prints on A4 ${orientation} with the year's hotspots on the basemap`, async () => {
      await checkPrint(orientation, {
        texts: [`Årsuppföljning ${year}`, 'Rapporter under året', 'Öppna hotspots'],
        mapTestId: 'year-print-map',
        land: 0.15,
        sea: 0.05,
      });
    });
  }

  it("prints a challenge's actual risk on A4 portrait: the events this year and the year before, and their sources", async () => {
    // The seed's 'trafik' has the risk type 'injury'; the demo's events cover part of the years.
    await s.page.evaluate((y) => {
      location.hash = `#/strategy/year/${y}/trafik`;
    }, year);
    const risk = s.page.locator('#tabpanel-strategy').getByTestId('year-risk');
    await risk.waitFor({ timeout: 60_000 });
    await asPrinted(s.page, 'portrait');
    const pages = await readPdf(await s.page.pdf({ format: 'A4', printBackground: true }));
    const text = pages.map((p) => p.text).join(' ');
    // In the annual follow-up's part of the page (the action plans' follow-up above it shows it too). The PDF's
    // text splits the "fi" ligature ("tra fi kskador"), so the words checked have none.
    const annual = text.slice(text.indexOf(`Årsuppföljning ${year} – `));
    expect(annual).toMatch(new RegExp(`Faktisk risk: Alla [^]*Händelser i hela Malmö, ${year} mot ${year - 1}`));
    expect(annual).toMatch(/Källorna täcker (hela|bara)/);
    expect(annual).toMatch(/Källor /);
    for (const p of pages) {
      for (const it of p.items) expect(it.x + it.width, `"${it.str}" ends off the page`).toBeLessThanOrEqual(p.width + 1);
    }
  });
});

describe('the dashboard (Strategi)', () => {
  it('prints on A4 with the reports per km² on the basemap', async () => {
    await s.page.evaluate(() => {
      location.hash = '#/strategy/dashboard';
    });
    await s.page.locator('#tabpanel-strategy').getByTestId('district-table').waitFor({ timeout: 90_000 });
    await checkPrint('portrait', { texts: ['Utmaningar', 'Per område'], mapTestId: 'dashboard-print-map', land: 0, sea: 0.05 });
  });
});

describe('a measure (Strategi)', () => {
  it('prints the measure as filled in, with its place on the basemap (the page was blank)', async () => {
    const panel = s.page.locator('#tabpanel-strategy');
    await s.page.evaluate(() => {
      location.hash = '#/strategy/measures';
    });
    const edit = panel.getByRole('button', { name: /^Redigera: / }).first();
    await edit.waitFor({ timeout: 60_000 });
    const title = ((await edit.getAttribute('aria-label')) ?? '').replace(/^Redigera: /, '');
    await edit.click();
    await panel.getByRole('heading', { name: 'Redigera åtgärd' }).waitFor({ timeout: 30_000 });
    await asPrinted(s.page, 'portrait');
    await s.page.getByTestId('measure-print-map').and(s.page.locator('[data-basemap="ready"]')).waitFor({ timeout: 30_000 });
    const pages = await readPdf(await s.page.pdf({ format: 'A4', printBackground: true }));
    expect(pages[0]!.text).toMatch('Redigera åtgärd');
    expect(pages.map((p) => p.text).join(' ')).toMatch(/\b\d+ (m|km)\b/);
    const inputs = await s.page.evaluate(() => [...document.querySelectorAll('#tabpanel-strategy input, #tabpanel-strategy textarea')].map((e) => (e as HTMLInputElement).value));
    expect(inputs).toContain(title);
    // The title as printed (the PDF's text runs may split it differently: compare without spaces).
    expect(pages.map((p) => p.text).join('').replace(/\s+/g, '')).toContain(title.replace(/\s+/g, ''));
    // No button on paper.
    expect(await panel.getByRole('button', { name: 'Spara' }).isVisible()).toBe(false);
  });
});
