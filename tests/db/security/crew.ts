/**
 * Crew: the hotspot aggregation, the work list, claiming and bulk status changes in the access
 * matrix (docs/security-crew.md). Two internal tables (app.report_points, the hotspot copy, and
 * app.hotspot_cell_counts, its per-cell summaries: no privileges);
 * the new columns on app.reports and app.report_updates are covered by those tables' rows. Every staff role
 * reads (exact positions are staff data); only crew and admins claim; bulk status changes follow the same
 * per-role transitions as api.change_status.
 */
import { ID, type SecurityArea } from './area';

const STAFF_READ = 'no forbidden ok ok ok ok';
const NO = 'no no no no no no';

export const crewArea: SecurityArea = {
  tables: {
    'app.report_points': { read: NO, create: NO, update: NO, delete: NO },
    'app.hotspot_cell_counts': { read: NO, create: NO, update: NO, delete: NO },
  },
  functions: {
    'api.hotspot_cells': STAFF_READ,
    'api.work_list': STAFF_READ,
    'api.claim_report': 'no forbidden ok forbidden forbidden ok',
    // `referred` with a note from `new`: a crew and a planner transition; strategists have none.
    'api.change_status_many': 'no forbidden ok ok transition_not_allowed ok',
    'api.crew_colleagues': 'no forbidden ok forbidden forbidden ok',
    'api.assign_report': 'no forbidden ok forbidden forbidden ok',
  },
  writes: {
    'app.report_points': {
      create: `insert into app.report_points (a3006, b3006, observed_at, support_count, id, challenge, category) values (0, 0, now(), 0, gen_random_uuid(), 'renhallning', 'litter')`,
      update: `update app.report_points set support_count = support_count + 1`,
      delete: `delete from app.report_points`,
    },
    'app.hotspot_cell_counts': {
      create: `insert into app.hotspot_cell_counts (cell_m, challenge, period, key, n, supports) values (100, 'renhallning', 0, 0, 1, 0)`,
      update: `update app.hotspot_cell_counts set n = n`,
      delete: `delete from app.hotspot_cell_counts`,
    },
  },
  args(fn, _role, ctx) {
    switch (fn) {
      case 'api.hotspot_cells':
        return { args: { p_cell_m: 100, p_challenges: ['renhallning'], p_recent_from: new Date(Date.now() - 28 * 86_400_000).toISOString() } };
      case 'api.work_list':
        return { args: { p_limit: 50 } };
      case 'api.claim_report':
        return { args: { p_report_id: ctx.R.others } };
      case 'api.crew_colleagues':
        return { args: {} };
      case 'api.assign_report':
        return { args: { p_report_id: ctx.R.others, p_assignee: ID.crew, p_due_on: null } };
      case 'api.change_status_many':
        return { args: { p_report_ids: [ctx.R.others], p_to_status: 'referred', p_note: 'Trafikverket' } };
      default:
        return undefined;
    }
  },
  documented: {
    hotspot_cells: ['forbidden', 'invalid_cell_size', 'invalid_filter'],
    work_list: ['forbidden', 'invalid_cell_size', 'invalid_filter'],
    claim_report: ['forbidden', 'report_not_found', 'report_closed', 'already_claimed', 'not_claim_holder', 'rate_limited'],
    crew_colleagues: ['forbidden'],
    assign_report: ['forbidden', 'report_not_found', 'report_closed', 'invalid_assignee', 'invalid_date', 'already_claimed'],
    change_status_many: [
      'forbidden', 'too_many', 'report_not_found', 'transition_not_allowed', 'reopen_expired', 'note_required',
      'note_too_long', 'duplicate_of_invalid', 'rate_limited',
    ],
  },
};
