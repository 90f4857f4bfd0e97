/**
 * Status notifications by e-mail (docs/security-notifications.md, migration 20261202001150_status_notifications.sql):
 * the opt-in addresses and the outbox are readable and writable by no client role; the reporter sets or withdraws
 * the address of their own report; only the service role (the sender) claims and marks notifications.
 */
import type { SecurityArea } from './area';

const NO = 'no no no no no no';

export const notificationsArea: SecurityArea = {
  tables: {
    'app.report_notify_addresses': { read: NO, create: NO, update: NO, delete: NO },
    'app.status_notifications': { read: NO, create: NO, update: NO, delete: NO },
  },
  functions: {
    'api.set_report_notification': 'no ok report_not_found report_not_found report_not_found report_not_found',
    'app.claim_status_notifications': NO,
    'app.mark_status_notifications_sent': NO,
  },
  writes: {
    'app.report_notify_addresses': {
      create: `insert into app.report_notify_addresses (report_id, user_id, email) values ((select id from app.reports where id not in (select report_id from app.report_notify_addresses) limit 1), gen_random_uuid(), 'someone@example.se')`,
      update: `update app.report_notify_addresses set email = 'other@example.se'`,
      delete: `delete from app.report_notify_addresses`,
    },
    'app.status_notifications': {
      create: `insert into app.status_notifications (report_id, to_status) values ((select report_id from app.report_notify_addresses limit 1), 'confirmed')`,
      update: `update app.status_notifications set sent_at = now()`,
      delete: `delete from app.status_notifications`,
    },
  },
  async setup(ctx) {
    // The resident opted in for their resolved report, and one notification waits (as the trigger queues it).
    await ctx.db.query(
      `insert into app.report_notify_addresses (report_id, user_id, email) values ($1, 'a11ce000-0000-4000-8000-00000000000a', 'resident@example.se')`,
      [ctx.R.resolved],
    );
    await ctx.db.query(`insert into app.status_notifications (report_id, from_status, to_status) values ($1, 'in_progress', 'resolved')`, [
      ctx.R.resolved,
    ]);
  },
  args(fn, _role, ctx) {
    switch (fn) {
      case 'api.set_report_notification':
        return { args: { p_report_id: ctx.R.mine, p_email: 'resident@example.se', p_lang: 'sv' } };
      case 'app.claim_status_notifications':
        return { sql: 'select app.claim_status_notifications(10) as result', args: {} };
      case 'app.mark_status_notifications_sent':
        return { sql: 'select app.mark_status_notifications_sent(array[1]::bigint[]) as result', args: {} };
      default:
        return undefined;
    }
  },
  documented: {
    set_report_notification: ['not_signed_in', 'report_not_found', 'invalid_email'],
  },
};
