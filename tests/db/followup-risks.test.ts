/**
 * Actual risk in the follow-ups on both engines: annual_followup's and action_plan_followup's `risk` count the
 * events of the challenge's risk types in the year and the year before (app.followup_risk, by way of
 * app.dashboard_risk's window), by type, name the sources behind them with their provenance and range, and say
 * how many days of each year those sources cover: a year no source covers has no count (null), never 0. A
 * challenge without risk types has `risk` null. Events and sources are written straight into the tables (the
 * import is tested in risk-events.test.ts), so every count is known.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualFollowup } from '../../src/api/annual-followup';
import { measureEffect } from '../../src/api/measure-effect';
import { actionPlanFollowup } from '../../src/api/strategy-periods';
import { createEngine, type Engine, type EngineName, type Who } from './engines';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const data = (f: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../public/data', f), 'utf8'));
const SEED = data('challenges.json');
/** The seed's challenge with risk types, and one without (data, not names). */
const WITH_RISK: string = SEED.challenges.find((c: Json) => (c.risk_types ?? []).length > 0).code;
const WITHOUT_RISK: string = SEED.challenges.find((c: Json) => (c.risk_types ?? []).length === 0).code;

const STRATEGIST = '57a00000-0000-4000-8000-0000000000d1';
const crew = { role: 'authenticated', sub: 'c4e00000-0000-4000-8000-0000000000d2' } as Who;
const strategist = { role: 'authenticated', sub: STRATEGIST } as Who;

const CENTRE: [number, number] = [12.9995, 55.6056];
/** A whole past year, and the one before it. */
const YEAR = new Date().getUTCFullYear() - 1;
const at = (year: number, month: number, day = 15) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00+01:00`;
const daysOf = (y: number) => (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 366 : 365);

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('follow-up risks on %s', (engineName) => {
  let db: Engine;
  const call = <T = Json>(who: Who, fn: string, args: Record<string, unknown> = {}) =>
    db.call<T>(who, fn, args, { commit: true });

  async function source(name: string, provenance: string, from: string, to: string): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into app.risk_sources (name, kind, provenance, period_from, period_to)
       values ($1, 'strada', $2, $3, $4) returning id`,
      [name, provenance, from, to],
    );
    return row.id;
  }
  async function event(sourceId: string, type: string, when: string) {
    await db.query(
      `insert into app.risk_events (source_id, type, occurred_at, location, district_code)
       select $1, $2, $3, p.g, (select d.do_kod from app.districts d where extensions.st_intersects(d.geom, p.g)
                                 order by d.do_kod limit 1)
         from (select extensions.st_setsrid(extensions.st_makepoint($4::float8, $5::float8), 4326) as g) p`,
      [sourceId, type, when, CENTRE[0], CENTRE[1]],
    );
  }

  beforeAll(async () => {
    db = await createEngine(engineName);
    await db.query(`insert into app.staff_roles (user_id, role) values
      ('${STRATEGIST}', 'strategist'), ('${crew.sub}', 'crew')`);
    // The previous year is covered whole; the year only from January to June (a second source, its own provenance).
    const before = await source('STRADA före', 'Transportstyrelsen, uttag 2 jan', `${YEAR - 1}-01-01`, `${YEAR - 1}-12-31`);
    const year = await source('STRADA i år', 'Transportstyrelsen, uttag 1 jul', `${YEAR}-01-01`, `${YEAR}-06-30`);
    await event(before, 'injury_slight', at(YEAR - 1, 3));
    await event(before, 'injury_slight', at(YEAR - 1, 5));
    await event(before, 'injury_severe', at(YEAR - 1, 9));
    await event(year, 'injury_slight', at(YEAR, 2));
    // Not of the challenge's types: neither counted nor its source named.
    const police = await source('Polisen', 'Polisens öppna data', `${YEAR - 2}-01-01`, `${YEAR}-12-31`);
    await event(police, 'police:ran', at(YEAR, 3));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('annual_followup: the year against the year before by type, with the sources and the days they cover', async () => {
    const f = await call(crew, 'annual_followup', { p_year: YEAR, p_challenge: WITH_RISK });
    expect(() => annualFollowup.result.parse(f)).not.toThrow();
    expect(f.risk.types).toEqual(SEED.challenges.find((c: Json) => c.code === WITH_RISK).risk_types);
    expect(f.risk.year).toEqual({ total: 1, covered_days: 181 + (daysOf(YEAR) === 366 ? 1 : 0), days: daysOf(YEAR) });
    expect(f.risk.previous_year).toEqual({ total: 3, covered_days: daysOf(YEAR - 1), days: daysOf(YEAR - 1) });
    expect(f.risk.by_type).toEqual([
      { type: 'injury_slight', year: 1, previous_year: 2 },
      { type: 'injury_severe', year: 0, previous_year: 1 },
    ]);
    expect(f.risk.sources).toEqual([
      {
        name: 'STRADA före',
        kind: 'strada',
        provenance: 'Transportstyrelsen, uttag 2 jan',
        period_from: `${YEAR - 1}-01-01`,
        period_to: `${YEAR - 1}-12-31`,
      },
      {
        name: 'STRADA i år',
        kind: 'strada',
        provenance: 'Transportstyrelsen, uttag 1 jul',
        period_from: `${YEAR}-01-01`,
        period_to: `${YEAR}-06-30`,
      },
    ]);
  });

  it('annual_followup: a year no source covers has no count (null, not 0); a challenge without risk types has no risk', async () => {
    const later = await call(crew, 'annual_followup', { p_year: YEAR + 1, p_challenge: WITH_RISK });
    expect(() => annualFollowup.result.parse(later)).not.toThrow();
    expect(later.risk.year).toEqual({ total: null, covered_days: 0, days: daysOf(YEAR + 1) });
    expect(later.risk.previous_year.total).toBe(1);
    expect(later.risk.by_type).toEqual([{ type: 'injury_slight', year: null, previous_year: 1 }]);
    expect(later.risk.sources.map((s: Json) => s.name)).toEqual(['STRADA i år']);
    const none = await call(crew, 'annual_followup', { p_year: YEAR, p_challenge: WITHOUT_RISK });
    expect(none.risk).toBeNull();
  });

  it("action_plan_followup: each plan's challenge by its period's risk types", async () => {
    const [{ id: period }] = await db.query<{ id: string }>(
      `select p.id from app.strategy_periods p join app.period_challenges c on c.period_id = p.id
        where p.status = 'published' and c.code = $1 order by p.starts_on desc limit 1`,
      [WITH_RISK],
    );
    const withRisk = randomUUID();
    const without = randomUUID();
    await db.query(
      `insert into app.action_plans (id, period_id, challenge, year, department)
       values ($1, $3, $4, $5, 'Gatukontoret'), ($2, $3, $6, $5, 'Gatukontoret')`,
      [withRisk, without, period, WITH_RISK, YEAR, WITHOUT_RISK],
    );
    const f = await call(strategist, 'action_plan_followup', { p_period: period, p_year: YEAR });
    expect(() => actionPlanFollowup.result.parse(f)).not.toThrow();
    const plan = (id: string) => f.plans.find((p: Json) => p.id === id);
    expect(plan(withRisk).risk).toMatchObject({
      year: { total: 1 },
      previous_year: { total: 3 },
      by_type: [
        { type: 'injury_slight', year: 1, previous_year: 2 },
        { type: 'injury_severe', year: 0, previous_year: 1 },
      ],
    });
    expect(plan(withRisk).risk.sources).toHaveLength(2);
    expect(plan(without).risk).toBeNull();
    // The period's own risk types count, not whichever period is in force: with none, no risk.
    await db.query(`update app.period_challenges set risk_types = '{}' where period_id = $1 and code = $2`, [
      period,
      WITH_RISK,
    ]);
    const cleared = await call(strategist, 'action_plan_followup', { p_period: period, p_year: YEAR });
    expect(cleared.plans.find((p: Json) => p.id === withRisk).risk).toBeNull();
    await db.query(`update app.period_challenges set risk_types = $3 where period_id = $1 and code = $2`, [
      period,
      WITH_RISK,
      SEED.challenges.find((c: Json) => c.code === WITH_RISK).risk_types,
    ]);
  });

  describe("measure_effect: the events' data window is the covered run the windows lie in", () => {
    async function measure(doneDate: string): Promise<string> {
      const id = randomUUID();
      await db.query(
        `insert into app.measures (id, title, challenge, type, status, done_date, geom)
         values ($1, 'Farthinder', $2, 'lighting', 'done', $3,
                 extensions.st_setsrid(extensions.st_makepoint($4, $5), 4326))`,
        [id, WITH_RISK, doneDate, CENTRE[0], CENTRE[1]],
      );
      return id;
    }

    it('a before window covered by two adjoining sources starts at the first one', async () => {
      const e = await call(strategist, 'measure_effect', { p_id: await measure(`${YEAR}-07-15`), p_months: 12 });
      expect(() => measureEffect.result.parse(e)).not.toThrow();
      expect(new Date(e.events.data.first).getTime()).toBe(new Date(`${YEAR - 1}-01-01T00:00:00+01:00`).getTime());
    });

    it('a before window in the gap after the sources has no data (was: the first source\'s start, as if covered)', async () => {
      // Done in March of the year after: the before window (March–February) is covered only to 30 June, the after
      // window not at all.
      const e = await call(strategist, 'measure_effect', { p_id: await measure(`${YEAR + 1}-03-15`), p_months: 12 });
      expect(new Date(e.events.data.first).getTime()).toBe(new Date(e.before.to).getTime());
      expect(new Date(e.events.data.last).getTime()).toBeLessThan(new Date(e.after.from).getTime());
    });
  });
});
