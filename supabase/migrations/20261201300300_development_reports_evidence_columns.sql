-- Evidence at 1,000,000 reports (issue 5 target: < 200 ms at 250 m on PostgreSQL). Measured on the bench database,
-- the first version spent ~1 s joining ~17,000 link rows of a typical development back to app.reports (one
-- scattered heap fetch per report) and up to 1 s more on JIT compilation. So:
--  1. app.development_reports carries what the evidence needs of each report (category, challenge, status,
--     observed_at, is_dark, lon, lat), kept in step by the triggers that already maintain the link plus one on
--     report updates; evidence up to 250 m then reads the link rows of one development only.
--  2. JIT off in these functions: their cost estimates (PostGIS calls) trigger JIT, which costs more than it saves.
-- The link's contract (development_id, report_id, distance_m; docs/contracts-session2.md) is unchanged.

alter table app.development_reports
  add column category text,
  add column challenge text,
  add column status text,
  add column observed_at timestamptz,
  add column is_dark boolean,
  add column lon float8,
  add column lat float8;

create or replace function app.link_development(p_development_id uuid) returns void
language sql
set search_path = ''
set jit = off
as $$
  delete from app.development_reports where development_id = p_development_id;
  insert into app.development_reports (development_id, report_id, distance_m, category, challenge, status,
                                       observed_at, is_dark, lon, lat)
  select d.id, r.id,
         case when extensions.st_intersects(d.geom, r.location) then 0
              else extensions.st_distance(d.geom_3006, extensions.st_transform(r.location, 3006)) end,
         r.category, r.challenge, r.status, r.observed_at, r.is_dark,
         extensions.st_x(r.location), extensions.st_y(r.location)
    from app.developments d
    join app.reports r on r.location operator(extensions.&&) d.near_box
   where d.id = p_development_id
     and (extensions.st_intersects(d.geom, r.location)
          or extensions.st_dwithin(d.geom_3006, extensions.st_transform(r.location, 3006), app.development_near_m()));
$$;

create or replace function app.reports_link_developments() returns trigger
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  insert into app.development_reports (development_id, report_id, distance_m, category, challenge, status,
                                       observed_at, is_dark, lon, lat)
  select d.id, r.id,
         case when extensions.st_intersects(d.geom, r.location) then 0
              else extensions.st_distance(d.geom_3006, extensions.st_transform(r.location, 3006)) end,
         r.category, r.challenge, r.status, r.observed_at, r.is_dark,
         extensions.st_x(r.location), extensions.st_y(r.location)
    from new_rows r
    join app.developments d on r.location operator(extensions.&&) d.near_box
   where extensions.st_intersects(d.geom, r.location)
      or extensions.st_dwithin(d.geom_3006, extensions.st_transform(r.location, 3006), app.development_near_m());
  return null;
end
$$;

create or replace function app.report_relink_developments() returns trigger
language plpgsql
set search_path = ''
set jit = off
as $$
begin
  delete from app.development_reports where report_id = new.id;
  insert into app.development_reports (development_id, report_id, distance_m, category, challenge, status,
                                       observed_at, is_dark, lon, lat)
  select d.id, new.id,
         case when extensions.st_intersects(d.geom, new.location) then 0
              else extensions.st_distance(d.geom_3006, extensions.st_transform(new.location, 3006)) end,
         new.category, new.challenge, new.status, new.observed_at, new.is_dark,
         extensions.st_x(new.location), extensions.st_y(new.location)
    from app.developments d
   where new.location operator(extensions.&&) d.near_box
     and (extensions.st_intersects(d.geom, new.location)
          or extensions.st_dwithin(d.geom_3006, extensions.st_transform(new.location, 3006),
                                   app.development_near_m()));
  return null;
end
$$;

-- Status changes (frequent) and, for completeness, category/time corrections: copy them to the link rows.
create or replace function app.report_update_development_links() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update app.development_reports dr
     set status = new.status, category = new.category, challenge = new.challenge,
         observed_at = new.observed_at, is_dark = new.is_dark
   where dr.report_id = new.id;
  return null;
end
$$;
revoke execute on function app.report_update_development_links() from public;

create trigger reports_update_development_links
  after update of status, category, challenge, observed_at, is_dark on app.reports
  for each row
  when ((old.status, old.category, old.challenge, old.observed_at, old.is_dark)
        is distinct from (new.status, new.category, new.challenge, new.observed_at, new.is_dark))
  execute function app.report_update_development_links();

-- Backfill the links that exist, then require the columns.
update app.development_reports dr
   set category = r.category, challenge = r.challenge, status = r.status, observed_at = r.observed_at,
       is_dark = r.is_dark, lon = extensions.st_x(r.location), lat = extensions.st_y(r.location)
  from app.reports r
 where r.id = dr.report_id;

alter table app.development_reports
  alter column category set not null,
  alter column challenge set not null,
  alter column status set not null,
  alter column observed_at set not null,
  alter column is_dark set not null,
  alter column lon set not null,
  alter column lat set not null;

-- The candidates now come with lon/lat instead of the geometry (and without district_code).
drop function app.development_candidates(uuid, int, timestamptz, timestamptz);
create function app.development_candidates(p_id uuid, p_buffer_m int, p_from timestamptz, p_to timestamptz)
returns table (id uuid, lon float8, lat float8, category text, challenge text, status text,
               observed_at timestamptz, is_dark boolean, distance_m float8)
language plpgsql stable
set search_path = ''
set jit = off
as $$
declare
  v_geom extensions.geometry;
  v_geom_3006 extensions.geometry;
  v_box extensions.geometry;
begin
  if p_buffer_m <= app.development_near_m() then
    return query
      select dr.report_id, dr.lon, dr.lat, dr.category, dr.challenge, dr.status, dr.observed_at, dr.is_dark,
             dr.distance_m::float8
        from app.development_reports dr
       where dr.development_id = p_id
         and dr.distance_m <= p_buffer_m
         and (p_from is null or dr.observed_at >= p_from)
         and (p_to is null or dr.observed_at < p_to);
  else
    select d.geom, d.geom_3006 into v_geom, v_geom_3006 from app.developments d where d.id = p_id;
    v_box := extensions.st_envelope(extensions.st_transform(
               extensions.st_envelope(extensions.st_expand(v_geom_3006, p_buffer_m + 10)), 4326));
    return query
      select r.id, extensions.st_x(r.location), extensions.st_y(r.location), r.category, r.challenge, r.status,
             r.observed_at, r.is_dark,
             case when extensions.st_intersects(v_geom, r.location) then 0::float8
                  else extensions.st_distance(v_geom_3006, extensions.st_transform(r.location, 3006)) end
        from app.reports r
       where r.location operator(extensions.&&) v_box
         and (extensions.st_intersects(v_geom, r.location)
              or extensions.st_dwithin(v_geom_3006, extensions.st_transform(r.location, 3006), p_buffer_m))
         and (p_from is null or r.observed_at >= p_from)
         and (p_to is null or r.observed_at < p_to);
  end if;
end
$$;
revoke execute on function app.development_candidates(uuid, int, timestamptz, timestamptz) from public;

create or replace function api.development_evidence(
  p_id uuid, p_buffer_m int default 250, p_from timestamptz default null, p_to timestamptz default null)
returns jsonb
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
declare
  v_dev app.developments;
  v_area_km2 float8;
  v_ring_km2 float8;
  v_district jsonb;
  v_city jsonb;
  v_city_count bigint;
  v_city_km2 float8;
  v_result jsonb;
  v_max_reports constant int := 5000;
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_buffer_m is null or p_buffer_m not in (100, 250, 500) then
    raise exception 'invalid_buffer' using errcode = '22023';
  end if;
  if p_from is not null and p_to is not null and p_from >= p_to then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
  select * into v_dev from app.developments d where d.id = p_id;
  if not found then
    raise exception 'development_not_found' using errcode = '22023';
  end if;

  v_area_km2 := v_dev.area_m2 / 1e6;
  v_ring_km2 := greatest(extensions.st_area(extensions.st_buffer(v_dev.geom_3006, p_buffer_m, 'quad_segs=16'))
                         / 1e6 - v_area_km2, 0);

  -- District and city rates: all reports there in the same period (the counts behind the figures).
  select jsonb_build_object(
           'code', x.do_kod, 'name', x.name,
           'count', c.n,
           'km2', round((extensions.st_area(extensions.st_transform(x.geom, 3006)) / 1e6)::numeric, 4),
           'per_km2', round((c.n / nullif(extensions.st_area(extensions.st_transform(x.geom, 3006)) / 1e6, 0))::numeric, 2))
    into v_district
    from app.districts x
    cross join lateral (
      select count(*)::float8 as n from app.reports r
       where r.district_code = x.do_kod
         and (p_from is null or r.observed_at >= p_from)
         and (p_to is null or r.observed_at < p_to)) c
   where x.do_kod = v_dev.district_code;

  if p_from is null and p_to is null then
    -- The summary grid holds every report exactly once per level (maintained by triggers).
    select coalesce(sum(c.n), 0) into v_city_count from app.report_cells c where c.level = 6;
  else
    select count(*) into v_city_count from app.reports r
     where (p_from is null or r.observed_at >= p_from)
       and (p_to is null or r.observed_at < p_to);
  end if;
  select extensions.st_area(extensions.st_transform(b.geom, 3006)) / 1e6 into v_city_km2 from app.boundary b;
  v_city := jsonb_build_object('count', v_city_count, 'km2', round(v_city_km2::numeric, 4),
                               'per_km2', round((v_city_count / nullif(v_city_km2, 0))::numeric, 2));

  with c as materialized (
    select * from app.development_candidates(p_id, p_buffer_m, p_from, p_to)
  ),
  groups as materialized (
    select c.distance_m = 0 as inside, c.challenge, c.category, count(*) as n,
           count(*) filter (where c.is_dark) as dark
      from c group by 1, 2, 3
  ),
  sides as (
    select s.inside,
           coalesce((select sum(g.n) from groups g where g.inside = s.inside), 0) as total,
           coalesce((select sum(g.dark) from groups g where g.inside = s.inside), 0) as dark,
           coalesce((select jsonb_object_agg(x.challenge, x.n) from (
              select g.challenge, sum(g.n) as n from groups g where g.inside = s.inside group by g.challenge) x),
             '{}'::jsonb) as by_challenge,
           coalesce((select jsonb_object_agg(x.category, x.n) from (
              select g.category, sum(g.n) as n from groups g where g.inside = s.inside group by g.category) x),
             '{}'::jsonb) as by_category
      from (values (true), (false)) s (inside)
  ),
  months as (
    select to_char(c.observed_at at time zone 'Europe/Stockholm', 'YYYY-MM') as month,
           count(*) filter (where c.distance_m = 0) as inside,
           count(*) filter (where c.distance_m > 0) as ring
      from c group by 1
  ),
  span as (
    select min(to_date(m.month, 'YYYY-MM')) as first, max(to_date(m.month, 'YYYY-MM')) as last from months m
  ),
  series as (
    select to_char(g, 'YYYY-MM') as month
      from span, generate_series(span.first, span.last, interval '1 month') g
     where span.first is not null
  ),
  listed as (
    select c.* from c order by c.distance_m, c.observed_at desc, c.id limit v_max_reports
  )
  select jsonb_build_object(
    'development', app.development_json(p_id),
    'buffer_m', p_buffer_m,
    'area_km2', round(v_area_km2::numeric, 6),
    'ring_km2', round(v_ring_km2::numeric, 6),
    'inside', (select jsonb_build_object('total', total, 'by_challenge', by_challenge,
                                         'by_category', by_category, 'dark', dark) from sides where inside),
    'ring', (select jsonb_build_object('total', total, 'by_challenge', by_challenge,
                                       'by_category', by_category, 'dark', dark) from sides where not inside),
    'monthly', coalesce((
      select jsonb_agg(jsonb_build_object('month', s.month, 'inside', coalesce(m.inside, 0),
                                          'ring', coalesce(m.ring, 0)) order by s.month)
        from series s left join months m on m.month = s.month), '[]'::jsonb),
    'rates', jsonb_build_object(
      'development', jsonb_build_object(
        'count', (select total from sides where inside),
        'km2', round(v_area_km2::numeric, 6),
        'per_km2', round(((select total from sides where inside) / nullif(v_area_km2, 0))::numeric, 2)),
      'district', v_district,
      'city', v_city),
    'reports', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', l.id, 'lon', round(l.lon::numeric, 7), 'lat', round(l.lat::numeric, 7),
               'category', l.category, 'challenge', l.challenge, 'status', l.status,
               'observed_at', l.observed_at, 'is_dark', l.is_dark,
               'supports', coalesce(sp.n, 0),
               'inside', l.distance_m = 0, 'distance_m', round(l.distance_m::numeric, 1))
             order by l.distance_m, l.observed_at desc, l.id)
        from listed l
        left join (select s.report_id, count(*) as n from app.supports s
                    where s.report_id in (select l2.id from listed l2) group by s.report_id) sp
          on sp.report_id = l.id), '[]'::jsonb),
    'reports_truncated', (select count(*) from c) > v_max_reports)
  into v_result;
  return v_result;
end
$$;
