import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openSession, pressOn, screenshotOnFailure, switchPersona, type Locator, type Session } from './driver';

// The files planners really have (tests/fixtures/plans/README.md): a Latin-1 Shapefile that says so only in its
// dBase header, and a GeoPackage with several layers.
const PLANS = join(__dirname, '../fixtures/plans');

let s: Session;
beforeAll(async () => {
  s = await openSession();
  await openApp(s.page);
  await switchPersona(s.page, 'planner');
  await pressOn(s.page, s.page.getByRole('tab', { name: 'Planering' }), 'Enter');
  await panel().getByRole('heading', { name: 'Planering', level: 2 }).waitFor({ timeout: 60_000 });
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

const panel = () => s.page.locator('#tabpanel-plan');
const press = (target: Locator, key: string) => pressOn(s.page, target, key);
const status = () => panel().getByTestId('plan-preview-status');
/** Waits for the success text, or fails at once with the error the panel shows instead. */
async function outcome(success: string, timeout = 240_000) {
  const done = panel().getByText(success);
  await done.or(panel().locator('.error-message')).first().waitFor({ timeout });
  if (!(await done.isVisible())) throw new Error(`panel shows: ${await panel().locator('.error-message').first().textContent()}`);
}

describe('planning: importing the files planners have', () => {
  it('imports a Latin-1 Shapefile: the encoding from the LDID byte, shown with an example, changeable and back', async () => {
    await press(panel().getByRole('button', { name: 'Importera fil' }), 'Enter');
    await panel().getByTestId('plan-file').setInputFiles(join(PLANS, 'sv-latin1-ldid.zip'));
    const summary = panel().getByTestId('plan-file-summary');
    await summary.waitFor({ timeout: 30_000 });
    await expect(summary.textContent()).resolves.toMatch(/3 objekt, Shapefile, SWEREF 99 TM \(EPSG:3006\) \(från \.prj-filen\)/);
    const encoding = panel().getByTestId('plan-encoding');
    await expect(encoding.inputValue()).resolves.toBe('windows-1252');
    await panel().getByTestId('plan-encoding-source').getByText('Från dBase-huvudets språkbyte (LDID)').waitFor();
    await panel().getByTestId('plan-encoding-sample').getByText('Exempel: Västra hamnen, Kajplats 7').waitFor();
    await expect(panel().getByTestId('plan-axes-status').getAttribute('data-swapped')).resolves.toBe('false');
    const rows = panel().getByTestId('plan-preview').locator('tbody tr');
    await expect(rows.allTextContents()).resolves.toEqual([
      expect.stringMatching(/Västra hamnen, Kajplats 7.*Dp 5301/),
      expect.stringMatching(/Södra Innerstaden – Möllan.*Dp 5302/),
      expect.stringMatching(/Östra Hamnen, Håkanstorp.*Dp 5303/),
    ]);
    await status().getByText('3 kan importeras, 0 hoppas över.').waitFor();

    // Read as UTF-8 the names break (what the issue saw); the planner sees it in the example and goes back.
    await encoding.selectOption('utf-8');
    await panel().getByTestId('plan-encoding-source').getByText('Vald av dig').waitFor();
    await panel().getByTestId('plan-encoding-sample').getByText(/V\uFFFDstra hamnen/).waitFor();
    await encoding.selectOption('windows-1252');
    await rows.first().getByText(/Västra hamnen/).waitFor();

    const violations = (await new AxeBuilder({ page: s.page }).include('#tabpanel-plan').analyze()).violations;
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await press(panel().getByRole('button', { name: 'Importera 3 områden' }), 'Enter');
    await outcome('3 områden importerades.');
    await press(panel().getByRole('button', { name: 'Till listan' }), 'Enter');
    await panel().getByTestId('plan-list').getByRole('button', { name: /Södra Innerstaden – Möllan.*Dp 5302/ }).waitFor({ timeout: 60_000 });
  });

  it('imports a GeoPackage: its layers listed, another layer chosen, its CRS from the file', async () => {
    await press(panel().getByRole('button', { name: 'Importera fil' }), 'Enter');
    await panel().getByTestId('plan-file').setInputFiles(join(PLANS, 'gpkg/planomraden.gpkg'));
    const summary = panel().getByTestId('plan-file-summary');
    await summary.waitFor({ timeout: 60_000 });
    await expect(summary.textContent()).resolves.toMatch(/GeoPackage, SWEREF 99 TM \(EPSG:3006\) \(angivet i filen\)/);
    const layer = panel().getByTestId('plan-layer');
    await expect(layer.locator('option').allTextContents()).resolves.toEqual(['planområden', 'detaljplaner_wgs84', 'kvarter', 'plangräns_3d']);
    await layer.selectOption({ label: 'kvarter' });
    await panel().getByTestId('plan-crs-detected').getByText('Upptäckt: SWEREF 99 TM (EPSG:3006) (angivet i filen)').waitFor();
    // Its only field is 'beteckning', which the guess takes for the plan id: the planner maps it to the name.
    await panel().getByLabel('Namn', { exact: true }).selectOption('beteckning');
    const rows = panel().getByTestId('plan-preview').locator('tbody tr');
    await expect(rows.allTextContents()).resolves.toEqual([expect.stringMatching(/Kv\. Gåsen/)]);
    await status().getByText('1 kan importeras, 0 hoppas över.').waitFor();
    await press(panel().getByRole('button', { name: 'Importera 1 område' }), 'Enter');
    await outcome('1 område importerades.');
    await press(panel().getByRole('button', { name: 'Till listan' }), 'Enter');
    await panel().getByTestId('plan-list').getByRole('button', { name: /Kv\. Gåsen/ }).waitFor({ timeout: 60_000 });
  });
});
