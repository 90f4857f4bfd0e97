-- Privacy (issue 3): the link between a report and its reporter is removed after a period of inactivity
-- (app.settings.reporter_link_retention, default 3 months) or at once on request (api.delete_my_data).
-- Public readers never see the reporter's user id: it is also part of a photo's storage path
-- ('<uid>/<report id>.jpg'), so report_detail returns photo_path only to staff and the reporter, and only
-- staff and the uploader may list photo objects (their names and metadata).

create table app.settings (
  id int primary key default 1 check (id = 1),
  reporter_link_retention interval not null default interval '3 months'
    check (reporter_link_retention >= interval '1 day')
);
alter table app.settings enable row level security;
insert into app.settings (id) values (1) on conflict (id) do nothing;

comment on table app.settings is 'Single row of operational settings. Owner and service_role only.';

-- service_role bypasses RLS; no other role has any privilege (no policy is needed or created).
grant select, update on app.settings to service_role;

-- Clear the reporter of the given reports everywhere the link is stored: reports.reporter_id, the author of
-- the reporter's own updates on those reports (submission, reopen), and the owner of the report's photo.
-- Internal; called by purge_reporter_links and delete_my_data only.
create or replace function app.unlink_reporters(p_ids uuid[]) returns int
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_paths text[];
  v_n int;
begin
  update app.report_updates u
     set author_id = null
    from app.reports r
   where r.id = any (p_ids) and u.report_id = r.id and u.author_id = r.reporter_id;

  select coalesce(array_agg(r.photo_path), '{}') into v_paths
    from app.reports r where r.id = any (p_ids) and r.photo_path is not null;
  if cardinality(v_paths) > 0 then
    update storage.objects o set owner = null where o.bucket_id = 'report-photos' and o.name = any (v_paths);
    -- Supabase's storage also keeps owner_id (text); the local bootstrap does not have it.
    if exists (select 1 from information_schema.columns c
                where c.table_schema = 'storage' and c.table_name = 'objects' and c.column_name = 'owner_id') then
      execute 'update storage.objects set owner_id = null where bucket_id = ''report-photos'' and name = any ($1)'
        using v_paths;
    end if;
  end if;

  update app.reports r set reporter_id = null where r.id = any (p_ids) and r.reporter_id is not null;
  get diagnostics v_n = row_count;
  return v_n;
end
$$;
revoke execute on function app.unlink_reporters(uuid[]) from public;

-- Unlinks reporters from reports with no update and no support within p_inactive (default: the setting).
-- Returns the number of reports unlinked. Owner and service_role only; scheduled daily (pg_cron, below).
create or replace function app.purge_reporter_links(p_inactive interval default null) returns int
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_period interval := coalesce(p_inactive,
                                (select s.reporter_link_retention from app.settings s where s.id = 1),
                                interval '3 months');
  v_ids uuid[];
begin
  if v_period < interval '0' then
    raise exception 'invalid_retention' using errcode = '22023';
  end if;
  select coalesce(array_agg(r.id), '{}') into v_ids
    from app.reports r
   where r.reporter_id is not null
     and r.created_at < now() - v_period
     and not exists (select 1 from app.report_updates u
                      where u.report_id = r.id and u.created_at >= now() - v_period)
     and not exists (select 1 from app.supports sp
                      where sp.report_id = r.id and sp.created_at >= now() - v_period);
  return app.unlink_reporters(v_ids);
end
$$;
revoke execute on function app.purge_reporter_links(interval) from public;
grant execute on function app.purge_reporter_links(interval) to service_role;

-- delete_my_data -------------------------------------------------------------------------------------
create or replace function api.delete_my_data() returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_ids uuid[];
  v_unlinked int;
  v_supports int;
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  select coalesce(array_agg(r.id), '{}') into v_ids from app.reports r where r.reporter_id = v_uid;
  v_unlinked := app.unlink_reporters(v_ids);

  -- Photos they uploaded but never attached to a report.
  update storage.objects o set owner = null where o.bucket_id = 'report-photos' and o.owner = v_uid;

  delete from app.supports sp where sp.user_id = v_uid;
  get diagnostics v_supports = row_count;
  return jsonb_build_object('reports_unlinked', v_unlinked, 'supports_deleted', v_supports);
end
$$;
revoke execute on function api.delete_my_data() from public;
grant execute on function api.delete_my_data() to authenticated;

-- report_detail: photo_path only for staff and the reporter (the path contains the reporter's uid) -----
create or replace function api.report_detail(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_result jsonb;
begin
  select jsonb_build_object(
           'id', r.id, 'category', r.category, 'challenge', r.challenge, 'status', r.status,
           'status_group', s."group", 'source', r.source, 'description', r.description,
           'observed_at', r.observed_at, 'created_at', r.created_at, 'is_dark', r.is_dark,
           'lon', extensions.st_x(case when v.precise then r.location else r.public_location end),
           'lat', extensions.st_y(case when v.precise then r.location else r.public_location end),
           'precise', v.precise,
           'district', app.district_json(r.district_code),
           'support_count', (select count(*) from app.supports sp where sp.report_id = r.id),
           'supported_by_me', v_uid is not null and exists (
              select 1 from app.supports sp where sp.report_id = r.id and sp.user_id = v_uid),
           'is_mine', coalesce(r.reporter_id = v_uid, false),
           'photo_path', case when v.precise then r.photo_path end,
           'updates', coalesce((
              select jsonb_agg(jsonb_build_object('from_status', u.from_status, 'to_status', u.to_status,
                                                  'note', u.note, 'created_at', u.created_at)
                               order by u.created_at, u.id)
                from app.report_updates u where u.report_id = r.id), '[]'::jsonb))
    into v_result
    from app.reports r
    join app.statuses s on s.code = r.status
    cross join lateral (
      select coalesce(r.reporter_id = v_uid, false) or (v_uid is not null and app.is_staff()) as precise) v
   where r.id = p_id;
  if v_result is null then
    raise exception 'report_not_found' using errcode = '22023';
  end if;
  return v_result;
end
$$;
revoke execute on function api.report_detail(uuid) from public;
grant execute on function api.report_detail(uuid) to anon, authenticated;

-- Photo objects: listing (names contain uids; metadata) only for staff and the uploader. The bucket stays
-- public, so a known path still downloads; only staff and the reporter are ever given the path.
drop policy if exists "Everyone can read report photos" on storage.objects;
create policy "Staff and the uploader can read report photos"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'report-photos'
    and ((storage.foldername(name))[1] = (select auth.uid())::text or (select app.is_staff()))
  );

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
