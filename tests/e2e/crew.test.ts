import AxeBuilder from '@axe-core/playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openSession, PNG_2X2, pressOn, screenshotOnFailure, switchPersona, type Locator, type Session } from './driver';

// One browser profile for the file: the embedded database boots once, then the crew works through it.
let s: Session;
beforeAll(async () => {
  s = await openSession();
  await openApp(s.page);
  await switchPersona(s.page, 'crew');
  await openCrewTab();
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

const panel = () => s.page.locator('#tabpanel-crew');
const press = (target: Locator, key: string) => pressOn(s.page, target, key);
const section = (name: string) => press(panel().getByRole('navigation').getByRole('link', { name, exact: true }), 'Enter');

async function openCrewTab() {
  await pressOn(s.page, s.page.getByRole('tab', { name: 'Arbetslista' }), 'Enter');
  await panel().getByRole('heading', { name: 'Arbetslista', level: 2 }).waitFor({ timeout: 60_000 });
}

async function computeHotspots() {
  await section('Hot spots');
  await press(panel().getByRole('button', { name: 'Beräkna hot spots' }), 'Enter');
  await panel().getByRole('heading', { name: /signifikant(a)? cell(er)?$/ }).waitFor({ timeout: 60_000 });
}

describe('crew: hot spots', () => {
  it('computes hot spots over Malmö, with a legend, the reading guide and the significant cells as text', async () => {
    await computeHotspots();
    const status = panel().getByRole('status').filter({ hasText: /celler à \d+ m, avståndsband \d+ m/ });
    await expect(status.textContent()).resolves.toMatch(/(\d+) hot spots och (\d+) cold spots/);
    // the map's legend box and the panel both explain the classes
    await expect(s.page.locator('.tk-legends').getByText('Hot spot, 99 % konfidens').count()).resolves.toBeGreaterThan(0);
    await panel().getByText('Så läser du kartan').waitFor();
    const rows = panel().locator('table.crew-table').first().locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    // demo data clusters reports, so at least one hot spot must be found; its row says the class in words
    await expect(rows.first().textContent()).resolves.toMatch(/Hot spot, (99|95|90) % konfidens/);
    // emerging: the rules are spelled out
    await expect(panel().getByText(/^Ny: en signifikant hot spot/).count()).resolves.toBe(1);
    // the density picture is off by default, and labelled as a picture when switched on
    expect(await s.page.locator('.tk-legends').getByText('Bild, inte ett test', { exact: false }).count()).toBe(0);
    await press(panel().getByLabel('Visa täthetskarta (bild, inte ett test)'), 'Space');
    await s.page.locator('.tk-legends').getByText('Täthet (bild, inte ett test)').waitFor({ timeout: 60_000 });
    await press(panel().getByLabel('Visa täthetskarta (bild, inte ett test)'), 'Space');
  });

  it('sizes the cells from the data so the inner city is not one blob, and hides the report symbols under the hexagons', async () => {
    // The suggested size (cellSizeFor on the demo data's sample): well under the 500 m at which the inner city was one
    // cell. Computed again with the field empty, the analysis runs at that size.
    const hint = panel().getByText(/^Tomt = förslag från data: \d+ m/);
    await hint.waitFor({ timeout: 60_000 });
    const size = Number(/data: (\d+) m/.exec((await hint.textContent()) ?? '')?.[1]);
    expect(size).toBeGreaterThanOrEqual(50);
    expect(size).toBeLessThanOrEqual(200);
    await press(panel().getByRole('button', { name: 'Beräkna hot spots' }), 'Enter');
    await panel().getByRole('status').filter({ hasText: new RegExp(`celler à ${size} m`) }).waitFor({ timeout: 60_000 });
    // Several separate hot cells, not one or two.
    const hot = panel().locator('table.crew-table').first().locator('tbody tr').filter({ hasText: /Hot spot/ });
    expect(await hot.count()).toBeGreaterThanOrEqual(5);
    // Only the hexagons (and the crew's own layers): the reports' clusters of every challenge are switched off, and
    // the layer switcher says so — and lets the crew tick them back.
    const lager = s.page.getByText('Lager', { exact: true });
    await pressOn(s.page, lager, 'Enter');
    const reports = s.page.getByRole('checkbox', { name: 'Rapporter', exact: true });
    expect(await reports.isChecked()).toBe(false);
    await pressOn(s.page, reports, 'Space');
    expect(await reports.isChecked()).toBe(true);
    await pressOn(s.page, reports, 'Space');
    await pressOn(s.page, lager, 'Enter');
  });

  it("opens a cell's reports from the table, and resolves the whole cell", async () => {
    const firstCell = panel().locator('table.crew-table').first().getByRole('button', { name: /^Visa rapporterna i / }).first();
    // cells are named by their district and its part, never by grid coordinates
    const cellName = ((await firstCell.textContent()) ?? '').trim();
    expect(cellName).toMatch(/^[A-ZÅÄÖ][^:]+, (nord|syd)?(västra|östra|norra|södra|mitten)/);
    await press(firstCell, 'Enter');
    const detail = panel().locator('.crew-cell');
    const heading = detail.getByRole('heading', { name: `${cellName}: Hot spot`, exact: false });
    await heading.waitFor();
    // the selected cell is outlined on the map (the crew's overlay, in the layer switcher's legend)
    await s.page.locator('.tk-layers').getByText('Vald cell').first().waitFor({ state: 'attached', timeout: 30_000 });
    const count = detail.getByRole('status').filter({ hasText: /öppn(a|en) rapport(er)? i cellen/ });
    await count.waitFor({ timeout: 30_000 });
    const before = Number(/(\d+)/.exec((await count.textContent()) ?? '')?.[1]);
    expect(before).toBeGreaterThan(0);
    expect(await detail.locator('.entry-list li').count()).toBe(before);

    // "Föreslå åtgärd" hands the cell to Strategi's new-measure form; coming back, the cell is still open
    await press(detail.getByRole('button', { name: 'Föreslå åtgärd' }), 'Enter');
    await s.page.waitForURL(/#\/strategy\/measures\/new/, { timeout: 30_000 });
    await press(s.page.getByRole('tab', { name: 'Arbetslista' }), 'Enter');
    await heading.waitFor();

    await press(detail.getByRole('button', { name: 'Lös alla i cellen' }), 'Enter');
    await detail.getByLabel('Anteckning (valfri)').fill('Städat hela kvarteret');
    await press(detail.getByRole('button', { name: 'Ja, markera som åtgärdade' }), 'Enter');
    // busy while it runs: a disabled button that says what it does
    const done = detail.getByText(/^\d+ rapport(er)? markerade? som åtgärdade?\.$/);
    const alerts = detail.getByRole('alert');
    await Promise.race([done.waitFor({ timeout: 30_000 }), alerts.first().waitFor({ timeout: 30_000 })]);
    // fail with the error's code, not a timeout, when change_status_many is refused
    expect(await alerts.evaluateAll((els) => els.map((e) => e.getAttribute('data-error-code')))).toEqual([]);
    expect(Number(/(\d+)/.exec((await done.textContent()) ?? '')?.[1])).toBe(before);
    await detail.getByText('0 öppna rapporter i cellen.').waitFor({ timeout: 30_000 });
  });
});

describe('crew: work list', () => {
  it('lists open reports in priority order with the reasons, claims one and changes its status with a note', async () => {
    await section('Arbetslista');
    const first = panel().locator('li.crew-item').first();
    await first.waitFor({ timeout: 30_000 });
    const id = await first.getAttribute('data-report-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(first.textContent()).resolves.toMatch(/Prioritet \d/);
    // after computing hot spots, the top of the list is explained by a hot spot, supports, age or category
    expect(await first.locator('.crew-reason-list li').count()).toBeGreaterThan(0);

    const item = panel().locator(`li.crew-item[data-report-id="${id}"]`);
    await press(item.getByRole('button', { name: 'Ta uppdraget' }), 'Enter');
    await item.getByRole('button', { name: 'Släpp uppdraget' }).waitFor({ timeout: 30_000 });
    await expect(item.textContent()).resolves.toContain('ditt uppdrag');
    // claiming starts the work: a new or confirmed report is now "Åtgärdas"
    await expect(item.getByRole('heading', { level: 3 }).textContent()).resolves.toMatch(/— Åtgärdas$/);

    await press(item.getByRole('button', { name: 'Ändra status' }), 'Enter');
    // (that a note is required, with the translated error, is work-list-section.component.test.tsx)
    await item.getByLabel('Ny status').selectOption({ label: 'Ingen åtgärd möjlig' });
    await item.getByLabel('Anteckning (krävs)').fill('Privat mark, hänvisat till fastighetsägaren');
    // a photo goes with the update: re-encoded in the browser, uploaded under the crew member's own folder
    await item.getByLabel('Foto (valfritt)').setInputFiles({ name: 'skylt.png', mimeType: 'image/png', buffer: PNG_2X2 });
    await press(item.getByRole('button', { name: 'Spara status' }), 'Enter');
    // closed: it leaves the open list
    await item.waitFor({ state: 'detached', timeout: 30_000 });

    // the report's history shows the change with its note and the photo, with a text alternative
    await s.page.evaluate((rid) => (location.hash = `#/report/${rid}`), id);
    const change = s.page.locator('.report-detail ol.history li').filter({ hasText: 'Privat mark, hänvisat till fastighetsägaren' });
    const photo = change.getByRole('img', { name: 'Foto från ändringen till Ingen åtgärd möjlig' });
    await photo.waitFor({ timeout: 30_000 });
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await openCrewTab();
  });

  it('files a field report in a few taps and sees it in the list', async () => {
    await section('Fältrapport');
    await press(panel().getByRole('button', { name: 'Nedskräpning' }), 'Enter');
    await press(panel().getByRole('button', { name: 'Kartans mitt' }), 'Enter');
    await panel().getByText(/^Kartans mitt: 55\.\d+, 1[23]\.\d+$/).waitFor();
    await panel().getByLabel('Beskrivning (valfri)').fill('Fältrapport från e2e: <b>inte fetstil</b>');
    await press(panel().getByRole('button', { name: 'Skicka fältrapport' }), 'Enter');
    await panel().getByText(/^Fältrapporten är skickad och finns i arbetslistan\. Platsen är markerad på kartan\.$/).waitFor({ timeout: 60_000 });
    // and marked on the map
    await s.page.locator('.tk-legends').getByText('Din senaste fältrapport').first().waitFor({ timeout: 30_000 });

    await section('Arbetslista');
    await panel().getByLabel('Ordning').selectOption('newest');
    const first = panel().locator('li.crew-item').first();
    await first.getByText('Fältrapport från e2e: <b>inte fetstil</b>').waitFor({ timeout: 30_000 });
    await expect(first.textContent()).resolves.toContain('fältrapport');
    // user text is text, never HTML
    expect(await first.locator('b').count()).toBe(0);
  });

  it('has no axe violations in the panel (work list and hot spots)', async () => {
    for (const name of ['Arbetslista', 'Hot spots']) {
      await section(name);
      const result = await new AxeBuilder({ page: s.page }).include('#tabpanel-crew').analyze();
      expect(result.violations.map((v) => `${name}: ${v.id} (${v.nodes.length})`)).toEqual([]);
    }
  });
});

/** On a phone the panel is the shell's bottom sheet: raise it to the full screen ("Större" until it cannot grow). */
async function raiseSheet() {
  const larger = s.page.getByRole('button', { name: /Större/ });
  for (let i = 0; i < 3 && (await larger.getAttribute('aria-disabled')) !== 'true'; i++) await press(larger, 'Enter');
}

describe('crew: on a phone', () => {
  it('works at 360 × 740: nothing wider than the screen, touch targets at least 44 px', async () => {
    await s.page.setViewportSize({ width: 360, height: 740 });
    await raiseSheet();
    await section('Arbetslista');
    await panel().locator('li.crew-item').first().waitFor({ timeout: 30_000 });
    const overflow = await s.page.evaluate(() => {
      const el = document.querySelector('#tabpanel-crew') as HTMLElement;
      return { scroll: el.scrollWidth, client: el.clientWidth };
    });
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
    const small = await panel()
      .locator('button:visible, select:visible, a.crew-nav-link:visible')
      .evaluateAll((els) =>
        els
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.height < 44 || r.width < 44)
          .map((r) => `${Math.round(r.width)}×${Math.round(r.height)}`),
      );
    expect(small).toEqual([]);
  });

  it('shows the work list first, and the map instead of it at a tap', async () => {
    // the list's first report is on the first screen, above the fold
    const first = panel().locator('li.crew-item').first();
    const top = await first.evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(740 - 100);
    expect(await panel().getByRole('button', { name: /^Filter/ }).getAttribute('aria-expanded')).toBe('false');

    await press(panel().getByRole('button', { name: 'Visa på kartan' }), 'Enter');
    await panel().getByText(/^Listans [\d\s]+ rapporter visas på kartan/).waitFor();
    await s.page.locator('.tk-legends').getByText('Arbetslistan').first().waitFor({ timeout: 30_000 });
    expect(await first.isVisible()).toBe(false);
    // the sheet gives the map the screen: at most half of it covered
    const sheet = await s.page.locator('#main-panel').evaluate((el) => el.getBoundingClientRect().height);
    expect(sheet).toBeLessThanOrEqual(740 / 2);

    await press(panel().getByRole('button', { name: 'Visa på kartan' }), 'Enter');
    await first.waitFor();
    expect(await s.page.locator('.tk-legends').getByText('Arbetslistan').count()).toBe(0);
    // the list back: the sheet has its own height again (full, as before)
    await s.page.waitForFunction(() => (document.querySelector('#main-panel')?.getBoundingClientRect().height ?? 0) > 740 / 2);
  });
});
