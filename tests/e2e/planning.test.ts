import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openSession, pressOn, screenshotOnFailure, switchPersona, type Locator, type Session } from './driver';

const FIXTURES = join(__dirname, '../fixtures/planning');

// One browser profile for the file: the embedded database boots once, then the planner works through it.
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
/** Waits for the success text, or fails at once with the error the panel shows instead. */
async function outcome(success: string, timeout = 240_000) {
  const done = panel().getByText(success);
  await done.or(panel().locator('.error-message')).first().waitFor({ timeout });
  if (!(await done.isVisible())) throw new Error(`panel shows: ${await panel().locator('.error-message').first().textContent()}`);
}
const numberIn = async (l: Locator) => Number(((await l.textContent()) ?? '').replace(/\D/g, ''));

async function axeViolations() {
  const result = await new AxeBuilder({ page: s.page }).include('#tabpanel-plan').analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function download(button: Locator): Promise<string> {
  const [file] = await Promise.all([s.page.waitForEvent('download'), press(button, 'Enter')]);
  return readFileSync((await file.path())!, 'utf8');
}

describe('planning: import', () => {
  it('reads the zipped Shapefile, shows the preview with its CRS, and imports every area', async () => {
    await press(panel().getByRole('button', { name: 'Importera fil' }), 'Enter');
    await panel().getByTestId('plan-file').setInputFiles(join(FIXTURES, 'detaljplaner-3006.zip'));
    const summary = panel().getByTestId('plan-file-summary');
    await summary.waitFor({ timeout: 30_000 });
    await expect(summary.textContent()).resolves.toMatch(/4 objekt, Shapefile, SWEREF 99 TM \(EPSG:3006\) \(från \.prj-filen\)/);
    // the mapping was guessed from the Swedish field names
    await expect(panel().getByLabel('Namn', { exact: true }).inputValue()).resolves.toBe('PLANNAMN');
    await expect(panel().getByLabel('Skede', { exact: true }).inputValue()).resolves.toBe('STATUS');
    const rows = panel().getByTestId('plan-preview').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(4);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/Nyhamnen etapp 1.*Samråd\/granskning.*Dp 5123/);
    await expect(rows.nth(2).textContent()).resolves.toMatch(/Sege Park.*Byggs/);
    await panel().getByTestId('plan-preview-status').getByText('4 kan importeras, 0 hoppas över.').waitFor();
    expect(await axeViolations()).toEqual([]);

    await press(panel().getByRole('button', { name: 'Importera 4 områden' }), 'Enter');
    await outcome('4 områden importerades.');
    await press(panel().getByRole('button', { name: 'Till listan' }), 'Enter');
    const list = panel().getByTestId('plan-list');
    // by name and plan id: the demo data has developments with similar names
    for (const [name, id] of [['Nyhamnen etapp 1', 'Dp 5123'], ['Hyllie centrum', 'Dp 5201'], ['Sege Park', 'Dp 5050'], ['Norra Sorgenfri', 'Dp 4990']])
      await list.getByRole('button', { name: new RegExp(`${name}.*${id}`) }).waitFor({ timeout: 30_000 });
  });

  it('refuses problems feature by feature and imports a repaired bow-tie only when accepted', async () => {
    await press(panel().getByRole('button', { name: 'Importera fil' }), 'Enter');
    await panel().getByTestId('plan-file').setInputFiles(join(FIXTURES, 'problems-3006.geojson'));
    await panel().getByTestId('plan-preview-status').getByText('1 kan importeras, 4 hoppas över.').waitFor({ timeout: 30_000 });
    await panel().getByText('Brunnshög (Lund) ligger utanför Malmö.').waitFor();
    await panel().getByText(/Objekt 3 saknar namn/).waitFor();
    await panel().getByText('Punkt, inte yta är ingen yta (polygon).').waitFor();
    await panel().getByText(/Rosengård bågen korsar sig själv/).waitFor();
    await panel().getByText('Efter reparation (2 delar)').waitFor();
    await panel().getByLabel('Använd den reparerade formen för Rosengård bågen').check();
    await panel().getByTestId('plan-preview-status').getByText('2 kan importeras, 3 hoppas över.').waitFor();
    await press(panel().getByRole('button', { name: 'Importera 2 områden' }), 'Enter');
    await outcome('2 områden importerades.');
    await press(panel().getByRole('button', { name: 'Till listan' }), 'Enter');
    await panel().getByTestId('plan-list').getByRole('button', { name: /Rosengård bågen/ }).waitFor({ timeout: 60_000 });
  });

  it('draws an area with the keyboard through the vertex table', async () => {
    await press(panel().getByRole('button', { name: 'Rita nytt område' }), 'Enter');
    const corners = [
      [13.0, 55.6],
      [13.004, 55.6],
      [13.004, 55.6025],
      [13.0, 55.6025],
    ];
    for (let i = 0; i < corners.length; i++) {
      await press(panel().getByRole('button', { name: 'Lägg till punkt' }), 'Enter');
      await panel().getByLabel(`Longitud för punkt ${i + 1}`).fill(String(corners[i]![0]));
      await panel().getByLabel(`Latitud för punkt ${i + 1}`).fill(String(corners[i]![1]));
    }
    await panel().getByLabel('Namn', { exact: true }).fill('Ritat kvarter');
    await panel().getByLabel('Skede', { exact: true }).selectOption('adopted');
    await press(panel().getByRole('button', { name: 'Spara området' }), 'Enter');
    await panel().getByRole('heading', { name: 'Ritat kvarter', level: 3 }).or(panel().locator('.error-message')).first().waitFor({ timeout: 120_000 });
    // An error shown instead of the saved area fails with its text.
    expect(await panel().locator('.error-message').allInnerTexts()).toEqual([]);
    await panel().getByRole('heading', { name: 'Ritat kvarter', level: 3 }).waitFor({ timeout: 1000 });
    await press(panel().getByRole('button', { name: 'Tillbaka till listan' }), 'Enter');
    await panel().getByTestId('plan-list').getByRole('button', { name: /Ritat kvarter.*Antagen/ }).waitFor();
  });
});

describe('planning: evidence, assessment and the pack', () => {
  it('selects a development and changes the buffer', async () => {
    await press(panel().getByTestId('plan-list').getByRole('button', { name: /Nyhamnen etapp 1.*Dp 5123/ }), 'Enter');
    await panel().getByRole('heading', { name: 'Nyhamnen etapp 1', level: 3 }).waitFor();
    const status = panel().getByTestId('plan-evidence-status');
    await status.getByText(/inom 250 m utanför/).waitFor({ timeout: 90_000 });
    const ring250 = await numberIn(panel().getByTestId('plan-ring-total'));
    const inside250 = await numberIn(panel().getByTestId('plan-inside-total'));
    await panel().getByRole('radio', { name: '500 m' }).check();
    await status.getByText(/inom 500 m utanför/).waitFor({ timeout: 90_000 });
    // a wider buffer holds at least the reports of the narrower ring; the inside count does not change
    expect(await numberIn(panel().getByTestId('plan-ring-total'))).toBeGreaterThanOrEqual(ring250);
    expect(await numberIn(panel().getByTestId('plan-inside-total'))).toBe(inside250);
    await panel().getByTestId('plan-rates').getByText('Hela Malmö').waitFor();
    // hot spots: either a table of touching cells or the sentence that there are none
    await panel().locator('[data-testid="plan-hotspots"], [data-testid="plan-hotspots-none"]').first().waitFor({ timeout: 120_000 });
    expect(await axeViolations()).toEqual([]);
  });

  it('saves an assessment as a new version', async () => {
    const lighting = panel().locator('fieldset[data-factor="belysning"]');
    await lighting.getByRole('radio', { name: '2' }).check();
    await lighting.getByLabel('Anteckning').fill('Mörk passage vid kajen, "=ingen formel"');
    await press(panel().getByRole('button', { name: 'Spara som ny version' }), 'Enter');
    const history = panel().getByTestId('plan-assessment-history');
    await history.locator('tbody tr').first().waitFor({ timeout: 120_000 });
    await expect(history.locator('tbody tr').first().textContent()).resolves.toMatch(/^1.*Planerare.*1 av 7/);
  });

  it('exports the reports and the area, and opens the printable summary', async () => {
    const inside = await numberIn(panel().getByTestId('plan-inside-total'));
    const ring = await numberIn(panel().getByTestId('plan-ring-total'));

    // the API lists at most 5,000 reports (inside first); the counts cover all
    const listed = Math.min(inside + ring, 5000);
    const csv = await download(panel().getByRole('button', { name: 'Rapporter (CSV)' }));
    // Swedish spreadsheet conventions: a BOM, ';' between fields, names beside codes, every row as wide as the header.
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    const header = lines[0]!.split(';');
    expect(header).toEqual(['id', 'lon', 'lat', 'challenge', 'challenge_name', 'category', 'category_name', 'status', 'status_name', 'observed_at_local', 'is_dark', 'supports', 'inside', 'distance_m']);
    expect(lines.length - 1).toBe(listed);
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(rows.filter((r) => r.length !== header.length)).toEqual([]);
    const col = (name: string) => header.indexOf(name);
    expect(rows.filter((r) => r[col('inside')] === 'true')).toHaveLength(Math.min(inside, 5000));
    expect(rows.filter((r) => !r[col('challenge_name')] || !r[col('status_name')])).toEqual([]);
    expect(rows.filter((r) => !/^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(r[col('observed_at_local')]!))).toEqual([]);

    const reports = JSON.parse(await download(panel().getByRole('button', { name: 'Rapporter (GeoJSON)' })));
    expect(reports.type).toBe('FeatureCollection');
    expect(reports.features).toHaveLength(listed);
    for (const f of reports.features) {
      expect(f.geometry.type).toBe('Point');
      const [lon, lat] = f.geometry.coordinates;
      expect(lon).toBeGreaterThan(12.8);
      expect(lon).toBeLessThan(13.2);
      expect(lat).toBeGreaterThan(55.5);
      expect(lat).toBeLessThan(55.7);
    }

    const area = JSON.parse(await download(panel().getByRole('button', { name: 'Området (GeoJSON)' })));
    expect(area.features[0].geometry.type).toBe('MultiPolygon');
    expect(area.features[0].properties).toMatchObject({ name: 'Nyhamnen etapp 1', plan_id: 'Dp 5123', phase: 'consultation' });

    // The same area in SWEREF 99 TM, on request: metres in Malmö's range, and the crs member says so.
    await panel().getByLabel('Koordinatsystem för GeoJSON').selectOption('sweref99tm');
    const metric = JSON.parse(await download(panel().getByRole('button', { name: 'Området (GeoJSON)' })));
    expect(JSON.stringify(metric.crs)).toContain('3006');
    const [e, n] = metric.features[0].geometry.coordinates[0][0][0];
    expect(e).toBeGreaterThan(360_000);
    expect(e).toBeLessThan(390_000);
    expect(n).toBeGreaterThan(6_150_000);
    expect(n).toBeLessThan(6_175_000);
    await panel().getByLabel('Koordinatsystem för GeoJSON').selectOption('wgs84');

    const cells = await download(panel().getByRole('button', { name: 'Celler (CSV)' }));
    expect(cells.slice(1).split('\r\n')[0]!.split(';')).toEqual(['cell_id', 'cell_m', 'q', 'r', 'reports', 'z', 'q_value', 'class', 'touches']);

    await press(panel().getByRole('button', { name: 'Utskrivbar sammanfattning' }), 'Enter');
    const print = panel().getByTestId('plan-print');
    await print.getByRole('heading', { name: 'Trygghetsunderlag: Nyhamnen etapp 1' }).waitFor();
    await print.getByRole('img', { name: /Karta över området med \d+ rapporter inom/ }).waitFor({ timeout: 30_000 });
    await expect(print.getByTestId('plan-print-assessment').textContent()).resolves.toMatch(/Belysning2Mörk passage vid kajen/);
    await s.page.emulateMedia({ media: 'print' });
    expect(await print.isVisible()).toBe(true);
    expect(await s.page.locator('.app-header').isVisible()).toBe(false);
    await s.page.emulateMedia({ media: 'screen' });
    expect(await axeViolations()).toEqual([]);
    await press(print.getByRole('button', { name: 'Stäng sammanfattningen' }), 'Enter');
    await panel().getByRole('heading', { name: 'Nyhamnen etapp 1', level: 3 }).waitFor();
  });
});
