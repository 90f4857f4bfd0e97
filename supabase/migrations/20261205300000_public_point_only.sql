-- Hardening: exact positions leaked through the public API (docs/security.md, "Location privacy").
--
-- The rule: for anyone who is neither staff nor the report's reporter, every answer (membership, order,
-- distance, district, counts, cells) is a function of the report's public (snapped) point only. Before this
-- migration two public answers used the exact point:
--  * api.nearby_reports chose and ordered the reports by their distance to the EXACT point and only reported
--    distance_m from the snapped one: an anonymous caller who moved the query point until a report dropped out
--    of the radius recovered its exact position to a few millimetres in about a hundred calls, also for the
--    categories snapped to 50 m (tests/db/adversarial/location-oracle.test.ts, "the attack").
--  * The district in api.report_detail was the delområde of the exact point, so near a border it told which
--    side of the border the exact point was on.
-- api.reports_in_view (viewport filter, screen cells, the pre-aggregated app.report_cells, the lone report's id)
-- already used only public_x/public_y; api.public_measures lists stored links; every other function anon or a
-- resident may call is about the caller's own reports or refuses non-staff callers. Those are unchanged.
--
-- Staff and the reporter keep the exact point, the exact distance and the exact point's district.

-- 1. The public district: the delområde of the public point, kept by the trigger that computes the public point.
alter table app.reports add column public_district_code int references app.districts (do_kod);
comment on column app.reports.public_district_code is
  'Delområde containing public_location (app.reports_derive): the district shown to everyone but staff and the '
  'reporter. Null if the public point is in none.';

-- Same as 20261201000400 plus public_district_code (after public_location). For demo rows the generator does not
-- supply it, so it is looked up per row like every real report's district.
create or replace function app.reports_derive() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  v_precision int;
begin
  if tg_op = 'UPDATE'
     and extensions.st_asbinary(new.location) = extensions.st_asbinary(old.location)
     and new.category is not distinct from old.category
     and new.observed_at is not distinct from old.observed_at then
    return new;
  end if;
  if tg_op = 'UPDATE' then
    new.updated_at := now();
  end if;

  if new.challenge is null or not new.is_demo or tg_op = 'UPDATE' then
    select c.challenge into new.challenge from app.categories c where c.code = new.category;
  end if;
  if new.is_dark is null or not new.is_demo or tg_op = 'UPDATE' then
    new.is_dark := app.is_dark(new.observed_at);
  end if;
  if new.district_code is null or not new.is_demo or tg_op = 'UPDATE' then
    select d.do_kod into new.district_code
      from app.districts d
     where extensions.st_intersects(d.geom, new.location)
     order by d.do_kod
     limit 1;
  end if;
  if new.public_location is null or not new.is_demo or tg_op = 'UPDATE' then
    select c.public_precision_m into v_precision from app.categories c where c.code = new.category;
    new.public_location := app.snap_public(new.location, coalesce(v_precision, 10));
  end if;
  if new.public_district_code is null or not new.is_demo or tg_op = 'UPDATE' then
    select d.do_kod into new.public_district_code
      from app.districts d
     where extensions.st_intersects(d.geom, new.public_location)
     order by d.do_kod
     limit 1;
  end if;
  if new.public_x is null or new.public_y is null or not new.is_demo or tg_op = 'UPDATE' then
    new.public_x := app.mercator_x(extensions.st_x(new.public_location));
    new.public_y := app.mercator_y(extensions.st_y(new.public_location));
  end if;
  return new;
end
$$;
revoke execute on function app.reports_derive() from public;

-- Backfill: one set-based statement (the derive trigger returns early, location is unchanged).
update app.reports r
   set public_district_code = p.do_kod
  from (
    select r2.id,
           (select d.do_kod from app.districts d
             where extensions.st_intersects(d.geom, r2.public_location)
             order by d.do_kod limit 1) as do_kod
      from app.reports r2
  ) p
 where p.id = r.id and p.do_kod is not null;

-- 2. report_detail: the district of the public point unless precise (staff, the reporter). Otherwise the same as
-- 20261201500400.
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
           'status_group', s."group", 'source', r.source, 'description', r.description,
           'observed_at', r.observed_at, 'created_at', r.created_at, 'is_dark', r.is_dark,
           'lon', extensions.st_x(case when v.precise then r.location else r.public_location end),
           'lat', extensions.st_y(case when v.precise then r.location else r.public_location end),
           'precise', v.precise,
           'district', app.district_json(case when v.precise then r.district_code else r.public_district_code end),
           'support_count', (select count(*) from app.supports sp where sp.report_id = r.id),
           'supported_by_me', v_uid is not null and exists (
              select 1 from app.supports sp where sp.report_id = r.id and sp.user_id = v_uid),
           'is_mine', coalesce(r.reporter_id = v_uid, false),
           'photo_path', case when v.precise then r.photo_path end,
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

-- 3. nearby_reports: each report is measured from the point the caller may see — the exact point for staff and
-- for the caller's own reports, the public point for everyone else — and that one distance decides membership
-- (within duplicate_radius_m), order and distance_m. Candidates come from two index searches: the public points
-- through the Web Mercator GiST index of reports_in_view (a box of radius / cos(lat) Mercator metres, with a
-- margin: Mercator stretches both axes by about 1/cos(lat)), and the exact points (GiST on location) only for
-- reports whose exact point the caller may use. Same signature and result shape as 20261201000600.
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
    select r.id, r.description, r.status, r.observed_at,
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
revoke execute on function api.nearby_reports(float8, float8, text) from public;
grant execute on function api.nearby_reports(float8, float8, text) to anon, authenticated;
