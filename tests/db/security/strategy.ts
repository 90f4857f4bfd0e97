/**
 * Strategy: measures, their linked reports and the report summaries in the access matrix
 * (docs/security-strategy.md). Staff read and save measures (crew and planner only proposals); residents see
 * completed measures only through api.public_measures; the summaries are internal to the dashboard functions.
 */
import { randomUUID } from 'node:crypto';
import type { SecurityArea } from './area';
import { who } from './area';

const NO = 'no no no no no no';
const STAFF_READ = 'no own all all all all';
const STAFF = 'no forbidden ok ok ok ok';

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
  },
  functions: {
    'api.save_measure': STAFF,
    'api.list_measures': STAFF,
    'api.measure_effect': STAFF,
    'api.challenge_dashboard': STAFF,
    'api.annual_followup': STAFF,
    'api.public_measures': 'ok ok ok ok ok ok',
  },
  // Staff only: a resident owns no measure, so "own" is the empty set (RLS shows no rows).
  own: {
    'app.measures': 'false and $1::uuid is not null',
    'app.measure_reports': 'false and $1::uuid is not null',
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
    challenge_dashboard: ['forbidden', 'invalid_date_range', 'invalid_filter', 'invalid_level', 'invalid_district'],
    annual_followup: ['forbidden', 'invalid_year', 'invalid_challenge'],
  },
};
