-- The public API of residents and the map: every read and write the app makes. See docs/api.md (the contract).
-- Each function returns jsonb, is security definer with `search_path = pg_catalog, pg_temp`, revokes PUBLIC's
-- execute and grants explicitly. Errors: raise exception '<code>' (message = the stable code) with errcode 22023
-- (validation) or 42501.
--
-- Location privacy (docs/security.md): for anyone who is neither staff nor the report's reporter, every answer
-- (membership, order, distance, district, counts, cells) is a function of the report's public (snapped) point only.
-- Moderation (…_moderation.sql): such a caller sees a description only when approved (the moderator's text when
-- edited) and a photo only when approved and named without an id.

-- submit_report --------------------------------------------------------------------------------------
create or replace function app.submitted_report_json(p_id uuid) returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
    'id', r.id, 'status', r.status, 'challenge', r.challenge, 'category', r.category,
    'district', app.district_json(r.district_code), 'is_dark', r.is_dark,
    'created_at', r.created_at, 'observed_at', r.observed_at)
  from app.reports r where r.id = p_id
$$;
revoke execute on function app.submitted_report_json(uuid) from public;

-- A resident stores a report. Idempotent by the client's p_id. A non-staff user may store at most 20 new reports
-- in a rolling hour (counted in app.rate_events, which survives delete_my_data); the 21st fails with
-- 'rate_limited'. p_photo_path may be `p/<uuid>.<jpg|webp>` (id-free, preferred) if no other user uploaded that
-- object and no report or update already names it, or the caller's own `<uid>/<id>.<jpg|webp>`.
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
revoke execute on function api.submit_report(uuid,text,double precision,double precision,text,timestamp with time zone,text,text) from public;
grant execute on function api.submit_report(uuid,text,double precision,double precision,text,timestamp with time zone,text,text) to authenticated;

-- reports_in_view ------------------------------------------------------------------------------------
-- The map's reports in a viewport, aggregated on the level grid of app.report_cells. The cell is
-- B · 2^round(16 − zoom) — exactly 60 px at integer zooms, 42–85 px in between — doubled until the viewport has at
-- most 2000 cells. Without a time filter and for cells of level ≥ 2, the part of the viewport made of whole stored
-- cells is read from app.report_cells and only the border (less than one stored cell wide) from app.reports, as
-- four disjoint strips with an index search each (one viewport-sized search would read every report in the
-- viewport even when the interior came from the cells); the result is exactly the same as aggregating
-- app.reports directly. Reads only public_x/public_y.
-- With p_from/p_to, no category and no status filter, and cells of level 4 or coarser, the interior of whole
-- level-4 cells is read from app.report_cells_by_day for the whole Stockholm days inside [p_from, p_to), and from
-- app.reports for the rest of the range (less than a day at each end); the border strips from app.reports with
-- the whole range; a lone report that came from a summary is looked up with every filter of the call (a
-- day-cell carries no category or status).
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
set search_path = pg_catalog, pg_temp
-- JIT compilation costs 100-600 ms and this function answers in milliseconds; the plan's cost estimate of a
-- whole-city statement is above jit_above_cost (measured: the street view took 250 instead of 20 ms with it).
set jit = off
as $$
declare
  c_max_cells constant int := 2000;
  c_r constant float8 := 6378137.0;
  c_day_level constant int := 4;
  v_base float8 := app.grid_base_m();
  v_timed boolean := p_from is not null or p_to is not null;
  v_by_day boolean := false;
  v_k int;
  v_level int;
  v_cell float8;
  v_size float8;
  v_ratio float8;
  v_x1 float8;
  v_y1 float8;
  v_x2 float8;
  v_y2 float8;
  v_gx1 int;
  v_gx2 int;
  v_gy1 int;
  v_gy2 int;
  v_ix1 float8;
  v_ix2 float8;
  v_iy1 float8;
  v_iy2 float8;
  v_d1 date := '-infinity';  -- whole days [v_d1, v_d2) from app.report_cells_by_day
  v_d2 date := 'infinity';
  v_t1 timestamptz;          -- start of day v_d1: [p_from, v_t1) comes from app.reports
  v_t2 timestamptz;          -- start of day v_d2: [v_t2, p_to) comes from app.reports
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

  v_x1 := app.mercator_x(p_west);
  v_x2 := app.mercator_x(p_east);
  v_y1 := app.mercator_y(greatest(-85.0, least(85.0, p_south)));
  v_y2 := app.mercator_y(greatest(-85.0, least(85.0, p_north)));
  v_k := round(16.0 - greatest(0.0, least(24.0, p_zoom)))::int;
  v_cell := v_base * power(2.0, v_k);
  while (floor(v_x2 / v_cell) - floor(v_x1 / v_cell) + 1) * (floor(v_y2 / v_cell) - floor(v_y1 / v_cell) + 1)
        > c_max_cells loop
    v_k := v_k + 1;
    v_cell := v_cell * 2.0;
  end loop;

  -- Whole stored cells inside the viewport. Without a time filter: app.report_cells at the coarsest stored
  -- level that fits the screen cell. With one: app.report_cells_by_day (level 4), if the filter has whole days
  -- and no category or status.
  if not v_timed then
    v_level := case when v_k >= 6 then 6 when v_k >= 4 then 4 when v_k >= 2 then 2 else null end;
  elsif v_k >= c_day_level and p_categories is null and p_statuses is null
        -- Far from any real date the day arithmetic could leave the timestamp range: the raw path answers.
        and (p_from is null or p_from between '1000-01-01 00:00Z'::timestamptz and '9000-01-01 00:00Z'::timestamptz)
        and (p_to is null or p_to between '1000-01-01 00:00Z'::timestamptz and '9000-01-01 00:00Z'::timestamptz) then
    if p_from is not null then
      v_d1 := (p_from at time zone 'Europe/Stockholm')::date;
      v_t1 := v_d1::timestamp at time zone 'Europe/Stockholm';
      if v_t1 < p_from then
        v_d1 := v_d1 + 1;
        v_t1 := v_d1::timestamp at time zone 'Europe/Stockholm';
      end if;
    end if;
    if p_to is not null then
      v_d2 := (p_to at time zone 'Europe/Stockholm')::date;
      v_t2 := v_d2::timestamp at time zone 'Europe/Stockholm';
    end if;
    if v_d1 < v_d2 then
      v_level := c_day_level;
      v_by_day := true;
    end if;
  end if;
  if v_level is not null then
    v_size := v_base * power(2.0, v_level);
    v_ratio := power(2.0, v_k - v_level);
    v_gx1 := ceil(v_x1 / v_size)::int;
    v_gx2 := floor(v_x2 / v_size)::int;  -- exclusive
    v_gy1 := ceil(v_y1 / v_size)::int;
    v_gy2 := floor(v_y2 / v_size)::int;  -- exclusive
  end if;
  if v_gx1 is null or v_gx1 >= v_gx2 or v_gy1 >= v_gy2 then
    -- No interior: everything is "border", read from app.reports.
    v_level := null;
    v_by_day := false;
    v_ix1 := v_x2; v_ix2 := v_x2; v_iy1 := v_y2; v_iy2 := v_y2;
  else
    v_ix1 := v_gx1 * v_size; v_ix2 := v_gx2 * v_size;
    v_iy1 := v_gy1 * v_size; v_iy2 := v_gy2 * v_size;
  end if;

  with strips (k, b) as (
    -- The viewport minus the interior [ix1, ix2) × [iy1, iy2), as four disjoint strips, each searched with
    -- the GiST index on its own (small) box.
    values (1, box(point(v_x1, v_y1), point(v_x2, v_iy1))),
           (2, box(point(v_x1, v_iy2), point(v_x2, v_y2))),
           (3, box(point(v_x1, v_iy1), point(v_ix1, v_iy2))),
           (4, box(point(v_ix2, v_iy1), point(v_x2, v_iy2)))
  ),
  raw as (
    select r.public_x, r.public_y, r.challenge, r.id, r.category, r.status
      from strips s
      join app.reports r on point(r.public_x, r.public_y) <@ s.b
     where case s.k
             when 1 then r.public_y < v_iy1
             when 2 then r.public_y >= v_iy2
             when 3 then r.public_y >= v_iy1 and r.public_y < v_iy2 and r.public_x < v_ix1
             else r.public_y >= v_iy1 and r.public_y < v_iy2 and r.public_x >= v_ix2
           end
       and (p_challenges is null or r.challenge = any (p_challenges))
       and (p_categories is null or r.category = any (p_categories))
       and (p_statuses is null or r.status = any (p_statuses))
       -- With the day summary the strips are thin (< 2.3 km): the GiST index alone is best there. The planner
       -- otherwise ANDs in a bitmap of the observed_at index, 80,000 entries built once per strip (measured:
       -- 60 of 70 ms for the whole city and 30 days); `+ interval '0'` keeps that index out of this branch.
       and (p_from is null or case when v_by_day then r.observed_at + interval '0' else r.observed_at end >= p_from)
       and (p_to is null or case when v_by_day then r.observed_at + interval '0' else r.observed_at end < p_to)
    union all
    -- The interior in the partial days at the ends of the range, through the observed_at index (plain
    -- comparisons on purpose: the GiST index on the whole interior would read every report in it).
    select r.public_x, r.public_y, r.challenge, r.id, r.category, r.status
      from app.reports r
     where v_by_day
       and r.observed_at >= p_from and r.observed_at < v_t1
       and r.public_x >= v_ix1 and r.public_x < v_ix2 and r.public_y >= v_iy1 and r.public_y < v_iy2
       and (p_challenges is null or r.challenge = any (p_challenges))
    union all
    select r.public_x, r.public_y, r.challenge, r.id, r.category, r.status
      from app.reports r
     where v_by_day
       and r.observed_at >= v_t2 and r.observed_at < p_to
       and r.public_x >= v_ix1 and r.public_x < v_ix2 and r.public_y >= v_iy1 and r.public_y < v_iy2
       and (p_challenges is null or r.challenge = any (p_challenges))
  ),
  parts as (
    select floor(public_x / v_cell) as cx, floor(public_y / v_cell) as cy, challenge,
           count(*) as n, sum(public_x) as sx, sum(public_y) as sy,
           min(id::text) as id, min(category) as category, min(status) as status
      from raw
     group by 1, 2, 3
    union all
    select floor(c.gx / v_ratio), floor(c.gy / v_ratio), c.challenge,
           sum(c.n), sum(c.sx), sum(c.sy), null, min(c.category), min(c.status)
      from app.report_cells c
     where v_level is not null and not v_by_day
       and c.level = v_level
       and c.gx >= v_gx1 and c.gx < v_gx2 and c.gy >= v_gy1 and c.gy < v_gy2
       and (p_challenges is null or c.challenge = any (p_challenges))
       and (p_categories is null or c.category = any (p_categories))
       and (p_statuses is null or c.status = any (p_statuses))
     group by 1, 2, 3
    union all
    select floor(d.gx / v_ratio), floor(d.gy / v_ratio), d.challenge,
           sum(d.n), sum(d.sx), sum(d.sy), null, null, null
      from app.report_cells_by_day d
     where v_by_day
       and d.level = v_level
       and d.day >= v_d1 and d.day < v_d2
       and d.gx >= v_gx1 and d.gx < v_gx2 and d.gy >= v_gy1 and d.gy < v_gy2
       and (p_challenges is null or d.challenge = any (p_challenges))
     group by 1, 2, 3
  ),
  by_challenge as (
    select cx, cy, challenge, sum(n) as n, sum(sx) as sx, sum(sy) as sy,
           min(id) as id, min(category) as category, min(status) as status
      from parts
     group by cx, cy, challenge
    having sum(n) > 0
  ),
  cells as (
    select cx, cy, sum(n) as n, sum(sx) / sum(n) as mx, sum(sy) / sum(n) as my,
           (array_agg(challenge order by n desc, challenge))[1] as dominant,
           min(id) as id, min(category) as category, min(status) as status
      from by_challenge
     group by cx, cy
  ),
  items as (
    -- A lone report that came from a summary: fetch it (exactly one report in the cell matches the filters);
    -- a day cell has no category or status, so they come from the report: [id, category, status].
    select c.cx, c.cy, c.n, c.mx, c.my, c.dominant, c.id, c.category, c.status,
           case when c.n = 1 and c.id is null then (
             select array[r.id::text, r.category, r.status]
               from app.reports r
              where point(r.public_x, r.public_y) <@ box(point(c.mx - 1.0, c.my - 1.0), point(c.mx + 1.0, c.my + 1.0))
                and floor(r.public_x / v_cell) = c.cx and floor(r.public_y / v_cell) = c.cy
                and (c.category is null or r.category = c.category)
                and (c.status is null or r.status = c.status)
                and (p_challenges is null or r.challenge = any (p_challenges))
                and (p_categories is null or r.category = any (p_categories))
                and (p_statuses is null or r.status = any (p_statuses))
                and (p_from is null or r.observed_at >= p_from)
                and (p_to is null or r.observed_at < p_to)
              order by r.id limit 1) end as lone
      from cells c
  )
  select jsonb_build_object(
           'total', coalesce(sum(n), 0),
           'cell_m', round(v_cell::numeric, 1),
           'items', coalesce(jsonb_agg(jsonb_build_array(
               round(degrees(mx / c_r)::numeric, 7),
               round(degrees(2.0 * atan(exp(my / c_r)) - pi() / 2.0)::numeric, 7),
               n, dominant,
               case when n = 1 then coalesce(id, lone[1]) end,
               case when n = 1 then coalesce(category, lone[2]) end,
               case when n = 1 then coalesce(status, lone[3]) end)
             order by cy desc, cx), '[]'::jsonb))
    into v_result
    from items;
  return v_result;
end
$$;
revoke execute on function api.reports_in_view(double precision,double precision,double precision,double precision,double precision,text[],text[],text[],timestamp with time zone,timestamp with time zone) from public;
grant execute on function api.reports_in_view(double precision,double precision,double precision,double precision,double precision,text[],text[],text[],timestamp with time zone,timestamp with time zone) to anon, authenticated;

-- report_detail --------------------------------------------------------------------------------------
-- One report. `precise` callers (staff, the reporter) get the exact point, its district, their own text, the
-- moderation state, the reasons, the moderator's reason and the public text; everyone else the public point, the
-- district of the public point, the description only when approved (the moderator's text when edited) and the
-- photos (the report's and the status changes', e.g. the crew's "after" picture) only when approved and named
-- without an id: a name with a user's id and the bucket is read by path.
create or replace function api.report_detail(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_result jsonb;
begin
  select jsonb_build_object(
           'id', r.id, 'category', r.category, 'challenge', r.challenge, 'status', r.status,
           'status_group', s."group", 'source', r.source,
           'description', case when v.precise then r.description
                               when r.moderation in ('approved', 'edited') then r.public_description end,
           'moderation', r.moderation,
           'moderation_reasons', case when v.precise then to_jsonb(r.moderation_reasons) end,
           'moderation_reason', case when v.precise then r.moderation_note end,
           'public_description', case when v.precise then r.public_description end,
           'photo_moderation', case when v.precise then r.photo_moderation end,
           'observed_at', r.observed_at, 'created_at', r.created_at, 'is_dark', r.is_dark,
           'lon', extensions.st_x(case when v.precise then r.location else r.public_location end),
           'lat', extensions.st_y(case when v.precise then r.location else r.public_location end),
           'precise', v.precise,
           'district', app.district_json(case when v.precise then r.district_code else r.public_district_code end),
           'support_count', (select count(*) from app.supports sp where sp.report_id = r.id),
           'supported_by_me', v_uid is not null and exists (
              select 1 from app.supports sp where sp.report_id = r.id and sp.user_id = v_uid),
           'is_mine', coalesce(r.reporter_id = v_uid, false),
           'photo_path', case when v.precise then r.photo_path
                              when r.photo_moderation = 'approved' and r.photo_path ~ '^p/' then r.photo_path end,
           'updates', coalesce((
              select jsonb_agg(jsonb_build_object('from_status', u.from_status, 'to_status', u.to_status,
                                                  'note', u.note, 'created_at', u.created_at,
                                                  'photo_path', case when v.precise then u.photo_path end)
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
-- Open reports of a category near a point ("jag upplever också detta"). Each report is measured from the point
-- the caller may see — the exact point for staff and for the caller's own reports, the public point for everyone
-- else — and that one distance decides membership (within duplicate_radius_m), order and distance_m: with the
-- exact point deciding membership, moving the query point until a report dropped out of the radius recovered its
-- exact position in about a hundred calls (tests/db/adversarial/location-oracle.test.ts). Candidates come from two
-- index searches: the public points through the Web Mercator GiST index of reports_in_view (a box of radius /
-- cos(lat) Mercator metres, with a margin: Mercator stretches both axes by about 1/cos(lat)), and the exact points
-- (GiST on location) only for reports whose exact point the caller may use. The description as in report_detail.
create or replace function api.nearby_reports(p_lon float8, p_lat float8, p_category text) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_staff boolean := v_uid is not null and app.is_staff();
  v_radius float8;
  v_point extensions.geometry;
  v_box extensions.geometry;
  v_mx float8;
  v_my float8;
  v_m float8;
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
  v_box := extensions.st_expand(
    v_point, v_radius / (111320.0 * cosd(least(abs(p_lat), 89.0))) * 1.01, v_radius / 110574.0 * 1.01);
  v_mx := app.mercator_x(p_lon);
  v_my := app.mercator_y(greatest(-85.0, least(85.0, p_lat)));
  v_m := v_radius * 1.05 / cosd(least(abs(p_lat), 85.0));

  with candidates as (
    select r.id, r.status, r.observed_at,
           case when v_staff or (v_uid is not null and r.reporter_id = v_uid) then r.description
                when r.moderation in ('approved', 'edited') then r.public_description end as description,
           extensions.st_distance(
             (case when v_staff or (v_uid is not null and r.reporter_id = v_uid)
                   then r.location else r.public_location end)::extensions.geography,
             v_point::extensions.geography) as d
      from app.reports r
      join app.statuses s on s.code = r.status and s."group" = 'open'
     where r.category = p_category
       and (point(r.public_x, r.public_y) <@ box(point(v_mx - v_m, v_my - v_m), point(v_mx + v_m, v_my + v_m))
            or (r.location operator(extensions.&&) v_box
                and (v_staff or (v_uid is not null and r.reporter_id = v_uid))))
  ),
  hits as (
    select * from candidates where d <= v_radius order by d, id limit 20
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', h.id,
           'distance_m', round(h.d::numeric, 1),
           'description', left(h.description, 140),
           'status', h.status,
           'observed_at', h.observed_at,
           'support_count', (select count(*) from app.supports sp where sp.report_id = h.id),
           'supported_by_me', v_uid is not null and exists (
              select 1 from app.supports sp where sp.report_id = h.id and sp.user_id = v_uid))
         order by h.d, h.id), '[]'::jsonb)
    into v_result
    from hits h;
  return v_result;
end
$$;
revoke execute on function api.nearby_reports(double precision,double precision,text) from public;
grant execute on function api.nearby_reports(double precision,double precision,text) to anon, authenticated;

-- support_report -------------------------------------------------------------------------------------
-- "Jag upplever också detta": one support per user per report, within a quota (a repeated support is free).
-- Never one's own report: a support is another person's confirmation, and it raises the report's place in the
-- crews' work list (own_report; the report panels do not offer it either).
create or replace function api.support_report(p_report_id uuid) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_reporter uuid;
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  select r.reporter_id into v_reporter from app.reports r where r.id = p_report_id;
  if p_report_id is null or not found then
    raise exception 'report_not_found' using errcode = '22023';
  end if;
  if v_reporter = v_uid then
    raise exception 'own_report' using errcode = '42501';
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

-- my_reports -----------------------------------------------------------------------------------------
-- The caller's own reports, with the moderation state, the moderator's reason and the photo's state.
create or replace function api.my_reports() returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
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
           'support_count', m.support_count, 'last_update_at', m.last_update_at,
           'moderation', m.moderation, 'moderation_reason', m.moderation_note,
           'photo_moderation', m.photo_moderation)
         order by m.created_at desc, m.id), '[]'::jsonb)
    into v_result
    from (
      select r.id, r.category, r.challenge, r.status, s."group" as status_group, r.description, r.created_at,
             r.moderation, r.moderation_note, r.photo_moderation,
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
