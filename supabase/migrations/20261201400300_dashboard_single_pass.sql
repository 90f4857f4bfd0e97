-- Strategy (issue 6): app.dashboard_data in one pass over its scope. The first version (…400200) scanned the
-- month summary once per breakdown (total, months, districts, categories, darkness, supports); grouping sets do
-- it in one scan. Same results (tests/db/strategy.test.ts; the bench compares with the raw rows).

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
  ), g as (
    -- One pass over the scope for every breakdown: grouping() tells the sets apart (month 3, district 5,
    -- category 6, total 7).
    select o.month, o.district_code, o.category, grouping(o.month, o.district_code, o.category) as gs,
           sum(o.n) as n, sum(o.n_dark) as n_dark, sum(o.supports) as supports
      from obs o
     group by grouping sets ((o.month), (o.district_code), (o.category), ())
  ), gr as (
    select x.month, x.days, grouping(x.month, x.days) as gs, sum(x.n) as n
      from res x
     group by grouping sets ((x.month), (x.days))
  ), months as (
    select m::date as month
      from generate_series(
             coalesce(v_from, (select min(x.month) from g x where x.gs = 3), app.stockholm_month(now())),
             coalesce((v_to - interval '1 month')::date, app.stockholm_month(now())),
             interval '1 month') m
  ), by_month as (
    select mo.month, coalesce(a.n, 0) as reported, coalesce(b.n, 0) as resolved
      from months mo
      left join g a on a.gs = 3 and a.month = mo.month
      left join gr b on b.gs = 1 and b.month = mo.month
  ), groups as (
    select case p_level when 'stadsomrade' then d.stadsomrade when 'stadsdel' then d.stadsdel
                else d.do_kod::text end as code,
           case p_level when 'stadsomrade' then d.stadsomrade when 'stadsdel' then d.stadsdel
                else d.name end as name,
           d.do_kod, d.geom
      from app.districts d
     where v_codes is null or d.do_kod = any(v_codes)
  ), by_district as (
    select a.code, min(a.name) as name,
           coalesce(sum(t.n), 0) as n,
           sum(extensions.st_area(extensions.st_transform(a.geom, 3006))) / 1e6 as km2
      from groups a
      left join g t on t.gs = 5 and t.district_code = a.do_kod
     group by a.code
  ), hist as (
    select x.days, x.n from gr x where x.gs = 2
  ), cum as (
    select h.days, sum(h.n) over (order by h.days) as c, sum(h.n) over () as total from hist h
  )
  select jsonb_build_object(
    'total', coalesce((select x.n from g x where x.gs = 7), 0),
    'monthly', coalesce((select jsonb_agg(jsonb_build_object(
                 'month', to_char(b.month, 'YYYY-MM'), 'reported', b.reported, 'resolved', b.resolved)
                 order by b.month) from by_month b), '[]'::jsonb),
    'by_district', coalesce((select jsonb_agg(jsonb_build_object(
                 'code', b.code, 'name', b.name, 'n', b.n, 'km2', round(b.km2::numeric, 3))
                 order by b.n desc, b.code) from by_district b), '[]'::jsonb),
    'by_category', coalesce((select jsonb_agg(jsonb_build_object('code', c.category, 'n', c.n)
                 order by c.n desc, c.category)
                 from g c where c.gs = 6), '[]'::jsonb),
    'dark', coalesce((select x.n_dark from g x where x.gs = 7), 0),
    'supports', coalesce((select x.supports from g x where x.gs = 7), 0),
    'median_days_to_resolved', (select min(c.days) from cum c where c.c * 2 >= c.total))
    into v_result;
  return v_result;
end
$$;
revoke execute on function app.dashboard_data(text, timestamptz, timestamptz, text, text) from public;
