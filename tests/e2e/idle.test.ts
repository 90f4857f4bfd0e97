import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openSession, screenshotOnFailure, switchPersona, type Session } from './driver';

// No runaway renders: every view, once it has loaded, reaches a quiet window in which React commits nothing and
// nobody logs "Maximum update depth". A render loop (a new callback per render fed back through an effect) never
// gets there and keeps two cores busy for as long as the view is open.
//
// React commits are counted through the DevTools hook that React calls on every commit, production builds
// included: the test installs a minimal hook before the page's first script; the app is not changed for it.

const QUIET_MS = 3_000;
const SETTLE_LIMIT_MS = 45_000;

let s: Session;
const consoleErrors: string[] = [];

beforeAll(async () => {
  s = await openSession();
  await s.context.addInitScript(() => {
    const w = window as unknown as { __commits: number; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
    w.__commits = 0;
    let nextId = 0;
    w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      isDisabled: false,
      renderers: new Map(),
      inject(renderer: unknown) {
        nextId += 1;
        (this as { renderers: Map<number, unknown> }).renderers.set(nextId, renderer);
        return nextId;
      },
      onCommitFiberRoot() {
        w.__commits += 1;
      },
      onCommitFiberUnmount() {},
      onPostCommitFiberRoot() {},
      onScheduleFiberRoot() {},
      checkDCE() {},
    };
  });
  s.page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await openApp(s.page);
  await switchPersona(s.page, 'admin');
});
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

const commits = (page: Page) => page.evaluate(() => (window as unknown as { __commits: number }).__commits);

/**
 * Waits for a window of QUIET_MS without a React commit, giving the view up to SETTLE_LIMIT_MS to load first.
 * Returns the commits seen in the last window looked at: 0 when the view settled.
 */
async function commitsWhenSettled(page: Page): Promise<number> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let last = await commits(page);
  for (;;) {
    await page.waitForTimeout(QUIET_MS);
    const now = await commits(page);
    if (now === last || Date.now() > deadline) return now - last;
    last = now;
  }
}

// Each view by its route, as a user reaches it (the hash is what the tabs and the panels' links set).
const VIEWS: { name: string; hash: string; ready: string }[] = [
  { name: 'Utforska', hash: '#/', ready: '#tabpanel-browse' },
  { name: 'Rapportera', hash: '#/new', ready: '#tabpanel-report' },
  { name: 'Mina rapporter', hash: '#/mine', ready: '#tabpanel-mine' },
  { name: 'Arbetslista: lista', hash: '#/crew/list', ready: '#tabpanel-crew' },
  { name: 'Arbetslista: hot spots', hash: '#/crew/hotspots', ready: '#tabpanel-crew' },
  { name: 'Arbetslista: fältrapport', hash: '#/crew/field', ready: '#tabpanel-crew' },
  { name: 'Planering', hash: '#/plan', ready: '#tabpanel-plan' },
  { name: 'Planering: import', hash: '#/plan/import', ready: '#tabpanel-plan' },
  { name: 'Strategi: utmaningar', hash: '#/strategy/dashboard', ready: '#tabpanel-strategy' },
  { name: 'Strategi: åtgärder', hash: '#/strategy/measures', ready: '#tabpanel-strategy' },
  { name: 'Strategi: årsuppföljning', hash: '#/strategy/year', ready: '#tabpanel-strategy' },
  { name: 'Moderering', hash: '#/moderation', ready: '#tabpanel-moderation' },
];

describe('idle views commit no renders', () => {
  it('counts React commits (the hook is installed and React reports to it)', async () => {
    expect(await commits(s.page)).toBeGreaterThan(0);
  });
  for (const view of VIEWS) {
    it(`${view.name} settles and stays quiet`, async () => {
      const errorsBefore = consoleErrors.length;
      await s.page.evaluate((hash) => {
        location.hash = hash;
      }, view.hash);
      await s.page.locator(view.ready).waitFor({ state: 'visible', timeout: 60_000 });
      const inLastWindow = await commitsWhenSettled(s.page);
      expect(inLastWindow, `${view.name}: React commits in a ${QUIET_MS} ms idle window`).toBe(0);
      const loops = consoleErrors.slice(errorsBefore).filter((e) => /Maximum update depth|Minified React error #185/.test(e));
      expect(loops, `${view.name}: render-loop warnings`).toEqual([]);
    });
  }
});
