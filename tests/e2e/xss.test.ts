import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_PERSONAS } from '../../src/backend/local/personas';
import {
  confirmedReportId,
  cspViolations,
  describeAndSubmit,
  openApp,
  openSession,
  pressOn,
  queueReportsInOutbox,
  recordCspViolations,
  reportUpToDetails,
  screenshotOnFailure,
  startReportFlow,
  switchPersona,
  type Session,
} from './driver';

/**
 * Every payload, if it ever ran, sets `window.__xss`. They are stored as report descriptions (a few
 * through the form, the rest through the app's own outbox → api.submit_report path) and then rendered
 * in the detail panel, the "similar reports nearby" list and Mina rapporter.
 */
const X = 'window.__xss=1;alert(1)';
const PAYLOADS: string[] = [
  `<script>${X}</script>`,
  `<img src=x onerror="${X}">`,
  `\u202Egpj.exe<img src=x onerror=${X}> RTL-override`,
  `<svg onload="${X}"></svg>`,
  `<svg><script>${X}</script></svg>`,
  `javascript:${X}`,
  `<a href="javascript:${X}">klicka här</a>`,
  `<iframe src="javascript:${X}"></iframe>`,
  `<body onload=${X}>`,
  `"><script>${X}</script>`,
  `'><img src=x onerror=${X}>`,
  `\${${X}}`,
  `{{constructor.constructor('${X}')()}}`,
  `<%= ${X} %>`,
  `<math><mi xlink:href="javascript:${X}">x</mi></math>`,
  `<details open ontoggle="${X}">`,
  `<input autofocus onfocus="${X}">`,
  `<style>@import 'javascript:${X}';</style>`,
  `<object data="javascript:${X}"></object>`,
  `<div style="background:url(javascript:${X})">`,
  `&lt;script&gt;${X}&lt;/script&gt; &amp; &#60;img&#62;`,
  `<scr<script>ipt>${X}</scr</script>ipt>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${X}">`,
  `<template><img src=x onerror=${X}></template>`,
  `<img\u200Bsrc=x onerror=${X}>`,
  `<noscript><p title="</noscript><img src=x onerror=${X}>">`,
  `{{__proto__.polluted}} $t(errors.unexpected) {{- description}}`,
  // Very long: close to the 2,000-character limit.
  `<img src=x onerror=${X}>`.repeat(58).slice(0, 1990),
];
const VIA_FORM = 3;
const DISTRICT = 'Kulladal';
const CATEGORY = 'Sprutor';

let s: Session;
const dialogs: string[] = [];
/** The stored reports' ids, in PAYLOADS order. */
const ids: string[] = [];

/** A few payloads through the report form (resident), the rest through the outbox → submit_report (crew). */
async function storePayloads() {
  const { page } = s;
  for (const payload of PAYLOADS.slice(0, VIA_FORM)) {
    await reportUpToDetails(page, DISTRICT, CATEGORY);
    await describeAndSubmit(page, payload);
    ids.push(await confirmedReportId(page));
  }
  // The pin the form used (the district's interior point), from the last saved draft position.
  await reportUpToDetails(page, DISTRICT, CATEGORY);
  const pin = await page.evaluate(() => JSON.parse(localStorage.getItem('tk.report-draft.v1')!).pin as { lon: number; lat: number });
  await pressOn(page, page.getByRole('button', { name: 'Börja om' }), 'Enter').catch(() => undefined);
  await switchPersona(page, 'crew');
  const crew = STAFF_PERSONAS.find((p) => p.role === 'crew')!.userId;
  const rest = PAYLOADS.slice(VIA_FORM).map((description) => ({ id: crypto.randomUUID(), description }));
  await queueReportsInOutbox(
    page,
    crew,
    rest.map((r) => ({ ...r, category: 'syringes', lon: pin.lon, lat: pin.lat })),
  );
  // The outbox runner sends them; Mina rapporter then lists every one from the server.
  await pressOn(page, page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
  await page.waitForFunction(
    (n) => document.querySelectorAll('#tabpanel-mine li.report-mine-item:not([data-outbox-id])').length >= n,
    rest.length,
    { timeout: 90_000 },
  );
  expect(await page.locator('#tabpanel-mine [data-outbox-state="failed"]').count()).toBe(0);
  ids.push(...rest.map((r) => r.id));
  await switchPersona(page, 'resident');
}

beforeAll(async () => {
  s = await openSession();
  s.page.on('dialog', (d) => {
    // The app's own confirmations ("Börja om?") are expected; anything else came from a payload.
    if (d.type() === 'confirm' && /utkastet|Vill du/.test(d.message())) return void d.accept();
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await recordCspViolations(s.context);
  await openApp(s.page);
  await storePayloads();
}, 300_000);
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

/** Nothing from a payload became markup, nothing ran, no dialog opened, the CSP was never tripped. */
async function assertInert(where: string) {
  const found = await s.page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) {
        if (a.toLowerCase().startsWith('on')) bad.push(`${el.tagName}[${a}]`);
      }
      const href = el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('data') ?? '';
      if (/^\s*javascript:/i.test(href)) bad.push(`${el.tagName} javascript: URL`);
    }
    const tags = 'iframe, object, embed, svg script, math, template, marquee, meta[http-equiv="refresh"], body img, img[src="x"], input[autofocus], style:not([data-vite-dev-id])';
    for (const el of document.querySelectorAll(tags)) {
      if (el.tagName === 'IMG' && (el as HTMLImageElement).src.startsWith('blob:')) continue;
      if (el.tagName === 'STYLE' || el.tagName === 'IMG') {
        if (!el.closest('#main-panel')) continue; // MapLibre's own
      }
      bad.push(el.outerHTML.slice(0, 80));
    }
    const scripts = [...document.scripts].filter((sc) => !sc.src).map((sc) => sc.outerHTML.slice(0, 80));
    return { bad: [...bad, ...scripts], xss: (window as unknown as { __xss?: unknown }).__xss };
  });
  expect(found.xss, where).toBeUndefined();
  expect(found.bad, where).toEqual([]);
  expect(dialogs, where).toEqual([]);
  expect(await cspViolations(s.page), where).toEqual([]);
}

describe('XSS corpus in report descriptions', () => {
  it('stored every payload unchanged, through the form and through the outbox, and nothing ran', async () => {
    expect(ids).toHaveLength(PAYLOADS.length);
    await assertInert('after storing');
  });

  it('renders every payload literally in Mina rapporter', async () => {
    const { page } = s;
    await switchPersona(page, 'crew');
    await pressOn(page, page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
    await page.locator('#tabpanel-mine .report-mine-description').first().waitFor({ timeout: 30_000 });
    const crewTexts = await page.locator('#tabpanel-mine .report-mine-description').allTextContents();
    for (const p of PAYLOADS.slice(VIA_FORM)) expect(crewTexts).toContain(p);
    await switchPersona(page, 'resident');
    await page.locator('#tabpanel-mine .report-mine-description').filter({ hasText: 'RTL-override' }).waitFor({ timeout: 30_000 });
    const residentTexts = await page.locator('#tabpanel-mine .report-mine-description').allTextContents();
    for (const p of PAYLOADS.slice(0, VIA_FORM)) expect(residentTexts).toContain(p);
    await assertInert('Mina rapporter');
  });

  it('renders every payload literally in the report detail', async () => {
    const { page } = s;
    expect(ids).toHaveLength(PAYLOADS.length);
    for (const [i, id] of ids.entries()) {
      await page.evaluate((rid) => (location.hash = `#/report/${rid}`), id);
      const text = page.locator(`.report-detail .user-text`).first();
      await page.locator('.report-detail[aria-busy]').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
      await expect.poll(() => text.textContent(), { timeout: 30_000 }).toBe(PAYLOADS[i]);
    }
    await assertInert('report detail');
  });

  it('renders them literally in the "similar reports nearby" list (cut to 140 characters)', async () => {
    const { page } = s;
    await page.evaluate(() => (location.hash = '#/'));
    await reportUpToDetails(page, DISTRICT, CATEGORY).catch(() => undefined);
    // reportUpToDetails passes the nearby step; go back to it.
    await pressOn(page, page.getByRole('button', { name: 'Tillbaka' }), 'Enter');
    await page.locator('.report-nearby-description').first().waitFor({ timeout: 30_000 });
    const cut = (p: string) => Array.from(p).slice(0, 140).join('');
    // The list may first show a cached answer; it refreshes to all of ours (at most 20 are listed).
    const ours = async () =>
      (await page.locator('.report-nearby-description').allTextContents()).filter((t) =>
        PAYLOADS.some((p) => cut(p) === t || p === t),
      ).length;
    await expect.poll(ours, { timeout: 30_000, interval: 1_000 }).toBeGreaterThanOrEqual(Math.min(20, PAYLOADS.length) - 2);
    await assertInert('nearby list');
    await startReportFlow(page).catch(() => undefined);
  });
});
