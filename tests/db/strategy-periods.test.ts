/**
 * The strategy as data (issue 15) on both engines: drafting the next strategy period from the one in force,
 * editing it (prioritise another challenge, move a category, add a challenge and an area), every refusal with its
 * stable code, publishing it from a date, the challenge a report keeps, what list_categories returns, who sees
 * drafts, and action plans with their follow-up. Expected values come from the seed's input files
 * (public/data/challenges.json, categories.json) and from the rows this file inserts, never from the functions'
 * own output. The steps build on each other, in order.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';

const ID = {
  resident: 'a11ce000-0000-4000-8000-0000000000a7',
  crew: 'c4e00000-0000-4000-8000-0000000000c7',
  strategist: '57a00000-0000-4000-8000-0000000000e7',
  admin: 'ad000000-0000-4000-8000-0000000000f7',
};
const as = (role: keyof typeof ID): Who => ({ role: 'authenticated', sub: ID[role] });
const anon: Who = { role: 'anon' };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = join(import.meta.dirname, '..', '..');
const data = (f: string) => JSON.parse(readFileSync(join(root, 'public/data', f), 'utf8'));
const SEED: {
  period: { id: string; name: string; starts_on: string };
  challenges: Json[];
} = data('challenges.json');
const CATEGORIES: { code: string; challenge: string; active: boolean }[] =
  data('categories.json').categories;

/** Gamla staden, inside Malmö and a delområde. */
const HERE: [number, number] = [13.0, 55.605];
const NEW = 'belysning_natt';
const AREA = 'trygg_miljo';

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('strategy periods on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  let today: string;
  let yesterday: string;
  let year: number;
  let draft: string;
  /** The seed's challenges in order, and each active category's challenge in the seed period. */
  const seedCodes = SEED.challenges.map((c) => c.code as string);
  const seedCategory = Object.fromEntries(CATEGORIES.map((c) => [c.code, c.challenge]));
  /** A category of the last seed challenge (moved to NEW), and one of the second (its challenge is unprioritised). */
  const moved = CATEGORIES.find((c) => c.challenge === seedCodes[seedCodes.length - 1])!.code;
  const orphaned = CATEGORIES.filter((c) => c.challenge === seedCodes[1]).map((c) => c.code);
  /** Every report this file files: its category, stored challenge, observed time and status. */
  const filed: {
    id: string;
    challenge: string;
    observed_at: string;
    status: string;
    inArea: boolean;
  }[] = [];

  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;
  const call = <T = Json>(who: Who, fn: string, args: Record<string, unknown> = {}) =>
    db.call<T>(who, fn, args, { commit: true });

  /** The seed period as a save_strategy_period input. */
  const seedInput = () => ({
    name: 'Trygghetsstrategi 2027–',
    areas: [] as Json[],
    challenges: SEED.challenges.map((c, i): Json => ({ ...c, sort: i + 1 })),
    categories: CATEGORIES.filter((c) => c.active).map((c) => ({
      category: c.code,
      challenge: c.challenge,
    })),
  });
  /** The edited draft: a new area and a prioritised challenge in it taking `moved`; seed challenge 2 unprioritised. */
  const editedInput = () => {
    const p = seedInput();
    p.areas = [{ code: AREA, name_sv: 'Trygg miljö', name_en: 'Safe environment', sort: 1 }];
    p.challenges = p.challenges.map((c) =>
      c.code === seedCodes[1] ? { ...c, prioritised: false } : c,
    );
    p.challenges.push({
      code: NEW,
      name_sv: 'Belysning nattetid',
      name_en: 'Lighting at night',
      description_sv: 'Mörka stråk',
      description_en: 'Dark routes',
      area: AREA,
      prioritised: true,
      sort: 9,
      crit_preventive: 3,
      crit_research: 2,
      crit_vulnerable: 1,
      crit_quick: 0,
      reasoning: 'Otrygghet efter mörkrets inbrott',
      crew_focus: false,
      counts_development_links: false,
    });
    p.categories = p.categories.map((c) =>
      c.category === moved
        ? { category: moved, challenge: NEW }
        : orphaned.includes(c.category)
          ? { category: c.category, challenge: seedCodes[0]! }
          : c,
    );
    return p;
  };
  const save = (who: Who, id: string, period: unknown) =>
    call(who, 'save_strategy_period', { p_id: id, p_period: JSON.stringify(period) });

  async function file(
    category: string,
    observedAt: string,
    opts: { createdAt?: string; status?: string; at?: [number, number] } = {},
  ) {
    const id = randomUUID();
    const where = opts.at ?? HERE;
    const rows = await db.query<{ challenge: string }>(
      `insert into app.reports (id, category, location, description, observed_at, created_at, status, source)
       values ($1, $2, extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326), 'Test', $5,
               coalesce($6::timestamptz, now()), $7, 'resident')
       returning challenge`,
      [id, category, where[0], where[1], observedAt, opts.createdAt ?? null, opts.status ?? 'new'],
    );
    filed.push({
      id,
      challenge: rows[0].challenge,
      observed_at: observedAt,
      status: opts.status ?? 'new',
      inArea: opts.at === undefined,
    });
    return { id, challenge: rows[0].challenge };
  }
  const challengeOfReport = async (id: string) =>
    (
      await db.query<{ challenge: string }>('select challenge from app.reports where id = $1', [id])
    )[0].challenge;

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(
      `insert into app.staff_roles (user_id, role) values
         ('${ID.crew}', 'crew'), ('${ID.strategist}', 'strategist'), ('${ID.admin}', 'admin')`,
    );
    const d = (
      await db.query<{ today: string; yesterday: string; year: number }>(
        `select to_char((now() at time zone 'Europe/Stockholm')::date, 'YYYY-MM-DD') as today,
                to_char((now() at time zone 'Europe/Stockholm')::date - 1, 'YYYY-MM-DD') as yesterday,
                extract(year from now() at time zone 'Europe/Stockholm')::int as year`,
      )
    )[0];
    today = d.today;
    yesterday = d.yesterday;
    year = Number(d.year);
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('the seed period is in force: list_categories gives its prioritised challenges and each category its challenge', async () => {
    const r = await call(anon, 'list_categories');
    expect(r.period).toEqual({
      id: SEED.period.id,
      name: SEED.period.name,
      starts_on: SEED.period.starts_on,
    });
    expect(r.challenges.map((c: Json) => c.code)).toEqual(
      SEED.challenges.filter((c) => c.prioritised).map((c) => c.code),
    );
    expect(r.challenges.map((c: Json) => c.crew_focus)).toEqual(
      SEED.challenges.map((c) => c.crew_focus),
    );
    expect(Object.fromEntries(r.categories.map((c: Json) => [c.code, c.challenge]))).toEqual(
      seedCategory,
    );
    const periods = await call<Json[]>(anon, 'list_strategy_periods');
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject({
      id: SEED.period.id,
      status: 'published',
      in_force: true,
      starts_on: SEED.period.starts_on,
      ends_on: null,
      challenges: SEED.challenges.length,
      prioritised: SEED.challenges.filter((c) => c.prioritised).length,
    });
  });

  it('a strategist drafts the next period from the current one: a copy of its challenges and categories', async () => {
    expect(
      await codeOf(
        call(as('crew'), 'draft_strategy_period', { p_from: SEED.period.id, p_name: 'X' }),
      ),
    ).toBe('forbidden');
    expect(
      await codeOf(call(anon, 'draft_strategy_period', { p_from: SEED.period.id, p_name: 'X' })),
    ).toMatch(/permission denied|forbidden/);
    expect(
      await codeOf(
        call(as('strategist'), 'draft_strategy_period', { p_from: randomUUID(), p_name: 'X' }),
      ),
    ).toBe('period_not_found');
    expect(
      await codeOf(
        call(as('strategist'), 'draft_strategy_period', { p_from: SEED.period.id, p_name: '  ' }),
      ),
    ).toBe('name_required');

    draft = (
      await call(as('strategist'), 'draft_strategy_period', {
        p_from: SEED.period.id,
        p_name: 'Nästa',
      })
    ).id;
    const got = await call(as('strategist'), 'get_strategy_period', { p_id: draft });
    expect(got.period).toMatchObject({
      id: draft,
      name: 'Nästa',
      status: 'draft',
      based_on: SEED.period.id,
      starts_on: null,
      in_force: false,
    });
    expect(
      got.challenges.map((c: Json) => [
        c.code,
        c.prioritised,
        c.crew_focus,
        c.counts_development_links,
      ]),
    ).toEqual(
      SEED.challenges.map((c) => [c.code, c.prioritised, c.crew_focus, c.counts_development_links]),
    );
    expect(Object.fromEntries(got.categories.map((c: Json) => [c.category, c.challenge]))).toEqual(
      seedCategory,
    );
    expect(got.action_plans).toEqual([]);
  });

  it('drafts are invisible to residents, crews and anonymous callers', async () => {
    for (const who of [anon, as('resident'), as('crew')]) {
      const ids = (await call<Json[]>(who, 'list_strategy_periods')).map((p) => p.id);
      expect(ids).toEqual([SEED.period.id]);
      expect(await codeOf(call(who, 'get_strategy_period', { p_id: draft }))).toBe(
        'period_not_found',
      );
      const rows = await db.asRole(who, (q) =>
        q('select count(*)::int as n from app.period_challenges where period_id = $1', [draft]),
      );
      expect(rows[0].n).toBe(0);
    }
    const ids = (await call<Json[]>(as('admin'), 'list_strategy_periods')).map((p) => p.id);
    expect(ids).toEqual([draft, SEED.period.id]);
  });

  it('edits the draft: adds an area and a challenge, prioritises it, moves a category, unprioritises another', async () => {
    // First the new challenge unprioritised, then prioritised with a category moved to it.
    const first = seedInput();
    first.areas = [{ code: AREA, name_sv: 'Trygg miljö', name_en: 'Safe environment', sort: 1 }];
    first.challenges.push({ ...editedInput().challenges.at(-1)!, prioritised: false });
    const saved1 = await save(as('strategist'), draft, first);
    expect(saved1.challenges.find((c: Json) => c.code === NEW)).toMatchObject({
      prioritised: false,
      area: AREA,
    });

    const edited = editedInput();
    const saved = await save(as('admin'), draft, edited);
    expect(saved.period.name).toBe(edited.name);
    expect(saved.areas).toEqual(edited.areas);
    const stored = await db.query<Json>(
      `select code, prioritised, area, crit_preventive, crit_research, crit_vulnerable, crit_quick, reasoning
         from app.period_challenges where period_id = $1 order by code`,
      [draft],
    );
    expect(stored).toEqual(
      [...edited.challenges]
        .sort((a, b) => (a.code < b.code ? -1 : 1))
        .map((c) => ({
          code: c.code,
          prioritised: c.prioritised,
          area: c.area,
          crit_preventive: c.crit_preventive,
          crit_research: c.crit_research,
          crit_vulnerable: c.crit_vulnerable,
          crit_quick: c.crit_quick,
          reasoning: c.reasoning,
        })),
    );
    const cats = await db.query<{ category: string; challenge: string }>(
      'select category, challenge from app.period_categories where period_id = $1',
      [draft],
    );
    expect(Object.fromEntries(cats.map((c) => [c.category, c.challenge]))).toEqual(
      Object.fromEntries(edited.categories.map((c) => [c.category, c.challenge])),
    );
    // The period in force is untouched.
    const seedCats = await db.query<{ category: string; challenge: string }>(
      'select category, challenge from app.period_categories where period_id = $1',
      [SEED.period.id],
    );
    expect(Object.fromEntries(seedCats.map((c) => [c.category, c.challenge]))).toEqual(
      seedCategory,
    );
  });

  it('refuses every broken rule with its stable code and leaves the draft as it was', async () => {
    const before = await call(as('strategist'), 'get_strategy_period', { p_id: draft });
    const e = editedInput;
    const cases: [string, Json][] = [
      [
        'unknown_category',
        {
          ...e(),
          categories: [...e().categories, { category: 'no_such_category', challenge: NEW }],
        },
      ],
      [
        'challenge_not_prioritised',
        {
          ...e(),
          categories: e().categories.map((c) =>
            c.category === moved ? { ...c, challenge: seedCodes[1] } : c,
          ),
        },
      ],
      [
        'category_without_challenge',
        { ...e(), categories: e().categories.filter((c) => c.category !== moved) },
      ],
      [
        'no_prioritised_challenge',
        {
          ...e(),
          challenges: e().challenges.map((c) => ({ ...c, prioritised: false })),
          categories: [],
        },
      ],
      [
        'invalid_score',
        {
          ...e(),
          challenges: e().challenges.map((c) => (c.code === NEW ? { ...c, crit_quick: 4 } : c)),
        },
      ],
      [
        'invalid_score',
        {
          ...e(),
          challenges: e().challenges.map((c) => (c.code === NEW ? { ...c, crit_quick: 1.5 } : c)),
        },
      ],
      [
        'invalid_code',
        {
          ...e(),
          challenges: [
            ...e().challenges,
            { ...e().challenges[0], code: 'Trafik!', crew_focus: false },
          ],
        },
      ],
      ['invalid_code', { ...e(), areas: [{ code: '1x', name_sv: 'a', name_en: 'a', sort: 1 }] }],
      [
        'duplicate_code',
        { ...e(), challenges: [...e().challenges, { ...e().challenges[0], crew_focus: false }] },
      ],
      [
        'unknown_area',
        {
          ...e(),
          challenges: e().challenges.map((c) =>
            c.code === NEW ? { ...c, area: 'no_such_area' } : c,
          ),
        },
      ],
      [
        'unknown_challenge',
        {
          ...e(),
          categories: e().categories.map((c) =>
            c.category === moved ? { ...c, challenge: 'no_such' } : c,
          ),
        },
      ],
      [
        'crew_focus_not_unique',
        { ...e(), challenges: e().challenges.map((c) => ({ ...c, crew_focus: c.prioritised })) },
      ],
      [
        'challenge_not_prioritised',
        {
          ...e(),
          challenges: e().challenges.map((c) => ({ ...c, crew_focus: c.code === seedCodes[1] })),
        },
      ],
      [
        'too_many_challenges',
        {
          ...e(),
          challenges: [
            ...e().challenges,
            ...Array.from({ length: 31 - e().challenges.length }, (_, i) => ({
              code: `extra_${i}`,
              name_sv: 'x',
              name_en: 'x',
              prioritised: false,
              sort: 100 + i,
            })),
          ],
        },
      ],
      ['name_required', { ...e(), name: ' ' }],
      ['invalid_period', { ...e(), challenges: 'none' }],
    ];
    for (const [code, period] of cases) {
      expect([code, await codeOf(save(as('strategist'), draft, period))]).toEqual([code, code]);
    }
    expect(await codeOf(save(as('strategist'), SEED.period.id, seedInput()))).toBe(
      'period_not_draft',
    );
    expect(await codeOf(save(as('strategist'), randomUUID(), seedInput()))).toBe(
      'period_not_found',
    );
    expect(await codeOf(save(as('crew'), draft, e()))).toBe('forbidden');
    expect(await codeOf(save(as('resident'), draft, e()))).toBe('forbidden');
    expect(await call(as('strategist'), 'get_strategy_period', { p_id: draft })).toEqual(before);

    const publish = (d: string) =>
      call(as('strategist'), 'publish_strategy_period', { p_id: draft, p_starts_on: d });
    expect(await codeOf(publish(SEED.period.starts_on))).toBe('invalid_start_date');
    expect(await codeOf(publish('2019-06-01'))).toBe('invalid_start_date');
    expect(await codeOf(publish(yesterday))).toBe('invalid_start_date');
    expect(
      await codeOf(
        call(as('strategist'), 'publish_strategy_period', {
          p_id: SEED.period.id,
          p_starts_on: today,
        }),
      ),
    ).toBe('period_not_draft');
    expect(
      await codeOf(
        call(as('crew'), 'publish_strategy_period', { p_id: draft, p_starts_on: today }),
      ),
    ).toBe('forbidden');
  });

  it('publishes from a date: reports filed before keep their challenge, reports filed after get the new one', async () => {
    const observed = new Date(Date.now() - 3_600_000).toISOString();
    const before = await file(moved, observed);
    expect(before.challenge).toBe(seedCategory[moved]);

    const published = await call(as('strategist'), 'publish_strategy_period', {
      p_id: draft,
      p_starts_on: today,
    });
    expect(published).toMatchObject({
      id: draft,
      status: 'published',
      starts_on: today,
      ends_on: null,
      in_force: true,
    });

    const after = await file(moved, observed);
    expect(after.challenge).toBe(NEW);
    expect(await challengeOfReport(before.id)).toBe(seedCategory[moved]);
    // Filed yesterday (the old period was in force then), stored today: the old challenge.
    const late = await file(moved, new Date(Date.now() - 30 * 3_600_000).toISOString(), {
      createdAt: `${yesterday}T12:00:00+01:00`,
    });
    expect(late.challenge).toBe(seedCategory[moved]);
    // A category of the unprioritised challenge now belongs to the first one.
    expect((await file(orphaned[0]!, observed)).challenge).toBe(seedCodes[0]);
    // Through the API as a resident, too.
    const id = randomUUID();
    const submitted = await call(as('resident'), 'submit_report', {
      p_id: id,
      p_category: moved,
      p_lon: HERE[0],
      p_lat: HERE[1],
      p_description: 'Mörkt här',
      p_observed_at: observed,
      p_source: 'resident',
      p_photo_path: null,
    });
    expect(await challengeOfReport(id)).toBe(NEW);
    filed.push({ id, challenge: NEW, observed_at: observed, status: 'new', inArea: true });
    expect(submitted).toBeTruthy();

    const periods = await call<Json[]>(anon, 'list_strategy_periods');
    const edited = editedInput();
    expect(
      periods.map((p) => [p.id, p.in_force, p.starts_on, p.ends_on, p.challenges, p.prioritised]),
    ).toEqual([
      [
        draft,
        true,
        today,
        null,
        edited.challenges.length,
        edited.challenges.filter((c) => c.prioritised).length,
      ],
      [
        SEED.period.id,
        false,
        SEED.period.starts_on,
        yesterday,
        SEED.challenges.length,
        SEED.challenges.length,
      ],
    ]);
    const registry = await db.query<{ code: string }>(
      'select code from app.challenges where code = $1',
      [NEW],
    );
    expect(registry).toHaveLength(1);
  });

  it('list_categories returns the new period and its prioritised challenges, in their order', async () => {
    const r = await call(anon, 'list_categories');
    const edited = editedInput();
    expect(r.period).toEqual({ id: draft, name: edited.name, starts_on: today });
    expect(r.challenges.map((c: Json) => [c.code, c.area, c.crew_focus])).toEqual(
      edited.challenges
        .filter((c) => c.prioritised)
        .map((c) => [c.code, c.area ?? null, c.crew_focus]),
    );
    expect(Object.fromEntries(r.categories.map((c: Json) => [c.code, c.challenge]))).toEqual(
      Object.fromEntries(edited.categories.map((c) => [c.category, c.challenge])),
    );
    // The dashboard takes the new code like any other.
    const dash = await call(as('strategist'), 'challenge_dashboard', { p_challenge: NEW });
    expect(dash.total).toBe(
      filed.filter((f) => f.challenge === NEW && f.status !== 'duplicate').length,
    );
    // Another period cannot start on or before the one in force.
    const next = (
      await call(as('strategist'), 'draft_strategy_period', { p_from: draft, p_name: 'Därefter' })
    ).id;
    expect(
      await codeOf(
        call(as('strategist'), 'publish_strategy_period', { p_id: next, p_starts_on: today }),
      ),
    ).toBe('invalid_start_date');
  });

  describe('action plans', () => {
    let measure: string;
    let plan: string;
    const planInput = (over: Json = {}) => ({
      id: plan,
      period_id: draft,
      challenge: NEW,
      year,
      department: 'Fastighets- och gatukontoret',
      target: 'Färre mörka stråk',
      indicators: [{ name: 'Tända armaturer', unit: 'st', baseline: 10, target: 40, actual: null }],
      activities: [
        { title: 'Ny belysning i parken', measure_id: measure, status: 'done', note: '' },
        { title: 'Trygghetsvandring', measure_id: null, status: 'planned', note: 'Med föreningar' },
      ],
      ...over,
    });
    const savePlan = (who: Who, p: Json) =>
      call(who, 'save_action_plan', { p_plan: JSON.stringify(p) });

    beforeAll(async () => {
      if (setupError) return;
      plan = randomUUID();
      // A measure done three months ago around HERE (its effect's windows are whole months around that).
      measure = randomUUID();
      await db.query(
        `insert into app.measures (id, title, challenge, type, status, done_date, geom)
         values ($1, 'Ny belysning', $2, 'lighting', 'done',
                 (date_trunc('month', now() at time zone 'Europe/Stockholm') - interval '3 months' + interval '14 days')::date,
                 extensions.st_buffer(extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326), 0.002))`,
        [measure, NEW, HERE[0], HERE[1]],
      );
    });

    it('saves a plan with indicators and activities, and updates it under the same id', async () => {
      const saved = await savePlan(as('strategist'), planInput());
      expect(saved).toMatchObject({
        id: plan,
        period_id: draft,
        challenge: NEW,
        year,
        department: 'Fastighets- och gatukontoret',
      });
      expect(saved.indicators).toEqual(planInput().indicators);
      expect(
        saved.activities.map((a: Json) => [a.title, a.measure_id, a.measure_title, a.status]),
      ).toEqual([
        ['Ny belysning i parken', measure, 'Ny belysning', 'done'],
        ['Trygghetsvandring', null, null, 'planned'],
      ]);
      const keep = saved.activities[1].id;
      const updated = await savePlan(
        as('admin'),
        planInput({
          department: 'Stadsbyggnadskontoret',
          activities: [{ id: keep, title: 'Trygghetsvandring i maj', status: 'started', note: '' }],
        }),
      );
      expect(updated.department).toBe('Stadsbyggnadskontoret');
      expect(updated.activities.map((a: Json) => [a.id, a.title, a.status])).toEqual([
        [keep, 'Trygghetsvandring i maj', 'started'],
      ]);
      const rows = await db.query<{ n: number }>(
        'select count(*)::int as n from app.action_plan_activities where plan_id = $1',
        [plan],
      );
      expect(rows[0].n).toBe(1);
      // Back to both activities for the follow-up.
      await savePlan(as('strategist'), planInput());
      const got = await call(as('crew'), 'get_strategy_period', { p_id: draft });
      expect(got.action_plans.map((a: Json) => a.id)).toEqual([plan]);
      expect((await call(anon, 'get_strategy_period', { p_id: draft })).action_plans).toEqual([]);
      expect(
        (await call(as('resident'), 'get_strategy_period', { p_id: draft })).action_plans,
      ).toEqual([]);
    });

    it('refuses bad plans with stable codes', async () => {
      const cases: [string, Json][] = [
        ['challenge_not_prioritised', planInput({ id: randomUUID(), challenge: seedCodes[1] })],
        ['unknown_challenge', planInput({ id: randomUUID(), challenge: 'no_such' })],
        [
          'measure_not_found',
          planInput({
            id: randomUUID(),
            year: year - 1,
            activities: [{ title: 'x', measure_id: randomUUID() }],
          }),
        ],
        [
          'invalid_indicators',
          planInput({ id: randomUUID(), year: year - 1, indicators: [{ name: '', unit: 'st' }] }),
        ],
        [
          'invalid_indicators',
          planInput({
            id: randomUUID(),
            year: year - 1,
            indicators: [{ name: 'x', unit: 'st', target: 'många' }],
          }),
        ],
        ['department_required', planInput({ id: randomUUID(), year: year - 1, department: ' ' })],
        ['invalid_year', planInput({ id: randomUUID(), year: 1999 })],
        [
          'invalid_activity',
          planInput({
            id: randomUUID(),
            year: year - 1,
            activities: [{ title: 'x', status: 'maybe' }],
          }),
        ],
        [
          'title_required',
          planInput({ id: randomUUID(), year: year - 1, activities: [{ title: '' }] }),
        ],
        // The same period, challenge and year under another id.
        ['invalid_action_plan', planInput({ id: randomUUID() })],
        ['period_not_found', planInput({ id: randomUUID(), period_id: randomUUID() })],
      ];
      for (const [code, p] of cases) {
        expect([code, await codeOf(savePlan(as('strategist'), p))]).toEqual([code, code]);
      }
      expect(await codeOf(savePlan(as('crew'), planInput()))).toBe('forbidden');
      expect(await codeOf(savePlan(as('resident'), planInput()))).toBe('forbidden');
      const rows = await db.query<{ n: number }>('select count(*)::int as n from app.action_plans');
      expect(rows[0].n).toBe(1);
    });

    it('a draft cannot unprioritise a challenge that has an action plan', async () => {
      const next = (
        await call(as('strategist'), 'draft_strategy_period', { p_from: draft, p_name: 'Med plan' })
      ).id;
      await savePlan(
        as('strategist'),
        planInput({ id: randomUUID(), period_id: next, activities: [] }),
      );
      const input = editedInput();
      input.challenges = input.challenges.map((c) =>
        c.code === NEW ? { ...c, prioritised: false } : c,
      );
      input.categories = input.categories.map((c) =>
        c.challenge === NEW ? { ...c, challenge: seedCodes[0]! } : c,
      );
      expect(await codeOf(save(as('strategist'), next, input))).toBe('challenge_not_prioritised');
    });

    it('follows the plan up: activities with their measure and its effect, the reports this year and the year before', async () => {
      /** Noon on the 10th of the month k months from now, Stockholm time, as UTC ISO. */
      const month = async (k: number) =>
        (
          await db.query<{ t: string }>(
            `select to_char(((date_trunc('month', now() at time zone 'Europe/Stockholm')
                              + make_interval(months => $1::int) + interval '9 days 12 hours')
                             at time zone 'Europe/Stockholm') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as t`,
            [k],
          )
        )[0].t;
      // In the measure's area: two before its done month (−3), one after; one duplicate; one far away.
      for (const k of [-5, -4]) await file(moved, await month(k));
      await file(moved, await month(-2));
      await file(moved, await month(-4), { status: 'duplicate' });
      await file(moved, await month(-5), { at: [13.05, 55.57] });
      // The year before.
      await file(moved, `${year - 1}-06-15T10:00:00Z`);
      await file(moved, `${year - 1}-07-15T10:00:00Z`, { at: [13.05, 55.57] });

      const f = await call(as('crew'), 'action_plan_followup', { p_period: draft, p_year: year });
      expect(f.period).toMatchObject({ id: draft, starts_on: today, ends_on: null });
      expect(f.plans).toHaveLength(1);
      const p = f.plans[0];
      expect(p).toMatchObject({
        id: plan,
        challenge: NEW,
        department: 'Fastighets- och gatukontoret',
        target: 'Färre mörka stråk',
      });
      expect(p.indicators).toEqual(planInput().indicators);
      const live = filed.filter((r) => r.challenge === NEW && r.status !== 'duplicate');
      const yearOf = (t: string) =>
        Number(
          new Intl.DateTimeFormat('en', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(
            new Date(t),
          ),
        );
      expect(p.reports).toEqual({
        year: live.filter((r) => yearOf(r.observed_at) === year).length,
        previous_year: live.filter((r) => yearOf(r.observed_at) === year - 1).length,
      });
      expect(
        p.activities.map((a: Json) => [
          a.title,
          a.status,
          a.measure?.id ?? null,
          a.measure?.status ?? null,
        ]),
      ).toEqual([
        ['Ny belysning i parken', 'done', measure, 'done'],
        ['Trygghetsvandring', 'planned', null, null],
      ]);
      const effect = p.activities[0].measure.effect;
      const [bFrom, bTo, aFrom, aTo] = [
        effect.before.from,
        effect.before.to,
        effect.after.from,
        effect.after.to,
      ].map((t: string) => Date.parse(t));
      const inWindow = (from: number, to: number) =>
        live.filter(
          (r) => r.inArea && Date.parse(r.observed_at) >= from! && Date.parse(r.observed_at) < to!,
        ).length;
      expect(effect.area.before).toBe(inWindow(bFrom!, bTo!));
      expect(effect.area.after).toBe(inWindow(aFrom!, aTo!));
      expect(effect.area.before).toBeGreaterThanOrEqual(2);

      expect(
        await codeOf(
          call(as('resident'), 'action_plan_followup', { p_period: draft, p_year: year }),
        ),
      ).toBe('forbidden');
      expect(
        await codeOf(call(as('crew'), 'action_plan_followup', { p_period: draft, p_year: 1999 })),
      ).toBe('invalid_year');
      expect(
        await codeOf(
          call(as('crew'), 'action_plan_followup', { p_period: randomUUID(), p_year: year }),
        ),
      ).toBe('period_not_found');
      // Another year has no plans.
      expect(
        (await call(as('crew'), 'action_plan_followup', { p_period: draft, p_year: year + 1 }))
          .plans,
      ).toEqual([]);
    });
  });
});
