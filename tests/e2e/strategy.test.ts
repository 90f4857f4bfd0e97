import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openSession, pressOn, screenshotOnFailure, startReportFlow, switchPersona, type Locator, type Session } from './driver';
import { readPdf } from './pdf';

// One browser profile for the file: the embedded database boots once, then the strategist works through it.
let s: Session;
beforeAll(async () => {
  s = await openSession();
  await openApp(s.page);
  await switchPersona(s.page, 'strategist');
  await pressOn(s.page, s.page.getByRole('tab', { name: 'Strategi' }), 'Enter');
  await panel().getByRole('heading', { name: 'Strategi', level: 2 }).waitFor({ state: 'attached', timeout: 60_000 });
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

const panel = () => s.page.locator('#tabpanel-strategy');
const press = (target: Locator, key: string) => pressOn(s.page, target, key);
/** "1 234" (Swedish grouping with a no-break space) → 1234. */
const numberIn = async (l: Locator) => Number(((await l.textContent()) ?? '').replace(/\D/g, ''));
const nav = (name: string) => press(panel().getByRole('navigation').getByRole('link', { name }), 'Enter');

async function axeViolations(label: string) {
  const result = await new AxeBuilder({ page: s.page }).include('#tabpanel-strategy').analyze();
  return result.violations.map((v) => `${label}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const DOCUMENTED_VERDICTS = [
  'För få rapporter för att säga något.',
  'Rapporterna minskade i området jämfört med jämförelseområdet.',
  'Rapporterna ökade i området jämfört med jämförelseområdet.',
  'Ingen tydlig förändring jämfört med jämförelseområdet.',
];

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let measureTitle = '';
/** Reports linked to the new measure (the hot cell's open reports). */
let linked = -1;
const linkedText = (n: number) => (n === 1 ? '1 kopplad rapport' : `${n} kopplade rapporter`);

describe('strategist: challenge dashboard', () => {
  it('shows one challenge\'s numbers, and the month table adds up to the total and matches the chart', async () => {
    await nav('Utmaningar');
    await panel().getByRole('combobox', { name: 'Utmaning' }).selectOption({ label: 'Renhållning för ökad trygghet' });
    const started = Date.now();
    const total = panel().getByTestId('dashboard-total');
    await total.waitFor({ timeout: 60_000 });
    // Wait until the figures are for the chosen challenge (the query key changed).
    await s.page.waitForFunction(() => !document.querySelector('#tabpanel-strategy [role="status"]'));
    console.log(`[strategy e2e] dashboard for one challenge shown after ${Date.now() - started} ms`);
    const n = await numberIn(total);
    expect(n).toBeGreaterThan(0);
    const rows = panel().getByTestId('monthly-table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    const tableNumbers = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-month'), Number(tr.querySelectorAll('td')[0]!.textContent!.replace(/\D/g, ''))]),
    );
    const sum = tableNumbers.reduce((acc, [, v]) => acc + (v as number), 0);
    expect(sum).toBe(n);
    const chartNumbers = await panel()
      .getByTestId('monthly-chart')
      .locator('g[data-month]')
      .evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-month'), Number(g.getAttribute('data-reported'))]));
    expect(chartNumbers).toEqual(tableNumbers);
    // The chart has a text alternative and the districts are listed in a table as well as on the map.
    await expect(panel().getByRole('img', { name: /Rapporter och åtgärdade per månad/ }).count()).resolves.toBe(1);
    const districts = panel().getByTestId('district-table').locator('tbody tr');
    expect(await districts.count()).toBeGreaterThan(5);
    expect(await axeViolations('dashboard')).toEqual([]);
  });
});

describe('strategist: from an open hotspot to a measure', () => {
  it('opens the annual follow-up and creates a measure from a significant hot cell', async () => {
    const started = Date.now();
    await nav('Årsuppföljning');
    const year = new Date().getFullYear();
    await panel().getByRole('heading', { name: new RegExp(`^Årsuppföljning ${year} – `) }).waitFor({ timeout: 60_000 });
    await panel().getByTestId('year-total').waitFor({ timeout: 60_000 });
    expect(await numberIn(panel().getByTestId('year-total'))).toBeGreaterThan(0);
    const create = panel().getByTestId('hotspot-table').getByRole('button', { name: /^Skapa åtgärd för cell / }).first();
    await create.waitFor({ timeout: 60_000 });
    console.log(`[strategy e2e] annual follow-up with hot cells shown after ${Date.now() - started} ms`);
    expect(await axeViolations('follow-up')).toEqual([]);
    await press(create, 'Enter');

    await panel().getByRole('heading', { name: 'Ny åtgärd' }).waitFor({ timeout: 30_000 });
    // Focus moves to the form's heading, not lost with the button that disappeared.
    await s.page.waitForFunction(() => document.activeElement?.textContent === 'Ny åtgärd', null, { timeout: 10_000 });
    await panel().getByTestId('seed-note').getByText(/Från en hotspot-cell/).waitFor();
    const title = panel().getByLabel('Rubrik');
    expect(await title.inputValue()).toMatch(/^Åtgärd vid hotspot -?\d+:-?\d+$/);
    measureTitle = `${await title.inputValue()} e2e ${Date.now()}`;
    linked = await numberIn(panel().getByTestId('form-linked'));
    console.log(`[strategy e2e] the hot cell's open reports linked to the new measure: ${linked}`);
    await title.fill(measureTitle);
    await panel().getByLabel('Typ av åtgärd').selectOption('extra_cleaning');
    await panel().getByLabel('Ansvarig förvaltning').fill('Fastighets- och gatukontoret');
    await press(panel().getByRole('radio', { name: /2 Ja/ }).first(), 'Space');
    await panel().getByTestId('form-score').getByText('Poäng: 2 av 8').waitFor();
    expect(await axeViolations('form')).toEqual([]);
    await press(panel().getByRole('button', { name: 'Spara åtgärd' }), 'Enter');

    await panel().getByText(/Åtgärden är sparad/).waitFor({ timeout: 30_000 });
    const item = panel().getByTestId('measure-list').locator('li', { hasText: measureTitle });
    await item.waitFor({ timeout: 30_000 });
    await expect(item.textContent()).resolves.toMatch(/Föreslagen/);
    await expect(item.getByTestId('measure-score').textContent()).resolves.toBe('Poäng 2 av 8');
    await expect(item.textContent()).resolves.toMatch(/Från en hotspot-cell/);
    await expect(item.textContent()).resolves.toContain(linkedText(linked));
    expect(await axeViolations('measures')).toEqual([]);
  });

  it('shows the new measure in the annual follow-up and in the dashboard', async () => {
    await nav('Årsuppföljning');
    await panel().getByTestId('year-placed').getByText(measureTitle).waitFor({ timeout: 60_000 });
    await nav('Utmaningar');
    await panel().getByRole('combobox', { name: 'Utmaning' }).selectOption({ label: 'Renhållning för ökad trygghet' });
    const row = panel().getByTestId('dashboard-measures').locator('tr', { hasText: measureTitle });
    await row.waitFor({ timeout: 60_000 });
    await expect(row.textContent()).resolves.toMatch(/Föreslagen.*Fastighets- och gatukontoret.*2\/8/);
  });

  // The form's rules (a done measure needs a date, translated errors) are component tests
  // (measure-form.component.test.tsx); here the journey: edit, save, effect.
  it('marks it done a year ago and shows its effect with a documented verdict', async () => {
    await nav('Åtgärder');
    const listed = panel().getByTestId('measure-list').locator('li', { hasText: measureTitle });
    await press(listed.getByRole('button', { name: `Redigera: ${measureTitle}` }), 'Enter');
    await panel().getByRole('heading', { name: 'Redigera åtgärd' }).waitFor({ timeout: 30_000 });
    await panel().getByLabel('Status').selectOption('done');
    const aYearAgo = new Date();
    aYearAgo.setFullYear(aYearAgo.getFullYear() - 1);
    await panel().getByLabel(/Klar datum/).fill(isoDay(aYearAgo));
    await press(panel().getByRole('button', { name: 'Spara åtgärd' }), 'Enter');
    await panel().getByText(/Åtgärden är sparad/).waitFor({ timeout: 30_000 });
    const item = panel().getByTestId('measure-list').locator('li', { hasText: measureTitle });
    await item.getByText('Genomförd', { exact: true }).waitFor({ timeout: 30_000 });
    await press(item.getByRole('button', { name: `Effekt: ${measureTitle}` }), 'Enter');
    // Done a year ago, over a year of demo reports: the before window ends before the first report, so the view
    // states the data window and gives no verdict (it used to count the empty months as "för få rapporter").
    const refused = panel().getByTestId('effect-refused');
    await refused.waitFor({ timeout: 60_000 });
    await expect(refused.textContent()).resolves.toMatch(/^Ingen bedömning: före-perioden .+ slutar innan den första rapporten/);
    await expect(panel().getByTestId('effect-data-window').textContent()).resolves.toMatch(
      /^Rapporterna inom utmaningen finns från \d{1,2} \p{L}+ \d{4} till \d{1,2} \p{L}+ \d{4}\.$/u,
    );
    const cells = await panel().getByTestId('effect-table').locator('tbody td').allTextContents();
    expect(cells).toHaveLength(6);
    await panel().getByText('Så räknar vi').waitFor();
    expect(await axeViolations('effect')).toEqual([]);
  });

  it('a demo measure done where reports are dense shows a verdict inside the data window', async () => {
    await press(panel().getByRole('button', { name: 'Tillbaka till åtgärderna' }), 'Enter');
    await panel().getByRole('combobox', { name: /^Status/ }).selectOption('done');
    const demo = panel().getByTestId('measure-list').locator('li', { hasText: 'Genomförd' }).filter({ hasNotText: measureTitle });
    await demo.first().waitFor({ timeout: 30_000 });
    await press(demo.first().getByRole('button', { name: /^Effekt: / }), 'Enter');
    const verdict = panel().getByTestId('effect-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    const text = ((await verdict.textContent()) ?? '').replace(/^Bedömning:\s*/, '');
    expect(DOCUMENTED_VERDICTS.slice(1)).toContain(text); // not "För få rapporter"
    // 12 months before reach beyond a year of demo reports: the view says it used 6.
    await expect(panel().getByTestId('effect-window-shortened').textContent()).resolves.toMatch(/^12 månader före .* fönstret är 6 månader/);
    expect(await axeViolations('effect (demo)')).toEqual([]);
  });

  it('exports the annual follow-up as CSV with the measure in it', async () => {
    await nav('Årsuppföljning');
    await panel().getByTestId('year-placed').getByText(measureTitle).waitFor({ timeout: 60_000 });
    const [file] = await Promise.all([s.page.waitForEvent('download'), press(panel().getByRole('button', { name: 'Ladda ner CSV' }), 'Enter')]);
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(csv).toContain(measureTitle);
    // Swedish spreadsheet conventions: BOM, semicolons, the same columns on every row, names beside codes.
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^\uFEFFAvsnitt;Namn;Kod;Rapporter;/);
    expect(new Set(lines.map((l) => l.split(';').length)).size).toBe(1);
    expect(lines.find((l) => l.includes(measureTitle))).toMatch(/;(proposed;Föreslagen|done;Genomförd);extra_cleaning;Extra städning;/);
  });
});

describe('resident: completed measures on the map', () => {
  it('lists the done measure as "Åtgärdat" in the map\'s text list', async () => {
    await switchPersona(s.page, 'resident');
    const list = s.page.getByTestId('public-measures');
    await list.waitFor({ timeout: 60_000 });
    await list.getByRole('button', { name: measureTitle }).waitFor({ timeout: 60_000 });
    // The demo data's done measures are there too (supabase/demo/generate_demo_measures.sql).
    expect(await list.locator('li').count()).toBeGreaterThanOrEqual(2);
    await expect(list.textContent()).resolves.toMatch(/Åtgärdat \d/);
    await press(list.getByRole('button', { name: measureTitle }), 'Enter');
    await list.getByText('Rapporterna som ledde till åtgärden').waitFor();
    const detail = list.getByRole('region', { name: measureTitle });
    if (linked === 0) await detail.getByText('Inga rapporter kopplade.').waitFor();
    else {
      await expect(detail.getByRole('link', { name: /^Rapport \d+$/ }).count()).resolves.toBe(linked);
      await press(detail.getByRole('link', { name: 'Rapport 1', exact: true }), 'Enter');
      await s.page.waitForURL(/#\/report\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    }
  });
});

// Runs last: publishing a period changes the challenges every later step would see.
describe('strategist: the next strategy period', () => {
  const NEW_CHALLENGE = 'Belysning och mörka platser e2e';
  const year = new Date().getFullYear();
  let periodUrl = '';

  it('drafts the next period from the one in force, prioritises a new challenge, moves two categories to it and publishes it from today', async () => {
    await switchPersona(s.page, 'strategist');
    await pressOn(s.page, s.page.getByRole('tab', { name: 'Strategi' }), 'Enter');
    await nav('Strategin');
    const list = panel().getByTestId('periods-list');
    await list.waitFor({ timeout: 60_000 });
    await list.locator('li', { hasText: 'gäller nu' }).first().waitFor();
    expect(await axeViolations('periods')).toEqual([]);
    await panel().getByLabel('Utkastets namn').fill('Trygghetsstrategi e2e');
    await press(panel().getByRole('button', { name: 'Skapa utkast' }), 'Enter');

    await panel().getByRole('heading', { name: 'Redigera utkastet' }).waitFor({ timeout: 30_000 });
    periodUrl = s.page.url();
    expect(periodUrl).toMatch(/#\/strategy\/periods\/[0-9a-f-]{36}$/);
    await panel().getByLabel('Ny utmaning (namn på svenska)').fill(NEW_CHALLENGE);
    await press(panel().getByLabel('Ny utmaning (namn på svenska)'), 'Enter');
    const fresh = panel().getByRole('group', { name: NEW_CHALLENGE, exact: true });
    await press(fresh.getByRole('checkbox', { name: /^Prioriterad/ }), 'Space');
    await fresh.getByRole('combobox', { name: 'Förebyggande med långsiktig effekt' }).selectOption('3');
    await fresh.getByLabel('Motivering').fill('Mörka platser är det vanligaste skälet till otrygghet i rapporterna.');
    for (const category of ['Trasig belysning', 'Mörk plats']) {
      await panel().getByRole('combobox', { name: category, exact: true }).selectOption({ label: NEW_CHALLENGE });
    }
    await press(panel().getByRole('button', { name: 'Spara utkastet' }), 'Enter');
    await panel().getByText('Utkastet är sparat.').waitFor({ timeout: 30_000 });
    expect(await axeViolations('draft editor')).toEqual([]);

    await press(panel().getByRole('button', { name: 'Publicera …' }), 'Enter');
    const confirm = panel().getByTestId('publish-confirm');
    await confirm.getByText(/med 5 prioriterade utmaningar\?/).waitFor();
    await press(confirm.getByRole('button', { name: 'Ja, publicera' }), 'Enter');
    await panel().getByTestId('period-status').getByText(/^Publicerad, gäller nu/).waitFor({ timeout: 30_000 });
    const item = panel().getByTestId('challenge-map').locator(`li[data-challenge]`, { hasText: NEW_CHALLENGE });
    await expect(item.textContent()).resolves.toMatch(/Prioriterad.*Förebyggande med långsiktig effekt3.*Kategorier: (Trasig belysning, Mörk plats|Mörk plats, Trasig belysning)/);
    expect(await axeViolations('published period')).toEqual([]);
  });

  it('the resident\'s report form then offers the new challenge\'s categories', async () => {
    await switchPersona(s.page, 'resident');
    await startReportFlow(s.page);
    await s.page.getByLabel('Sök delområde').focus();
    await s.page.keyboard.type('Möllevången');
    await pressOn(s.page, s.page.getByRole('option', { name: /^Möllevången/ }).first(), 'Enter');
    await pressOn(s.page, s.page.getByRole('button', { name: 'Bekräfta plats' }), 'Enter');
    const group = s.page.getByRole('group', { name: NEW_CHALLENGE });
    await group.waitFor({ timeout: 30_000 });
    await expect(group.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.nextElementSibling?.textContent))).resolves.toEqual(
      expect.arrayContaining(['Trasig belysning', 'Mörk plats']),
    );
    expect(await group.getByRole('radio').count()).toBe(2);
  });

  it('an action plan for the new challenge is followed up in the year view, which prints on A4 and downloads as CSV', async () => {
    await switchPersona(s.page, 'strategist');
    await pressOn(s.page, s.page.getByRole('tab', { name: 'Strategi' }), 'Enter');
    await s.page.evaluate((url) => {
      location.hash = new URL(url).hash;
    }, periodUrl);
    await press(panel().getByRole('link', { name: `Skapa för ${year} – ${NEW_CHALLENGE}` }), 'Enter');
    await panel().getByRole('heading', { name: `Handlingsplan ${year} – ${NEW_CHALLENGE}` }).waitFor({ timeout: 30_000 });
    // Nothing is sent without a department: the refusal is shown in words.
    await press(panel().getByRole('button', { name: 'Spara handlingsplanen' }), 'Enter');
    await panel().getByTestId('plan-errors').getByText('Ange ansvarig förvaltning eller avdelning.').waitFor();
    await panel().getByLabel('Ansvarig förvaltning eller avdelning').fill('Fastighets- och gatukontoret');
    await panel().getByLabel('Mål', { exact: true }).fill('Halvera rapporterna om mörka platser');
    await press(panel().getByRole('button', { name: 'Lägg till indikator' }), 'Enter');
    const indicator = panel().getByRole('group', { name: /^Indikator 1/ });
    await indicator.getByLabel('Indikator', { exact: true }).fill('Trasiga gatlampor');
    await indicator.getByLabel('Enhet').fill('st');
    await indicator.getByLabel('Utgångsvärde').fill('120');
    await indicator.getByLabel('Mål', { exact: true }).fill('60');
    await press(panel().getByRole('button', { name: 'Lägg till aktivitet' }), 'Enter');
    const activity = panel().getByRole('group', { name: /^Aktivitet 1/ });
    await activity.getByLabel('Aktivitet', { exact: true }).fill('Byt armaturer i parkerna');
    await activity.getByLabel('Åtgärd i registret').selectOption({ label: measureTitle });
    await activity.getByLabel('Status', { exact: true }).selectOption('started');
    await press(panel().getByRole('button', { name: 'Spara handlingsplanen' }), 'Enter');
    await panel().getByText('Handlingsplanen är sparad.').waitFor({ timeout: 30_000 });
    expect(await axeViolations('action plan')).toEqual([]);

    await nav('Årsuppföljning');
    const plan = panel().getByTestId('plan-followup').getByRole('region', { name: `Fastighets- och gatukontoret – ${NEW_CHALLENGE}` });
    await plan.waitFor({ timeout: 60_000 });
    await plan.getByRole('row', { name: /Trasiga gatlampor 120 st 60 st –/ }).waitFor();
    await plan.getByRole('row', { name: new RegExp(`^Byt armaturer i parkerna Åtgärd: ${measureTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*Påbörjad`) }).waitFor();
    expect(await axeViolations('plan follow-up')).toEqual([]);

    const [file] = await Promise.all([
      s.page.waitForEvent('download'),
      press(panel().getByRole('button', { name: 'Ladda ner handlingsplanerna som CSV' }), 'Enter'),
    ]);
    const csv = readFileSync((await file.path())!, 'utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^\uFEFFdel;ansvarig;utmaning_kod;utmaning;/);
    expect(new Set(lines.map((l) => l.split(';').length)).size).toBe(1);
    expect(lines.some((l) => l.startsWith(`indikator;Fastighets- och gatukontoret;`) && l.includes(';Trasiga gatlampor;') && l.includes(';st;120;60;;'))).toBe(true);

    // On A4: the plan's text is on paper, the page is A4 and nothing of the app's chrome is.
    await s.page.setViewportSize({ width: 794, height: 1123 });
    await s.page.emulateMedia({ media: 'print' });
    try {
      expect(await panel().getByTestId('plan-followup').isVisible()).toBe(true);
      expect(await panel().getByRole('navigation').isVisible()).toBe(false);
      const pages = await readPdf(await s.page.pdf({ format: 'A4', printBackground: true }));
      for (const p of pages) {
        expect(Math.abs(p.width - 595.28)).toBeLessThan(2);
        expect(Math.abs(p.height - 841.89)).toBeLessThan(2);
      }
      const text = pages.map((p) => p.text).join(' ');
      expect(text).toContain(`Årsuppföljning ${year}: handlingsplanerna`);
      expect(text).toContain(`Fastighets- och gatukontoret – ${NEW_CHALLENGE}`);
      expect(text).toContain('Trasiga gatlampor');
      expect(text).not.toContain('Ladda ner handlingsplanerna som CSV');
    } finally {
      await s.page.emulateMedia({ media: 'screen' });
      await s.page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
