-- Privacy after the purge and after "delete my data", and quotas on every write path (hardening issue).
-- docs/security.md, "Privacy after purge and deletion" and "Quotas"; tests/db/adversarial/nothing-left-behind.test.ts.
--
-- Holes this closes (found by an attacker's test):
--  * After the 3-month purge the reporter's id stayed in photo names (`<uid>/<report id>.jpg`, the reporter's
--    own update photos `<uid>/updates/<id>.jpg`: storage.objects.name and the photo_path columns) and in
--    app.supports.user_id; supports never expired, and any new support reset the reporter's inactivity clock, so
--    anyone could keep a reporter linked for ever by supporting the report.
--  * delete_my_data left storage.objects.owner of attached photos only partly cleared, photo names with the id,
--    and the auth user.
--  * The report rate limit counted the caller's linked reports, so delete_my_data reset it; supports, status
--    updates, photo uploads and development imports had no hourly limit; uploads accepted any name in the
--    user's folder and were never cleaned up.
--
-- Decisions:
--  * Photo names. The database cannot rename or move a stored file (on Supabase the file's key in the object
--    store is derived from its name; only the Storage API moves it). So: (1) a new id-free name is accepted
--    everywhere, `p/<random uuid>.<jpg|webp>`, whose uploader is known only from storage.objects.owner (which
--    the purge and deletion clear) — the client should upload there (docs/security.md lists the change); (2) a
--    photo whose name contains the reporter's id (the current client's `<uid>/…`) is REMOVED when its reporter
--    is unlinked (purge or deletion): the object row is deleted and the photo_path cleared. Privacy over the
--    photo; the report, its text, place and history stay.
--  * Supports: they no longer count as activity for the purge (only status updates do); supports older than the
--    retention period, and every support of a report whose reporter is unlinked, get a random user id (the
--    count stays; the supporter could support again once, after three months).
--  * Quotas survive deletion: each write records (kind, n, time) in app.rate_events under an anonymous key,
--    sha256(server-side pepper || user id); the pepper (app.settings.quota_pepper) is random per database and
--    readable only by the owner and service_role. Rows older than a day are deleted by the purge.
--  * Unreferenced uploads (no report and no update names them) older than a day are deleted by the purge.
--  * delete_my_data also deletes the auth user (not for staff: their account, role and attributed work stay).

-- 1. The anonymous quota counter ----------------------------------------------------------------------------
alter table app.settings
  add column quota_pepper text not null
    default pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '');
comment on column app.settings.quota_pepper is
  'Server-side secret mixed into app.rate_events.key (sha256(pepper || user id)); random per database.';

alter table app.supports add column anonymous boolean not null default false;
comment on column app.supports.anonymous is
  'True once user_id was replaced by a random id (the support is older than the retention period, or its '
  'report''s reporter was unlinked): counted, linked to nobody.';

create table app.rate_events (
  key bytea not null,
  kind text not null check (kind in ('report', 'support', 'update', 'photo', 'development')),
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

create index reports_photo_path_idx on app.reports (photo_path) where photo_path is not null;
create index report_updates_photo_path_idx on app.report_updates (photo_path) where photo_path is not null;

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
           when 'development' then 5000 -- import_developments takes up to 2,000 per call
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
revoke execute on function app.take_quota(text, uuid, int, int) from public;

-- 2. Photo uploads: allowed names and a quota ------------------------------------------------------------
-- Allowed: `p/<uuid>.<jpg|webp>` (id-free, preferred), and the current client's `<uid>/<uuid>.<jpg|webp>` (a
-- report photo, the uuid being the report id) and `<uid>/updates/<uuid>.<jpg|webp>` (a status change's photo),
-- uid = the uploader. Lower-case uuids only, nothing else. Then 30 uploads per user and hour.
create or replace function app.photo_name_ok(p_uid uuid, p_name text) returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select p_uid is not null and p_name is not null and (
    p_name ~ '^p/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|webp)$'
    or p_name ~ ('^' || p_uid::text
                 || '/(updates/)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|webp)$'))
$$;
revoke execute on function app.photo_name_ok(uuid, text) from public;

create or replace function app.photo_upload_allowed(p_name text) returns boolean
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if not app.photo_name_ok(v_uid, p_name) then
    return false;
  end if;
  return app.take_quota('photo', v_uid, 1);
end
$$;
revoke execute on function app.photo_upload_allowed(text) from public;
grant execute on function app.photo_upload_allowed(text) to authenticated;

drop policy if exists "Signed-in users can upload report photos into their own folder" on storage.objects;
create policy "Signed-in users upload report photos by the naming rules, within their quota"
  on storage.objects for insert to authenticated
  with check (bucket_id = 'report-photos' and app.photo_upload_allowed(name));

-- Listing (names, metadata): staff, and the uploader (own folder, or an id-free object they own).
drop policy if exists "Staff and the uploader can read report photos" on storage.objects;
create policy "Staff and the uploader can read report photos"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'report-photos'
    and ((storage.foldername(name))[1] = (select auth.uid())::text
         or owner = (select auth.uid())
         or (select app.is_staff()))
  );

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

-- 3. Unlinking: reports, the reporter's own updates, their photos, the report's supports -------------------
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

-- Unlinks reporters from reports with no status update within p_inactive (default: the setting); supports no
-- longer count as activity. Then: supports older than the period get a random user id; photo uploads that no
-- report and no update names, older than a day, are deleted; quota records older than a day are deleted.
-- Returns the number of reports unlinked. Owner and service_role only; scheduled daily (pg_cron, 20261201100300).
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

-- 4. delete_my_data ---------------------------------------------------------------------------------------
-- As before (reports unlinked with their photos as in the purge, supports deleted; the same result), and now:
-- every photo the caller uploaded that nothing references any more is deleted (any age), and the auth user is
-- deleted unless the caller is staff. Quota records stay (anonymous key): deleting one's data resets no quota.
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

-- 5. support_report: a quota (a repeated support is free) -------------------------------------------------
create or replace function api.support_report(p_report_id uuid) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  if p_report_id is null or not exists (select 1 from app.reports r where r.id = p_report_id) then
    raise exception 'report_not_found' using errcode = '22023';
  end if;
  if not exists (select 1 from app.supports sp where sp.report_id = p_report_id and sp.user_id = v_uid) then
    if not app.take_quota('support', v_uid, 1) then
      raise exception 'rate_limited' using errcode = '42501';
    end if;
    insert into app.supports (report_id, user_id) values (p_report_id, v_uid)
    on conflict (report_id, user_id) do nothing;
  end if;
  return jsonb_build_object(
    'report_id', p_report_id,
    'support_count', (select count(*) from app.supports sp where sp.report_id = p_report_id),
    'supported_by_me', true);
end
$$;
revoke execute on function api.support_report(uuid) from public;
grant execute on function api.support_report(uuid) to authenticated;

-- 6. Status updates and development imports: quotas by trigger (every path that writes them) ---------------
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

create or replace function app.developments_quota() returns trigger
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
  select count(*) into v_n from new_rows;
  if v_n > 0 and not app.take_quota('development', v_uid, v_n) then
    raise exception 'rate_limited' using errcode = '42501';
  end if;
  return null;
end
$$;
revoke execute on function app.developments_quota() from public;
create trigger developments_quota after insert on app.developments
  referencing new table as new_rows
  for each statement execute function app.developments_quota();

-- 7. submit_report: the quota by anonymous key; the id-free photo name ------------------------------------
-- Body of 20261201100400 with two changes: the rate limit counts app.rate_events (survives delete_my_data),
-- and p_photo_path may also be `p/<uuid>.<jpg|webp>`, if no other user uploaded that object and no report or
-- update already names it.
create or replace function api.submit_report(
  p_id uuid,
  p_category text,
  p_lon float8,
  p_lat float8,
  p_description text,
  p_observed_at timestamptz,
  p_source text default 'resident',
  p_photo_path text default null
) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_owner uuid;
  v_found boolean;
  v_point extensions.geometry;
  v_description text;
  v_observed timestamptz := coalesce(p_observed_at, now());
  v_source text := coalesce(p_source, 'resident');
  v_rows int;
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  if p_id is null then
    raise exception 'id_conflict' using errcode = '22023';
  end if;

  -- Idempotency: a retry of a stored submission returns it unchanged.
  select true, r.reporter_id into v_found, v_owner from app.reports r where r.id = p_id;
  if v_found then
    if v_owner is distinct from v_uid then
      raise exception 'id_conflict' using errcode = '22023';
    end if;
    return app.submitted_report_json(p_id);
  end if;

  -- Rate limit (after the idempotency check, so a retry of a stored report is never refused or counted):
  -- at most 20 new reports per rolling hour per non-staff user, counted under the anonymous quota key, so
  -- deleting one's data does not reset it. take_quota serialises per key.
  if not app.is_staff() then
    if not app.take_quota('report', v_uid, 1) then
      raise exception 'rate_limited' using errcode = '42501';
    end if;
  end if;

  if p_category is null
     or not exists (select 1 from app.categories c where c.code = p_category and c.active) then
    raise exception 'unknown_category' using errcode = '22023';
  end if;

  if p_lon is null or p_lat is null or p_lon = 'NaN'::float8 or p_lat = 'NaN'::float8
     or p_lon not between -180 and 180 or p_lat not between -90 and 90 then
    raise exception 'invalid_position' using errcode = '22023';
  end if;
  v_point := extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326);
  if not exists (select 1 from app.boundary b where extensions.st_intersects(b.geom, v_point)) then
    raise exception 'outside_malmo' using errcode = '22023';
  end if;

  v_description := regexp_replace(coalesce(p_description, ''), '^[[:space:]]+|[[:space:]]+$', '', 'g');
  if v_description = '' then
    raise exception 'description_required' using errcode = '22023';
  end if;
  if char_length(v_description) > 2000 then
    raise exception 'description_too_long' using errcode = '22023';
  end if;

  if v_observed > now() + interval '5 minutes' then
    raise exception 'observed_in_future' using errcode = '22023';
  end if;
  if v_observed < now() - interval '365 days' then
    raise exception 'observed_too_old' using errcode = '22023';
  end if;

  if v_source not in ('resident', 'crew', 'planner', 'safety_walk')
     or (v_source <> 'resident' and not app.is_staff()) then
    raise exception 'invalid_source' using errcode = '22023';
  end if;

  if p_photo_path is not null
     and p_photo_path not in (v_uid::text || '/' || p_id::text || '.jpg',
                              v_uid::text || '/' || p_id::text || '.webp')
     and (p_photo_path !~ '^p/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|webp)$'
          or exists (select 1 from storage.objects o
                      where o.bucket_id = 'report-photos' and o.name = p_photo_path
                        and o.owner is distinct from v_uid)
          or exists (select 1 from app.reports r where r.photo_path = p_photo_path)
          or exists (select 1 from app.report_updates u where u.photo_path = p_photo_path)) then
    raise exception 'invalid_photo_path' using errcode = '22023';
  end if;

  insert into app.reports (id, category, location, description, observed_at, status, source, reporter_id,
                           photo_path, is_demo)
  values (p_id, p_category, v_point, v_description, v_observed, 'new', v_source, v_uid, p_photo_path, false)
  on conflict (id) do nothing;
  get diagnostics v_rows = row_count;

  if v_rows = 0 then
    -- A concurrent call with the same id won the race.
    select r.reporter_id into v_owner from app.reports r where r.id = p_id;
    if v_owner is distinct from v_uid then
      raise exception 'id_conflict' using errcode = '22023';
    end if;
    return app.submitted_report_json(p_id);
  end if;

  insert into app.report_updates (report_id, from_status, to_status, note, author_id)
  values (p_id, null, 'new', null, v_uid);

  return app.submitted_report_json(p_id);
end
$$;
revoke execute on function api.submit_report(uuid, text, float8, float8, text, timestamptz, text, text) from public;
grant execute on function api.submit_report(uuid, text, float8, float8, text, timestamptz, text, text)
  to authenticated;

-- 8. Data the old purge already unlinked -------------------------------------------------------------------
-- Reports without a reporter and updates without an author whose photo name still starts with a user id
-- (`<uid>/…`, the current client's names; staff updates keep their author): the photo goes, as above.
do $$
declare
  v_legacy text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/';
  v_paths text[];
begin
  select coalesce(array_agg(x.p), '{}') into v_paths from (
    select r.photo_path as p from app.reports r where r.reporter_id is null and r.photo_path ~ v_legacy
    union all
    select u.photo_path from app.report_updates u where u.author_id is null and u.photo_path ~ v_legacy) x;
  update app.reports r set photo_path = null where r.reporter_id is null and r.photo_path ~ v_legacy;
  update app.report_updates u set photo_path = null where u.author_id is null and u.photo_path ~ v_legacy;
  perform app.drop_photo_objects(v_paths);
end
$$;
