-- The crew (field staff): the work list, claiming, single and bulk status changes with a photo. The hotspot
-- cells are in 20261202000750_hotspots.sql. Details: docs/api-crew.md.

-- The due date of assigned work (api.assign_report, below). The table is …_reports_updates_supports.sql's; the
-- column is the crew's, so it is added here. Row-level security is the table's: staff read it, nobody writes it
-- directly.
alter table app.reports add column if not exists due_on date;
comment on column app.reports.due_on is
  'The day the assigned work should be done by (api.assign_report); null: no date. Staff data, like assigned_to.';

-- Shared filter validation of the crew functions: known codes, bounded arrays (docs/security.md, "Bounds").
create or replace function app.crew_check_filter(p_challenges text[], p_categories text[], p_from timestamptz,
                                                  p_to timestamptz) returns void
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  if coalesce(cardinality(p_challenges), 0) > 100 or coalesce(cardinality(p_categories), 0) > 100
     or (p_challenges is not null and exists (
        select 1 from unnest(p_challenges) f(code)
         where f.code is null or not exists (select 1 from app.challenges h where h.code = f.code)))
     or (p_categories is not null and exists (
        select 1 from unnest(p_categories) f(code)
         where f.code is null or not exists (select 1 from app.categories c where c.code = f.code)))
     or p_from = 'infinity'::timestamptz or p_from = '-infinity'::timestamptz
     or p_to = 'infinity'::timestamptz or p_to = '-infinity'::timestamptz
     or (p_from is not null and p_to is not null and p_from >= p_to) then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.crew_check_filter(text[],text[],timestamp with time zone,timestamp with time zone) from public;

create or replace function app.crew_check_cell(p_cell_m float8) returns void
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if p_cell_m is null or p_cell_m = 'NaN'::float8 or p_cell_m < 50 or p_cell_m > 500 then
    raise exception 'invalid_cell_size' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.crew_check_cell(double precision) from public;

-- work_list ---------------------------------------------------------------------------------------------
create or replace function api.work_list(
  p_district_codes int[] default null,
  p_statuses text[] default null,
  p_challenges text[] default null,
  p_limit int default 500,
  p_cell_m float8 default 100,
  p_categories text[] default null
) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_statuses text[] := coalesce(p_statuses, array['new', 'confirmed', 'in_progress']);
  v_total bigint;
  v_items jsonb;
begin
  perform app.require_staff();
  perform app.crew_check_cell(p_cell_m);
  perform app.crew_check_filter(p_challenges, p_categories, null, null);
  if p_limit is null or p_limit < 1 or p_limit > 5000
     or cardinality(v_statuses) > 100 or coalesce(cardinality(p_district_codes), 0) > 1000
     or exists (select 1 from unnest(v_statuses) f(code)
                 where f.code is null or not exists (select 1 from app.statuses s where s.code = f.code))
     or (p_district_codes is not null and exists (
           select 1 from unnest(p_district_codes) f(code)
            where f.code is null or not exists (select 1 from app.districts d where d.do_kod = f.code))) then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;

  select count(*) into v_total
    from app.reports r
   where r.status = any (v_statuses)
     and (p_district_codes is null or r.district_code = any (p_district_codes))
     and (p_challenges is null or r.challenge = any (p_challenges))
     and (p_categories is null or r.category = any (p_categories));

  select coalesce(jsonb_agg(jsonb_build_object(
           'id', w.id, 'category', w.category, 'challenge', w.challenge, 'status', w.status,
           'lon', extensions.st_x(w.location), 'lat', extensions.st_y(w.location),
           'district_code', w.district_code, 'district_name', d.name,
           'observed_at', w.observed_at, 'created_at', w.created_at, 'supports', w.support_count,
           'description', w.description, 'source', w.source, 'has_photo', w.photo_path is not null,
           'assigned_to_me', coalesce(w.assigned_to = v_uid, false), 'assigned', w.assigned_to is not null,
           'assignee', w.assigned_to, 'due_on', w.due_on,
           'q', app.hex_q(w.key), 'r', app.hex_r(w.key))
           order by w.observed_at, w.id), '[]'::jsonb)
    into v_items
    from (
      select r.*, app.hex_key(r.a3006, r.b3006, p_cell_m) as key
        from app.reports r
       where r.status = any (v_statuses)
         and (p_district_codes is null or r.district_code = any (p_district_codes))
         and (p_challenges is null or r.challenge = any (p_challenges))
         and (p_categories is null or r.category = any (p_categories))
       order by r.observed_at, r.id
       limit p_limit
    ) w
    left join app.districts d on d.do_kod = w.district_code;

  return jsonb_build_object('total', v_total, 'items', v_items);
end
$$;
revoke execute on function api.work_list(integer[],text[],text[],integer,double precision,text[]) from public;
grant execute on function api.work_list(integer[],text[],text[],integer,double precision,text[]) to authenticated;

-- claim_report ------------------------------------------------------------------------------------------
-- Claiming is "I am on it": a new or confirmed report moves to in_progress with the claim, recorded as the
-- claimer's status change (app.change_status_one, so the workflow, the history and the quota apply as for any
-- change). Releasing does not move it back: the work may have started, and another crew member can claim it.
create or replace function api.claim_report(p_report_id uuid, p_release boolean default false) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_admin boolean := app.has_role('admin');
  v_found boolean;
  v_open boolean;
  v_status text;
  v_holder uuid;
  v_at timestamptz;
begin
  perform app.require_staff('crew');
  select true, s."group" = 'open', r.status, r.assigned_to, r.assigned_at
    into v_found, v_open, v_status, v_holder, v_at
    from app.reports r join app.statuses s on s.code = r.status
   where r.id = p_report_id
     for update of r;
  if v_found is null then
    raise exception 'report_not_found' using errcode = '22023';
  end if;

  if coalesce(p_release, false) then
    if v_holder is null then
      return jsonb_build_object('id', p_report_id, 'assigned_to', null, 'assigned_at', null, 'status', v_status);
    end if;
    if v_holder <> v_uid and not v_admin then
      raise exception 'not_claim_holder' using errcode = '42501';
    end if;
    update app.reports r set assigned_to = null, assigned_at = null where r.id = p_report_id;
    return jsonb_build_object('id', p_report_id, 'assigned_to', null, 'assigned_at', null, 'status', v_status);
  end if;

  if not v_open then
    raise exception 'report_closed' using errcode = '22023';
  end if;
  if v_holder = v_uid then
    -- Claiming twice changes nothing (a retry from a bad connection).
    return jsonb_build_object('id', p_report_id, 'assigned_to', v_holder, 'assigned_at', v_at, 'status', v_status);
  end if;
  if v_holder is not null and not v_admin then
    raise exception 'already_claimed' using errcode = '22023';
  end if;
  update app.reports r set assigned_to = v_uid, assigned_at = now()
   where r.id = p_report_id
  returning r.assigned_at into v_at;
  if v_status in ('new', 'confirmed') then
    perform app.change_status_one(v_uid, p_report_id, 'in_progress', null, null, null);
    v_status := 'in_progress';
  end if;
  return jsonb_build_object('id', p_report_id, 'assigned_to', v_uid, 'assigned_at', v_at, 'status', v_status);
end
$$;
revoke execute on function api.claim_report(uuid,boolean) from public;
grant execute on function api.claim_report(uuid,boolean) to authenticated;

-- change_status and change_status_many -------------------------------------------------------------------
-- The rules of a status change, in one place so that the bulk function applies exactly the same rules per
-- report: the transitions per role (app.status_transitions), the note, the reopen window, duplicate_of, and
-- p_photo_path, '<caller>/updates/<uuid>.<jpg|webp>' in bucket report-photos (checked last).
create function app.change_status_one(
  p_uid uuid,
  p_report_id uuid,
  p_to_status text,
  p_note text,
  p_duplicate_of uuid,
  p_photo_path text,
  p_update_id uuid default null
) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_from text;
  v_reporter uuid;
  v_by_staff boolean;
  v_reopen boolean := false;
  v_resolved_at timestamptz;
  v_reopen_days int;
  v_note text;
  v_updated timestamptz;
  v_prev record;
begin
  if p_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  -- Lock the row: two concurrent changes are serialised and each sees the other's result.
  select r.status, r.reporter_id into v_from, v_reporter
    from app.reports r where r.id = p_report_id
     for update;
  if v_from is null then
    raise exception 'report_not_found' using errcode = '22023';
  end if;

  -- A retry: the same author, the same report → the first call's result (its status and time), nothing written.
  -- The id belongs to someone else's update or to another report → id_conflict (as submit_report's p_id).
  if p_update_id is not null then
    select u.report_id, u.author_id, u.to_status, u.created_at into v_prev
      from app.report_updates u where u.client_id = p_update_id;
    if found then
      if v_prev.author_id is distinct from p_uid or v_prev.report_id <> p_report_id then
        raise exception 'id_conflict' using errcode = '22023';
      end if;
      return jsonb_build_object(
        'id', p_report_id, 'status', v_prev.to_status,
        'status_group', (select s."group" from app.statuses s where s.code = v_prev.to_status),
        'updated_at', v_prev.created_at);
    end if;
  end if;

  v_by_staff := exists (
    select 1 from app.status_transitions t
     where t.from_status = v_from and t.to_status = p_to_status and t.role <> 'resident'
       and app.has_role(t.role));
  if not v_by_staff then
    v_reopen := v_reporter = p_uid and exists (
      select 1 from app.status_transitions t
       where t.from_status = v_from and t.to_status = p_to_status and t.role = 'resident');
    -- The reopen window is the current status' statuses.reopen_days (null: it cannot be reopened).
    select s.reopen_days into v_reopen_days from app.statuses s where s.code = v_from;
    if not v_reopen or v_reopen_days is null then
      raise exception 'transition_not_allowed' using errcode = '42501';
    end if;
    select max(u.created_at) into v_resolved_at
      from app.report_updates u where u.report_id = p_report_id and u.to_status = v_from;
    if v_resolved_at is null or v_resolved_at < now() - make_interval(days => v_reopen_days) then
      raise exception 'reopen_expired' using errcode = '22023';
    end if;
  end if;

  v_note := nullif(regexp_replace(coalesce(p_note, ''), '^[[:space:]]+|[[:space:]]+$', '', 'g'), '');
  if char_length(v_note) > 2000 then
    raise exception 'note_too_long' using errcode = '22023';
  end if;
  if v_note is null and (v_reopen
       or (select s.note_required from app.statuses s where s.code = p_to_status)) then
    raise exception 'note_required' using errcode = '22023';
  end if;

  if p_to_status = 'duplicate' then
    if p_duplicate_of is null or p_duplicate_of = p_report_id or not exists (
         select 1 from app.reports d where d.id = p_duplicate_of and d.status <> 'duplicate') then
      raise exception 'duplicate_of_invalid' using errcode = '22023';
    end if;
  elsif p_duplicate_of is not null then
    raise exception 'duplicate_of_invalid' using errcode = '22023';
  end if;

  if p_photo_path is not null and p_photo_path !~ ('^' || p_uid::text
       || '/updates/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|webp)$') then
    raise exception 'invalid_photo_path' using errcode = '22023';
  end if;

  update app.reports r
     set status = p_to_status,
         duplicate_of = case when p_to_status = 'duplicate' then p_duplicate_of end,
         updated_at = now()
   where r.id = p_report_id
  returning r.updated_at into v_updated;

  -- created_at defaults to now(), the same transaction time as updated_at: a retry returns it as updated_at.
  insert into app.report_updates (report_id, from_status, to_status, note, author_id, photo_path, client_id)
  values (p_report_id, v_from, p_to_status, v_note, p_uid, p_photo_path, p_update_id);

  return jsonb_build_object(
    'id', p_report_id, 'status', p_to_status,
    'status_group', (select s."group" from app.statuses s where s.code = p_to_status),
    'updated_at', v_updated);
end
$$;
revoke execute on function app.change_status_one(uuid,uuid,text,text,uuid,text,uuid) from public;

-- change_status --------------------------------------------------------------------------------------
-- One status change by the caller, by the rules of app.change_status_one. Idempotent by p_update_id: a status
-- change queued on a phone may be sent twice (the tab closed after the database committed but before the answer
-- arrived); the second call finds the update the first one wrote (app.report_updates.client_id) and returns that
-- call's result instead of applying the change again. The photo is uploaded to `<uid>/updates/<update id>.jpg`,
-- so it is idempotent by path as well.
create function api.change_status(
  p_report_id uuid,
  p_to_status text,
  p_note text default null,
  p_duplicate_of uuid default null,
  p_photo_path text default null,
  p_update_id uuid default null
) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return app.change_status_one((select auth.uid()), p_report_id, p_to_status, p_note, p_duplicate_of,
                               p_photo_path, p_update_id);
end
$$;
revoke execute on function api.change_status(uuid,text,text,uuid,text,uuid) from public;
grant execute on function api.change_status(uuid,text,text,uuid,text,uuid) to authenticated;

-- All or nothing: the first report (in id order, which is also the lock order, so two bulk calls cannot
-- deadlock) that change_status would refuse raises its error and the whole call is rolled back.
create or replace function api.change_status_many(
  p_report_ids uuid[],
  p_to_status text,
  p_note text default null
) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_ids uuid[];
  v_id uuid;
begin
  perform app.require_staff();
  if coalesce(cardinality(p_report_ids), 0) > 500 then
    raise exception 'too_many' using errcode = '22023';
  end if;
  if exists (select 1 from unnest(p_report_ids) i(id) where i.id is null) then
    raise exception 'report_not_found' using errcode = '22023';
  end if;
  select coalesce(array_agg(distinct i.id order by i.id), '{}') into v_ids from unnest(p_report_ids) i(id);
  foreach v_id in array v_ids loop
    perform app.change_status_one(v_uid, v_id, p_to_status, p_note, null, null);
  end loop;
  return jsonb_build_object('changed', cardinality(v_ids), 'ids', to_jsonb(v_ids));
end
$$;
revoke execute on function api.change_status_many(uuid[],text,text) from public;
grant execute on function api.change_status_many(uuid[],text,text) to authenticated;

-- Assignment to a colleague and a due date ----------------------------------------------------------------
-- A crew lead hands a report to a colleague ("Tilldela"), optionally with the day it should be done by. The
-- assignee is the claim holder (assigned_to), so the colleague sees it as their own case in the work list; the due
-- date is app.reports.due_on (at the top of this file).

-- The colleagues a report can be assigned to: everyone with the crew or admin role. Their e-mail is the only
-- name staff have (auth.users); staff see each other's, never a resident's.
create or replace function api.crew_colleagues() returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform app.require_staff('crew');
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object('id', c.user_id, 'email', u.email, 'me', c.user_id = (select auth.uid()))
                     order by u.email nulls last, c.user_id)
      from (select distinct s.user_id from app.staff_roles s where s.role in ('crew', 'admin')) c
      left join auth.users u on u.id = c.user_id), '[]'::jsonb));
end
$$;
revoke execute on function api.crew_colleagues() from public;
grant execute on function api.crew_colleagues() to authenticated;

-- Assigns an open report to a crew member (or admin), optionally with a due date (today … a year ahead; null
-- clears it). The caller may assign a report nobody holds or that they hold themselves; someone else's case only
-- an admin may reassign (already_claimed). The status does not change: the colleague starts the work.
create or replace function api.assign_report(p_report_id uuid, p_assignee uuid, p_due_on date default null)
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_open boolean;
  v_status text;
  v_holder uuid;
  v_at timestamptz;
begin
  perform app.require_staff('crew');
  select s."group" = 'open', r.status, r.assigned_to, r.assigned_at into v_open, v_status, v_holder, v_at
    from app.reports r join app.statuses s on s.code = r.status
   where r.id = p_report_id
     for update of r;
  if v_open is null then
    raise exception 'report_not_found' using errcode = '22023';
  end if;
  if not v_open then
    raise exception 'report_closed' using errcode = '22023';
  end if;
  if p_assignee is null or not exists (
       select 1 from app.staff_roles s where s.user_id = p_assignee and s.role in ('crew', 'admin')) then
    raise exception 'invalid_assignee' using errcode = '22023';
  end if;
  if p_due_on is not null and (p_due_on < current_date or p_due_on > current_date + 365) then
    raise exception 'invalid_date' using errcode = '22023';
  end if;
  if v_holder is not null and v_holder <> v_uid and v_holder <> p_assignee and not app.has_role('admin') then
    raise exception 'already_claimed' using errcode = '22023';
  end if;
  update app.reports r
     set assigned_to = p_assignee,
         assigned_at = case when v_holder is distinct from p_assignee then now() else r.assigned_at end,
         due_on = p_due_on
   where r.id = p_report_id
  returning r.assigned_at into v_at;
  return jsonb_build_object('id', p_report_id, 'assigned_to', p_assignee, 'assigned_at', v_at, 'due_on', p_due_on,
                            'status', v_status);
end
$$;
revoke execute on function api.assign_report(uuid,uuid,date) from public;
grant execute on function api.assign_report(uuid,uuid,date) to authenticated;
