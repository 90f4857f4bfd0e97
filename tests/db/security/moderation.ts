/**
 * Moderation before publication: the moderation queue, moderate_report and the history table in the access matrix
 * (docs/security-moderation.md). The moderator role itself is not a column of the matrix (six personas); it is
 * tested in tests/db/adversarial/moderation.test.ts, where a moderator gets `ok` like the admin here.
 */
import type { SecurityArea } from './area';

const MODERATORS = 'no forbidden forbidden forbidden forbidden ok';
const NO = 'no no no no no no';

export const moderationArea: SecurityArea = {
  tables: {
    'app.report_moderation': { read: NO, create: NO, update: NO, delete: NO },
  },
  functions: {
    'api.moderation_queue': MODERATORS,
    'api.moderate_report': MODERATORS,
  },
  writes: {
    'app.report_moderation': {
      create: `insert into app.report_moderation (report_id, action) values ((select id from app.reports limit 1), 'approve')`,
      update: `update app.report_moderation set reason = 'x'`,
      delete: `delete from app.report_moderation`,
    },
  },
  async setup(ctx) {
    // One history row: the admin approves the other resident's (already public) report again.
    await ctx.db.call({ role: 'authenticated', sub: 'ad000000-0000-4000-8000-00000000000f' }, 'moderate_report',
      { p_report_id: ctx.R.others, p_action: 'approve', p_description: null, p_reason: null }, { commit: true });
  },
  args(fn, _role, ctx) {
    switch (fn) {
      case 'api.moderation_queue':
        return { args: { p_limit: 50, p_offset: 0 } };
      case 'api.moderate_report':
        return { args: { p_report_id: ctx.R.others, p_action: 'approve', p_description: null, p_reason: null, p_photo: null } };
      default:
        return undefined;
    }
  },
  documented: {
    moderation_queue: ['forbidden', 'invalid_filter'],
    moderate_report: [
      'forbidden', 'invalid_action', 'reason_required', 'note_too_long', 'description_required', 'description_too_long',
      'report_not_found', 'no_photo', 'rate_limited',
    ],
  },
};
