/**
 * Session 9 on both engines: the imported risk sources page by page (api.list_risk_sources), a large import sent as
 * parts that each land or fail as a whole, and deleting a draft strategy period (api.delete_strategy_period) and an
 * action plan (api.delete_action_plan). Expected values come from the rows this file writes and the seed's input
 * file (public/data/challenges.json).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';

const ID = {
  crew: 'c4e00000-0000-4000-8000-0000000000d1',
  planner: '91a00000-0000-4000-8000-0000000000d2',
  strategist: '57a00000-0000-4000-8000-0000000000d3',
  admin: 'ad000000-0000-4000-8000-0000000000d4',
};
const as = (role: keyof typeof ID): Who => ({ role: 'authenticated', sub: ID[role] });
const anon: Who = { role: 'anon' };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEED: { period: { id: string }; challenges: Json[] } = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'public/data/challenges.json'), 'utf8'),
);
const PRIORITISED = String(SEED.challenges.find((c) => c.prioritised)!.code);

const YEAR = new Date().getUTCFullYear();
/** Gamla staden in SWEREF 99 TM. */
const CENTRE: [number, number] = [374080, 6164590];
const source = (name: string, month: number) => ({
  name,
  kind: 'csv',
  provenance: 'Testdata',
  period_from: `${YEAR - 1}-${String(month).padStart(2, '0')}-01`,
  period_to: `${YEAR - 1}-${String(month).padStart(2, '0')}-28`,
});
const event = (month: number, dx = 0) => ({
  type: 'event:test',
  occurred_at: `${YEAR - 1}-${String(month).padStart(2, '0')}-10T12:00:00`,
  x: CENTRE[0] + dx,
  y: CENTRE[1],
});

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('risk source parts and deletes on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  const call = <T = Json>(who: Who, fn: string, args: Record<string, unknown> = {}) =>
    db.call<T>(who, fn, args, { commit: true });
  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;
  const count = async (sql: string, params?: unknown[]) =>
    Number((await db.query<{ n: number }>(sql, params))[0].n);
  const importPart = (name: string, month: number, events: unknown[]) =>
    call(as('strategist'), 'import_risk_events', {
      p_source: JSON.stringify(source(name, month)),
      p_events: JSON.stringify(events),
    });

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(
      `insert into app.staff_roles (user_id, role) values ('${ID.crew}', 'crew'), ('${ID.planner}', 'planner'),
         ('${ID.strategist}', 'strategist'), ('${ID.admin}', 'admin')`,
    );
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('an import in parts: each part is a source of its own; a failing part leaves nothing, the parts before it stay', async () => {
    await importPart('Stor fil (del 1 av 3)', 1, [event(1), event(1, 10)]);
    await importPart('Stor fil (del 2 av 3)', 2, [event(2)]);
    // Part 3 has one event far outside Malmö: the whole part is refused.
    expect(await codeOf(importPart('Stor fil (del 3 av 3)', 3, [event(3), { ...event(3), x: CENTRE[0] + 60_000 }]))).toBe(
      'outside_malmo',
    );
    const rows = await db.query<{ name: string; row_count: number; events: number; period_from: string }>(
      `select s.name, s.row_count, to_char(s.period_from, 'YYYY-MM-DD') as period_from,
              (select count(*)::int from app.risk_events e where e.source_id = s.id) as events
         from app.risk_sources s where s.name like 'Stor fil%' order by s.name`,
    );
    expect(rows).toEqual([
      { name: 'Stor fil (del 1 av 3)', row_count: 2, events: 2, period_from: `${YEAR - 1}-01-01` },
      { name: 'Stor fil (del 2 av 3)', row_count: 1, events: 1, period_from: `${YEAR - 1}-02-01` },
    ]);
  });

  it('list_risk_sources is paged: newest import first, the total of all, invalid_limit out of bounds', async () => {
    await importPart('Sida A', 4, [event(4)]);
    await importPart('Sida B', 5, [event(5)]);
    const expected = (
      await db.query<{ name: string }>(`select name from app.risk_sources order by imported_at desc, id`)
    ).map((r) => r.name);
    expect(expected.length).toBe(4);
    const first = await call(as('crew'), 'list_risk_sources', { p_limit: 3, p_offset: 0 });
    const second = await call(as('crew'), 'list_risk_sources', { p_limit: 3, p_offset: 3 });
    expect(first.total).toBe(4);
    expect(second.total).toBe(4);
    expect([...first.items, ...second.items].map((s: Json) => s.name)).toEqual(expected);
    expect(first.items).toHaveLength(3);
    expect(second.items[0].types).toEqual({ 'event:test': Number(second.items[0].row_count) });
    // The defaults give the first 100.
    expect((await call(as('planner'), 'list_risk_sources')).items).toHaveLength(4);
    expect(await codeOf(call(as('crew'), 'list_risk_sources', { p_limit: 0, p_offset: 0 }))).toBe('invalid_limit');
    expect(await codeOf(call(as('crew'), 'list_risk_sources', { p_limit: 501, p_offset: 0 }))).toBe('invalid_limit');
    expect(await codeOf(call(as('crew'), 'list_risk_sources', { p_limit: 10, p_offset: -1 }))).toBe('invalid_limit');
  });

  /** A draft from the seed period, with an action plan of two activities, one linking a measure. */
  async function draftWithPlan(name: string) {
    const draft = (await call<{ id: string }>(as('strategist'), 'draft_strategy_period', { p_from: SEED.period.id, p_name: name })).id;
    const measure = randomUUID();
    await call(as('strategist'), 'save_measure', {
      p_id: measure,
      p_measure: JSON.stringify({
        title: 'Åtgärd (test)',
        challenge: PRIORITISED,
        type: 'traffic_calming',
        geometry: {
          type: 'Polygon',
          coordinates: [[[13.002, 55.604], [13.006, 55.604], [13.006, 55.606], [13.002, 55.606], [13.002, 55.604]]],
        },
      }),
    });
    const plan = randomUUID();
    await call(as('strategist'), 'save_action_plan', {
      p_plan: JSON.stringify({
        id: plan,
        period_id: draft,
        challenge: PRIORITISED,
        year: YEAR,
        department: 'Fastighets- och gatukontoret',
        target: 'Test',
        indicators: [],
        activities: [
          { title: 'Första', status: 'planned', measure_id: measure },
          { title: 'Andra', status: 'started' },
        ],
      }),
    });
    return { draft, plan, measure };
  }
  const rowsOfPeriod = (id: string) =>
    count(
      `select (select count(*) from app.strategy_periods where id = $1) + (select count(*) from app.period_challenges where period_id = $1)
            + (select count(*) from app.period_categories where period_id = $1) + (select count(*) from app.action_plans where period_id = $1) as n`,
      [id],
    );

  it('delete_strategy_period deletes a draft with its map and action plans; the measures stay; a draft based on it stays', async () => {
    const { draft, plan, measure } = await draftWithPlan('Utkast att ta bort');
    const child = (await call<{ id: string }>(as('admin'), 'draft_strategy_period', { p_from: draft, p_name: 'Utkast på utkastet' })).id;
    expect(await rowsOfPeriod(draft)).toBeGreaterThan(SEED.challenges.length);
    for (const who of ['crew', 'planner'] as const) {
      expect(await codeOf(call(as(who), 'delete_strategy_period', { p_id: draft }))).toBe('forbidden');
    }
    expect(await codeOf(call(anon, 'delete_strategy_period', { p_id: draft }))).toMatch(/permission denied/);
    expect(await call(as('strategist'), 'delete_strategy_period', { p_id: draft })).toEqual({ id: draft });
    expect(await rowsOfPeriod(draft)).toBe(0);
    expect(await count(`select count(*) as n from app.action_plan_activities where plan_id = $1`, [plan])).toBe(0);
    expect(await count(`select count(*) as n from app.measures where id = $1`, [measure])).toBe(1);
    expect(
      await db.query(`select based_on, (select count(*)::int from app.period_challenges where period_id = $1) as challenges
                        from app.strategy_periods where id = $1`, [child]),
    ).toEqual([{ based_on: null, challenges: SEED.challenges.length }]);
    // Gone: a second delete is period_not_found, and so is an id never used.
    expect(await codeOf(call(as('strategist'), 'delete_strategy_period', { p_id: draft }))).toBe('period_not_found');
    expect(await codeOf(call(as('admin'), 'delete_strategy_period', { p_id: randomUUID() }))).toBe('period_not_found');
    expect(await call(as('admin'), 'delete_strategy_period', { p_id: child })).toEqual({ id: child });
  });

  it('a published period is never deleted, by a strategist or an admin', async () => {
    const before = await rowsOfPeriod(SEED.period.id);
    for (const who of ['strategist', 'admin'] as const) {
      expect(await codeOf(call(as(who), 'delete_strategy_period', { p_id: SEED.period.id }))).toBe(
        'published_period_not_deletable',
      );
    }
    expect(await rowsOfPeriod(SEED.period.id)).toBe(before);
  });

  it('delete_action_plan deletes a plan with its activities, the measure stays; strategists and admins only', async () => {
    const { draft, plan, measure } = await draftWithPlan('Utkast med plan');
    for (const who of ['crew', 'planner'] as const) {
      expect(await codeOf(call(as(who), 'delete_action_plan', { p_id: plan }))).toBe('forbidden');
    }
    expect(await count(`select count(*) as n from app.action_plan_activities where plan_id = $1`, [plan])).toBe(2);
    expect(await call(as('admin'), 'delete_action_plan', { p_id: plan })).toEqual({ id: plan, deleted_activities: 2 });
    expect(await count(`select count(*) as n from app.action_plans where id = $1`, [plan])).toBe(0);
    expect(await count(`select count(*) as n from app.action_plan_activities where plan_id = $1`, [plan])).toBe(0);
    expect(await count(`select count(*) as n from app.measures where id = $1`, [measure])).toBe(1);
    // The period is untouched, and its plans can be written again.
    expect(await count(`select count(*) as n from app.period_challenges where period_id = $1`, [draft])).toBe(SEED.challenges.length);
    expect(await codeOf(call(as('strategist'), 'delete_action_plan', { p_id: plan }))).toBe('action_plan_not_found');
  });
});
