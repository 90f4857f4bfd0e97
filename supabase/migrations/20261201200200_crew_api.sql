-- Issue 4 (crew): hexagon cells in SQL, the hotspot aggregation, the work list, claiming, bulk status changes,
-- and a photo with a status change. Contract: docs/contracts-session2.md; details: docs/api-crew.md.

-- Hexagon cells ----------------------------------------------------------------------------------------
-- The SAME arithmetic as hexCellOf (src/analysis/hex-grid.ts): qf = a/size, rf = b/size (a3006/b3006 are the
-- TypeScript's intermediate products), cube rounding with Math.round (halves up: floor(p) + (p − floor(p) ≥ ½),
-- which is exact in double precision), and the same tie-breaking (strict > in the same order).
--
-- Spelled out as ONE expression on purpose: PostgreSQL has no common-subexpression elimination across a
-- query, but it inlines an SQL function whose body is a single expression and whose arguments are cheap, so
-- app.hex_key(r.a3006, r.b3006, p_cell_m) compiles into plain operators (no function call per report; a
-- non-inlined SQL function costs ~15 µs per call, ~200× this expression). Not STRICT: a strict function is
-- only inlined when its body is strict, and CASE is not.
--
-- The cell is returned as one float8 key q·2^20 + r (exact in a double), so GROUP BY hashes one value; decode
-- with app.hex_q/app.hex_r. Valid for |r| < 2^19, i.e. any point of Sweden at cells ≥ 50 m.
create or replace function app.hex_key_axial(qf float8, rf float8) returns float8
language sql immutable parallel safe
as $$
  select case
           when abs((floor(qf) + case when qf - floor(qf) >= 0.5::float8 then 1::float8 else 0::float8 end) - qf) > abs((floor(rf) + case when rf - floor(rf) >= 0.5::float8 then 1::float8 else 0::float8 end) - rf)
            and abs((floor(qf) + case when qf - floor(qf) >= 0.5::float8 then 1::float8 else 0::float8 end) - qf) > abs((floor((-qf - rf)) + case when (-qf - rf) - floor((-qf - rf)) >= 0.5::float8 then 1::float8 else 0::float8 end) - (-qf - rf))
           then (-(floor(rf) + case when rf - floor(rf) >= 0.5::float8 then 1::float8 else 0::float8 end) - (floor((-qf - rf)) + case when (-qf - rf) - floor((-qf - rf)) >= 0.5::float8 then 1::float8 else 0::float8 end)) * 1048576::float8 + (floor(rf) + case when rf - floor(rf) >= 0.5::float8 then 1::float8 else 0::float8 end)
           when abs((floor(rf) + case when rf - floor(rf) >= 0.5::float8 then 1::float8 else 0::float8 end) - rf) > abs((floor((-qf - rf)) + case when (-qf - rf) - floor((-qf - rf)) >= 0.5::float8 then 1::float8 else 0::float8 end) - (-qf - rf))
           then (floor(qf) + case when qf - floor(qf) >= 0.5::float8 then 1::float8 else 0::float8 end) * 1048576::float8 + (-(floor(qf) + case when qf - floor(qf) >= 0.5::float8 then 1::float8 else 0::float8 end) - (floor((-qf - rf)) + case when (-qf - rf) - floor((-qf - rf)) >= 0.5::float8 then 1::float8 else 0::float8 end))
           else (floor(qf) + case when qf - floor(qf) >= 0.5::float8 then 1::float8 else 0::float8 end) * 1048576::float8 + (floor(rf) + case when rf - floor(rf) >= 0.5::float8 then 1::float8 else 0::float8 end)
         end
$$;

create or replace function app.hex_key(p_a float8, p_b float8, p_size float8) returns float8
language sql immutable parallel safe
as $$ select app.hex_key_axial(p_a / p_size, p_b / p_size) $$;

create or replace function app.hex_q(p_key float8) returns int
language sql immutable parallel safe
as $$ select floor((p_key + 524288::float8) / 1048576::float8)::int $$;

create or replace function app.hex_r(p_key float8) returns int
language sql immutable parallel safe
as $$ select (p_key - floor((p_key + 524288::float8) / 1048576::float8) * 1048576::float8)::int $$;

-- The cell [q, r] of an EPSG:3006 point, for tests and single rows (hexCellOf(x, y, size)).
create or replace function app.hex_cell(p_x float8, p_y float8, p_size float8) returns int[]
language sql immutable parallel safe
as $$
  select array[app.hex_q(k.key), app.hex_r(k.key)]
    from (select app.hex_key((2::float8 / 3::float8) * p_x,
                             (-1::float8 / 3::float8) * p_x + (sqrt(3::float8) / 3::float8) * p_y,
                             p_size) as key) k
$$;

revoke execute on function app.hex_key_axial(float8, float8), app.hex_key(float8, float8, float8),
  app.hex_q(float8), app.hex_r(float8), app.hex_cell(float8, float8, float8) from public;

-- Shared filter validation of the crew functions.
create or replace function app.crew_check_filter(p_challenges text[], p_categories text[], p_from timestamptz,
                                                  p_to timestamptz) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if (p_challenges is not null and exists (
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
revoke execute on function app.crew_check_filter(text[], text[], timestamptz, timestamptz) from public;

create or replace function app.crew_check_cell(p_cell_m float8) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_cell_m is null or p_cell_m = 'NaN'::float8 or p_cell_m < 50 or p_cell_m > 500 then
    raise exception 'invalid_cell_size' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.crew_check_cell(float8) from public;

-- hotspot_cells -----------------------------------------------------------------------------------------
-- One index-only scan of reports_hotspot_idx, one hash aggregate on the cell key. work_mem is raised for
-- this function only: the planner cannot estimate the number of cells (it assumes one per report), and with
-- the default 4 MB it sorts a million rows instead of hashing a few thousand groups. JIT is off: compiling
-- the cell expression costs more than evaluating it.
create or replace function api.hotspot_cells(
  p_cell_m float8,
  p_challenges text[] default null,
  p_categories text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_recent_from timestamptz default null
) returns jsonb
language plpgsql stable security definer
set search_path = ''
set work_mem = '128MB'
set jit = off
as $$
declare
  v_result jsonb;
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  perform app.crew_check_cell(p_cell_m);
  perform app.crew_check_filter(p_challenges, p_categories, p_from, p_to);
  if p_recent_from = 'infinity'::timestamptz or p_recent_from = '-infinity'::timestamptz then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;

  select jsonb_build_object(
           'cell_m', p_cell_m,
           'total', coalesce(sum(c.n), 0),
           'cells', coalesce(jsonb_agg(jsonb_build_array(app.hex_q(c.key), app.hex_r(c.key), c.n, c.supports,
                                                         c.n_recent)
                                       order by app.hex_q(c.key), app.hex_r(c.key)), '[]'::jsonb))
    into v_result
    from (
      select app.hex_key(r.a3006, r.b3006, p_cell_m) as key,
             count(*) as n,
             sum(r.support_count) as supports,
             count(*) filter (where r.observed_at >= p_recent_from) as n_recent
        from app.reports r
       where r.status <> 'duplicate'
         and (p_challenges is null or r.challenge = any (p_challenges))
         and (p_categories is null or r.category = any (p_categories))
         and (p_from is null or r.observed_at >= p_from)
         and (p_to is null or r.observed_at < p_to)
       group by 1
    ) c;
  return v_result;
end
$$;
revoke execute on function api.hotspot_cells(float8, text[], text[], timestamptz, timestamptz, timestamptz)
  from public;
grant execute on function api.hotspot_cells(float8, text[], text[], timestamptz, timestamptz, timestamptz)
  to authenticated;

-- work_list ---------------------------------------------------------------------------------------------
create or replace function api.work_list(
  p_district_codes int[] default null,
  p_statuses text[] default null,
  p_challenges text[] default null,
  p_limit int default 500,
  p_cell_m float8 default 100
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_statuses text[] := coalesce(p_statuses, array['new', 'confirmed', 'in_progress']);
  v_total bigint;
  v_items jsonb;
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  perform app.crew_check_cell(p_cell_m);
  perform app.crew_check_filter(p_challenges, null, null, null);
  if p_limit is null or p_limit < 1 or p_limit > 5000
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
     and (p_challenges is null or r.challenge = any (p_challenges));

  select coalesce(jsonb_agg(jsonb_build_object(
           'id', w.id, 'category', w.category, 'challenge', w.challenge, 'status', w.status,
           'lon', extensions.st_x(w.location), 'lat', extensions.st_y(w.location),
           'district_code', w.district_code, 'district_name', d.name,
           'observed_at', w.observed_at, 'created_at', w.created_at, 'supports', w.support_count,
           'description', w.description, 'source', w.source, 'has_photo', w.photo_path is not null,
           'assigned_to_me', coalesce(w.assigned_to = v_uid, false), 'assigned', w.assigned_to is not null,
           'q', app.hex_q(w.key), 'r', app.hex_r(w.key))
           order by w.observed_at, w.id), '[]'::jsonb)
    into v_items
    from (
      select r.*, app.hex_key(r.a3006, r.b3006, p_cell_m) as key
        from app.reports r
       where r.status = any (v_statuses)
         and (p_district_codes is null or r.district_code = any (p_district_codes))
         and (p_challenges is null or r.challenge = any (p_challenges))
       order by r.observed_at, r.id
       limit p_limit
    ) w
    left join app.districts d on d.do_kod = w.district_code;

  return jsonb_build_object('total', v_total, 'items', v_items);
end
$$;
revoke execute on function api.work_list(int[], text[], text[], int, float8) from public;
grant execute on function api.work_list(int[], text[], text[], int, float8) to authenticated;

-- claim_report ------------------------------------------------------------------------------------------
create or replace function api.claim_report(p_report_id uuid, p_release boolean default false) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_admin boolean := app.has_role('admin');
  v_found boolean;
  v_open boolean;
  v_holder uuid;
  v_at timestamptz;
begin
  if v_uid is null or not app.has_role('crew') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  select true, s."group" = 'open', r.assigned_to, r.assigned_at into v_found, v_open, v_holder, v_at
    from app.reports r join app.statuses s on s.code = r.status
   where r.id = p_report_id
     for update of r;
  if v_found is null then
    raise exception 'report_not_found' using errcode = '22023';
  end if;

  if coalesce(p_release, false) then
    if v_holder is null then
      return jsonb_build_object('id', p_report_id, 'assigned_to', null, 'assigned_at', null);
    end if;
    if v_holder <> v_uid and not v_admin then
      raise exception 'not_claim_holder' using errcode = '42501';
    end if;
    update app.reports r set assigned_to = null, assigned_at = null where r.id = p_report_id;
    return jsonb_build_object('id', p_report_id, 'assigned_to', null, 'assigned_at', null);
  end if;

  if not v_open then
    raise exception 'report_closed' using errcode = '22023';
  end if;
  if v_holder = v_uid then
    -- Claiming twice changes nothing (a retry from a bad connection).
    return jsonb_build_object('id', p_report_id, 'assigned_to', v_holder, 'assigned_at', v_at);
  end if;
  if v_holder is not null and not v_admin then
    raise exception 'already_claimed' using errcode = '22023';
  end if;
  update app.reports r set assigned_to = v_uid, assigned_at = now()
   where r.id = p_report_id
  returning r.assigned_at into v_at;
  return jsonb_build_object('id', p_report_id, 'assigned_to', v_uid, 'assigned_at', v_at);
end
$$;
revoke execute on function api.claim_report(uuid, boolean) from public;
grant execute on function api.claim_report(uuid, boolean) to authenticated;

-- change_status + photo, and change_status_many -----------------------------------------------------------
-- The body of change_status (20261201100100) moved into app.change_status_one so that the bulk function applies
-- exactly the same rules per report. New: p_photo_path, '<caller>/updates/<uuid>.<jpg|webp>' in bucket
-- report-photos (the storage policy lets a user write only into their own folder), checked last.
create or replace function app.change_status_one(
  p_uid uuid,
  p_report_id uuid,
  p_to_status text,
  p_note text,
  p_duplicate_of uuid,
  p_photo_path text
) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  v_from text;
  v_reporter uuid;
  v_by_staff boolean;
  v_reopen boolean := false;
  v_resolved_at timestamptz;
  v_note text;
  v_updated timestamptz;
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

  v_by_staff := exists (
    select 1 from app.status_transitions t
     where t.from_status = v_from and t.to_status = p_to_status and t.role <> 'resident'
       and app.has_role(t.role));
  if not v_by_staff then
    v_reopen := v_reporter = p_uid and exists (
      select 1 from app.status_transitions t
       where t.from_status = v_from and t.to_status = p_to_status and t.role = 'resident');
    if not v_reopen then
      raise exception 'transition_not_allowed' using errcode = '42501';
    end if;
    select max(u.created_at) into v_resolved_at
      from app.report_updates u where u.report_id = p_report_id and u.to_status = v_from;
    if v_resolved_at is null or v_resolved_at < now() - interval '30 days' then
      raise exception 'reopen_expired' using errcode = '22023';
    end if;
  end if;

  v_note := nullif(regexp_replace(coalesce(p_note, ''), '^[[:space:]]+|[[:space:]]+$', '', 'g'), '');
  if char_length(v_note) > 2000 then
    raise exception 'note_too_long' using errcode = '22023';
  end if;
  if v_note is null and (v_reopen or p_to_status in ('not_actionable', 'referred', 'duplicate')) then
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

  insert into app.report_updates (report_id, from_status, to_status, note, author_id, photo_path)
  values (p_report_id, v_from, p_to_status, v_note, p_uid, p_photo_path);

  return jsonb_build_object(
    'id', p_report_id, 'status', p_to_status,
    'status_group', (select s."group" from app.statuses s where s.code = p_to_status),
    'updated_at', v_updated);
end
$$;
revoke execute on function app.change_status_one(uuid, uuid, text, text, uuid, text) from public;

-- A new optional parameter changes the signature: drop the old one so that calls stay unambiguous.
drop function api.change_status(uuid, text, text, uuid);
create function api.change_status(
  p_report_id uuid,
  p_to_status text,
  p_note text default null,
  p_duplicate_of uuid default null,
  p_photo_path text default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  return app.change_status_one((select auth.uid()), p_report_id, p_to_status, p_note, p_duplicate_of,
                               p_photo_path);
end
$$;
revoke execute on function api.change_status(uuid, text, text, uuid, text) from public;
grant execute on function api.change_status(uuid, text, text, uuid, text) to authenticated;

-- All or nothing: the first report (in id order, which is also the lock order, so two bulk calls cannot
-- deadlock) that change_status would refuse raises its error and the whole call is rolled back.
create or replace function api.change_status_many(
  p_report_ids uuid[],
  p_to_status text,
  p_note text default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_ids uuid[];
  v_id uuid;
begin
  if v_uid is null or not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
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
revoke execute on function api.change_status_many(uuid[], text, text) from public;
grant execute on function api.change_status_many(uuid[], text, text) to authenticated;
