import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openSession, waitForApp, type Session } from './driver';

// One browser profile for the whole file: the embedded database boots once (cold) and then persists.
let s: Session;
beforeAll(async () => {
  s = await openSession();
  await openApp(s.page);
});
afterAll(async () => {
  await s?.close();
});

/** Presses a key with focus on the locator: keyboard only, no pointer. */
async function press(selector: ReturnType<Session['page']['locator']>, key: string) {
  await selector.focus();
  await s.page.keyboard.press(key);
}

async function placePinByDistrict(name: string) {
  const { page } = s;
  await press(page.getByRole('tab', { name: 'Rapportera' }), 'Enter');
  const search = page.getByLabel('Sök delområde');
  await search.focus();
  await page.keyboard.type(name);
  await press(page.getByRole('option', { name: new RegExp(`^${name}`) }).first(), 'Enter');
  await press(page.getByRole('button', { name: 'Bekräfta plats' }), 'Enter');
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
    await press(page.getByRole('tab', { name: 'Rapportera' }), 'Enter');
    // Move the pin with the arrow keys on the focused map, then confirm with Enter.
    const map = page.locator('[data-map-ready="true"]');
    await map.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
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

    await page.reload();
    await waitForApp(page);
    await press(page.getByRole('tab', { name: 'Mina rapporter' }), 'Enter');
    await page.getByText(description).first().waitFor({ timeout: 30_000 });
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
    await press(page.getByRole('button', { name: 'Ny rapport' }), 'Enter');

    // … then someone else reports the same thing at the same place and supports it instead.
    await page.getByLabel(/Roll/).selectOption('crew');
    await placePinByDistrict('Möllevången');
    await chooseCategory('Krossat glas');
    const item = page.getByRole('listitem').filter({ hasText: description });
    await item.waitFor({ timeout: 30_000 });
    await press(item.getByRole('button', { name: 'Jag upplever också detta' }), 'Enter');
    await page.getByText(/Tack! Ditt stöd är registrerat/).waitFor({ timeout: 30_000 });
  });

  it('explains in Swedish when the place is outside Malmö', async () => {
    const { page } = s;
    await page.getByLabel(/Roll/).selectOption('resident');
    await press(page.getByRole('tab', { name: 'Rapportera' }), 'Enter');
    const map = page.locator('[data-map-ready="true"]');
    await map.focus();
    // From the centre of Malmö, far west over Öresund.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: /utanför Malmö/ });
    if ((await alert.count()) === 0) {
      await chooseCategory('Nedskräpning');
      if (await page.getByLabel('Beskrivning').count() === 0) {
        await press(page.getByRole('button', { name: 'Nästa' }), 'Enter');
      }
      await page.getByLabel('Beskrivning').focus();
      await page.keyboard.type('Skräp på vattnet');
      await press(page.getByRole('button', { name: 'Skicka rapport' }), 'Enter');
    }
    await alert.first().waitFor({ timeout: 30_000 });
  });
});
