-- The API: every read and write the app makes. See docs/api.md (the contract).
-- Each function: returns jsonb, security definer, search_path = '', PUBLIC's execute revoked, explicit grants.
-- Errors: raise exception '<code>' (message = the stable code) with errcode 22023 (validation) or 42501.

-- The district of a report as JSON (null when the point is in no delområde).
create or replace function app.district_json(p_do_kod int) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('code', d.do_kod, 'name', d.name, 'stadsdel', d.stadsdel,
                            'stadsomrade', d.stadsomrade)
    from app.districts d where d.do_kod = p_do_kod
$$;
revoke execute on function app.district_json(int) from public;

-- list_categories ------------------------------------------------------------------------------------
create or replace function api.list_categories() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'challenges', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', h.code, 'name_sv', h.name_sv, 'name_en', h.name_en,
               'description_sv', h.description_sv, 'description_en', h.description_en, 'sort', h.sort)
             order by h.sort, h.code)
        from app.challenges h), '[]'::jsonb),
    'categories', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', c.code, 'challenge', c.challenge, 'name_sv', c.name_sv, 'name_en', c.name_en,
               'duplicate_radius_m', c.duplicate_radius_m, 'public_precision_m', c.public_precision_m,
               'sort', c.sort)
             order by c.sort, c.code)
        from app.categories c where c.active), '[]'::jsonb),
    'statuses', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', s.code, 'group', s."group", 'name_sv', s.name_sv, 'name_en', s.name_en, 'sort', s.sort)
             order by s.sort, s.code)
        from app.statuses s), '[]'::jsonb))
$$;
revoke execute on function api.list_categories() from public;
grant execute on function api.list_categories() to anon, authenticated;

-- submit_report --------------------------------------------------------------------------------------
create or replace function app.submitted_report_json(p_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', r.id, 'status', r.status, 'challenge', r.challenge, 'category', r.category,
    'district', app.district_json(r.district_code), 'is_dark', r.is_dark,
    'created_at', r.created_at, 'observed_at', r.observed_at)
  from app.reports r where r.id = p_id
$$;
revoke execute on function app.submitted_report_json(uuid) from public;

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
set search_path = ''
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
                              v_uid::text || '/' || p_id::text || '.webp') then
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

-- reports_in_view ------------------------------------------------------------------------------------
create or replace function api.reports_in_view(
  p_west float8,
  p_south float8,
  p_east float8,
  p_north float8,
  p_zoom float8,
  p_challenges text[] default null,
  p_categories text[] default null,
  p_statuses text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  c_max_cells constant int := 2000;
  c_r constant float8 := 6378137.0;
  v_zoom float8;
  v_cell float8;
  v_x1 float8;
  v_y1 float8;
  v_x2 float8;
  v_y2 float8;
  v_result jsonb;
begin
  if p_west is null or p_south is null or p_east is null or p_north is null or p_zoom is null
     or p_west = 'NaN'::float8 or p_south = 'NaN'::float8 or p_east = 'NaN'::float8
     or p_north = 'NaN'::float8 or p_zoom = 'NaN'::float8
     or p_west not between -180 and 180 or p_east not between -180 and 180
     or p_south not between -90 and 90 or p_north not between -90 and 90
     or p_zoom not between -1e6 and 1e6
     or p_west >= p_east or p_south >= p_north
     or p_east - p_west > 2 or p_north - p_south > 2 then
    raise exception 'invalid_bbox' using errcode = '22023';
  end if;

  if (p_challenges is not null and exists (
        select 1 from unnest(p_challenges) f(code)
         where f.code is null or not exists (select 1 from app.challenges h where h.code = f.code)))
     or (p_categories is not null and exists (
        select 1 from unnest(p_categories) f(code)
         where f.code is null or not exists (select 1 from app.categories c where c.code = f.code)))
     or (p_statuses is not null and exists (
        select 1 from unnest(p_statuses) f(code)
         where f.code is null or not exists (select 1 from app.statuses s where s.code = f.code)))
     or (p_from is not null and p_to is not null and p_from >= p_to) then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;

  v_zoom := greatest(0.0, least(24.0, p_zoom));
  -- About 60 px at this zoom, in Web Mercator metres.
  v_cell := 60.0 * 40075016.686 / (256.0 * power(2.0, v_zoom));
  v_x1 := app.mercator_x(p_west);
  v_x2 := app.mercator_x(p_east);
  v_y1 := app.mercator_y(greatest(-85.0, least(85.0, p_south)));
  v_y2 := app.mercator_y(greatest(-85.0, least(85.0, p_north)));
  -- Bound the output: coarsen the grid until the viewport has at most c_max_cells cells.
  while (floor(v_x2 / v_cell) - floor(v_x1 / v_cell) + 1) * (floor(v_y2 / v_cell) - floor(v_y1 / v_cell) + 1)
        > c_max_cells loop
    v_cell := v_cell * 2.0;
  end loop;

  with pts as (
    select r.public_x, r.public_y, r.challenge, r.id, r.category, r.status,
           floor(r.public_x / v_cell) as cx, floor(r.public_y / v_cell) as cy
      from app.reports r
     where point(r.public_x, r.public_y) <@ box(point(v_x1, v_y1), point(v_x2, v_y2))
       and (p_challenges is null or r.challenge = any (p_challenges))
       and (p_categories is null or r.category = any (p_categories))
       and (p_statuses is null or r.status = any (p_statuses))
       and (p_from is null or r.observed_at >= p_from)
       and (p_to is null or r.observed_at < p_to)
  ),
  by_challenge as (
    select cx, cy, challenge, count(*) as n, sum(public_x) as sx, sum(public_y) as sy,
           min(id::text) as id, min(category) as category, min(status) as status
      from pts
     group by cx, cy, challenge
  ),
  cells as (
    select cx, cy, sum(n) as n, sum(sx) / sum(n) as mx, sum(sy) / sum(n) as my,
           (array_agg(challenge order by n desc, challenge))[1] as dominant,
           min(id) as id, min(category) as category, min(status) as status
      from by_challenge
     group by cx, cy
  )
  select jsonb_build_object(
           'total', coalesce(sum(n), 0),
           'cell_m', round(v_cell::numeric, 1),
           'items', coalesce(jsonb_agg(jsonb_build_array(
               round(degrees(mx / c_r)::numeric, 7),
               round(degrees(2.0 * atan(exp(my / c_r)) - pi() / 2.0)::numeric, 7),
               n,
               dominant,
               case when n = 1 then id end,
               case when n = 1 then category end,
               case when n = 1 then status end)
             order by cy desc, cx), '[]'::jsonb))
    into v_result
    from cells;
  return v_result;
end
$$;
revoke execute on function api.reports_in_view(float8, float8, float8, float8, float8, text[], text[], text[],
  timestamptz, timestamptz) from public;
grant execute on function api.reports_in_view(float8, float8, float8, float8, float8, text[], text[], text[],
  timestamptz, timestamptz) to anon, authenticated;

-- report_detail --------------------------------------------------------------------------------------
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
           'photo_path', r.photo_path,
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

-- nearby_reports -------------------------------------------------------------------------------------
create or replace function api.nearby_reports(p_lon float8, p_lat float8, p_category text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_staff boolean := v_uid is not null and app.is_staff();
  v_radius float8;
  v_point extensions.geometry;
  v_result jsonb;
begin
  if p_lon is null or p_lat is null or p_lon = 'NaN'::float8 or p_lat = 'NaN'::float8
     or p_lon not between -180 and 180 or p_lat not between -90 and 90 then
    raise exception 'invalid_position' using errcode = '22023';
  end if;
  select c.duplicate_radius_m into v_radius from app.categories c where c.code = p_category and c.active;
  if v_radius is null then
    raise exception 'unknown_category' using errcode = '22023';
  end if;
  v_point := extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326);

  -- Candidates by bounding box on the exact position (GiST), then the exact distance on the spheroid.
  -- Non-staff see the distance to the public (snapped) position, so distances cannot reveal the exact point.
  with candidates as (
    select r.id, r.description, r.status, r.observed_at, r.reporter_id,
           extensions.st_distance(r.location::extensions.geography, v_point::extensions.geography) as d_exact,
           extensions.st_distance(r.public_location::extensions.geography, v_point::extensions.geography)
             as d_public
      from app.reports r
      join app.statuses s on s.code = r.status and s."group" = 'open'
     where r.category = p_category
       and r.location operator(extensions.&&) extensions.st_expand(
             v_point, v_radius / (111320.0 * cosd(least(abs(p_lat), 89.0))) * 1.01, v_radius / 110574.0 * 1.01)
  ),
  hits as (
    select * from candidates where d_exact <= v_radius order by d_exact, id limit 20
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', h.id,
           'distance_m', round((case when v_staff or h.reporter_id = v_uid then h.d_exact
                                     else h.d_public end)::numeric, 1),
           'description', left(h.description, 140),
           'status', h.status,
           'observed_at', h.observed_at,
           'support_count', (select count(*) from app.supports sp where sp.report_id = h.id),
           'supported_by_me', v_uid is not null and exists (
              select 1 from app.supports sp where sp.report_id = h.id and sp.user_id = v_uid))
         order by h.d_exact, h.id), '[]'::jsonb)
    into v_result
    from hits h;
  return v_result;
end
$$;
revoke execute on function api.nearby_reports(float8, float8, text) from public;
grant execute on function api.nearby_reports(float8, float8, text) to anon, authenticated;

-- support_report -------------------------------------------------------------------------------------
create or replace function api.support_report(p_report_id uuid) returns jsonb
language plpgsql volatile security definer
set search_path = ''
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
  insert into app.supports (report_id, user_id) values (p_report_id, v_uid)
  on conflict (report_id, user_id) do nothing;
  return jsonb_build_object(
    'report_id', p_report_id,
    'support_count', (select count(*) from app.supports sp where sp.report_id = p_report_id),
    'supported_by_me', true);
end
$$;
revoke execute on function api.support_report(uuid) from public;
grant execute on function api.support_report(uuid) to authenticated;

-- my_reports -----------------------------------------------------------------------------------------
create or replace function api.my_reports() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_result jsonb;
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', m.id, 'category', m.category, 'challenge', m.challenge, 'status', m.status,
           'status_group', m.status_group, 'description', m.description, 'created_at', m.created_at,
           'support_count', m.support_count, 'last_update_at', m.last_update_at)
         order by m.created_at desc, m.id), '[]'::jsonb)
    into v_result
    from (
      select r.id, r.category, r.challenge, r.status, s."group" as status_group, r.description, r.created_at,
             (select count(*) from app.supports sp where sp.report_id = r.id) as support_count,
             (select max(u.created_at) from app.report_updates u where u.report_id = r.id) as last_update_at
        from app.reports r
        join app.statuses s on s.code = r.status
       where r.reporter_id = v_uid
       order by r.created_at desc, r.id
       limit 200
    ) m;
  return v_result;
end
$$;
revoke execute on function api.my_reports() from public;
grant execute on function api.my_reports() to authenticated;

-- whoami ---------------------------------------------------------------------------------------------
create or replace function api.whoami() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object('user_id', (select auth.uid()), 'role', app.current_role())
$$;
revoke execute on function api.whoami() from public;
grant execute on function api.whoami() to anon, authenticated;
