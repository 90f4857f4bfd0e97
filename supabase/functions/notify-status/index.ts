// Sends the queued status e-mails (app.status_notifications) through the project's SMTP server.
//
// UNTESTED HERE: there is no Deno and no Supabase project on the machine this was written on. The SQL it calls is
// tested (tests/db/notifications.test.ts); this file is a small, reviewed starting point. See
// docs/notifications.md for deployment (secrets, schedule) and what to check before relying on it.
//
// Runs on a schedule (pg_cron + pg_net, every few minutes) or from a Database Webhook on inserts into
// app.status_notifications. Each run: claim up to BATCH pending rows (exclusive, a 15-minute lease), send one
// e-mail per row, mark the sent ones. A row that failed is claimed again after its lease, at most 5 times.
// It connects to the database directly (SUPABASE_DB_URL, provided to Edge Functions): the two functions live in
// schema `app`, which the Data API does not expose, and are executable by the service role only.
import postgres from 'npm:postgres@3.4.5';
import nodemailer from 'npm:nodemailer@6.9.16';

const BATCH = 50;

interface Claimed {
  id: number;
  report_id: string;
  email: string;
  lang: 'sv' | 'en' | 'ar';
  category_name_sv: string;
  category_name_en: string;
  status_name_sv: string;
  status_name_en: string;
  reported_at: string;
}

const env = (name: string, fallback?: string): string => {
  const value = Deno.env.get(name) ?? fallback;
  if (value === undefined) throw new Error(`missing secret ${name}`);
  return value;
};

// The texts, per language. Category and status names exist in Swedish and English; Arabic uses the Swedish ones,
// as the app does.
function message(n: Claimed, appUrl: string): { subject: string; text: string } {
  const link = `${appUrl}/#/report/${n.report_id}`;
  const date = n.reported_at.slice(0, 10);
  switch (n.lang) {
    case 'en':
      return {
        subject: `Your report is now: ${n.status_name_en}`,
        text: `Your report "${n.category_name_en}" of ${date} is now: ${n.status_name_en}.\n\n${link}\n\n` +
          'You get this e-mail because you asked for it when you reported. Your address is used for nothing else ' +
          'and is deleted 30 days after the report is closed, or when you delete your data in the app.',
      };
    case 'ar':
      return {
        subject: `تغيّرت حالة بلاغك: ${n.status_name_sv}`,
        text: `بلاغك «${n.category_name_sv}» بتاريخ ${date} أصبح الآن: ${n.status_name_sv}.\n\n${link}\n\n` +
          'تصلك هذه الرسالة لأنك طلبتها عند الإبلاغ. لا يُستخدم عنوانك لأي غرض آخر، ويُحذف بعد 30 يومًا من إغلاق ' +
          'البلاغ أو عند حذف بياناتك في التطبيق.',
      };
    default:
      return {
        subject: `Din rapport är nu: ${n.status_name_sv}`,
        text: `Din rapport ”${n.category_name_sv}” från ${date} är nu: ${n.status_name_sv}.\n\n${link}\n\n` +
          'Du får det här mejlet för att du bad om det när du rapporterade. Adressen används inte till något annat ' +
          'och raderas 30 dagar efter att rapporten avslutats, eller när du raderar dina uppgifter i appen.',
      };
  }
}

Deno.serve(async (req) => {
  // Only the scheduler (or a webhook) with the function secret may run it.
  if (req.headers.get('authorization') !== `Bearer ${env('NOTIFY_STATUS_SECRET')}`) {
    return new Response('forbidden', { status: 403 });
  }
  const sql = postgres(env('SUPABASE_DB_URL'), { max: 1, prepare: false });
  const mail = nodemailer.createTransport({
    host: env('SMTP_HOST'),
    port: Number(env('SMTP_PORT', '587')),
    secure: env('SMTP_PORT', '587') === '465',
    auth: { user: env('SMTP_USER'), pass: env('SMTP_PASS') },
  });
  const from = env('SMTP_FROM');
  const appUrl = env('APP_URL').replace(/\/$/, '');
  try {
    // As service_role, the only role granted the two functions.
    const claimed = await sql.begin(async (tx) => {
      await tx`set local role service_role`;
      const [row] = await tx`select app.claim_status_notifications(${BATCH}) as r`;
      return (row?.r ?? []) as Claimed[];
    });
    const sent: number[] = [];
    for (const n of claimed) {
      const { subject, text } = message(n, appUrl);
      try {
        await mail.sendMail({ from, to: n.email, subject, text });
        sent.push(n.id);
      } catch (e) {
        // Left claimed: tried again after the lease. The address is not logged.
        console.error(`notification ${n.id}: ${(e as Error).message}`);
      }
    }
    if (sent.length > 0) {
      await sql.begin(async (tx) => {
        await tx`set local role service_role`;
        await tx`select app.mark_status_notifications_sent(${sent}::bigint[])`;
      });
    }
    return Response.json({ claimed: claimed.length, sent: sent.length });
  } finally {
    await sql.end();
  }
});
