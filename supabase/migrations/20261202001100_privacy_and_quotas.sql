-- Privacy and quotas. docs/security.md, "Privacy", "Privacy after purge and deletion" and "Quotas";
-- tests/db/adversarial/nothing-left-behind.test.ts.
--
-- The link between a report and its reporter is removed after a period without a status update
-- (app.settings.reporter_link_retention, default 3 months) or at once on request (api.delete_my_data). Public
-- readers never see the reporter's user id (report_detail returns a photo named with it only to staff and the
-- reporter; only staff and the uploader may list photo objects). What else:
--  * Photo names. The database cannot rename or move a stored file (on Supabase the file's key in the object
--    store is derived from its name; only the Storage API moves it). So: (1) an id-free name is accepted
--    everywhere, `p/<random uuid>.<jpg|webp>`, whose uploader is known only from storage.objects.owner (which
--    the purge and deletion clear) — the client uploads there; (2) a photo whose name contains the reporter's
--    id (`<uid>/…`) is REMOVED when its reporter is unlinked (purge or deletion): the object row is deleted and
--    the photo_path cleared. Privacy over the photo; the report, its text, place and history stay.
--  * Supports do not count as activity for the purge (or anyone could keep a reporter linked for ever by
--    supporting the report); supports older than the retention period, and every support of a report whose
--    reporter is unlinked, get a random user id (the count stays; the supporter could support again once).
--  * Quotas survive deletion: each write records (kind, n, time) in app.rate_events under an anonymous key,
--    sha256(server-side pepper || user id); the pepper (app.settings.quota_pepper) is random per database and
--    readable only by the owner and service_role. Rows older than a day are deleted by the purge. Supports,
--    status updates, photo uploads, development writes, measures, moderation decisions and reports each have an
--    hourly limit.
--  * Unreferenced uploads (no report and no update names them) older than a day are deleted by the purge.
--  * delete_my_data also deletes the auth user (not for staff: their account, role and attributed work stay).

create table app.settings (
  id int primary key default 1 check (id = 1),
  reporter_link_retention interval not null default interval '3 months'
    check (reporter_link_retention >= interval '1 day'),
  quota_pepper text not null
    default pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '')
);
alter table app.settings enable row level security;

insert into app.settings (id) values (1) on conflict (id) do nothing;

comment on table app.settings is 'Single row of operational settings. Owner and service_role only.';

-- service_role bypasses RLS; no other role has any privilege (no policy is needed or created).
grant select, update on app.settings to service_role;

-- Clear the reporter of the given reports everywhere the link is stored: reports.reporter_id, the author of the
-- reporter's own updates on those reports (submission, reopen), their photos (removed when named with the id,
-- else disowned), and the report's supports (random user ids). Internal; called by purge_reporter_links and
-- delete_my_data only.
create or replace function app.unlink_reporters(p_ids uuid[]) returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_keep text[];
  v_drop text[];
  v_n int;
begin
  -- Nothing to unlink (most callers of delete_my_data, most days of the purge): the updates below would still
  -- fire every statement-level trigger on app.reports and app.report_updates (about 4 ms), so return at once.
  if coalesce(pg_catalog.cardinality(p_ids), 0) = 0 then
    return 0;
  end if;
  -- The photos of these reports and of their reporters' own updates (submission, reopen) on them: a name that
  -- contains the reporter's id is removed, an id-free one is kept without its owner.
  with p as (
    select r.photo_path as path, r.reporter_id as uid
      from app.reports r
     where r.id = any (p_ids) and r.reporter_id is not null and r.photo_path is not null
    union all
    select u.photo_path, r.reporter_id
      from app.report_updates u join app.reports r on r.id = u.report_id
     where r.id = any (p_ids) and r.reporter_id is not null and u.author_id = r.reporter_id
       and u.photo_path is not null)
  select coalesce(array_agg(p.path) filter (where pg_catalog.strpos(pg_catalog.lower(p.path), p.uid::text) = 0), '{}'),
         coalesce(array_agg(p.path) filter (where pg_catalog.strpos(pg_catalog.lower(p.path), p.uid::text) > 0), '{}')
    into v_keep, v_drop
    from p;

  update app.report_updates u
     set author_id = null,
         photo_path = case when u.photo_path = any (v_drop) then null else u.photo_path end
    from app.reports r
   where r.id = any (p_ids) and u.report_id = r.id and u.author_id = r.reporter_id;

  update app.reports r
     set photo_path = null
   where r.id = any (p_ids) and r.photo_path = any (v_drop);

  perform app.drop_photo_objects(v_drop);
  perform app.disown_photo_objects(v_keep);

  -- The supports of an unlinked report: counted, linked to nobody.
  update app.supports sp
     set user_id = pg_catalog.gen_random_uuid(), anonymous = true
   where sp.report_id = any (p_ids) and not sp.anonymous;

  update app.reports r set reporter_id = null where r.id = any (p_ids) and r.reporter_id is not null;
  get diagnostics v_n = row_count;
  return v_n;
end
$$;
revoke execute on function app.unlink_reporters(uuid[]) from public;

-- Unlinks reporters from reports with no status update within p_inactive (default: the setting). Then: supports
-- older than the period get a random user id; photo uploads that no report and no update names, older than a
-- day, are deleted; quota records older than a day are deleted. Returns the number of reports unlinked. Owner and
-- service_role only; scheduled daily (pg_cron, below).
create or replace function app.purge_reporter_links(p_inactive interval default null) returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_period interval := coalesce(p_inactive,
                                (select s.reporter_link_retention from app.settings s where s.id = 1),
                                interval '3 months');
  v_ids uuid[];
  v_n int;
  v_orphans text[];
begin
  if v_period < interval '0' then
    raise exception 'invalid_retention' using errcode = '22023';
  end if;
  select coalesce(array_agg(r.id), '{}') into v_ids
    from app.reports r
   where r.reporter_id is not null
     and r.created_at < pg_catalog.now() - v_period
     and not exists (select 1 from app.report_updates u
                      where u.report_id = r.id and u.created_at >= pg_catalog.now() - v_period);
  v_n := app.unlink_reporters(v_ids);

  update app.supports sp
     set user_id = pg_catalog.gen_random_uuid(), anonymous = true
   where not sp.anonymous and sp.created_at < pg_catalog.now() - v_period;

  select coalesce(array_agg(o.name), '{}') into v_orphans
    from storage.objects o
   where o.bucket_id = 'report-photos'
     and o.created_at < pg_catalog.now() - interval '1 day'
     and not exists (select 1 from app.reports r where r.photo_path = o.name)
     and not exists (select 1 from app.report_updates u where u.photo_path = o.name);
  perform app.drop_photo_objects(v_orphans);

  delete from app.rate_events e where e.at < pg_catalog.now() - interval '1 day';
  return v_n;
end
$$;
revoke execute on function app.purge_reporter_links(interval) from public;
grant execute on function app.purge_reporter_links(interval) to service_role;

-- delete_my_data -------------------------------------------------------------------------------------
-- Unlinks the caller's reports (with their photos, as the purge does) and deletes their supports; deletes every
-- photo the caller uploaded that nothing references any more (any age), and the auth user unless the caller is
-- staff. Quota records stay (anonymous key): deleting one's data resets no quota.
create or replace function api.delete_my_data() returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_ids uuid[];
  v_unlinked int;
  v_supports int;
  v_unused text[];
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  -- Their supports first (counts drop), before the unlinking anonymises the supports of their own reports.
  delete from app.supports sp where sp.user_id = v_uid;
  get diagnostics v_supports = row_count;

  select coalesce(array_agg(r.id), '{}') into v_ids from app.reports r where r.reporter_id = v_uid;
  v_unlinked := app.unlink_reporters(v_ids);

  -- Their uploads (owned, or in their folder) that no report and no update names: deleted.
  select coalesce(array_agg(o.name), '{}') into v_unused
    from storage.objects o
   where o.bucket_id = 'report-photos'
     and (o.owner = v_uid or o.name like v_uid::text || '/%')
     and not exists (select 1 from app.reports r where r.photo_path = o.name)
     and not exists (select 1 from app.report_updates u where u.photo_path = o.name);
  perform app.drop_photo_objects(v_unused);

  -- The account. Staff keep it (their role and their attributed status changes stay; an admin removes roles).
  if not app.is_staff() then
    begin
      delete from auth.users au where au.id = v_uid;
    exception when insufficient_privilege then
      raise notice 'delete_my_data: no privilege to delete the auth user; delete it with the Auth admin API';
    end;
  end if;
  return jsonb_build_object('reports_unlinked', v_unlinked, 'supports_deleted', v_supports);
end
$$;
revoke execute on function api.delete_my_data() from public;
grant execute on function api.delete_my_data() to authenticated;

-- Daily purge with pg_cron where it exists (Supabase). PGlite and plain test databases have no pg_cron;
-- local mode runs app.purge_reporter_links() at start instead. Never fails the migration.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    begin
      create extension if not exists pg_cron with schema pg_catalog;
      perform cron.schedule('purge-reporter-links', '17 3 * * *', 'select app.purge_reporter_links()');
    exception when others then
      raise notice 'pg_cron present but not usable (%); schedule app.purge_reporter_links() yourself', sqlerrm;
    end;
  end if;
end
$$;

comment on column app.settings.quota_pepper is
  'Server-side secret mixed into app.rate_events.key (sha256(pepper || user id)); random per database.';

-- The anonymous quota counter ----------------------------------------------------------------------------
create table app.rate_events (
  key bytea not null,
  kind text not null check (kind in ('report', 'support', 'update', 'photo', 'development', 'measure', 'moderation')),
  n int not null check (n > 0),
  at timestamptz not null default now()
);

create index rate_events_key_idx on app.rate_events (key, kind, at);
alter table app.rate_events enable row level security;

revoke all on app.rate_events from public, anon, authenticated, service_role;

comment on table app.rate_events is
  'Writes per anonymous key and hour, for the quotas (docs/security.md "Quotas"). key = sha256(pepper || user '
  'id): no user id is stored, so deleting one''s data does not reset a quota. Purged after a day. No role but '
  'the owner has any privilege.';

-- The hourly limit of each kind (docs/security.md "Quotas").
create or replace function app.quota_limit(p_kind text) returns int
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case p_kind
           when 'report' then 20        -- non-staff only (staff are not limited)
           when 'support' then 60
           when 'update' then 1000      -- change_status_many takes up to 500 per call
           when 'photo' then 30
           when 'development' then 5000 -- import_developments takes up to 2,000 per call; saves, deletes, assessments
           when 'measure' then 600      -- save_measure (staff)
           when 'moderation' then 2000  -- moderate_report (moderators, admins)
         end
$$;
revoke execute on function app.quota_limit(text) from public;

create or replace function app.quota_key(p_uid uuid) returns bytea
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.sha256(pg_catalog.convert_to(
           (select s.quota_pepper from app.settings s where s.id = 1) || ':' || p_uid::text, 'UTF8'))
$$;
revoke execute on function app.quota_key(uuid) from public;

-- Takes n units of the user's hourly quota of a kind: true (and recorded) when they fit, false otherwise.
-- Serialised per key (advisory lock), so concurrent calls cannot exceed it. A failed call rolls back its record.
create or replace function app.take_quota(p_kind text, p_uid uuid, p_n int, p_limit int default null)
returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_key bytea;
  v_limit int := coalesce(p_limit, app.quota_limit(p_kind));
begin
  if p_uid is null or coalesce(p_n, 0) <= 0 then
    return true;
  end if;
  v_key := app.quota_key(p_uid);
  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended('quota:' || p_kind || ':' || pg_catalog.encode(v_key, 'hex'), 0));
  if coalesce((select sum(e.n) from app.rate_events e
                where e.key = v_key and e.kind = p_kind and e.at > pg_catalog.now() - interval '1 hour'), 0)
     + p_n > v_limit then
    return false;
  end if;
  insert into app.rate_events (key, kind, n) values (v_key, p_kind, p_n);
  return true;
end
$$;
revoke execute on function app.take_quota(text,uuid,integer,integer) from public;

-- Deletes photo objects by name. On Supabase a direct delete needs storage.allow_delete_query (its
-- protect_delete trigger) and leaves the file in the object store (docs/security.md: the Storage API sweep).
create or replace function app.drop_photo_objects(p_names text[]) returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_n int := 0;
begin
  if coalesce(cardinality(p_names), 0) = 0 then
    return 0;
  end if;
  perform pg_catalog.set_config('storage.allow_delete_query', 'true', true);
  delete from storage.objects o where o.bucket_id = 'report-photos' and o.name = any (p_names);
  get diagnostics v_n = row_count;
  perform pg_catalog.set_config('storage.allow_delete_query', 'false', true);
  return v_n;
end
$$;
revoke execute on function app.drop_photo_objects(text[]) from public;

-- Clears the owner of photo objects (kept, id-free names).
create or replace function app.disown_photo_objects(p_names text[]) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if coalesce(cardinality(p_names), 0) = 0 then
    return;
  end if;
  update storage.objects o set owner = null where o.bucket_id = 'report-photos' and o.name = any (p_names);
  -- Supabase's storage also keeps owner_id (text); the local bootstrap does not have it.
  if exists (select 1 from information_schema.columns c
              where c.table_schema = 'storage' and c.table_name = 'objects' and c.column_name = 'owner_id') then
    execute 'update storage.objects set owner_id = null where bucket_id = ''report-photos'' and name = any ($1)'
      using p_names;
  end if;
end
$$;
revoke execute on function app.disown_photo_objects(text[]) from public;

-- Status updates: a quota by trigger (every path that writes them) ----------------------------------------
-- Counts the rows the calling user writes (a submission's own `null → new` row is the report's, not counted).
create or replace function app.report_updates_quota() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_n int;
begin
  if v_uid is null then
    return null;
  end if;
  select count(*) into v_n from new_rows n where n.from_status is not null and n.author_id = v_uid;
  if v_n > 0 and not app.take_quota('update', v_uid, v_n) then
    raise exception 'rate_limited' using errcode = '42501';
  end if;
  return null;
end
$$;
revoke execute on function app.report_updates_quota() from public;

create trigger report_updates_quota after insert on app.report_updates
  referencing new table as new_rows
  for each statement execute function app.report_updates_quota();

-- Staff write paths: measures, development updates, deletes and assessments ------------------------------
-- Takes one unit of the calling user's quota of `kind` (tg_argv[0]) per row in the statement's transition table.
-- Statement-level, so a bulk write is one check. No user (migrations, the demo generator): nothing is counted.
create or replace function app.rows_quota() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_n int;
begin
  if v_uid is null then
    return null;
  end if;
  if tg_op = 'DELETE' then
    select count(*) into v_n from old_rows;
  else
    select count(*) into v_n from new_rows;
  end if;
  if v_n > 0 and not app.take_quota(tg_argv[0], v_uid, v_n) then
    raise exception 'rate_limited' using errcode = '42501';
  end if;
  return null;
end
$$;
revoke execute on function app.rows_quota() from public;

-- save_measure inserts or updates (insert … on conflict do update fires the one or the other transition table).
create trigger measures_quota_insert after insert on app.measures
  referencing new table as new_rows for each statement execute function app.rows_quota('measure');
create trigger measures_quota_update after update on app.measures
  referencing new table as new_rows for each statement execute function app.rows_quota('measure');
-- Developments: inserts (save_development, import_developments), updates (save_development of an existing id),
-- deletes (delete_development) and assessments (save_assessment) share one quota.
create trigger developments_quota after insert on app.developments
  referencing new table as new_rows for each statement execute function app.rows_quota('development');
create trigger developments_quota_update after update on app.developments
  referencing new table as new_rows for each statement execute function app.rows_quota('development');
create trigger developments_quota_delete after delete on app.developments
  referencing old table as old_rows for each statement execute function app.rows_quota('development');
create trigger development_assessments_quota after insert on app.development_assessments
  referencing new table as new_rows for each statement execute function app.rows_quota('development');
