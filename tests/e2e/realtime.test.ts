/**
 * Realtime in local mode, in real Chromium: two tabs of ONE browser profile share one embedded database
 * (PGliteWorker elects one leader tab whose worker runs PGlite; the other tab's queries and LISTEN go to it,
 * and the leader broadcasts every notification to all tabs).
 *
 * Page A: crew on the work list. Page B: first a second crew tab that opens the work list and leaves it
 * again (switching back to resident unmounts the crew panel, which unsubscribes), then a resident who files a
 * report through the normal UI. A's work list must show the new report without a reload or navigation.
 *
 * Why page B is crew first: both tabs share ONE PostgreSQL session in the leader's PGlite, so an
 * `UNLISTEN reports_changed` from B's unsubscribe silenced A too (found with this test; fixed in
 * src/backend/local/local-backend.ts, unit test in local-backend.test.ts).
 *
 * The resident UI ("Mina rapporter", the report detail) does not subscribe to report changes — only the
 * crew, planning and strategy panels do — so this test asserts only what the product promises: the crew side.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmedReportId,
  describeAndSubmit,
  openApp,
  pressOn,
  openSession,
  reportUpToDetails,
  screenshotOnFailure,
  switchPersona,
  type Session,
} from './driver';
import type { Page } from 'playwright-core';

let s: Session;
let a: Page;
let b: Page;
/** The report page B files in the first test. */
let reportId = '';

beforeAll(async () => {
  s = await openSession();
  a = s.page;
  // A first: its worker wins the election and runs the database (the snapshot is loaded once).
  await openApp(a);
  b = await s.context.newPage();
  b.on('pageerror', (e) => console.error('[pageerror B]', e.message));
  for (const [name, page] of [
    ['A', a],
    ['B', b],
  ] as const)
    page.on('console', (m) => m.type() === 'error' && console.error(`[console ${name}]`, m.text()));
  await openApp(b);
});
afterEach(async (ctx) => {
  await screenshotOnFailure(a, ctx.task);
  await screenshotOnFailure(b, { name: `page-B ${ctx.task.name}`, result: ctx.task.result });
});
afterAll(async () => {
  await s?.close();
});

const crewPanel = (page: Page) => page.locator('#tabpanel-crew');

async function openWorkList(page: Page): Promise<void> {
  await switchPersona(page, 'crew');
  await pressOn(page, page.getByRole('tab', { name: 'Arbetslista' }), 'Enter');
  await crewPanel(page)
    .getByRole('heading', { name: 'Arbetslista', level: 2 })
    .waitFor({ timeout: 60_000 });
  await crewPanel(page).locator('li.crew-item').first().waitFor({ timeout: 60_000 });
}

describe('realtime across two tabs of one profile (local mode)', () => {
  it("shows a resident's new report on the crew's work list in the other tab, without a reload", async () => {
    await openWorkList(a);
    // What just came in goes on top.
    await crewPanel(a).getByLabel('Ordning').selectOption('newest');
    // A reload or a navigation would lose this mark.
    await a.evaluate(
      () => ((window as unknown as { __realtimeMark?: string }).__realtimeMark = 'kept'),
    );
    const urlBefore = a.url();

    // B: a second crew tab opens the work list (subscribes) and leaves it (unsubscribes) …
    await openWorkList(b);
    await switchPersona(b, 'resident');
    await b
      .getByRole('tab', { name: 'Arbetslista' })
      .waitFor({ state: 'detached', timeout: 30_000 });

    // … then files a report as a resident, through the normal UI.
    const description = `Realtime e2e: mörk passage ${Date.now()}`;
    await reportUpToDetails(b, 'Möllevången', 'Trasig belysning');
    await describeAndSubmit(b, description);
    const id = await confirmedReportId(b);
    reportId = id;

    // A: the report appears on the work list by itself.
    const item = crewPanel(a).locator(`li.crew-item[data-report-id="${id}"]`);
    await item.waitFor({ timeout: 30_000 });
    await expect(item.textContent()).resolves.toContain(description);
    await crewPanel(a)
      .getByText(/nya? eller ändrade? rapport(er)? har kommit in/)
      .waitFor({ state: 'attached' });
    expect(
      await a.evaluate(() => (window as unknown as { __realtimeMark?: string }).__realtimeMark),
    ).toBe('kept');
    expect(a.url()).toBe(urlBefore);
  });

  it('shows a claim made in another crew tab on the work list, without a reload', async () => {
    // B becomes crew again (the same crew persona as A) and claims the report B filed as a resident.
    expect(reportId).toMatch(/^[0-9a-f-]{36}$/);
    await openWorkList(b);
    await crewPanel(b).getByLabel('Ordning').selectOption('newest');
    const inB = crewPanel(b).locator(`li.crew-item[data-report-id="${reportId}"]`);
    const inA = crewPanel(a).locator(`li.crew-item[data-report-id="${reportId}"]`);
    await inA.getByRole('button', { name: 'Ta uppdraget' }).waitFor({ timeout: 30_000 });

    await pressOn(b, inB.getByRole('button', { name: 'Ta uppdraget' }), 'Enter');
    await Promise.race([
      inB.getByRole('button', { name: 'Släpp uppdraget' }).waitFor({ timeout: 30_000 }),
      inB.getByRole('alert').waitFor({ timeout: 30_000 }),
    ]);
    expect(
      await inB.getByRole('alert').evaluateAll((els) => els.map((e) => e.textContent)),
    ).toEqual([]);

    // A: the claim arrives by itself (the notification refetches the list).
    await inA.getByRole('button', { name: 'Släpp uppdraget' }).waitFor({ timeout: 30_000 });
    expect(
      await a.evaluate(() => (window as unknown as { __realtimeMark?: string }).__realtimeMark),
    ).toBe('kept');
  });
});
