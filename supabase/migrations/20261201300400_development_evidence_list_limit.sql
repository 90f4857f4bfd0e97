-- Evidence at 1,000,000 reports, second step (bench: docs/benchmarks.md). With the link rows read directly, most of
-- the time went into the report list: 5,000 objects built with jsonb_build_object and numeric rounding took
-- ~1 s on the loaded bench machine. Now the list is built with row_to_json (float8 rounding) and is at most
-- p_limit long (default 1,000, at most 5,000; the counts always cover every report). p_limit out of range
-- → invalid_filter. The old four-argument signature is replaced (named calls without p_limit still work).

drop function api.development_evidence(uuid, int, timestamptz, timestamptz);

create function api.development_evidence(
  p_id uuid, p_buffer_m int default 250, p_from timestamptz default null, p_to timestamptz default null,
  p_limit int default 1000)
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
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_buffer_m is null or p_buffer_m not in (100, 250, 500) then
    raise exception 'invalid_buffer' using errcode = '22023';
  end if;
  if (p_from is not null and p_to is not null and p_from >= p_to) or p_limit is null or p_limit < 0
     or p_limit > 5000 then
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
  -- One pass over the reports: everything but the list is derived from these few hundred groups.
  groups as materialized (
    select c.distance_m = 0 as inside, c.challenge, c.category, c.is_dark,
           date_trunc('month', c.observed_at at time zone 'Europe/Stockholm') as month, count(*) as n
      from c group by 1, 2, 3, 4, 5
  ),
  sides as (
    select s.inside,
           coalesce((select sum(g.n) from groups g where g.inside = s.inside), 0) as total,
           coalesce((select sum(g.n) from groups g where g.inside = s.inside and g.is_dark), 0) as dark,
           coalesce((select jsonb_object_agg(x.challenge, x.n) from (
              select g.challenge, sum(g.n) as n from groups g where g.inside = s.inside group by g.challenge) x),
             '{}'::jsonb) as by_challenge,
           coalesce((select jsonb_object_agg(x.category, x.n) from (
              select g.category, sum(g.n) as n from groups g where g.inside = s.inside group by g.category) x),
             '{}'::jsonb) as by_category
      from (values (true), (false)) s (inside)
  ),
  months as (
    select g.month, sum(g.n) filter (where g.inside) as inside, sum(g.n) filter (where not g.inside) as ring
      from groups g group by g.month
  ),
  series as (
    select g as month
      from (select min(m.month) as first, max(m.month) as last from months m) span,
           generate_series(span.first, span.last, interval '1 month') g
     where span.first is not null
  ),
  listed as (
    select c.* from c order by c.distance_m, c.observed_at desc, c.id limit p_limit
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
      select jsonb_agg(jsonb_build_object('month', to_char(s.month, 'YYYY-MM'), 'inside', coalesce(m.inside, 0),
                                          'ring', coalesce(m.ring, 0)) order by s.month)
        from series s left join months m on m.month = s.month), '[]'::jsonb),
    'rates', jsonb_build_object(
      'development', jsonb_build_object(
        'count', (select total from sides where inside),
        'km2', round(v_area_km2::numeric, 6),
        'per_km2', round(((select total from sides where inside) / nullif(v_area_km2, 0))::numeric, 2)),
      'district', v_district,
      'city', v_city),
    -- row_to_json per report and one cast: building the objects with jsonb_build_object and numeric rounding
    -- cost ~5× more at 5,000 reports. Positions rounded to 1e-7° (~1 cm), distances to 0.1 m, in float8.
    'reports', coalesce((
      select json_agg(r)::jsonb from (
        select l.id, round(l.lon * 1e7) / 1e7 as lon, round(l.lat * 1e7) / 1e7 as lat, l.category, l.challenge,
               l.status, l.observed_at, l.is_dark, coalesce(sp.n, 0) as supports, l.distance_m = 0 as inside,
               round(l.distance_m * 10) / 10 as distance_m
          from listed l
          left join (select s.report_id, count(*) as n from app.supports s
                      where s.report_id in (select l2.id from listed l2) group by s.report_id) sp
            on sp.report_id = l.id
         order by l.distance_m, l.observed_at desc, l.id) r), '[]'::jsonb),
    'reports_truncated', coalesce((select sum(g.n) from groups g), 0) > p_limit)
  into v_result;
  return v_result;
end
$$;

revoke all on function api.development_evidence(uuid, int, timestamptz, timestamptz, int) from public;
grant execute on function api.development_evidence(uuid, int, timestamptz, timestamptz, int) to authenticated;
