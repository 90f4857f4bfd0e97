-- Demo measures for the strategists' panel. NOT a migration: loaded by local mode, tests and benchmarks, after the demo reports.
--   select app.generate_demo_measures(42);
-- About 20 measures over the four challenges, all is_demo. Each title follows from its type (one phrase table,
-- _demo_titles, read by both parts), and the type from its challenge, so a title never contradicts its type.
-- The report generator spreads reports evenly over the last year, so there is no real effect to find; instead
-- the completed measures are placed where the demo data is dense enough to judge and happens to drop: done five
-- months ago, so that six months before (the effect view's default when twelve reach beyond the data) lie inside
-- the year of demo reports, and for each challenge the delområden whose reports fell most relative to the rest of
-- their stadsdel, among those where every count clears the effect's minimum (src/analysis/effect.ts) with a margin.
-- The effect view then shows a verdict for them — and still says honestly when the counts are too few.
-- Deterministic for a given set of reports and seed (ids and choices from md5(seed, n), never random()).
-- Calling it again inserts nothing. Returns the number of measures inserted.

create or replace function app.generate_demo_measures(p_seed int default 42) returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_done_month date := (app.stockholm_month(now()) - interval '5 months')::date;
  v_before_from timestamptz := ((v_done_month - interval '6 months')::timestamp) at time zone 'Europe/Stockholm';
  v_before_to timestamptz := (v_done_month::timestamp) at time zone 'Europe/Stockholm';
  v_after_from timestamptz := ((v_done_month + interval '1 month')::timestamp) at time zone 'Europe/Stockholm';
  v_inserted int;
begin
  create temporary table _demo_measures (
    n int, title text, description text, challenge text, type text, department text, status text,
    planned_date date, done_date date, cost_sek numeric, geom extensions.geometry, source_kind text,
    source_ref text, crit int[], report_ids uuid[]
  ) on commit drop;

  -- What a measure of each type is called: (type, variant) → the title's first words.
  create temporary table _demo_titles (type text, k int, phrase text) on commit drop;
  insert into _demo_titles values
    ('lighting', 0, 'Belysning längs gångstråket'), ('lighting', 1, 'Trygghetsbelysning i parken'),
    ('vegetation_trimming', 0, 'Röjning av buskage vid entrén'), ('vegetation_trimming', 1, 'Vegetationsröjning längs gångvägen'),
    ('extra_cleaning', 0, 'Extra städning och tätare tömning'), ('extra_cleaning', 1, 'Tätare städning av torget'),
    ('traffic_calming', 0, 'Farthinder och upphöjd korsning'), ('traffic_calming', 1, 'Hastighetsdämpning på gatan'),
    ('new_bins', 0, 'Fler papperskorgar vid hållplatsen'), ('new_bins', 1, 'Större papperskorgar längs stråket'),
    ('safe_crossing', 0, 'Säkrare övergångsställe'), ('safe_crossing', 1, 'Upphöjt och belyst övergångsställe'),
    ('graffiti_removal', 0, 'Klottersanering inom ett dygn'), ('graffiti_removal', 1, 'Klotterplank och snabbare sanering'),
    ('place_activation', 0, 'Aktivitetsyta och bänkar'), ('place_activation', 1, 'Sommaraktiviteter på platsen'),
    ('other', 0, 'Trygghetsvandring med boende'), ('other', 1, 'Trygghetsanalys i planskedet');

  -- Completed measures where the challenge's reports dropped the most (whole delområde as the area). The
  -- linked reports are chosen by their public point (public_measures shows the links to anyone).
  insert into _demo_measures
  with counts as (
    -- Per delområde and challenge, the reports of the effect's two windows (duplicates excluded, as
    -- app.measure_effect_counts counts them; the done month itself is left out).
    select r.district_code, r.challenge,
           count(*) filter (where r.observed_at < v_before_to) as a0,
           count(*) filter (where r.observed_at >= v_after_from) as a1
      from app.reports r
     where r.is_demo and r.status <> 'duplicate' and r.district_code is not null
       and r.observed_at >= v_before_from
       and (r.observed_at < v_before_to or r.observed_at >= v_after_from)
     group by 1, 2
  ), with_rest as (
    -- The comparison: the rest of the delområde's stadsdel, same challenge and windows.
    select c.*, d.stadsdel,
           sum(c.a0) over (partition by d.stadsdel, c.challenge) - c.a0 as c0,
           sum(c.a1) over (partition by d.stadsdel, c.challenge) - c.a1 as c1
      from counts c join app.districts d on d.do_kod = c.district_code
  ), ranked as (
    -- Dense enough to judge (every count at least 6, the area at least 14 over both windows, against the
    -- effect's 5 and 10), then the largest drop relative to the comparison first.
    select w.*, row_number() over (partition by w.challenge
                                   order by (w.a1::float8 / w.a0) / (w.c1::float8 / w.c0), w.district_code) as k
      from with_rest w
     where w.a0 >= 6 and w.a1 >= 6 and w.a0 + w.a1 >= 14 and w.c0 >= 6 and w.c1 >= 6
       and w.challenge <> 'planering'
  ), chosen as (
    select x.*, case x.challenge when 'renhallning' then 'extra_cleaning' when 'befintlig_stad' then 'lighting'
                     else 'traffic_calming' end as type
      from ranked x
     where x.k <= 2
  )
  select 100 + row_number() over (order by x.challenge, x.k),
         t.phrase || ', ' || d.name,
         'Demoåtgärd: genomförd för fem månader sedan där demorapporterna är många nog att bedöma och sedan minskade.',
         x.challenge,
         x.type,
         case x.challenge when 'trafik' then 'Fastighets- och gatukontoret, trafik'
              else 'Fastighets- och gatukontoret, drift' end,
         'done', v_done_month + 5, v_done_month + 14,
         150000 + 50000 * x.k, d.geom, 'manual', null,
         array[2, 2, 1, 2],
         array(select r.id from app.reports r
                where r.public_district_code = x.district_code and r.challenge = x.challenge and r.is_demo
                  and r.observed_at < v_before_to
                order by r.observed_at desc, r.id limit 8)
    from chosen x
    join app.districts d on d.do_kod = x.district_code
    join _demo_titles t on t.type = x.type and t.k = (x.k - 1) % 2;

  -- Proposals and planned work at each challenge's busiest places: a point or a short line near the centre
  -- of the delområde with the most open reports, criteria and costs from md5(seed, n).
  insert into _demo_measures
  with busiest as (
    select r.challenge, r.district_code, count(*) as n,
           row_number() over (partition by r.challenge order by count(*) desc, r.district_code) as k
      from app.reports r
     where r.is_demo and r.status in ('new', 'confirmed', 'in_progress') and r.district_code is not null
     group by 1, 2
  ), pick as (
    select b.challenge, b.district_code, b.k,
           (row_number() over (order by b.challenge, b.k))::int as i
      from busiest b
     where b.k <= case b.challenge when 'planering' then 2 else 4 end
  ), hashed as (
    select p.*, decode(md5(p_seed::text || ':measure:' || p.i), 'hex') as b,
           extensions.st_pointonsurface(d.geom) as pt, d.name
      from pick p join app.districts d on d.do_kod = p.district_code
  ), h as (
    -- The type from the challenge (byte 1), the title from the type (byte 12).
    select x.*,
           case x.challenge
             when 'renhallning' then (array['extra_cleaning', 'new_bins', 'graffiti_removal'])[1 + get_byte(x.b, 1) % 3]
             when 'trafik' then (array['traffic_calming', 'safe_crossing'])[1 + get_byte(x.b, 1) % 2]
             when 'befintlig_stad' then (array['lighting', 'vegetation_trimming', 'place_activation'])[1 + get_byte(x.b, 1) % 3]
             else (array['lighting', 'place_activation', 'other'])[1 + get_byte(x.b, 1) % 3] end as type
      from hashed x
  )
  select 200 + h.i,
         (select t.phrase from _demo_titles t where t.type = h.type and t.k = get_byte(h.b, 12) % 2) || ', ' || h.name,
         'Demoförslag utifrån öppna demorapporter i området.',
         h.challenge,
         h.type,
         (array['Fastighets- och gatukontoret', 'Stadsbyggnadskontoret', 'Miljöförvaltningen',
                'Fritidsförvaltningen'])[1 + get_byte(h.b, 2) % 4],
         (array['proposed', 'proposed', 'proposed', 'planned', 'in_progress', 'cancelled'])[1 + get_byte(h.b, 3) % 6],
         (app.stockholm_month(now()) + make_interval(months => 1 + get_byte(h.b, 4) % 9))::date,
         null,
         (10 + get_byte(h.b, 5) % 90) * 10000,
         case when get_byte(h.b, 6) % 3 = 0
              then extensions.st_transform(extensions.st_makeline(
                     extensions.st_translate(extensions.st_transform(h.pt, 3006), -120, -40),
                     extensions.st_translate(extensions.st_transform(h.pt, 3006), 120, 40)), 4326)
              else h.pt end,
         case when get_byte(h.b, 7) % 2 = 0 then 'hotspot' else 'manual' end,
         null,
         array[get_byte(h.b, 8) % 3, get_byte(h.b, 9) % 3, get_byte(h.b, 10) % 3, get_byte(h.b, 11) % 3],
         array(select r.id from app.reports r
                where r.public_district_code = h.district_code and r.challenge = h.challenge and r.is_demo
                  and r.status in ('new', 'confirmed', 'in_progress')
                order by r.public_location operator(extensions.<->) h.pt, r.id limit 6)
    from h;

  with ins as (
    insert into app.measures (id, title, description, challenge, type, department, status, planned_date, done_date,
                              cost_sek, geom, crit_preventive, crit_research, crit_vulnerable, crit_quick,
                              source_kind, source_ref, created_at, is_demo)
    select md5(p_seed::text || ':demo-measure:' || m.n)::uuid, m.title, m.description, m.challenge, m.type,
           m.department, m.status, m.planned_date, m.done_date, m.cost_sek, m.geom,
           m.crit[1], m.crit[2], m.crit[3], m.crit[4], m.source_kind, m.source_ref,
           case when m.done_date is not null then (m.done_date - 60)::timestamptz
                else now() - make_interval(days => m.n % 40) end,
           true
      from _demo_measures m
    on conflict (id) do nothing
    returning id
  )
  select count(*) into v_inserted from ins;

  insert into app.measure_reports (measure_id, report_id)
  select md5(p_seed::text || ':demo-measure:' || m.n)::uuid, unnest(m.report_ids)
    from _demo_measures m
  on conflict do nothing;

  -- The strategy's demo part builds on these measures (action plans link them): supabase/demo/generate_demo_strategy.sql.
  perform app.generate_demo_strategy(p_seed);

  return v_inserted;
end
$$;
revoke execute on function app.generate_demo_measures(int) from public;
