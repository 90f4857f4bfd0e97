-- Status notifications by e-mail (optional, opt-in per report). docs/notifications.md; docs/security-notifications.md;
-- tests/db/notifications.test.ts.
--
-- Reporting stays anonymous by default. A resident who ticks "Meddela mig via e-post" gives an address for ONE
-- report; it is kept in a table of its own that no client role can read (not the reporter, not other users, not
-- staff: no staff function joins it), and it goes:
--  * when the reporter's link to the report goes (api.delete_my_data and the 3-month purge both clear
--    app.reports.reporter_id: a trigger here deletes the address, so neither function needed a change);
--  * 30 days after the report was closed (app.purge_notify_addresses: daily with pg_cron where it exists, and at
--    every claim by the sender);
--  * when the resident withdraws it (api.set_report_notification with a null address).
-- A status change of such a report queues one row in the outbox app.status_notifications (without the address:
-- the sender reads it when it claims the row, so an address deleted meanwhile sends nothing). The sender (the Edge
-- Function supabase/functions/notify-status, connected to the database as a server-side role) claims pending rows
-- with app.claim_status_notifications (`for update skip locked`, a 15-minute lease, at most 5 attempts) and marks
-- them sent with app.mark_status_notifications_sent. Both live in schema `app`, which the Data API does not expose,
-- and only service_role (and the owner) may execute them: no client can reach them even with a key. A change the reporter made themselves (a
-- reopen) sends nothing; a newer change of the same report replaces one not yet claimed.

-- The same rule as the client's (src/features/report/lib/validation.ts): one @, no spaces, a dot in the domain,
-- at most 254 characters.
create or replace function app.email_ok(p_email text) returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select p_email is not null
     and pg_catalog.char_length(p_email) between 6 and 254
     and p_email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'
$$;
revoke execute on function app.email_ok(text) from public;

create table app.report_notify_addresses (
  report_id uuid primary key references app.reports (id) on delete cascade,
  -- The reporter who gave it; the address goes when they stop being the report's reporter_id.
  user_id uuid not null,
  email text not null check (app.email_ok(email)),
  -- The language the resident used, for the message.
  lang text not null default 'sv' check (lang in ('sv', 'en', 'ar')),
  created_at timestamptz not null default now()
);
create index report_notify_addresses_user_idx on app.report_notify_addresses (user_id);
alter table app.report_notify_addresses enable row level security;
revoke all on app.report_notify_addresses from public, anon, authenticated, service_role;

comment on table app.report_notify_addresses is
  'Opt-in e-mail address per report for status notifications. No client role has any privilege (RLS on, no '
  'policy); written by api.set_report_notification, read only by app.claim_status_notifications (service role). '
  'Deleted with the reporter link (delete_my_data, purge) and 30 days after the report closed.';

create table app.status_notifications (
  id bigint generated always as identity primary key,
  report_id uuid not null references app.report_notify_addresses (report_id) on delete cascade,
  from_status text references app.statuses (code),
  to_status text not null references app.statuses (code),
  created_at timestamptz not null default now(),
  -- Claimed by a sender (a lease: claimable again 15 minutes later if not marked sent), and how often.
  claimed_at timestamptz,
  attempts int not null default 0 check (attempts >= 0),
  sent_at timestamptz
);
create index status_notifications_pending_idx on app.status_notifications (id) where sent_at is null;
create index status_notifications_report_idx on app.status_notifications (report_id);
alter table app.status_notifications enable row level security;
revoke all on app.status_notifications from public, anon, authenticated, service_role;

comment on table app.status_notifications is
  'Outbox of status-change e-mails (no address in it). No client role has any privilege (RLS on, no policy); '
  'claimed and marked sent by the sender through app.claim_status_notifications and '
  'app.mark_status_notifications_sent (service role).';

-- Queue a notification when the status of a report with an address changes. Runs as the writer: every status
-- change goes through a security definer api function owned by the owner, so no definer is needed here.
create or replace function app.queue_status_notification() returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if not exists (select 1 from app.report_notify_addresses a
                  where a.report_id = new.id
                    and a.user_id is distinct from (select auth.uid())) then
    return null;
  end if;
  -- A newer status supersedes one not yet claimed: one e-mail says where the report is now.
  delete from app.status_notifications n
   where n.report_id = new.id and n.sent_at is null and n.claimed_at is null;
  insert into app.status_notifications (report_id, from_status, to_status) values (new.id, old.status, new.status);
  return null;
end
$$;
revoke execute on function app.queue_status_notification() from public;

create trigger reports_queue_status_notification
  after update of status on app.reports
  for each row when (old.status is distinct from new.status)
  execute function app.queue_status_notification();

-- The reporter's link went (delete_my_data, the purge): so does the address, and with it (cascade) its outbox.
create or replace function app.forget_notify_address() returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from app.report_notify_addresses a where a.report_id = new.id and a.user_id is distinct from new.reporter_id;
  return null;
end
$$;
revoke execute on function app.forget_notify_address() from public;

create trigger reports_forget_notify_address
  after update of reporter_id on app.reports
  for each row when (old.reporter_id is distinct from new.reporter_id)
  execute function app.forget_notify_address();

-- Addresses of reports closed more than p_after ago (by their last status change), and notifications sent more
-- than p_after ago. Returns the number of addresses deleted. Owner and service role only.
create or replace function app.purge_notify_addresses(p_after interval default interval '30 days') returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_n int;
begin
  delete from app.report_notify_addresses a
   using app.reports r, app.statuses s
   where r.id = a.report_id and s.code = r.status and s."group" = 'closed'
     and coalesce((select max(u.created_at) from app.report_updates u where u.report_id = r.id), r.updated_at)
         < pg_catalog.now() - p_after;
  get diagnostics v_n = row_count;
  delete from app.status_notifications n where n.sent_at < pg_catalog.now() - p_after;
  return v_n;
end
$$;
revoke execute on function app.purge_notify_addresses(interval) from public;
grant execute on function app.purge_notify_addresses(interval) to service_role;

-- api.set_report_notification ---------------------------------------------------------------------------------
-- The reporter opts in (an address) or out (null) for one of their own reports. Never returns the address.
create or replace function api.set_report_notification(p_report_id uuid, p_email text, p_lang text default 'sv')
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_email text := pg_catalog.btrim(p_email);
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  if not exists (select 1 from app.reports r where r.id = p_report_id and r.reporter_id = v_uid) then
    raise exception 'report_not_found' using errcode = 'P0002';
  end if;
  if v_email is null or v_email = '' then
    delete from app.report_notify_addresses a where a.report_id = p_report_id;
    return jsonb_build_object('report_id', p_report_id, 'notify', false);
  end if;
  if not app.email_ok(v_email) then
    raise exception 'invalid_email' using errcode = '22023';
  end if;
  insert into app.report_notify_addresses as a (report_id, user_id, email, lang)
  values (p_report_id, v_uid, v_email, case when p_lang in ('sv', 'en', 'ar') then p_lang else 'sv' end)
  on conflict (report_id) do update set email = excluded.email, lang = excluded.lang, user_id = excluded.user_id;
  return jsonb_build_object('report_id', p_report_id, 'notify', true);
end
$$;
revoke execute on function api.set_report_notification(uuid, text, text) from public;
grant execute on function api.set_report_notification(uuid, text, text) to authenticated;

-- app.claim_status_notifications (service role) -----------------------------------------------------------------
-- Claims up to p_limit pending notifications: not sent, not claimed in the last 15 minutes, fewer than 5
-- attempts. Concurrent senders never get the same row (`for update skip locked`). Each row comes with what the
-- message needs: address, language, category and status names, when. Purges expired addresses first.
create or replace function app.claim_status_notifications(p_limit int default 50) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_result jsonb;
begin
  perform app.purge_notify_addresses();
  with picked as (
    select n.id
      from app.status_notifications n
     where n.sent_at is null
       and n.attempts < 5
       and (n.claimed_at is null or n.claimed_at < pg_catalog.now() - interval '15 minutes')
     order by n.id
     limit least(greatest(coalesce(p_limit, 50), 1), 500)
       for update skip locked),
  claimed as (
    update app.status_notifications n
       set claimed_at = pg_catalog.now(), attempts = n.attempts + 1
      from picked
     where n.id = picked.id
    returning n.id, n.report_id, n.from_status, n.to_status, n.created_at)
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', c.id, 'report_id', c.report_id, 'email', a.email, 'lang', a.lang,
           'category', r.category, 'category_name_sv', cat.name_sv, 'category_name_en', cat.name_en,
           'from_status', c.from_status, 'to_status', c.to_status,
           'status_name_sv', s.name_sv, 'status_name_en', s.name_en, 'status_group', s."group",
           'reported_at', r.created_at, 'changed_at', c.created_at)
         order by c.id), '[]'::jsonb)
    into v_result
    from claimed c
    join app.report_notify_addresses a on a.report_id = c.report_id
    join app.reports r on r.id = c.report_id
    join app.categories cat on cat.code = r.category
    join app.statuses s on s.code = c.to_status;
  return v_result;
end
$$;
revoke execute on function app.claim_status_notifications(int) from public;
grant execute on function app.claim_status_notifications(int) to service_role;

-- app.mark_status_notifications_sent (service role): the claimed rows that were sent. Returns how many.
create or replace function app.mark_status_notifications_sent(p_ids bigint[]) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_n int;
begin
  update app.status_notifications n
     set sent_at = pg_catalog.now()
   where n.id = any (coalesce(p_ids, '{}')) and n.sent_at is null and n.claimed_at is not null;
  get diagnostics v_n = row_count;
  return jsonb_build_object('marked', v_n);
end
$$;
revoke execute on function app.mark_status_notifications_sent(bigint[]) from public;
grant execute on function app.mark_status_notifications_sent(bigint[]) to service_role;

-- Daily purge with pg_cron where it exists (Supabase), as the privacy purge. Never fails the migration.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    begin
      create extension if not exists pg_cron with schema pg_catalog;
      perform cron.schedule('purge-notify-addresses', '27 3 * * *', 'select app.purge_notify_addresses()');
    exception when others then
      raise notice 'pg_cron present but not usable (%); schedule app.purge_notify_addresses() yourself', sqlerrm;
    end;
  end if;
end
$$;
