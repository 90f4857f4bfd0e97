import AxeBuilder from '@axe-core/playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localResidentId, openApp, openSession, pressOn, screenshotOnFailure, type Session } from './driver';

// The admin gives the local resident persona the crew role from the screen, sees it in the audit, the resident then
// has the crew's tab; the admin removes the role again (after a confirmation) and the tab is gone.
let s: Session;
let residentId = '';
beforeAll(async () => {
  s = await openSession();
  await openApp(s.page);
  residentId = await localResidentId(s.page);
  await openAdminTab();
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

const panel = () => s.page.locator('#tabpanel-admin');
const audit = () => panel().getByRole('table', { name: 'Rolländringar, senaste först' });
const staffTable = () => panel().getByRole('table', { name: 'Personal och deras roller' });
const tab = (name: string) => s.page.getByRole('tab', { name, exact: true });
/** The header's persona switcher by its full name (the driver's /Roll/ also matches this screen's "Roller"). */
const switchPersona = (role: string) => s.page.getByRole('combobox', { name: 'Roll (lokalt läge)' }).selectOption(role);

async function openAdminTab() {
  await switchPersona('admin');
  await pressOn(s.page, tab('Roller'), 'Enter');
  await panel().getByRole('heading', { name: 'Roller och behörigheter', level: 2 }).waitFor({ timeout: 60_000 });
  await staffTable().waitFor({ timeout: 60_000 });
}

describe('admin: staff roles from a screen', () => {
  it('only the admin has the tab', async () => {
    for (const role of ['resident', 'crew', 'moderator']) {
      await switchPersona(role);
      await tab('Utforska').waitFor();
      expect(await tab('Roller').count(), role).toBe(0);
    }
    await openAdminTab();
  });

  it('grants crew to the resident persona (keyboard only); the audit shows who did it', async () => {
    const persona = panel().getByRole('combobox', { name: 'Demopersona (lokalt läge)' });
    await persona.focus();
    await persona.selectOption(residentId);
    expect(await panel().getByRole('textbox', { name: 'E-postadress eller användar-id' }).inputValue()).toBe(residentId);
    await panel().getByRole('combobox', { name: 'Ny roll' }).selectOption({ label: 'Driftpersonal' });
    await pressOn(s.page, panel().getByRole('button', { name: 'Spara rollen' }), 'Enter');
    await panel().getByText(`${residentId} har nu rollen Driftpersonal.`).waitFor({ timeout: 30_000 });
    const row = audit().getByRole('row').filter({ hasText: residentId }).first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('admin@demo.trygghetskartan.local');
    expect(await row.textContent()).toContain('Ingen roll → Driftpersonal');
    const member = staffTable().getByRole('row').filter({ hasText: residentId });
    expect(await member.textContent()).toContain('Driftpersonal');
  });

  it('the resident persona now has the crew tab', async () => {
    await switchPersona('resident');
    try {
      await tab('Utforska').waitFor();
      // The database says crew (api.whoami); the tabs follow the identity the local backend reports.
      await tab('Arbetslista').waitFor({ timeout: 15_000 });
    } finally {
      await openAdminTab();
    }
  });

  it('revokes it after a confirmation; the audit shows it and the resident has no crew tab', async () => {
    await pressOn(s.page, staffTable().getByRole('button', { name: `Ta bort roll för ${residentId}` }), 'Enter');
    const question = panel().getByRole('group', { name: 'Ta bort rollen?' });
    await question.waitFor();
    // Focus is on the confirmation: Enter confirms.
    await s.page.keyboard.press('Enter');
    await panel().getByText(`${residentId} har inte längre någon roll.`).waitFor({ timeout: 30_000 });
    const rows = audit().getByRole('row').filter({ hasText: residentId });
    await rows.filter({ hasText: 'Driftpersonal → Ingen roll' }).waitFor({ timeout: 30_000 });
    expect(await staffTable().getByRole('row').filter({ hasText: residentId }).count()).toBe(0);
    await switchPersona('resident');
    await tab('Utforska').waitFor();
    expect(await tab('Arbetslista').count()).toBe(0);
    await openAdminTab();
  });

  it('refuses the admin\'s own role with a translated message', async () => {
    await panel().getByRole('textbox', { name: 'E-postadress eller användar-id' }).fill('admin@demo.trygghetskartan.local');
    await panel().getByRole('combobox', { name: 'Ny roll' }).selectOption({ label: 'Driftpersonal' });
    await pressOn(s.page, panel().getByRole('button', { name: 'Spara rollen' }), 'Enter');
    const alert = panel().getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/^Du kan inte ändra eller ta bort din egen roll/);
  });

  it('fits a phone and a desktop, and axe finds nothing', async () => {
    for (const [width, height] of [[360, 740], [1280, 800]] as const) {
      await s.page.setViewportSize({ width, height });
      // A phone shows the panel as a sheet over the map: raise it as far as it goes.
      const larger = s.page.getByRole('button', { name: 'Större panel' });
      for (let i = 0; i < 3 && width < 600 && (await larger.count()) > 0; i++) {
        if ((await larger.getAttribute('aria-disabled')) === 'true') break;
        await larger.click();
      }
      await panel().getByRole('heading', { name: 'Roller och behörigheter', level: 2 }).scrollIntoViewIfNeeded();
      const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${width} px`).toBeLessThanOrEqual(0);
      const dir = process.env.ADMIN_SCREENSHOT_DIR;
      if (dir) await s.page.screenshot({ path: `${dir}/helper-admin-${width}x${height}.png`, fullPage: false });
      const result = await new AxeBuilder({ page: s.page }).include('#tabpanel-admin').analyze();
      expect(result.violations.map((v) => `${width}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
  });
});
