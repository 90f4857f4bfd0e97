-- Strategy follow-up (issue 6), part 2: per-month summaries of the reports (kept exact by triggers), the
-- effect of a completed measure, the challenge dashboard and the annual follow-up. See docs/api-strategy.md.
--
-- Why summaries: the dashboard must answer in < 300 ms with 1,000,000 reports. Aggregating the raw rows for
-- every request cannot; the summaries hold one row per (month, delområde, category) — a few tens of thousands
-- at most — so the dashboard sums those. They count non-duplicate reports only (a duplicate is not a second
-- problem). Months are calendar months in Europe/Stockholm.

-- When a report was first resolved: set from its status history (report_updates, to_status = 'resolved').
alter table app.reports add column resolved_at timestamptz;
comment on column app.reports.resolved_at is
  'First time the report moved to resolved (from app.report_updates; trigger-maintained). Null if never.';

update app.reports r
   set resolved_at = x.at
  from (select u.report_id, min(u.created_at) as at
          from app.report_updates u where u.to_status = 'resolved' group by u.report_id) x
 where r.id = x.report_id;

create or replace function app.report_updates_resolved() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update app.reports r
     set resolved_at = x.at
    from (select n.report_id, min(n.created_at) as at
            from new_rows n where n.to_status = 'resolved' group by n.report_id) x
   where r.id = x.report_id and (r.resolved_at is null or r.resolved_at > x.at);
  return null;
end
$$;
revoke execute on function app.report_updates_resolved() from public;
create trigger report_updates_resolved after insert on app.report_updates
  referencing new table as new_rows
  for each statement execute function app.report_updates_resolved();

create or replace function app.stockholm_month(p_at timestamptz) returns date
language sql stable parallel safe
set search_path = ''
as $$ select date_trunc('month', p_at at time zone 'Europe/Stockholm')::date $$;
revoke execute on function app.stockholm_month(timestamptz) from public;

-- Reports observed per month: count, in darkness, supports. district_code 0 = none (outside every delområde).
create table app.report_month_stats (
  month date not null,
  district_code int not null,
  category text not null,
  challenge text not null,
  n int not null,
  n_dark int not null,
  supports int not null,
  primary key (month, district_code, category)
);
alter table app.report_month_stats enable row level security;
comment on table app.report_month_stats is
  'Non-duplicate reports per observed month (Europe/Stockholm), delområde and category. Trigger-maintained.';

-- Reports first resolved per month, with whole days from the report (created_at) to its resolution.
create table app.report_resolved_stats (
  month date not null,
  district_code int not null,
  category text not null,
  challenge text not null,
  days int not null,
  n int not null,
  primary key (month, district_code, category, days)
);
alter table app.report_resolved_stats enable row level security;
comment on table app.report_resolved_stats is
  'Non-duplicate reports per month of first resolution, delområde, category and whole days to resolution.';

create or replace function app.report_stats_apply() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Old contributions out, new ones in, as one grouped upsert each; rows that reach zero are removed.
  if tg_op in ('UPDATE', 'DELETE') then
    insert into app.report_month_stats as s (month, district_code, category, challenge, n, n_dark, supports)
    select app.stockholm_month(o.observed_at), coalesce(o.district_code, 0), o.category, o.challenge,
           -count(*), -count(*) filter (where o.is_dark), -sum(o.support_count)
      from old_rows o where o.status <> 'duplicate'
     group by 1, 2, 3, 4
    on conflict (month, district_code, category) do update
      set n = s.n + excluded.n, n_dark = s.n_dark + excluded.n_dark, supports = s.supports + excluded.supports;
    insert into app.report_resolved_stats as s (month, district_code, category, challenge, days, n)
    select app.stockholm_month(o.resolved_at), coalesce(o.district_code, 0), o.category, o.challenge,
           greatest(0, floor(extract(epoch from o.resolved_at - o.created_at) / 86400))::int, -count(*)
      from old_rows o where o.status <> 'duplicate' and o.resolved_at is not null
     group by 1, 2, 3, 4, 5
    on conflict (month, district_code, category, days) do update set n = s.n + excluded.n;
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    insert into app.report_month_stats as s (month, district_code, category, challenge, n, n_dark, supports)
    select app.stockholm_month(r.observed_at), coalesce(r.district_code, 0), r.category, r.challenge,
           count(*), count(*) filter (where r.is_dark), sum(r.support_count)
      from new_rows r where r.status <> 'duplicate'
     group by 1, 2, 3, 4
    on conflict (month, district_code, category) do update
      set n = s.n + excluded.n, n_dark = s.n_dark + excluded.n_dark, supports = s.supports + excluded.supports;
    insert into app.report_resolved_stats as s (month, district_code, category, challenge, days, n)
    select app.stockholm_month(r.resolved_at), coalesce(r.district_code, 0), r.category, r.challenge,
           greatest(0, floor(extract(epoch from r.resolved_at - r.created_at) / 86400))::int, count(*)
      from new_rows r where r.status <> 'duplicate' and r.resolved_at is not null
     group by 1, 2, 3, 4, 5
    on conflict (month, district_code, category, days) do update set n = s.n + excluded.n;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    delete from app.report_month_stats s where s.n <= 0;
    delete from app.report_resolved_stats s where s.n <= 0;
  end if;
  return null;
end
$$;
revoke execute on function app.report_stats_apply() from public;

create trigger reports_stats_insert after insert on app.reports
  referencing new table as new_rows
  for each statement execute function app.report_stats_apply();
create trigger reports_stats_update after update on app.reports
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.report_stats_apply();
create trigger reports_stats_delete after delete on app.reports
  referencing old table as old_rows
  for each statement execute function app.report_stats_apply();

insert into app.report_month_stats (month, district_code, category, challenge, n, n_dark, supports)
select app.stockholm_month(r.observed_at), coalesce(r.district_code, 0), r.category, r.challenge,
       count(*), count(*) filter (where r.is_dark), sum(r.support_count)
  from app.reports r where r.status <> 'duplicate'
 group by 1, 2, 3, 4;
insert into app.report_resolved_stats (month, district_code, category, challenge, days, n)
select app.stockholm_month(r.resolved_at), coalesce(r.district_code, 0), r.category, r.challenge,
       greatest(0, floor(extract(epoch from r.resolved_at - r.created_at) / 86400))::int, count(*)
  from app.reports r where r.status <> 'duplicate' and r.resolved_at is not null
 group by 1, 2, 3, 4, 5;

-- The delområden a dashboard district filter means: a stadsområde name, a stadsdel name or a do_kod as text.
create or replace function app.district_codes(p_district text) returns int[]
language sql stable
set search_path = ''
as $$
  select array_agg(d.do_kod order by d.do_kod)
    from app.districts d
   where d.stadsomrade = p_district or d.stadsdel = p_district or d.do_kod::text = p_district
$$;
revoke execute on function app.district_codes(text) from public;

-- measure_effect ------------------------------------------------------------------------------------------
-- The counts behind src/analysis/effect.ts. Windows are whole calendar months (Europe/Stockholm): `before` is
-- the p_months months before the month of done_date, `after` the p_months months after it, cut at now(); the
-- month the measure was done in is left out (it was being carried out). Reports: the measure's challenge,
-- not duplicates, by observed_at. The area is the measure's polygon, or its point/line buffered by 100 m
-- (MEASURE_EFFECT_BUFFER_M) in SWEREF 99 TM. Comparison 'district': the rest of the stadsdel holding the
-- area's point-on-surface; 'city': the rest of Malmö.
create or replace function app.measure_effect_counts(p_id uuid, p_months int, p_comparison text)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  c_buffer_m constant float8 := 100;
  v_m app.measures;
  v_area extensions.geometry;
  v_area_3006 extensions.geometry;
  v_done_month date;
  v_before_from timestamptz;
  v_before_to timestamptz;
  v_after_from timestamptz;
  v_after_to timestamptz;
  v_stadsdel text;
  v_codes int[];
  v_a0 int;
  v_a1 int;
  v_a0_in int;
  v_a1_in int;
  v_c0 int;
  v_c1 int;
  v_area_km2 float8;
  v_cmp_km2 float8;
begin
  select * into v_m from app.measures m where m.id = p_id;
  if v_m.id is null then
    raise exception 'measure_not_found' using errcode = '22023';
  end if;
  if v_m.status <> 'done' then
    raise exception 'measure_not_done' using errcode = '22023';
  end if;
  if p_months is null or p_months not between 1 and 36 then
    raise exception 'invalid_months' using errcode = '22023';
  end if;
  if p_comparison is null or p_comparison not in ('district', 'city') then
    raise exception 'invalid_comparison' using errcode = '22023';
  end if;

  if extensions.geometrytype(v_m.geom) in ('POLYGON', 'MULTIPOLYGON') then
    v_area := v_m.geom;
    v_area_3006 := extensions.st_transform(v_m.geom, 3006);
  else
    v_area_3006 := extensions.st_buffer(extensions.st_transform(v_m.geom, 3006), c_buffer_m);
    v_area := extensions.st_transform(v_area_3006, 4326);
  end if;
  v_area_km2 := extensions.st_area(v_area_3006) / 1e6;

  v_done_month := date_trunc('month', v_m.done_date)::date;
  v_before_from := ((v_done_month - make_interval(months => p_months))::timestamp) at time zone 'Europe/Stockholm';
  v_before_to := (v_done_month::timestamp) at time zone 'Europe/Stockholm';
  v_after_from := ((v_done_month + interval '1 month')::timestamp) at time zone 'Europe/Stockholm';
  v_after_to := least(now(),
    ((v_done_month + make_interval(months => p_months + 1))::timestamp) at time zone 'Europe/Stockholm');
  if v_after_to < v_after_from then
    v_after_to := v_after_from;
  end if;

  if p_comparison = 'district' then
    select d.stadsdel into v_stadsdel
      from app.districts d
     where extensions.st_intersects(d.geom, extensions.st_pointonsurface(v_area))
     order by d.do_kod limit 1;
    if v_stadsdel is null then
      -- The area's own point lies outside every delområde (sea): take the delområde it overlaps most.
      select d.stadsdel into v_stadsdel
        from app.districts d
       where extensions.st_intersects(d.geom, v_area)
       order by extensions.st_area(extensions.st_intersection(d.geom, v_area)) desc, d.do_kod limit 1;
    end if;
    v_codes := (select array_agg(d.do_kod) from app.districts d where d.stadsdel = v_stadsdel);
  end if;

  -- The area's reports (GiST on location), split by window and by whether they fall in the comparison set.
  select count(*) filter (where r.observed_at < v_before_to),
         count(*) filter (where r.observed_at >= v_after_from),
         count(*) filter (where r.observed_at < v_before_to
                            and (v_codes is null or r.district_code = any(v_codes))),
         count(*) filter (where r.observed_at >= v_after_from
                            and (v_codes is null or r.district_code = any(v_codes)))
    into v_a0, v_a1, v_a0_in, v_a1_in
    from app.reports r
   where r.location operator(extensions.&&) v_area
     and extensions.st_intersects(v_area, r.location)
     and r.challenge = v_m.challenge and r.status <> 'duplicate'
     and r.observed_at >= v_before_from and r.observed_at < v_after_to
     and (r.observed_at < v_before_to or r.observed_at >= v_after_from);

  -- The comparison from the monthly summary (whole months, plus the current month so far), minus the area.
  select coalesce(sum(s.n) filter (where s.month < v_done_month), 0),
         coalesce(sum(s.n) filter (where s.month > v_done_month), 0)
    into v_c0, v_c1
    from app.report_month_stats s
   where s.challenge = v_m.challenge
     and s.month >= app.stockholm_month(v_before_from)
     and s.month < app.stockholm_month(v_after_to - interval '1 microsecond') + interval '1 month'
     and s.month <> v_done_month
     and (v_codes is null or s.district_code = any(v_codes));
  -- Months after now() are empty, so summing up to the month of v_after_to equals counting to now().
  v_c0 := v_c0 - v_a0_in;
  v_c1 := v_c1 - v_a1_in;

  if v_codes is null then
    select extensions.st_area(extensions.st_difference(extensions.st_transform(b.geom, 3006), v_area_3006)) / 1e6
      into v_cmp_km2 from app.boundary b limit 1;
  else
    select extensions.st_area(extensions.st_difference(
             extensions.st_union(extensions.st_transform(d.geom, 3006)), v_area_3006)) / 1e6
      into v_cmp_km2 from app.districts d where d.do_kod = any(v_codes);
  end if;

  return jsonb_build_object(
    'measure_id', v_m.id, 'challenge', v_m.challenge, 'done_date', to_char(v_m.done_date, 'YYYY-MM-DD'),
    'months_before', p_months,
    'months_after', round((extract(epoch from v_after_to - v_after_from) / (86400 * 30.436875))::numeric, 1),
    'before', jsonb_build_object('from', v_before_from, 'to', v_before_to),
    'after', jsonb_build_object('from', v_after_from, 'to', v_after_to),
    'buffer_m', case when extensions.geometrytype(v_m.geom) in ('POLYGON', 'MULTIPOLYGON') then 0 else c_buffer_m end,
    'area', jsonb_build_object('before', v_a0, 'after', v_a1, 'km2', round(v_area_km2::numeric, 4)),
    'comparison', jsonb_build_object('kind', p_comparison, 'name', v_stadsdel, 'before', v_c0, 'after', v_c1,
                                     'km2', round(coalesce(v_cmp_km2, 0)::numeric, 4)));
end
$$;
revoke execute on function app.measure_effect_counts(uuid, int, text) from public;

create or replace function api.measure_effect(p_id uuid, p_months int default 12, p_comparison text default 'district')
returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  return app.measure_effect_counts(p_id, p_months, p_comparison);
end
$$;
revoke execute on function api.measure_effect(uuid, int, text) from public;
grant execute on function api.measure_effect(uuid, int, text) to authenticated;

-- The dashboard's numbers ---------------------------------------------------------------------------------
-- Whole calendar months overlapping [p_from, p_to) (null = unbounded). `planering` also counts reports of
-- other challenges that are linked to a development (app.development_reports); those few come from the raw
-- rows. median_days_to_resolved: the lower median (percentile_disc 0.5) in whole days of the reports first
-- resolved in the period.
create or replace function app.dashboard_data(
  p_challenge text, p_from timestamptz, p_to timestamptz, p_level text, p_district text
) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_from date;
  v_to date;
  v_codes int[];
  v_first date;
  v_result jsonb;
begin
  if p_challenge is not null and not exists (select 1 from app.challenges c where c.code = p_challenge) then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
  if p_from is not null and p_to is not null and p_from >= p_to then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
  if p_level is null or p_level not in ('stadsomrade', 'stadsdel', 'delomrade') then
    raise exception 'invalid_level' using errcode = '22023';
  end if;
  if p_district is not null then
    v_codes := app.district_codes(p_district);
    if v_codes is null then
      raise exception 'invalid_district' using errcode = '22023';
    end if;
  end if;
  v_from := app.stockholm_month(p_from);
  -- Exclusive: the first day of the month after the last month that [p_from, p_to) touches.
  v_to := (app.stockholm_month(p_to - interval '1 microsecond') + interval '1 month')::date;

  -- obs: the observed-month rows in scope; res: the resolved-month rows in scope.
  with obs as (
    select s.month, s.district_code, s.category, s.n, s.n_dark, s.supports
      from app.report_month_stats s
     where (p_challenge is null or s.challenge = p_challenge)
       and (v_from is null or s.month >= v_from) and (v_to is null or s.month < v_to)
       and (v_codes is null or s.district_code = any(v_codes))
    union all
    -- planering: reports of other challenges linked to a development.
    select app.stockholm_month(r.observed_at), coalesce(r.district_code, 0), r.category, 1,
           case when r.is_dark then 1 else 0 end, r.support_count
      from app.reports r
     where p_challenge = 'planering' and r.challenge <> 'planering' and r.status <> 'duplicate'
       and r.id in (select l.report_id from app.development_reports l)
       and (p_from is null or r.observed_at >= (v_from::timestamp at time zone 'Europe/Stockholm'))
       and (p_to is null or r.observed_at < (v_to::timestamp at time zone 'Europe/Stockholm'))
       and (v_codes is null or r.district_code = any(v_codes))
  ), res as (
    select s.month, s.days, s.n
      from app.report_resolved_stats s
     where (p_challenge is null or s.challenge = p_challenge)
       and (v_from is null or s.month >= v_from) and (v_to is null or s.month < v_to)
       and (v_codes is null or s.district_code = any(v_codes))
    union all
    select app.stockholm_month(r.resolved_at),
           greatest(0, floor(extract(epoch from r.resolved_at - r.created_at) / 86400))::int, 1
      from app.reports r
     where p_challenge = 'planering' and r.challenge <> 'planering' and r.status <> 'duplicate'
       and r.resolved_at is not null
       and r.id in (select l.report_id from app.development_reports l)
       and (p_from is null or r.resolved_at >= (v_from::timestamp at time zone 'Europe/Stockholm'))
       and (p_to is null or r.resolved_at < (v_to::timestamp at time zone 'Europe/Stockholm'))
       and (v_codes is null or r.district_code = any(v_codes))
  ), months as (
    select m::date as month
      from generate_series(
             coalesce(v_from, (select min(o.month) from obs o), app.stockholm_month(now())),
             coalesce((v_to - interval '1 month')::date, app.stockholm_month(now())),
             interval '1 month') m
  ), by_month as (
    select mo.month, coalesce(a.n, 0) as reported, coalesce(b.n, 0) as resolved
      from months mo
      left join (select o.month, sum(o.n) as n from obs o group by 1) a on a.month = mo.month
      left join (select x.month, sum(x.n) as n from res x group by 1) b on b.month = mo.month
  ), groups as (
    select case p_level when 'stadsomrade' then d.stadsomrade when 'stadsdel' then d.stadsdel
                else d.do_kod::text end as code,
           case p_level when 'stadsomrade' then d.stadsomrade when 'stadsdel' then d.stadsdel
                else d.name end as name,
           d.do_kod, d.geom
      from app.districts d
     where v_codes is null or d.do_kod = any(v_codes)
  ), by_district as (
    select g.code, min(g.name) as name,
           coalesce(sum(t.n), 0) as n,
           sum(extensions.st_area(extensions.st_transform(g.geom, 3006))) / 1e6 as km2
      from groups g
      left join (select o.district_code, sum(o.n) as n from obs o group by 1) t on t.district_code = g.do_kod
     group by g.code
  ), hist as (
    select x.days, sum(x.n) as n from res x group by x.days
  ), cum as (
    select h.days, sum(h.n) over (order by h.days) as c, sum(h.n) over () as total from hist h
  )
  select jsonb_build_object(
    'total', coalesce((select sum(o.n) from obs o), 0),
    'monthly', coalesce((select jsonb_agg(jsonb_build_object(
                 'month', to_char(b.month, 'YYYY-MM'), 'reported', b.reported, 'resolved', b.resolved)
                 order by b.month) from by_month b), '[]'::jsonb),
    'by_district', coalesce((select jsonb_agg(jsonb_build_object(
                 'code', b.code, 'name', b.name, 'n', b.n, 'km2', round(b.km2::numeric, 3))
                 order by b.n desc, b.code) from by_district b), '[]'::jsonb),
    'by_category', coalesce((select jsonb_agg(jsonb_build_object('code', c.category, 'n', c.n)
                 order by c.n desc, c.category)
                 from (select o.category, sum(o.n) as n from obs o group by 1) c), '[]'::jsonb),
    'dark', coalesce((select sum(o.n_dark) from obs o), 0),
    'supports', coalesce((select sum(o.supports) from obs o), 0),
    'median_days_to_resolved', (select min(c.days) from cum c where c.c * 2 >= c.total))
    into v_result;
  return v_result;
end
$$;
revoke execute on function app.dashboard_data(text, timestamptz, timestamptz, text, text) from public;

create or replace function api.challenge_dashboard(
  p_challenge text default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_level text default 'stadsdel',
  p_district text default null
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  return app.dashboard_data(p_challenge, p_from, p_to, p_level, p_district);
end
$$;
revoke execute on function api.challenge_dashboard(text, timestamptz, timestamptz, text, text) from public;
grant execute on function api.challenge_dashboard(text, timestamptz, timestamptz, text, text) to authenticated;

-- annual_followup -----------------------------------------------------------------------------------------
create or replace function api.annual_followup(p_year int, p_challenge text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_from timestamptz;
  v_to timestamptz;
  v_dash jsonb;
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_year is null or p_year not between 2000 and 2100 then
    raise exception 'invalid_year' using errcode = '22023';
  end if;
  if p_challenge is null or not exists (select 1 from app.challenges c where c.code = p_challenge) then
    raise exception 'invalid_challenge' using errcode = '22023';
  end if;
  v_from := make_timestamptz(p_year, 1, 1, 0, 0, 0, 'Europe/Stockholm');
  v_to := make_timestamptz(p_year + 1, 1, 1, 0, 0, 0, 'Europe/Stockholm');
  v_dash := app.dashboard_data(p_challenge, v_from, v_to, 'stadsdel', null);
  return jsonb_build_object(
    'year', p_year, 'challenge', p_challenge,
    'reported', jsonb_build_object('total', v_dash->'total', 'by_category', v_dash->'by_category',
                                   'by_month', v_dash->'monthly'),
    'measures', jsonb_build_object(
      'placed', coalesce((select jsonb_agg(app.measure_json(m.id) order by m.created_at, m.id)
                            from app.measures m
                           where m.challenge = p_challenge and m.created_at >= v_from and m.created_at < v_to),
                         '[]'::jsonb),
      'done', coalesce((select jsonb_agg(app.measure_json(m.id) order by m.done_date, m.id)
                          from app.measures m
                         where m.challenge = p_challenge and m.status = 'done'
                           and m.done_date >= make_date(p_year, 1, 1) and m.done_date < make_date(p_year + 1, 1, 1)),
                       '[]'::jsonb)),
    'effects', coalesce((select jsonb_agg(app.measure_effect_counts(m.id, 12, 'district') order by m.done_date, m.id)
                           from app.measures m
                          where m.challenge = p_challenge and m.status = 'done'
                            and m.done_date >= make_date(p_year, 1, 1)
                            and m.done_date < make_date(p_year + 1, 1, 1)), '[]'::jsonb));
end
$$;
revoke execute on function api.annual_followup(int, text) from public;
grant execute on function api.annual_followup(int, text) to authenticated;
