import AxeBuilder from '@axe-core/playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_URL,
  openApp,
  openSession,
  pressOn,
  screenshotOnFailure,
  waitForApp,
  type Locator,
  type Session,
} from './driver';

// One browser profile for the whole file: the embedded database boots once (cold) and then persists.
let s: Session;
beforeAll(async () => {
  s = await openSession();
  s.page.on('dialog', (d) => void d.accept()); // "Börja om?" asks for confirmation
  await openApp(s.page);
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

/** Presses a key with focus on the locator: keyboard only, no pointer. */
const press = (target: Locator, key: string) => pressOn(s.page, target, key);

/** Opens the report tab on a fresh draft, with the map in pin mode. */
async function startReport() {
  const { page } = s;
  await press(page.getByRole('tab', { name: 'Rapportera' }), 'Enter');
  for (const name of ['Ny rapport', 'Börja om']) {
    const button = page.getByRole('button', { name, exact: true });
    if (await button.isVisible()) {
      await press(button, 'Enter');
      break;
    }
  }
  await page.locator('[data-pin-mode="true"]').waitFor({ timeout: 30_000 });
}

async function searchDistrict(name: string) {
  const { page } = s;
  await page.getByLabel('Sök delområde').focus();
  await page.keyboard.type(name);
  await press(page.getByRole('option', { name: new RegExp(`^${name}`) }).first(), 'Enter');
}

async function placePinByDistrict(name: string) {
  await startReport();
  await searchDistrict(name);
  await press(s.page.getByRole('button', { name: 'Bekräfta plats' }), 'Enter');
}

async function chooseCategory(name: string) {
  const { page } = s;
  await press(page.getByRole('radio', { name }), 'Space');
  await press(page.getByRole('button', { name: 'Nästa' }), 'Enter');
}

describe('resident, in local mode', () => {
  it('shows a map of Malmö on the offline basemap with the districts', async () => {
    const map = s.page.locator('[data-map-ready="true"]');
    await expect(map.getAttribute('data-basemap')).resolves.toBe('offline');
    const canvas = s.page.locator('canvas.maplibregl-canvas');
    expect(await canvas.count()).toBe(1);
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    await expect(s.page.getByText(/Malmö stad/).first().isVisible()).resolves.toBe(true);
  });

  it('labels the demo data as demo', async () => {
    await expect(s.page.getByText(/Demo/).first().isVisible()).resolves.toBe(true);
  });

  it('submits a report with the keyboard only, and it is still there after a reload', async () => {
    const { page } = s;
    const description = `Trasig lampa i gångtunneln ${Date.now()}`;
    await startReport();
    // Move the pin with the arrow keys on the focused map, then Enter: at the whole-city view that only zooms in
    // around the pin (one arrow step there is hundreds of metres); the second Enter confirms.
    const map = page.locator('[data-map-ready="true"]');
    await map.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByText(/Kartan zoomade in kring markören/).waitFor({ state: 'attached' });
    await expect(page.getByRole('heading', { name: /Steg 1 av 5/ }).count()).resolves.toBe(1);
    await page.keyboard.press('Enter');
    await chooseCategory('Trasig belysning');
    // Nearby reports may or may not exist here; go on to a new report either way.
    const next = page.getByRole('button', { name: 'Nästa' });
    if (await page.getByLabel('Beskrivning').count() === 0) await press(next, 'Enter');
    await page.getByLabel('Beskrivning').focus();
    await page.keyboard.type(description);
    await press(page.getByRole('button', { name: 'Skicka rapport' }), 'Enter');
    await page.getByText('Tack! Din rapport är mottagen').waitFor({ timeout: 30_000 });
    const follow = page.getByRole('link', { name: 'Följ din rapport' });
    expect(await follow.getAttribute('href')).toMatch(/#\/report\/[0-9a-f-]{36}$/);

    // Their own report: said so, and no "+1" to raise its priority with.
    await press(follow, 'Enter');
    await page.getByText('Det här är din rapport.').waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Trasig belysning', level: 2 }).waitFor({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: /Jag upplever också detta/ }).count()).resolves.toBe(0);

    await page.reload();
    await waitForApp(page);
    await press(page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
    await page.getByText(description).first().waitFor({ timeout: 30_000 });
    // The entry's parts are read apart: category, then the description, then the status.
    await page.getByRole('button', { name: new RegExp(`^Trasig belysning\\s*,\\s+${description}\\s*,\\s+Status: `) }).waitFor();
  });

  it('adds a support to a nearby report instead of filing a duplicate', async () => {
    const { page } = s;
    const description = `Krossat glas vid lekplatsen ${Date.now()}`;
    // First a resident files a report at a district's centre …
    await placePinByDistrict('Möllevången');
    await chooseCategory('Krossat glas');
    if (await page.getByLabel('Beskrivning').count() === 0) {
      await press(page.getByRole('button', { name: 'Nästa' }), 'Enter');
    }
    await page.getByLabel('Beskrivning').focus();
    await page.keyboard.type(description);
    await press(page.getByRole('button', { name: 'Skicka rapport' }), 'Enter');
    await page.getByText('Tack! Din rapport är mottagen').waitFor({ timeout: 30_000 });

    // … then someone else reports the same thing at the same place and supports it instead.
    await page.getByRole('combobox', { name: /^Roll/ }).selectOption('crew');
    await placePinByDistrict('Möllevången');
    await chooseCategory('Krossat glas');
    const item = page.getByRole('listitem').filter({ hasText: description });
    await item.waitFor({ timeout: 30_000 });
    await press(item.getByRole('button', { name: 'Jag upplever också detta' }), 'Enter');
    await page.getByText(/Tack! Ditt stöd är registrerat/).waitFor({ timeout: 30_000 });
  });

  it('places the report at the phone\'s position and derives the district in the database', async () => {
    const { page, context } = s;
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 55.5906, longitude: 13.0095 }); // Möllevångstorget
    await startReport();
    await press(page.getByRole('button', { name: 'Använd min position' }), 'Enter');
    // The position arrives asynchronously; confirming before it would (rightly) say "choose a place first".
    await page.getByText(/^Markören står nu på din position/).waitFor({ timeout: 30_000 });
    await press(page.getByRole('button', { name: 'Bekräfta plats' }), 'Enter');
    await chooseCategory('Full papperskorg');
    if ((await page.getByLabel('Beskrivning').count()) === 0) {
      await press(page.getByRole('button', { name: 'Nästa' }), 'Enter');
    }
    await page.getByLabel('Beskrivning').focus();
    await page.keyboard.type('Papperskorgen på torget är full igen');
    await press(page.getByRole('button', { name: 'Skicka rapport' }), 'Enter');
    await page.getByText('Tack! Din rapport är mottagen').waitFor({ timeout: 30_000 });
    await page.getByText(/Möllevången/).first().waitFor();
  });

  it('keeps a half-written draft through a reload', async () => {
    const { page } = s;
    await placePinByDistrict('Norra Sofielund');
    await chooseCategory('Klotter');
    if ((await page.getByLabel('Beskrivning').count()) === 0) {
      await press(page.getByRole('button', { name: 'Nästa' }), 'Enter');
    }
    await page.getByLabel('Beskrivning').focus();
    await page.keyboard.type('Klotter på hela muren');
    await page.reload();
    await waitForApp(page);
    await press(page.getByRole('tab', { name: 'Rapportera' }), 'Enter');
    await expect(page.getByLabel('Beskrivning').inputValue()).resolves.toBe('Klotter på hela muren');
    await expect(page.getByRole('radio', { name: 'Klotter' }).count()).resolves.toBe(0);
  });

  it('refuses a pin in the sea where it is placed, in Swedish, not at the last step', async () => {
    const { page } = s;
    await page.getByRole('combobox', { name: /^Roll/ }).selectOption('resident');
    // From the beach at Ribersborg (the map flies there at zoom 15, where 50 px ≈ 68 m) about 900 m
    // west: Öresund, still inside Malmö's envelope, so only the boundary itself can refuse it.
    await startReport();
    await searchDistrict('Ribersborgsstranden');
    await page.locator('[data-map-ready="true"]').focus();
    for (let i = 0; i < 14; i++) await page.keyboard.press('Shift+ArrowLeft');
    const alert = page.getByRole('alert').filter({ hasText: /utanför Malmö/ });
    await alert.first().waitFor({ timeout: 30_000 });
    // Enter (twice, in case the map was still flying in) does not take the place: still step 1.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /Steg 1 av 5/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('radio', { name: 'Nedskräpning' }).count()).resolves.toBe(0);
  });

  it('shows the keyboard focus on the map, with a crosshair where Enter puts the pin', async () => {
    const { page } = s;
    await startReport();
    const map = page.locator('[data-map-ready="true"]');
    // Focus from the keyboard (Tab from the control before it), so :focus-visible applies.
    await page.getByRole('button', { name: 'Bekräfta plats' }).focus();
    await map.focus();
    const look = () =>
      map.evaluate((el) => {
        const ring = getComputedStyle(el, '::after');
        const cross = getComputedStyle(el, '::before');
        const canvas = el.querySelector('canvas')!;
        return {
          focused: el.matches(':focus-visible'),
          ring: ring.content !== 'none' && ring.borderTopWidth !== '0px',
          ringAboveCanvas: Number(ring.zIndex) > (Number.parseInt(getComputedStyle(canvas).zIndex, 10) || 0),
          crosshair: cross.content !== 'none',
        };
      });
    const seen = await look();
    expect(seen.focused && seen.ring && seen.ringAboveCanvas).toBe(true);
    // The crosshair is there until a pin is placed (then the pin itself is the target).
    expect(seen.crosshair).toBe((await map.getAttribute('data-has-pin')) !== 'true');
  });

  it('has no serious accessibility violations at any step of the report flow (axe)', async () => {
    const { page } = s;
    const violations = async (step: string) => {
      const r = await new AxeBuilder({ page }).include('#tabpanel-report').analyze();
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${step}: ${v.id}`);
    };
    const found: string[] = [];
    await startReport();
    found.push(...(await violations('place')));
    await searchDistrict('Möllevången');
    await press(page.getByRole('button', { name: 'Bekräfta plats' }), 'Enter');
    found.push(...(await violations('category')));
    await press(page.getByRole('radio', { name: 'Trasig belysning' }), 'Space');
    found.push(...(await violations('category chosen')));
    await press(page.getByRole('button', { name: 'Nästa' }), 'Enter');
    await page.getByRole('heading', { name: /Steg (3|4) av 5/ }).waitFor();
    found.push(...(await violations('nearby or details')));
    if ((await page.getByLabel('Beskrivning').count()) === 0) {
      await press(page.getByRole('button', { name: 'Nästa' }), 'Enter');
      found.push(...(await violations('details')));
    }
    await press(page.getByRole('button', { name: 'Skicka rapport' }), 'Enter');
    await page.getByRole('alert').first().waitFor();
    found.push(...(await violations('details with an error')));
    expect(found).toEqual([]);
  });

  it('tells an anonymous visitor at the start, and signs them in anonymously to report', async () => {
    const { page } = s;
    await page.getByRole('combobox', { name: /^Roll/ }).selectOption('anon');
    await startReport();
    await page.getByText(/^Du är inte inloggad, och en rapport behöver en inloggning/).waitFor();
    await press(page.getByRole('button', { name: 'Logga in anonymt och rapportera' }), 'Enter');
    await expect.poll(() => page.getByRole('combobox', { name: /^Roll/ }).inputValue(), { timeout: 30_000 }).toBe('resident');
    await expect(page.getByText(/^Du är inte inloggad/).count()).resolves.toBe(0);
  });

  it('lets a resident delete their data: the reports stay, the link to them goes', async () => {
    const { page } = s;
    await page.getByRole('combobox', { name: /^Roll/ }).selectOption('resident');
    await press(page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
    const mine = page.getByRole('tabpanel', { name: 'Mina rapporter' });
    await mine.getByText(/Trasig lampa i gångtunneln/).first().waitFor({ timeout: 30_000 });
    await press(page.getByRole('button', { name: 'Radera mina uppgifter' }), 'Enter');
    await press(page.getByRole('button', { name: 'Ja, radera mina uppgifter' }), 'Enter');
    await page.getByRole('status').filter({ hasText: /inte längre kopplade till dig/ }).waitFor({ timeout: 30_000 });
    await expect.poll(() => mine.getByText(/Trasig lampa i gångtunneln/).count(), { timeout: 30_000 }).toBe(0);
  });
});

describe('resident, on a cold first visit (issue 13)', () => {
  let cold: Session;
  /** Lets the embedded database's snapshot through: until then the database cannot be ready. */
  let releaseDatabase: () => void = () => {};
  beforeAll(async () => {
    cold = await openSession({ fresh: true });
    const held = new Promise<void>((resolve) => (releaseDatabase = resolve));
    await cold.context.route('**/local-snapshot/**', async (route) => {
      await held;
      await route.continue();
    });
  });
  afterEach(async (ctx) => {
    await screenshotOnFailure(cold.page, ctx.task);
  });
  afterAll(async () => {
    releaseDatabase();
    await cold?.close();
  });

  it('asks the first question before the database is ready, and a report sent meanwhile goes once it is', async () => {
    const { page } = cold;
    await page.goto(APP_URL);
    await pressOn(page, page.getByRole('tab', { name: 'Rapportera' }), 'Enter');
    await page.getByRole('heading', { name: 'Steg 1 av 5: Var är det?' }).waitFor({ timeout: 30_000 });
    await expect(page.evaluate(() => document.documentElement.dataset.backend)).resolves.toBe('starting');

    await page.getByLabel('Sök delområde').focus();
    await page.keyboard.type('Möllevången');
    await pressOn(page, page.getByRole('option', { name: /^Möllevången/ }).first(), 'Enter');
    await pressOn(page, page.getByRole('button', { name: 'Bekräfta plats' }), 'Enter');
    // The categories come with the build, not from the database.
    await pressOn(page, page.getByRole('radio', { name: 'Trasig belysning' }), 'Space');
    await pressOn(page, page.getByRole('button', { name: 'Nästa' }), 'Enter');
    if ((await page.getByLabel('Beskrivning').count()) === 0) {
      await pressOn(page, page.getByRole('button', { name: 'Nästa' }), 'Enter');
    }
    await page.getByLabel('Beskrivning').focus();
    await page.keyboard.type('Gatlyktan vid torget är släckt');
    await pressOn(page, page.getByRole('button', { name: 'Skicka rapport' }), 'Enter');
    await page.getByRole('heading', { name: 'Steg 5 av 5: Din rapport skickas strax' }).waitFor({ timeout: 30_000 });
    await page.getByText('Väntar på databasen').waitFor();
    await expect(page.evaluate(() => document.documentElement.dataset.backend)).resolves.toBe('starting');

    releaseDatabase();
    await page.getByRole('heading', { name: 'Steg 5 av 5: Tack! Din rapport är mottagen' }).waitFor({ timeout: 150_000 });
    await pressOn(page, page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
    await page.getByText('Gatlyktan vid torget är släckt').first().waitFor({ timeout: 30_000 });
  });
});
