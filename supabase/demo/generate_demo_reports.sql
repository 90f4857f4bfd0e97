-- Demo data generator. NOT a migration: loaded only by local mode, tests and benchmarks.
--   select app.generate_demo_reports(10000);          -- 10k reports, seed 42
--   select app.generate_demo_reports(1000000, 7);     -- 1M reports for benchmarks
-- Deterministic: points come from ST_GeneratePoints(geom, k, seed) per district, every other attribute from
-- md5(seed, row number) — never random(). The same (count, seed) gives the same rows; calling it again with
-- the same arguments inserts nothing (ids are derived from the seed and row number). All rows: is_demo = true,
-- reporter_id = null. Set-based: district, challenge, darkness and public position are computed in the insert
-- itself, so the per-row trigger only checks that they are present.
-- Returns the number of reports inserted.

create or replace function app.generate_demo_reports(p_count int, p_seed int default 42) returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
set jit = off
as $$
declare
  v_inserted int;
  -- Each category's challenge: the period in force now (the demo's year of reports lies within one period).
  v_period uuid := app.period_in_force(now());
  -- Category mix (100 slots): cleanliness and darkness dominate, as in Malmö's own reporting.
  v_categories text[] := array_cat(array_cat(array_cat(array_cat(array_cat(array_cat(array_cat(array_cat(
      array_fill('litter'::text, array[14]), array_fill('overfull_bin'::text, array[8])),
      array_cat(array_fill('dumped_waste'::text, array[7]), array_fill('graffiti'::text, array[8]))),
      array_cat(array_fill('broken_glass'::text, array[5]), array_fill('syringes'::text, array[2]))),
      array_cat(array_fill('speeding'::text, array[6]), array_fill('dangerous_crossing'::text, array[4]))),
      array_cat(array_fill('cycle_pedestrian_conflict'::text, array[4]), array_fill('blocked_sightline'::text, array[2]))),
      array_cat(array_fill('parked_scooters'::text, array[5]), array_fill('broken_lighting'::text, array[9]))),
      array_cat(array_fill('dark_place'::text, array[9]), array_fill('overgrown_vegetation'::text, array[4]))),
      array_cat(array_cat(array_fill('unsafe_underpass'::text, array[3]), array_fill('desolate_place'::text, array[3])),
                array_cat(array_fill('vandalism'::text, array[5]), array_fill('planning_safety_concern'::text, array[2]))));
  -- Status mix (100 slots): mostly open, some resolved.
  v_statuses text[] := array_cat(array_cat(array_cat(
      array_fill('new'::text, array[38]), array_fill('confirmed'::text, array[22])),
      array_cat(array_fill('in_progress'::text, array[14]), array_fill('resolved'::text, array[19]))),
      array_cat(array_fill('not_actionable'::text, array[3]),
                array_cat(array_fill('duplicate'::text, array[2]), array_fill('referred'::text, array[2]))));
  v_phrases text[] := array[
    'Upplevs otryggt, särskilt på kvällen.',
    'Har varit så här i flera veckor.',
    'Många barn passerar här på väg till skolan.',
    'Svårt att ta sig förbi med barnvagn eller rullstol.',
    'Samma problem som tidigare anmälts i området.',
    'Jag undviker platsen numera.',
    'Noterat under trygghetsvandring.',
    'Behöver åtgärdas snarast.'];
begin
  if p_count is null or p_count < 0 or p_count > 5000000 then
    raise exception 'invalid p_count' using errcode = '22023';
  end if;
  if p_count = 0 then
    return 0;
  end if;

  raise debug 'generate_demo_reports: start %', clock_timestamp();
  create temporary table _demo_points on commit drop as
  with d as (
    -- Weight: square root of the area — small dense inner-city districts get relatively more reports.
    select dd.do_kod, dd.geom, sqrt(extensions.st_area(dd.geom::extensions.geography)) as w
      from app.districts dd
  ),
  alloc as (
    select do_kod, geom, w,
           floor(p_count * w / sum(w) over ())::int as k,
           row_number() over (order by w desc, do_kod) as rn
      from d
  ),
  fixed as (
    select do_kod, geom,
           k + case when rn <= p_count - sum(k) over () then 1 else 0 end as k
      from alloc
  )
  select f.do_kod, (extensions.st_dump(extensions.st_generatepoints(f.geom, f.k, p_seed + f.do_kod))).geom as geom
    from fixed f
   where f.k > 0;

  create temporary table _demo_new (id uuid, status text, created_at timestamptz) on commit drop;
  with ins as (
  insert into app.reports (id, category, challenge, location, public_location, public_x, public_y, description,
                           observed_at, created_at, updated_at, status, source, reporter_id, district_code,
                           is_dark, photo_path, is_demo)
  select x.id, x.category, pc.challenge, x.geom, x.pub,
         app.mercator_x(extensions.st_x(x.pub)), app.mercator_y(extensions.st_y(x.pub)),
         c.name_sv || ' – ' || x.phrase, x.observed_at, x.created_at, x.created_at, x.status, x.source, null, x.do_kod,
         app.is_dark(x.observed_at), null, true
    from (
      select h.*,
             -- Inline, not app.snap_public(): a function with its own search_path is not inlined, and
             -- PostGIS then rebuilds its PROJ transformation cache for every row.
             extensions.st_transform(
               extensions.st_snaptogrid(extensions.st_transform(h.geom, 3006), c0.public_precision_m::float8),
               4326) as pub
        from (
          select b.*,
                 -- Local evening (17–23) for 70 % of darkness-related reports, otherwise 07–22.
                 ((current_date - (1 + floor(b.u2 * 364))::int)::timestamp
                   + make_interval(hours => case
                        when b.category in ('dark_place', 'broken_lighting', 'unsafe_underpass', 'desolate_place')
                             and b.u3 < 0.7 then 17 + floor(b.u3 / 0.7 * 7)::int
                        else 7 + floor(b.u3 * 16)::int end,
                      mins => floor(b.u4 * 60)::int))
                   at time zone 'Europe/Stockholm' as observed_at,
                 least(now(), ((current_date - (1 + floor(b.u2 * 364))::int)::timestamp
                   at time zone 'Europe/Stockholm') + interval '1 day') as created_at
            from (
              select a.*,
                     v_categories[1 + floor(a.u1 * 100)::int] as category,
                     v_statuses[1 + floor(a.u5 * 100)::int] as status,
                     case when a.u6 < 0.87 then 'resident' when a.u6 < 0.95 then 'crew'
                          when a.u6 < 0.98 then 'safety_walk' else 'planner' end as source,
                     v_phrases[1 + floor(a.u4 * 8)::int] as phrase
                from (
                  select p.do_kod, p.geom, md5('demo:' || p_seed || ':' || p.n)::uuid as id,
                         (('x' || substr(p.h, 1, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u1,
                         (('x' || substr(p.h, 9, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u2,
                         (('x' || substr(p.h, 17, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u3,
                         (('x' || substr(p.h, 25, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u4,
                         (('x' || substr(p.h2, 1, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u5,
                         (('x' || substr(p.h2, 9, 8))::bit(32)::bigint & 4294967295) / 4294967296.0 as u6
                    from (
                      select q.*, md5(p_seed || ':' || q.n) as h, md5(q.n || ':' || p_seed || ':b') as h2
                        from (select dp.do_kod, dp.geom,
                                     row_number() over (order by dp.do_kod, extensions.st_x(dp.geom),
                                                        extensions.st_y(dp.geom)) as n
                                from _demo_points dp) q
                    ) p
                ) a
            ) b
        ) h
        join app.categories c0 on c0.code = h.category
    ) x
    join app.categories c on c.code = x.category
    join app.period_categories pc on pc.period_id = v_period and pc.category = x.category
  on conflict (id) do nothing
  returning id, status, created_at
  )
  insert into _demo_new select ins.id, ins.status, ins.created_at from ins;
  get diagnostics v_inserted = row_count;
  drop table if exists _demo_points;
  raise debug 'generate_demo_reports: % reports inserted %', v_inserted, clock_timestamp();

  -- Status history: 'null → new' for every new demo report, and 'new → status' when it has moved on.
  insert into app.report_updates (report_id, from_status, to_status, note, author_id, created_at)
  select d.id, null, 'new', null, null, d.created_at from _demo_new d;
  insert into app.report_updates (report_id, from_status, to_status, note, author_id, created_at)
  select d.id, 'new', d.status, 'Demo: statusändring', null, least(now(), d.created_at + interval '2 days')
    from _demo_new d
   where d.status <> 'new';
  raise debug 'generate_demo_reports: updates inserted %', clock_timestamp();

  -- Supports: about one report in eight gets 1–5 supports from synthetic users.
  insert into app.supports (report_id, user_id, created_at)
  select d.id, md5('demo-user:' || p_seed || ':' || ((('x' || substr(md5(d.id::text), 1, 6))::bit(24)::int + s) % 5000))::uuid,
         d.created_at + make_interval(hours => s)
    from _demo_new d
    cross join lateral generate_series(1, 1 + (('x' || substr(md5(d.id::text), 7, 2))::bit(8)::int % 5)) s
   where ('x' || substr(md5(d.id::text), 9, 2))::bit(8)::int < 32
  on conflict do nothing;
  raise debug 'generate_demo_reports: supports inserted %', clock_timestamp();
  drop table if exists _demo_new;

  return v_inserted;
end
$$;

revoke execute on function app.generate_demo_reports(int, int) from public;
