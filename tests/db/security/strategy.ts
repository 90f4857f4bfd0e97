/**
 * Strategy: measures, their linked reports and the report summaries in the access matrix
 * (docs/security-strategy.md), and the strategy as data (issue 15): strategy periods with their challenge maps
 * (published ones public, drafts for strategists and admins) and action plans (staff). Staff read and save
 * measures (crew and planner only proposals); residents see completed measures only through api.public_measures;
 * the summaries are internal to the dashboard functions.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecurityArea } from './area';
import { who } from './area';

const NO = 'no no no no no no';
const STAFF_READ = 'no own all all all all';
const STAFF = 'no forbidden ok ok ok ok';
const STRATEGISTS = 'no forbidden forbidden forbidden ok ok';
/** Strategy periods: everyone reads the published ones ("own"), strategists and admins the drafts too. */
const PUBLISHED_READ = 'own own own own all all';
const EVERYONE = 'ok ok ok ok ok ok';

// The strategy as data (issue 15): the seed's period in force, its challenges and categories (public/data).
const data = (f: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'public/data', f), 'utf8'));
const SEED = data('challenges.json') as {
  period: { id: string };
  challenges: Record<string, unknown>[];
};
const SEED_CATEGORIES = (
  data('categories.json') as { categories: { code: string; challenge: string }[] }
).categories;
const SEED_CHALLENGE = String(SEED.challenges.find((c) => c.prioritised)!.code);
/** A valid draft: the seed's map plus one thematic area (the seed has none). */
const PERIOD_INPUT = {
  name: 'Nästa strategi (test)',
  areas: [{ code: 'test_omrade', name_sv: 'Testområde', name_en: 'Test area', sort: 1 }],
  challenges: SEED.challenges.map((c, i) => ({
    ...c,
    sort: i + 1,
    area: i === 0 ? 'test_omrade' : null,
  })),
  categories: SEED_CATEGORIES.map((c) => ({ category: c.code, challenge: c.challenge })),
};
const THIS_YEAR = new Date().getUTCFullYear();
const PLAN = (id: string, year: number) => ({
  id,
  period_id: SEED.period.id,
  challenge: SEED_CHALLENGE,
  year,
  department: 'Fastighets- och gatukontoret',
  target: 'Test',
  indicators: [{ name: 'Rapporter', unit: 'st', baseline: 10, target: 8, actual: null }],
  activities: [{ title: 'Aktivitet (test)', status: 'planned' }],
});
/** Published periods and what belongs to them: `own` for everyone but strategists and admins. */
const PUBLISHED_ONLY = (col: string) =>
  `exists (select 1 from app.strategy_periods p where p.id = ${col} and p.status = 'published') and ($1::uuid is null or $1::uuid is not null)`;
let draftId = '';
let planId = '';

/** A small square at Gamla staden, where the core fixtures' reports are. */
const SQUARE = {
  type: 'Polygon',
  coordinates: [
    [
      [13.002, 55.604],
      [13.006, 55.604],
      [13.006, 55.606],
      [13.002, 55.606],
      [13.002, 55.604],
    ],
  ],
};
const monthsAgo = (k: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - k);
  return d.toISOString().slice(0, 10);
};
let doneId = '';

export const strategyArea: SecurityArea = {
  tables: {
    'app.measures': { read: STAFF_READ, create: NO, update: NO, delete: NO },
    'app.measure_reports': { read: STAFF_READ, create: NO, update: NO, delete: NO },
    'app.report_month_stats': { read: NO, create: NO, update: NO, delete: NO },
    'app.report_resolved_stats': { read: NO, create: NO, update: NO, delete: NO },
    'app.strategy_periods': { read: PUBLISHED_READ, create: NO, update: NO, delete: NO },
    'app.period_areas': { read: PUBLISHED_READ, create: NO, update: NO, delete: NO },
    'app.period_challenges': { read: PUBLISHED_READ, create: NO, update: NO, delete: NO },
    'app.period_categories': { read: PUBLISHED_READ, create: NO, update: NO, delete: NO },
    'app.action_plans': { read: STAFF_READ, create: NO, update: NO, delete: NO },
    'app.action_plan_activities': { read: STAFF_READ, create: NO, update: NO, delete: NO },
  },
  functions: {
    'api.save_measure': STAFF,
    'api.list_measures': STAFF,
    'api.measure_effect': STAFF,
    'api.challenge_dashboard': STAFF,
    'api.annual_followup': STAFF,
    'api.public_measures': 'ok ok ok ok ok ok',
    'api.list_strategy_periods': EVERYONE,
    'api.get_strategy_period': EVERYONE,
    'api.draft_strategy_period': STRATEGISTS,
    'api.save_strategy_period': STRATEGISTS,
    'api.publish_strategy_period': STRATEGISTS,
    'api.save_action_plan': STRATEGISTS,
    'api.delete_strategy_period': STRATEGISTS,
    'api.delete_action_plan': STRATEGISTS,
    'api.action_plan_followup': STAFF,
  },
  // Staff only: a resident owns no measure, so "own" is the empty set (RLS shows no rows).
  own: {
    'app.measures': 'false and $1::uuid is not null',
    'app.measure_reports': 'false and $1::uuid is not null',
    'app.strategy_periods': "status = 'published' and ($1::uuid is null or $1::uuid is not null)",
    'app.period_areas': PUBLISHED_ONLY('period_id'),
    'app.period_challenges': PUBLISHED_ONLY('period_id'),
    'app.period_categories': PUBLISHED_ONLY('period_id'),
    'app.action_plans': 'false and $1::uuid is not null',
    'app.action_plan_activities': 'false and $1::uuid is not null',
  },
  writes: {
    'app.measures': {
      create: `insert into app.measures (title, challenge, type, geom) values ('x', 'trafik', 'other', extensions.st_setsrid(extensions.st_makepoint(13.0, 55.6), 4326))`,
      update: `update app.measures set title = 'x'`,
      delete: `delete from app.measures`,
    },
    'app.measure_reports': {
      create: `insert into app.measure_reports (measure_id, report_id) select m.id, r.id from app.measures m, app.reports r where not exists (select 1 from app.measure_reports x where x.measure_id = m.id and x.report_id = r.id) limit 1`,
      update: `update app.measure_reports set report_id = report_id`,
      delete: `delete from app.measure_reports`,
    },
    'app.report_month_stats': {
      create: `insert into app.report_month_stats (month, district_code, category, challenge, n, n_dark, supports) values ('2000-01-01', 0, 'litter', 'renhallning', 1, 0, 0)`,
      update: `update app.report_month_stats set n = n + 1`,
      delete: `delete from app.report_month_stats`,
    },
    'app.report_resolved_stats': {
      create: `insert into app.report_resolved_stats (month, district_code, category, challenge, days, n) values ('2000-01-01', 0, 'litter', 'renhallning', 1, 1)`,
      update: `update app.report_resolved_stats set n = n + 1`,
      delete: `delete from app.report_resolved_stats`,
    },
    'app.strategy_periods': {
      create: `insert into app.strategy_periods (name) values ('x')`,
      update: `update app.strategy_periods set name = name`,
      delete: `delete from app.strategy_periods`,
    },
    'app.period_areas': {
      create: `insert into app.period_areas (period_id, code, name_sv, name_en) select id, 'x_test', 'x', 'x' from app.strategy_periods limit 1`,
      update: `update app.period_areas set sort = sort`,
      delete: `delete from app.period_areas`,
    },
    'app.period_challenges': {
      create: `insert into app.period_challenges (period_id, code, name_sv, name_en) select id, 'x_test', 'x', 'x' from app.strategy_periods limit 1`,
      update: `update app.period_challenges set prioritised = not prioritised`,
      delete: `delete from app.period_challenges`,
    },
    'app.period_categories': {
      create: `insert into app.period_categories (period_id, category, challenge) select period_id, 'litter', code from app.period_challenges limit 1`,
      update: `update app.period_categories set challenge = challenge`,
      delete: `delete from app.period_categories`,
    },
    'app.action_plans': {
      create: `insert into app.action_plans (id, period_id, challenge, year, department) select gen_random_uuid(), period_id, code, 2001, 'x' from app.period_challenges limit 1`,
      update: `update app.action_plans set target = 'x'`,
      delete: `delete from app.action_plans`,
    },
    'app.action_plan_activities': {
      create: `insert into app.action_plan_activities (plan_id, title) select id, 'x' from app.action_plans limit 1`,
      update: `update app.action_plan_activities set note = 'x'`,
      delete: `delete from app.action_plan_activities`,
    },
  },
  async setup({ db, R }) {
    doneId = randomUUID();
    await db.call(
      who('strategist'),
      'save_measure',
      {
        p_id: doneId,
        p_measure: JSON.stringify({
          title: 'Extra städning (test)',
          challenge: 'renhallning',
          type: 'extra_cleaning',
          status: 'done',
          done_date: monthsAgo(3),
          geometry: SQUARE,
          report_ids: [R.mine],
          cost_sek: 1000,
        }),
      },
      { commit: true },
    );
    // A draft next period (with a thematic area) and an action plan of the period in force.
    draftId = (
      await db.call<{ id: string }>(
        who('strategist'),
        'draft_strategy_period',
        { p_from: SEED.period.id, p_name: 'Utkast (test)' },
        { commit: true },
      )
    ).id;
    await db.call(
      who('strategist'),
      'save_strategy_period',
      { p_id: draftId, p_period: JSON.stringify(PERIOD_INPUT) },
      { commit: true },
    );
    planId = randomUUID();
    await db.call(
      who('strategist'),
      'save_action_plan',
      { p_plan: JSON.stringify(PLAN(planId, THIS_YEAR)) },
      { commit: true },
    );
  },
  args(fn) {
    switch (fn) {
      case 'api.save_measure':
        return {
          args: {
            p_id: randomUUID(),
            p_measure: JSON.stringify({
              title: 'Förslag',
              challenge: 'trafik',
              type: 'traffic_calming',
              geometry: SQUARE,
            }),
          },
        };
      case 'api.list_measures':
        return { args: { p_limit: 100, p_offset: 0 } };
      case 'api.public_measures':
        return { args: { p_limit: 100, p_offset: 0 } };
      case 'api.measure_effect':
        return { args: { p_id: doneId, p_months: 3, p_comparison: 'district' } };
      case 'api.challenge_dashboard':
        return { args: { p_challenge: 'renhallning', p_level: 'delomrade' } };
      case 'api.annual_followup':
        return { args: { p_year: new Date().getUTCFullYear(), p_challenge: 'renhallning' } };
      case 'api.list_strategy_periods':
        return { args: {} };
      case 'api.get_strategy_period':
        return { args: { p_id: SEED.period.id } };
      case 'api.draft_strategy_period':
        return { args: { p_from: SEED.period.id, p_name: 'Ännu ett utkast' } };
      case 'api.save_strategy_period':
        return { args: { p_id: draftId, p_period: JSON.stringify(PERIOD_INPUT) } };
      case 'api.publish_strategy_period':
        // Today in Stockholm (at most a day ahead of UTC's date; tomorrow is fine too).
        return {
          args: {
            p_id: draftId,
            p_starts_on: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
          },
        };
      case 'api.save_action_plan':
        return { args: { p_plan: JSON.stringify(PLAN(randomUUID(), THIS_YEAR + 1)) } };
      // Each cell runs in a rolled-back transaction, so every role may try the same draft and plan.
      case 'api.delete_strategy_period':
        return { args: { p_id: draftId } };
      case 'api.delete_action_plan':
        return { args: { p_id: planId } };
      case 'api.action_plan_followup':
        return { args: { p_period: SEED.period.id, p_year: THIS_YEAR } };
      default:
        return undefined;
    }
  },
  documented: {
    save_measure: [
      'forbidden',
      'title_required',
      'text_too_long',
      'description_too_long',
      'invalid_challenge',
      'invalid_measure_type',
      'invalid_measure_status',
      'invalid_source_kind',
      'invalid_date',
      'done_date_required',
      'invalid_cost',
      'invalid_criteria',
      'invalid_geometry',
      'too_many_vertices',
      'outside_malmo',
      'report_not_found',
      'too_many_reports',
      'rate_limited',
    ],
    list_measures: ['forbidden', 'invalid_challenge', 'invalid_measure_status', 'invalid_limit'],
    public_measures: ['invalid_limit'],
    measure_effect: [
      'forbidden',
      'measure_not_found',
      'measure_not_done',
      'invalid_months',
      'invalid_comparison',
    ],
    challenge_dashboard: [
      'forbidden',
      'invalid_date_range',
      'invalid_filter',
      'invalid_level',
      'invalid_district',
    ],
    annual_followup: ['forbidden', 'invalid_year', 'invalid_challenge'],
    list_strategy_periods: [],
    get_strategy_period: ['period_not_found'],
    draft_strategy_period: ['forbidden', 'period_not_found', 'name_required', 'name_too_long'],
    save_strategy_period: [
      'forbidden',
      'period_not_found',
      'period_not_draft',
      'invalid_period',
      'name_required',
      'name_too_long',
      'text_too_long',
      'invalid_code',
      'duplicate_code',
      'unknown_area',
      'unknown_category',
      'unknown_challenge',
      'challenge_not_prioritised',
      'category_without_challenge',
      'no_prioritised_challenge',
      'crew_focus_not_unique',
      'invalid_score',
      'too_many_challenges',
      'too_many_areas',
      'too_many',
    ],
    publish_strategy_period: [
      'forbidden',
      'period_not_found',
      'period_not_draft',
      'invalid_start_date',
      'challenge_not_prioritised',
      'category_without_challenge',
      'no_prioritised_challenge',
      'too_many_challenges',
    ],
    save_action_plan: [
      'forbidden',
      'invalid_action_plan',
      'period_not_found',
      'invalid_code',
      'unknown_challenge',
      'challenge_not_prioritised',
      'invalid_year',
      'department_required',
      'name_too_long',
      'text_too_long',
      'invalid_indicators',
      'invalid_activity',
      'title_required',
      'measure_not_found',
      'too_many',
    ],
    delete_strategy_period: ['forbidden', 'period_not_found', 'published_period_not_deletable'],
    delete_action_plan: ['forbidden', 'action_plan_not_found'],
    action_plan_followup: ['forbidden', 'invalid_year', 'period_not_found'],
  },
};
