import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openSession, screenshotOnFailure, switchPersona, type Session } from './driver';

// The layout audit: every view at a phone, a tablet and a desktop width, and printed to A4. What a user on a
// phone with gloves, a planner at a desk and a committee reading paper each need: nothing wider than the
// screen or the page, no word broken inside a table cell, text at least 12 px, touch targets at least 44 px,
// and no axe violation (WCAG 2.1 A and AA).
//
// And no runaway renders: each view, once loaded, reaches a quiet window in which React commits nothing and
// nobody logs "Maximum update depth" (a render loop never gets there and keeps two cores busy for as long as the
// view is open). React commits are counted through the DevTools hook React calls on every commit, production
// builds included: the test installs a minimal hook before the page's first script; the app is not changed.

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 768, height: 1024 },
  { width: 360, height: 740 },
];
const QUIET_MS = 3_000;
const POLL_MS = 250;
const SETTLE_LIMIT_MS = 45_000;

/** The seed's strategy period (public/data/challenges.json): its id is fixed. */
const SEED_PERIOD = '20200000-0000-4000-8000-000000000001';

const VIEWS: { name: string; hash: string; panel: string }[] = [
  { name: 'Utforska', hash: '#/', panel: '#tabpanel-browse' },
  { name: 'Rapportera', hash: '#/new', panel: '#tabpanel-report' },
  { name: 'Mina rapporter', hash: '#/mine', panel: '#tabpanel-mine' },
  { name: 'Arbetslista', hash: '#/crew/list', panel: '#tabpanel-crew' },
  { name: 'Hot spots', hash: '#/crew/hotspots', panel: '#tabpanel-crew' },
  { name: 'Fältrapport', hash: '#/crew/field', panel: '#tabpanel-crew' },
  { name: 'Planering', hash: '#/plan', panel: '#tabpanel-plan' },
  { name: 'Planering: import', hash: '#/plan/import', panel: '#tabpanel-plan' },
  { name: 'Strategi: utmaningar', hash: '#/strategy/dashboard', panel: '#tabpanel-strategy' },
  { name: 'Strategi: åtgärder', hash: '#/strategy/measures', panel: '#tabpanel-strategy' },
  { name: 'Strategi: årsuppföljning', hash: '#/strategy/year', panel: '#tabpanel-strategy' },
  { name: 'Strategi: strategin', hash: '#/strategy/periods', panel: '#tabpanel-strategy' },
  { name: 'Strategi: en period', hash: `#/strategy/periods/${SEED_PERIOD}`, panel: '#tabpanel-strategy' },
  {
    name: 'Strategi: handlingsplan',
    hash: `#/strategy/periods/${SEED_PERIOD}/plan/renhallning/${new Date().getFullYear()}`,
    panel: '#tabpanel-strategy',
  },
  { name: 'Strategi: faktiska risker', hash: '#/strategy/risks', panel: '#tabpanel-strategy' },
  { name: 'Moderering', hash: '#/moderation', panel: '#tabpanel-moderation' },
  { name: 'Roller', hash: '#/admin', panel: '#tabpanel-admin' },
];

let s: Session;
const consoleErrors: string[] = [];
beforeAll(async () => {
  s = await openSession();
  await s.context.addInitScript(() => {
    const w = window as unknown as { __commits: number; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
    w.__commits = 0;
    w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      isDisabled: false,
      renderers: new Map(),
      inject(renderer: unknown) {
        const renderers = (this as { renderers: Map<number, unknown> }).renderers;
        renderers.set(renderers.size + 1, renderer);
        return renderers.size;
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
  await s.page.setViewportSize(WIDTHS[0]!);
  await openApp(s.page);
  await switchPersona(s.page, 'admin');
});

const commits = (page: Page) => page.evaluate(() => (window as unknown as { __commits: number }).__commits);

/**
 * Waits for a QUIET_MS window without a React commit (the view may load for up to SETTLE_LIMIT_MS first) and
 * returns the commits in the last QUIET_MS: 0 once settled. A sliding window, sampled every POLL_MS: the counter
 * only grows, so no commit between two samples is missed, and the quiet window starts at the sample that last saw
 * one (never earlier than the commit), not at the next multiple of QUIET_MS.
 */
async function commitsWhenSettled(page: Page): Promise<number> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  const samples = [{ at: Date.now(), n: await commits(page) }];
  for (;;) {
    await page.waitForTimeout(POLL_MS);
    const now = { at: Date.now(), n: await commits(page) };
    samples.push(now);
    const changed = samples.findLast((x) => x.n !== now.n);
    const quietSince = changed ? samples[samples.indexOf(changed) + 1]!.at : samples[0]!.at;
    if (now.at - quietSince >= QUIET_MS) return 0;
    if (now.at > deadline) {
      const windowStart = samples.findLast((x) => now.at - x.at >= QUIET_MS) ?? samples[0]!;
      return now.n - windowStart.n;
    }
  }
}
afterEach(async (ctx) => {
  await screenshotOnFailure(s.page, ctx.task);
});
afterAll(async () => {
  await s?.close();
});

interface Finding {
  what: string;
  where: string;
}

/** Measures the shown panel (and the page around it) in the browser; returns what breaks the rules. */
function audit(page: Page, panel: string, opts: { targets: boolean }): Promise<Finding[]> {
  return page.evaluate(
    ({ panel, targets }) => {
      const out: { what: string; where: string }[] = [];
      const root = document.querySelector(panel);
      if (!root) return [{ what: 'panel missing', where: panel }];
      const describe = (el: Element) => {
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        const id = el.id ? `#${el.id}` : '';
        return `${el.tagName.toLowerCase()}${id}${text ? ` "${text}"` : ''}`;
      };
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
      };
      const viewportWidth = document.documentElement.clientWidth;
      const inScrollBox = (el: Element) => {
        for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
          const ox = getComputedStyle(a).overflowX;
          if ((ox === 'auto' || ox === 'scroll') && a.getBoundingClientRect().right <= viewportWidth + 1) return true;
        }
        return false;
      };
      if (document.documentElement.scrollWidth > viewportWidth + 1) {
        out.push({ what: `page ${document.documentElement.scrollWidth} px wide in ${viewportWidth} px`, where: 'html' });
      }
      for (const el of root.querySelectorAll('*')) {
        if (!visible(el)) continue;
        const r = el.getBoundingClientRect();
        // A wide table may scroll inside a scroll box of its own (inside the panel, not the panel itself);
        // nothing else may stick out of the screen.
        if (r.right > viewportWidth + 1 && !inScrollBox(el)) {
          out.push({ what: `sticks out to ${Math.round(r.right)} px`, where: describe(el) });
        }
        const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim());
        // SVG text is drawn at its font size times the drawing's scale (a chart squeezed into a panel shrinks).
        const scale = el instanceof SVGGraphicsElement ? Math.abs(el.getScreenCTM()?.a ?? 1) : 1;
        const shown = parseFloat(getComputedStyle(el).fontSize) * scale;
        if (ownText && shown < 12 - 0.05) {
          out.push({ what: `text ${shown.toFixed(1)} px`, where: describe(el) });
        }
      }
      // A word broken inside a table cell ("Stat us"): the word's range wraps onto two lines.
      for (const cell of [...root.querySelectorAll('td, th')].slice(0, 300)) {
        if (!visible(cell)) continue;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const m of text.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const lines = new Set([...range.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)));
            if (lines.size > 1) out.push({ what: `word "${m[0]}" broken`, where: describe(cell) });
          }
        }
      }
      if (targets) {
        const controls = root.querySelectorAll(
          'button, select, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), [role=tab], summary, a.button',
        );
        for (const el of controls) {
          if (!visible(el)) continue;
          const r = el.getBoundingClientRect();
          if (r.height < 44 - 0.5 || r.width < 44 - 0.5) {
            out.push({ what: `target ${Math.round(r.width)} × ${Math.round(r.height)} px`, where: describe(el) });
          }
        }
        // A checkbox or radio button is hit through its label.
        for (const el of root.querySelectorAll('input[type=checkbox], input[type=radio]')) {
          if (!visible(el)) continue;
          const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
          const r = (label ?? el).getBoundingClientRect();
          if (r.height < 44 - 0.5) out.push({ what: `target ${Math.round(r.width)} × ${Math.round(r.height)} px`, where: describe(label ?? el) });
        }
      }
      return out;
    },
    { panel, targets: opts.targets },
  );
}

async function show(view: (typeof VIEWS)[number]) {
  await s.page.evaluate((hash) => {
    location.hash = hash;
  }, view.hash);
  await s.page.locator(view.panel).waitFor({ state: 'visible', timeout: 60_000 });
  // Wait until what the view loads is there: no busy region left.
  await s.page.waitForFunction((panel) => !document.querySelector(`${panel} [aria-busy="true"]`), view.panel, { timeout: 60_000 });
}

const format = (findings: Finding[]) => findings.map((f) => `${f.what}: ${f.where}`);

describe('every view: settles, then fits, reads and passes axe at each width', () => {
  it('counts React commits (the hook is installed and React reports to it)', async () => {
    expect(await commits(s.page)).toBeGreaterThan(0);
  });
  for (const view of VIEWS) {
    it(view.name, async () => {
      await s.page.setViewportSize(WIDTHS[0]!);
      const errorsBefore = consoleErrors.length;
      await show(view);
      expect(await commitsWhenSettled(s.page), `${view.name}: React commits in a ${QUIET_MS} ms idle window`).toBe(0);
      const loops = consoleErrors.slice(errorsBefore).filter((e) => /Maximum update depth|Minified React error #185/.test(e));
      expect(loops, `${view.name}: render-loop warnings`).toEqual([]);
      for (const size of WIDTHS) {
        await s.page.setViewportSize(size);
        await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const at = `${view.name} at ${size.width} px`;
        expect(format(await audit(s.page, view.panel, { targets: true })), at).toEqual([]);
        // axe.run in the page itself (legacy mode), not runPartial in each frame and finishRun in a new blank
        // page per call: with no frame in the page (checked) the rules and the nodes checked are the same,
        // without 40 extra pages and injections per run.
        expect(s.page.frames().length, `${at}: frames`).toBe(1);
        const axe = await new AxeBuilder({ page: s.page })
          .include(view.panel)
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .setLegacyMode()
          .analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), at).toEqual([]);
      }
    });
  }
});

describe('printed to A4', () => {
  // A4 portrait at 96 dpi is 794 px wide; the print style sheet decides what is on paper.
  beforeAll(async () => {
    await s.page.setViewportSize({ width: 794, height: 1123 });
    await s.page.emulateMedia({ media: 'print' });
  });
  afterAll(async () => {
    await s.page.emulateMedia({ media: 'screen' });
    await s.page.setViewportSize({ width: 1280, height: 800 });
  });
  for (const view of VIEWS.filter((v) => v.panel === '#tabpanel-strategy' || v.hash === '#/plan')) {
    it(`${view.name}: nothing wider than the page, no word broken, text at least 12 px`, async () => {
      await show(view);
      expect(format(await audit(s.page, view.panel, { targets: false }))).toEqual([]);
      const pdf = await s.page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    });
  }
});
