import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readRiskTable } from '../../src/features/strategy/risks/lib/risk-file';
import { stradaWorkbook } from '../../src/features/strategy/risks/lib/xlsx-writer.test-support';
import { openApp, openSession, pressOn, screenshotOnFailure, switchPersona, type Locator, type Session } from './driver';

// Strategi › Faktiska risker in local mode: the demo's reports and synthetic demo events are compared at once; a
// Strada-shaped CSV (tests/fixtures/risks, synthetic) is imported, compared and deleted again; the same export saved as
// Excel (.xlsx, written by the tests' own writer) is imported too.
const FIXTURES = join(__dirname, '../fixtures/risks');
const CLASS_NAMES = ['Båda höga', 'Upplevd hög, faktisk låg', 'Faktisk hög, upplevd låg', 'Båda låga', 'Inte signifikant'];

let s: Session;
beforeAll(async () => {
  s = await openSession();
  await openApp(s.page);
  await switchPersona(s.page, 'strategist');
  await pressOn(s.page, s.page.getByRole('tab', { name: 'Strategi' }), 'Enter');
  await panel().getByRole('heading', { name: 'Strategi', level: 2 }).waitFor({ state: 'attached', timeout: 60_000 });
  await s.page.evaluate(() => {
    location.hash = '#/strategy/risks';
  });
  await view().waitFor({ timeout: 30_000 });
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

const panel = () => s.page.locator('#tabpanel-strategy');
const view = () => panel().getByTestId('risks-view');
const press = (target: Locator, key: string) => pressOn(s.page, target, key);

/** Waits for a comparison and returns its table rows' classes. */
async function comparedClasses(): Promise<string[]> {
  const result = view().getByTestId('risks-result').or(view().getByTestId('risks-error'));
  await result.first().waitFor({ timeout: 120_000 });
  const error = view().getByTestId('risks-error');
  if (await error.isVisible()) throw new Error(`comparison failed: ${await error.textContent()}`);
  const shown = view().getByTestId('risks-result');
  console.log(`[risks e2e] comparison in the worker: ${await shown.getAttribute('data-compute-ms')} ms (${await shown.getAttribute('data-units')} units listed)`);
  return view().getByTestId('risks-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-class') ?? ''));
}

describe('actual risks beside perceived ones', () => {
  it('compares the demo reports with the demo events per cell: map legend, classes, a table with every drawn cell', async () => {
    const classes = await comparedClasses();
    expect(classes.length).toBeGreaterThan(0);
    // Every class count is written out, and the table's classes are among them.
    const counts = await view().getByTestId('risks-counts').locator('li').allTextContents();
    expect(counts.map((c) => c.replace(/:.*/, '').trim())).toEqual([
      'Upplevd hög, faktisk låg',
      'Faktisk hög, upplevd låg',
      'Båda höga',
      'Båda låga',
      'Inte signifikant',
    ]);
    const names = await view().getByTestId('risks-table').locator('tbody tr td:nth-child(4)').allTextContents();
    for (const n of names) expect(CLASS_NAMES).toContain(n.trim());
    // The map's legend box says what the classes suggest.
    await s.page.locator('.tk-legends').getByText(/belysning, skötsel och närvaro/).first().waitFor({ timeout: 30_000 });
    await s.page.locator('.tk-legends').getByText(/Dold fara/).first().waitFor();
    await expect(view().getByTestId('risks-global').textContent()).resolves.toMatch(/^Globalt bivariat Morans I = -?[\d,]+ \(p = /);
    // The finest cells (100 m: every cell of Malmö is a unit) still compare, in the worker.
    await view().getByTestId('risks-cell-size').selectOption('100');
    await s.page.waitForFunction(() => !document.querySelector('[data-testid="risks-result"]'), null, { timeout: 30_000 }).catch(() => undefined);
    expect((await comparedClasses()).length).toBeGreaterThan(0);
    await view().getByTestId('risks-cell-size').selectOption('200');
  });

  it('compares per delområde', async () => {
    await press(view().getByTestId('risks-unit-districts'), 'Space');
    await comparedClasses();
    await expect(view().getByTestId('risks-table').locator('caption').textContent()).resolves.toMatch(/av 136 visas/);
    await press(view().getByTestId('risks-unit-cells'), 'Space');
    await comparedClasses();
  });

  it('imports a Strada export: preview with refusals, provenance, then the source in the list and in the comparison', async () => {
    await view().getByTestId('risk-file').setInputFiles(join(FIXTURES, 'strada-malmo.csv'));
    await expect(view().getByTestId('risk-preview-summary').textContent()).resolves.toBe('6 händelser av 9 rader, från 2026-03-14 till 2026-10-23.');
    await expect(view().getByTestId('risk-refusals').locator('li').count()).resolves.toBe(3);
    await view().getByTestId('risk-name').fill('Strada e2e');
    await view().getByTestId('risk-provenance').fill('Syntetisk Strada-formad fil (tests/fixtures/risks)');
    const violations = (await new AxeBuilder({ page: s.page }).include('#tabpanel-strategy').analyze()).violations;
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await press(view().getByTestId('risk-import'), 'Enter');
    await view().getByText('6 händelser importerade.').waitFor({ timeout: 60_000 });
    const source = view().getByTestId('risk-source').filter({ hasText: 'Strada e2e' });
    await source.getByText(/6 händelser/).waitFor({ timeout: 30_000 });

    // The injuries are a choice of actual risk now; the comparison runs on them.
    const types = view().getByTestId('risks-types');
    await types.locator('option', { hasText: 'Alla trafikskador' }).waitFor({ state: 'attached' });
    await types.selectOption({ label: 'Alla trafikskador' });
    await comparedClasses();

    await press(source.getByTestId('risk-source-delete'), 'Enter');
    await press(source.getByTestId('risk-source-confirm'), 'Enter');
    await view().getByText('Strada e2e raderad (6 händelser).').waitFor({ timeout: 30_000 });
  });

  it('imports the same export saved as Excel (.xlsx): the reader loaded on demand, the same preview, the sheet chosen', async () => {
    const csv = readRiskTable('strada-malmo.csv', new Uint8Array(readFileSync(join(FIXTURES, 'strada-malmo.csv'))));
    await view()
      .getByTestId('risk-file')
      .setInputFiles({
        name: 'strada-malmo.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(stradaWorkbook(csv)),
      });
    await expect(view().getByTestId('risk-preview-summary').textContent()).resolves.toBe('6 händelser av 9 rader, från 2026-03-14 till 2026-10-23.');
    // A workbook of two sheets: the one with the rows is chosen, the other can be.
    const sheet = view().getByRole('combobox', { name: 'Excel-blad' });
    await expect(sheet.locator('option:checked').textContent()).resolves.toBe('Personer (9 rader)');
    await expect(sheet.locator('option').allTextContents()).resolves.toEqual(['Personer (9 rader)', 'Urval (1 rad)']);
    await expect(view().getByTestId('risk-encoding').count()).resolves.toBe(0);
    await view().getByTestId('risk-name').fill('Strada Excel e2e');
    await view().getByTestId('risk-provenance').fill('Syntetisk Strada-formad arbetsbok');
    await press(view().getByTestId('risk-import'), 'Enter');
    await view().getByText('6 händelser importerade.').waitFor({ timeout: 60_000 });
    const source = view().getByTestId('risk-source').filter({ hasText: 'Strada Excel e2e' });
    await source.getByText(/2026-03-14 till 2026-10-23/).waitFor({ timeout: 30_000 });
    await press(source.getByTestId('risk-source-delete'), 'Enter');
    await press(source.getByTestId('risk-source-confirm'), 'Enter');
    await view().getByText('Strada Excel e2e raderad (6 händelser).').waitFor({ timeout: 30_000 });
  });
});
