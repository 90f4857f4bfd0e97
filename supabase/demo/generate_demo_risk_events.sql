-- Demo events of actual risk (traffic injuries, police events) for the comparison of perceived and actual risk.
-- NOT a migration: loaded by local mode, tests and benchmarks.
--   select app.generate_demo_risk_events(2000);        -- 2,000 events, seed 42
-- One source of kind 'demo', provenance "Syntetiska demohändelser", covering the last 365 days; every event in it
-- is synthetic. Where they lie, so that the comparison has something to find:
--   45 % along main roads (a sketch of Malmö's main streets below, not a road network: points spread along each
--        segment by its length, ±25 m across) — mostly traffic injuries;
--   20 % at the junctions of those roads (±30 m) — injuries, more of them severe;
--   25 % in the city centre (Gaussian, σ 450 m around Gustav Adolfs torg) — mostly police events;
--   10 % anywhere in Malmö (ST_GeneratePoints) — both.
-- Points outside the municipal boundary are dropped and replaced (candidates are over-generated and the first
-- p_count inside are kept). Deterministic: every draw from md5(seed, n), never random(); calling it again with the
-- same seed inserts nothing. Returns the number of events inserted.

create or replace function app.generate_demo_risk_events(p_count int, p_seed int default 42) returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
set jit = off
as $$
declare
  v_source uuid := md5('demo-risk-source:' || p_seed)::uuid;
  v_inserted int;
  v_today date := (now() at time zone 'Europe/Stockholm')::date;
begin
  if p_count is null or p_count < 0 or p_count > 1000000 then
    raise exception 'invalid p_count' using errcode = '22023';
  end if;
  if p_count = 0 or exists (select 1 from app.risk_sources s where s.id = v_source) then
    return 0;
  end if;

  insert into app.risk_sources (id, name, kind, provenance, licence, period_from, period_to, imported_by, row_count)
  values (v_source, 'Demohändelser', 'demo', 'Syntetiska demohändelser', null, v_today - 364, v_today, null, 0);

  -- Main streets as polylines (lon, lat), a rough sketch: segment i runs from vertex i to i + 1 of each road.
  create temporary table _demo_roads on commit drop as
  with roads(name, pts) as (values
    ('Lundavägen', array[[13.0230, 55.6030], [13.0450, 55.6090], [13.0700, 55.6160]]),
    ('Amiralsgatan', array[[13.0100, 55.6040], [13.0230, 55.6000], [13.0330, 55.5930], [13.0450, 55.5850]]),
    ('Ystadvägen', array[[13.0450, 55.5850], [13.0750, 55.5720], [13.1100, 55.5600]]),
    ('Trelleborgsvägen', array[[13.0080, 55.5850], [13.0120, 55.5650], [13.0200, 55.5450]]),
    ('Södra Förstadsgatan', array[[13.0010, 55.6020], [13.0030, 55.5940], [13.0080, 55.5850]]),
    ('Regementsgatan och Limhamnsvägen', array[[12.9930, 55.5990], [12.9750, 55.5940], [12.9500, 55.5880], [12.9300, 55.5830]]),
    ('Inre ringvägen', array[[12.9650, 55.5700], [13.0000, 55.5650], [13.0400, 55.5700], [13.0650, 55.5900], [13.0650, 55.6100]]),
    ('Yttre ringvägen', array[[12.9600, 55.5450], [13.0200, 55.5350], [13.0900, 55.5500], [13.1100, 55.5900], [13.1000, 55.6300]]),
    ('Nobelvägen', array[[13.0300, 55.6050], [13.0280, 55.5900], [13.0250, 55.5750]]),
    ('Pildammsvägen', array[[12.9900, 55.5980], [12.9950, 55.5850], [12.9980, 55.5700]])
  ),
  seg as (
    select r.name, k,
           extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint(r.pts[k][1], r.pts[k][2]), 4326), 3006) as a,
           extensions.st_transform(extensions.st_setsrid(extensions.st_makepoint(r.pts[k + 1][1], r.pts[k + 1][2]), 4326), 3006) as b
      from roads r
     cross join lateral generate_series(1, array_length(r.pts, 1) - 1) k
  )
  select s.name, extensions.st_x(s.a) as x1, extensions.st_y(s.a) as y1, extensions.st_x(s.b) as x2, extensions.st_y(s.b) as y2,
         sum(extensions.st_distance(s.a, s.b)) over (order by s.name, s.k) / sum(extensions.st_distance(s.a, s.b)) over () as cum,
         row_number() over (order by s.name, s.k) as seg_no
    from seg s;

  create temporary table _demo_candidates on commit drop as
  with draws as (
    select n,
           (('x' || substr(h, 1, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u1,
           (('x' || substr(h, 9, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u2,
           (('x' || substr(h, 17, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u3,
           (('x' || substr(h, 25, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u4,
           (('x' || substr(h2, 1, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u5,
           (('x' || substr(h2, 9, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u6,
           (('x' || substr(h2, 17, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u7
      from (select n, md5('risk:' || p_seed || ':' || n) as h, md5(n || ':risk:' || p_seed) as h2
              from generate_series(1, (p_count * 1.3)::int + 50) n) g
  ),
  placed as (
    select d.*,
           case when d.u1 < 0.45 then 'road' when d.u1 < 0.65 then 'junction'
                when d.u1 < 0.90 then 'centre' else 'anywhere' end as kind,
           -- A standard normal pair (Box–Muller) for the jitter across the road or around a centre.
           sqrt(-2 * ln(1 - d.u3)) * cos(2 * pi() * d.u4) as g1,
           sqrt(-2 * ln(1 - d.u3)) * sin(2 * pi() * d.u4) as g2
      from draws d
  ),
  located as (
    select p.n, p.kind, p.u5, p.u6, p.u7, s.name as place,
           case p.kind
             when 'road' then extensions.st_setsrid(extensions.st_makepoint(
                    s.x1 + p.u2 * (s.x2 - s.x1) + 25 * p.g1, s.y1 + p.u2 * (s.y2 - s.y1) + 25 * p.g2), 3006)
             when 'junction' then extensions.st_setsrid(extensions.st_makepoint(
                    s.x1 + 30 * p.g1, s.y1 + 30 * p.g2), 3006)
             when 'centre' then extensions.st_setsrid(extensions.st_makepoint(
                    extensions.st_x(c.c) + 450 * p.g1, extensions.st_y(c.c) + 450 * p.g2), 3006)
           end as geom
      from placed p
      -- The segment, by length; a junction is the segment's first vertex (where the sketch's roads bend or meet).
      left join lateral (
        select r.* from _demo_roads r
         where p.kind in ('road', 'junction')
           and r.cum >= case when p.kind = 'road' then p.u1 / 0.45 else (p.u1 - 0.45) / 0.20 end
         order by r.cum limit 1) s on true
      cross join (select extensions.st_transform(
                    extensions.st_setsrid(extensions.st_makepoint(13.0005, 55.6035), 4326), 3006) as c) c
     where p.kind <> 'anywhere'
  ),
  anywhere as (
    -- Uniform over the municipality: the 'anywhere' draws take the generated points in order.
    select p.n, p.kind, p.u5, p.u6, p.u7, null::text as place, pts.geom
      from (select d.*, row_number() over (order by d.n) as k from placed d where d.kind = 'anywhere') p
      join (select row_number() over () as k, extensions.st_transform(dp.geom, 3006) as geom
              from (select (extensions.st_dump(extensions.st_generatepoints(b.geom,
                             greatest(1, (p_count * 0.2)::int), p_seed))).geom as geom
                      from app.boundary b) dp) pts on pts.k = p.k
  )
  select l.*, extensions.st_transform(l.geom, 4326) as geom4326
    from (select * from located union all select * from anywhere) l
   where l.geom is not null;

  with kept as (
    select c.*
      from _demo_candidates c
      join app.boundary b on extensions.st_intersects(b.geom, c.geom4326)
     order by c.n
     limit p_count
  ),
  typed as (
    select k.*,
           case
             when k.kind in ('road', 'junction') or (k.kind = 'anywhere' and k.u5 < 0.5) then
               case when k.u6 < (case when k.kind = 'junction' then 0.03 else 0.01 end) then 'injury_fatal'
                    when k.u6 < (case when k.kind = 'junction' then 0.25 else 0.15 end) then 'injury_severe'
                    when k.u6 < 0.95 then 'injury_slight'
                    else 'police:trafikolycka' end
             when k.kind = 'centre' and k.u5 < 0.2 then
               case when k.u6 < 0.2 then 'injury_severe' else 'injury_slight' end
             else
               (array['police:misshandel', 'police:stold', 'police:ran', 'police:skadegorelse',
                      'police:narkotikabrott'])[1 + floor(k.u6 * 5)::int]
           end as type
      from kept k
  )
  insert into app.risk_events (source_id, type, severity, occurred_at, road_users, place_name, location, district_code)
  select v_source, t.type,
         case t.type when 'injury_fatal' then 'fatal' when 'injury_severe' then 'severe'
                     when 'injury_slight' then 'slight' end,
         -- A day in the last year, mostly in the daytime and evening (07–23, Stockholm time).
         least(now(), ((v_today - floor(t.u7 * 365)::int)::timestamp
                        + make_interval(hours => 7 + floor(t.u5 * 16)::int, mins => floor(t.u6 * 60)::int))
                       at time zone 'Europe/Stockholm'),
         case when t.type like 'injury%' then
                (select array_agg(distinct u order by u)
                   from unnest(array[(array['car', 'cyclist', 'pedestrian', 'car', 'moped', 'bus', 'truck', 'motorcycle'])
                                       [1 + floor(t.u5 * 8)::int],
                                     (array['car', 'car', 'cyclist', 'pedestrian', 'truck', 'car'])
                                       [1 + floor(t.u7 * 6)::int]]) u)
              else '{}' end,
         case when t.kind in ('road', 'junction') then t.place when t.kind = 'centre' then 'Centrum' end,
         t.geom4326,
         (select d.do_kod from app.districts d where extensions.st_intersects(d.geom, t.geom4326) order by d.do_kod limit 1)
    from typed t
   order by t.n;
  get diagnostics v_inserted = row_count;
  update app.risk_sources set row_count = v_inserted where id = v_source;
  drop table if exists _demo_candidates;
  drop table if exists _demo_roads;
  return v_inserted;
end
$$;

revoke execute on function app.generate_demo_risk_events(int, int) from public;
