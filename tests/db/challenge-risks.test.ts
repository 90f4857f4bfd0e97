/**
 * Actual risk per challenge on both engines (supabase/migrations/20261206000100_challenge_risks.sql): a period's
 * challenges carry risk_types (checked on save, copied by a new draft, returned by get); challenge_dashboard's
 * `risk` counts the events of those types in the window and district, by month, type and district, and names
 * their sources; measure_effect's `events` counts them in the measure's area and comparison. Events and sources
 * are written straight into the tables (the import is tested in risk-events.test.ts), so every count is known.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeDashboard } from '../../src/api/challenge-dashboard';
import { measureEffect } from '../../src/api/measure-effect';
import { getStrategyPeriod } from '../../src/api/strategy-periods';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const data = (f: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../public/data', f), 'utf8'));
const SEED = data('challenges.json');
const CATEGORIES: { code: string; challenge: string; active: boolean }[] = data('categories.json').categories;
/** The seed's challenge with risk types, and one without (data, not names). */
const WITH_RISK: string = SEED.challenges.find((c: Json) => (c.risk_types ?? []).length > 0).code;
const WITHOUT_RISK: string = SEED.challenges.find((c: Json) => (c.risk_types ?? []).length === 0).code;

const STRATEGIST = '57a00000-0000-4000-8000-0000000000c1';
const CREW = 'c4e00000-0000-4000-8000-0000000000c2';
const as = (sub: string): Who => ({ role: 'authenticated', sub });
const strategist = as(STRATEGIST);
const crew = as(CREW);

/** Stortorget (Gamla staden) in WGS 84, and a point 3 km away in another stadsdel. */
const CENTRE: [number, number] = [12.9995, 55.6056];
const FAR: [number, number] = [13.03, 55.57];
const YEAR = new Date().getUTCFullYear() - 1;
const inYear = (month: number, day = 15) =>
  `${YEAR}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00+01:00`;

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('challenge risks on %s', (engineName) => {
  let db: Engine;
  let stadsdel: string;
  let farStadsdel: string;
  const call = <T = Json>(who: Who, fn: string, args: Record<string, unknown> = {}) =>
    db.call<T>(who, fn, args, { commit: true });
  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;

  async function source(name: string, kind: string, from: string, to: string): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into app.risk_sources (name, kind, provenance, period_from, period_to)
       values ($1, $2, 'Testdata', $3, $4) returning id`,
      [name, kind, from, to],
    );
    return row.id;
  }
  /** One event at lon/lat, its delområde set as the import sets it. */
  async function event(sourceId: string, type: string, at: string, where: [number, number], dx = 0) {
    await db.query(
      `with p as (select extensions.st_setsrid(extensions.st_makepoint($4::float8 + $5::float8, $6::float8), 4326) as g)
       insert into app.risk_events (source_id, type, occurred_at, location, district_code)
       select $1, $2, $3, p.g, (select d.do_kod from app.districts d where extensions.st_intersects(d.geom, p.g)
                                 order by d.do_kod limit 1) from p`,
      [sourceId, type, at, where[0], dx, where[1]],
    );
  }

  beforeAll(async () => {
    db = await createEngine(engineName);
    await db.query(`insert into app.staff_roles (user_id, role) values
      ('${STRATEGIST}', 'strategist'), ('${CREW}', 'crew')`);
    const names = await db.query<{ s: string }>(
      `select d.stadsdel as s from app.districts d, (values ($1::float8, $2::float8, 1), ($3, $4, 2)) v(x, y, o)
        where extensions.st_intersects(d.geom, extensions.st_setsrid(extensions.st_makepoint(v.x, v.y), 4326))
        order by v.o`,
      [CENTRE[0], CENTRE[1], FAR[0], FAR[1]],
    );
    stadsdel = names[0].s;
    farStadsdel = names[1]!.s;
    expect(farStadsdel).not.toBe(stadsdel);

    const strada = await source('STRADA test', 'strada', `${YEAR}-01-01`, `${YEAR}-06-30`);
    const police = await source('Polisen test', 'police', `${YEAR}-01-01`, `${YEAR}-12-31`);
    // Injuries (the family 'injury'): March ×2 at the centre, April ×1 far away, one the year before (outside).
    await event(strada, 'injury_slight', inYear(3), CENTRE);
    await event(strada, 'injury_severe', inYear(3, 20), CENTRE);
    await event(strada, 'injury_slight', inYear(4), FAR);
    await event(strada, 'injury_fatal', `${YEAR - 1}-12-15T12:00:00+01:00`, CENTRE);
    // Not a risk type of WITH_RISK: never counted.
    await event(police, 'police:ran', inYear(3), CENTRE);
  });
  afterAll(async () => {
    await db?.close();
  });

  const window = { p_from: `${YEAR}-01-01T00:00:00+01:00`, p_to: `${YEAR + 1}-01-01T00:00:00+01:00` };

  it('challenge_dashboard: events of the risk types by month, type and district, and their sources', async () => {
    const d = await call(crew, 'challenge_dashboard', { p_challenge: WITH_RISK, ...window, p_level: 'stadsdel' });
    expect(() => challengeDashboard.result.parse(d)).not.toThrow();
    expect(d.risk.types).toEqual(['injury']);
    expect(d.risk.total).toBe(3);
    expect(d.risk.monthly).toEqual([
      { month: `${YEAR}-03`, n: 2 },
      { month: `${YEAR}-04`, n: 1 },
    ]);
    expect(d.risk.by_type).toEqual([
      { type: 'injury_slight', n: 2 },
      { type: 'injury_severe', n: 1 },
    ]);
    expect(d.risk.by_district).toEqual(
      [
        { code: stadsdel, n: 2 },
        { code: farStadsdel, n: 1 },
      ],
    );
    // Only the source holding events of the types; the police source is not named.
    expect(d.risk.sources).toEqual([
      { name: 'STRADA test', kind: 'strada', period_from: `${YEAR}-01-01`, period_to: `${YEAR}-06-30` },
    ]);
  });

  it('challenge_dashboard: the window and the district narrow the events', async () => {
    const march = await call(crew, 'challenge_dashboard', {
      p_challenge: WITH_RISK,
      p_from: `${YEAR}-03-01T00:00:00+01:00`,
      p_to: `${YEAR}-04-01T00:00:00+02:00`,
    });
    expect(march.risk.total).toBe(2);
    const there = await call(crew, 'challenge_dashboard', { p_challenge: WITH_RISK, ...window, p_district: farStadsdel });
    expect(there.risk.total).toBe(1);
    expect(there.risk.monthly).toEqual([{ month: `${YEAR}-04`, n: 1 }]);
    // A window after every source: no source overlaps it, no events.
    const later = await call(crew, 'challenge_dashboard', {
      p_challenge: WITH_RISK,
      p_from: `${YEAR + 1}-01-01T00:00:00+01:00`,
    });
    expect(later.risk).toMatchObject({ total: 0, monthly: [], sources: [] });
    // Unbounded: the event of the year before counts too.
    expect((await call(crew, 'challenge_dashboard', { p_challenge: WITH_RISK })).risk.total).toBe(4);
  });

  it('challenge_dashboard: risk is null for a challenge without risk types and for all challenges', async () => {
    expect((await call(crew, 'challenge_dashboard', { p_challenge: WITHOUT_RISK, ...window })).risk).toBeNull();
    const all = await call(crew, 'challenge_dashboard', window);
    expect(all.risk).toBeNull();
    expect(() => challengeDashboard.result.parse(all)).not.toThrow();
  });

  describe('risk_types in the strategy period', () => {
    let draft: string;
    const input = (risk: unknown, code = WITHOUT_RISK) => ({
      name: 'Med faktiska risker',
      areas: [],
      challenges: SEED.challenges.map((c: Json, i: number) =>
        c.code === code ? { ...c, sort: i + 1, risk_types: risk } : { ...c, sort: i + 1 },
      ),
      categories: CATEGORIES.filter((c) => c.active).map((c) => ({ category: c.code, challenge: c.challenge })),
    });
    const save = (period: unknown) =>
      call(strategist, 'save_strategy_period', { p_id: draft, p_period: JSON.stringify(period) });

    beforeAll(async () => {
      draft = (await call<{ id: string }>(strategist, 'draft_strategy_period', { p_from: SEED.period.id, p_name: 'Utkast' })).id;
    });

    it('get returns each challenge\'s risk types; a new draft copies them', async () => {
      const seed = await call(crew, 'get_strategy_period', { p_id: SEED.period.id });
      expect(() => getStrategyPeriod.result.parse(seed)).not.toThrow();
      const byCode = (p: Json) => Object.fromEntries(p.challenges.map((c: Json) => [c.code, c.risk_types]));
      expect(byCode(seed)[WITH_RISK]).toEqual(['injury']);
      expect(byCode(seed)[WITHOUT_RISK]).toEqual([]);
      expect(byCode(await call(strategist, 'get_strategy_period', { p_id: draft }))).toEqual(byCode(seed));
    });

    it('save stores families and exact types, in order; absent or null is none', async () => {
      const saved = await save(input(['police', 'injury_severe', 'event:brand', 'police:ran']));
      const c = saved.challenges.find((x: Json) => x.code === WITHOUT_RISK);
      expect(c.risk_types).toEqual(['police', 'injury_severe', 'event:brand', 'police:ran']);
      const cleared = await save(input(null));
      expect(cleared.challenges.find((x: Json) => x.code === WITHOUT_RISK).risk_types).toEqual([]);
    });

    it('save refuses a bad list with invalid_risk_types and writes nothing', async () => {
      await save(input(['injury']));
      for (const bad of [
        ['injuries'],
        ['injury_minor'],
        ['police:Rån'],
        ['injury', 'injury'],
        [1],
        [null],
        'injury',
        { injury: true },
        Array.from({ length: 21 }, (_, i) => `event:e${i}`),
      ]) {
        expect(await codeOf(save(input(bad))), JSON.stringify(bad)).toBe('invalid_risk_types');
      }
      const kept = await call(strategist, 'get_strategy_period', { p_id: draft });
      expect(kept.challenges.find((x: Json) => x.code === WITHOUT_RISK).risk_types).toEqual(['injury']);
      // Twenty is the limit.
      const twenty = Array.from({ length: 20 }, (_, i) => `event:e${i}`);
      expect((await save(input(twenty))).challenges.find((x: Json) => x.code === WITHOUT_RISK).risk_types).toEqual(twenty);
    });

    it('published, a period\'s risk types count from its start; a window before it keeps the earlier period\'s', async () => {
      await save(input(['police']));
      const [{ today }] = await db.query<{ today: string }>(
        `select to_char((now() at time zone 'Europe/Stockholm')::date, 'YYYY-MM-DD') as today`,
      );
      await call(strategist, 'publish_strategy_period', { p_id: draft, p_starts_on: today });
      // Unbounded (the window ends now): the new period's ['police'] — the police event at the centre.
      const now = await call(crew, 'challenge_dashboard', { p_challenge: WITHOUT_RISK });
      expect(now.risk).toMatchObject({ types: ['police'], total: 1, by_type: [{ type: 'police:ran', n: 1 }] });
      expect(now.risk.sources.map((x: Json) => x.name)).toEqual(['Polisen test']);
      // A window that ends before the new period: the seed period's (none).
      expect((await call(crew, 'challenge_dashboard', { p_challenge: WITHOUT_RISK, ...window })).risk).toBeNull();
      // Also one that ends exactly where the new period starts (the end is exclusive).
      const [{ start }] = await db.query<{ start: string }>(`select (($1::date)::timestamp at time zone 'Europe/Stockholm')::text as start`, [today]);
      expect((await call(crew, 'challenge_dashboard', { p_challenge: WITHOUT_RISK, p_from: window.p_from, p_to: start })).risk).toBeNull();
    });

    it('the table refuses a bad list written around the API too', async () => {
      expect(
        await codeOf(
          db.query(`update app.period_challenges set risk_types = '{nonsense}' where period_id = $1`, [draft]),
        ),
      ).toMatch(/period_challenges_risk_types_check/);
    });
  });

  describe('measure_effect events', () => {
    let measure: string;
    let other: string;
    beforeAll(async () => {
      // Done in May of YEAR; 3-month windows: before = Feb–Apr, after = Jun–Aug.
      const rows = await db.query<{ id: string }>(
        `insert into app.measures (title, challenge, type, geom, status, done_date)
         values ('Farthinder', $1, 'traffic_calming', extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326),
                 'done', $5),
                ('Städning', $2, 'extra_cleaning', extensions.st_setsrid(extensions.st_makepoint($3, $4), 4326),
                 'done', $5)
         returning id`,
        [WITH_RISK, WITHOUT_RISK, CENTRE[0], CENTRE[1], `${YEAR}-05-10`],
      );
      [measure, other] = [rows[0].id, rows[1]!.id];
      const source2 = await source('STRADA sommar', 'strada', `${YEAR}-06-01`, `${YEAR}-08-31`);
      // After: one in the area (within 100 m), one 190 m east (the same stadsdel, outside the area).
      await event(source2, 'injury_slight', inYear(7), CENTRE, 0.0005);
      await event(source2, 'injury_slight', inYear(7), CENTRE, 0.003);
      const [east] = await db.query<{ s: string }>(
        `select d.stadsdel as s from app.districts d
          where extensions.st_intersects(d.geom, extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326))`,
        [CENTRE[0] + 0.003, CENTRE[1]],
      );
      expect(east.s).toBe(stadsdel);
    });

    it('counts the risk types in the area and the comparison, before and after, with the sources\' range', async () => {
      const e = await call(crew, 'measure_effect', { p_id: measure, p_months: 3, p_comparison: 'district' });
      expect(() => measureEffect.result.parse(e)).not.toThrow();
      expect(e.comparison.name).toBe(stadsdel);
      // Before (Feb–Apr): the two March injuries in the area; the April one is in another stadsdel.
      expect(e.events).toMatchObject({
        types: ['injury'],
        area: { before: 2, after: 1 },
        comparison: { before: 0, after: 1 },
      });
      expect(Date.parse(e.events.data.first)).toBe(Date.parse(`${YEAR}-01-01T00:00:00+01:00`));
      expect(new Date(e.events.data.last).getTime()).toBeLessThan(Date.parse(`${YEAR}-09-01T00:00:00+02:00`));
      expect(new Date(e.events.data.last).getTime()).toBeGreaterThan(Date.parse(`${YEAR}-08-31T23:00:00+02:00`));

      const city = await call(crew, 'measure_effect', { p_id: measure, p_months: 3, p_comparison: 'city' });
      expect(city.events).toMatchObject({ area: { before: 2, after: 1 }, comparison: { before: 1, after: 1 } });
    });

    it('is null for a challenge without risk types', async () => {
      const e = await call(crew, 'measure_effect', { p_id: other, p_months: 3 });
      expect(e.events).toBeNull();
      expect(() => measureEffect.result.parse(e)).not.toThrow();
    });

    it('a random id is still measure_not_found', async () => {
      expect(await codeOf(call(crew, 'measure_effect', { p_id: randomUUID() }))).toBe('measure_not_found');
    });
  });
});
