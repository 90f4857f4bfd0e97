-- Demo strategy data for local mode. NOT a migration: loaded by local mode, tests and benchmarks; called by
-- app.generate_demo_measures (after the demo measures, which the action plans link).
--   select app.generate_demo_strategy(42);
-- Adds, all labelled demo (is_demo, "(demo)" in the texts):
--  * a DRAFT next strategy period, a copy of the period in force's challenge map (drafts are seen by strategists
--    and admins only), to revise and publish in the strategy screens;
--  * for the period in force, this year's action plan of every prioritised challenge: the department that carried
--    out most of its done demo measures (else the one with most of them), a target, one indicator (the challenge's
--    reports of the last 365 days as the baseline, 10 % fewer as the target) and up to four of its demo measures,
--    done ones first, as activities (their status from the measure's), so the follow-up shows effects.
-- Nothing here names a challenge. Deterministic (ids from md5(seed, …)); calling it again inserts nothing.
-- Returns the number of action plans inserted.
create or replace function app.generate_demo_strategy(p_seed int default 42) returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_current uuid := app.period_in_force(now());
  v_draft uuid := md5(p_seed::text || ':demo-strategy-draft')::uuid;
  v_year int := extract(year from now() at time zone 'Europe/Stockholm')::int;
  v_inserted int;
begin
  if v_current is null then
    return 0;
  end if;

  insert into app.strategy_periods (id, name, status, based_on, is_demo)
  select v_draft, 'Nästa trygghetsstrategi (utkast, demo)', 'draft', v_current, true
   where not exists (select 1 from app.strategy_periods p where p.id = v_draft);
  insert into app.period_areas (period_id, code, name_sv, name_en, sort)
  select v_draft, a.code, a.name_sv, a.name_en, a.sort from app.period_areas a where a.period_id = v_current
  on conflict do nothing;
  insert into app.period_challenges (period_id, code, name_sv, name_en, description_sv, description_en, area,
                                     prioritised, sort, crit_preventive, crit_research, crit_vulnerable, crit_quick,
                                     reasoning, crew_focus, counts_development_links)
  select v_draft, c.code, c.name_sv, c.name_en, c.description_sv, c.description_en, c.area, c.prioritised, c.sort,
         c.crit_preventive, c.crit_research, c.crit_vulnerable, c.crit_quick, c.reasoning, c.crew_focus,
         c.counts_development_links
    from app.period_challenges c where c.period_id = v_current
  on conflict do nothing;
  insert into app.period_categories (period_id, category, challenge)
  select v_draft, pc.category, pc.challenge from app.period_categories pc where pc.period_id = v_current
  on conflict do nothing;

  with plans as (
    select c.code as challenge,
           md5(p_seed::text || ':demo-action-plan:' || c.code || ':' || v_year)::uuid as id,
           coalesce((select m.department from app.measures m
                      where m.challenge = c.code and m.is_demo and m.department <> ''
                      group by m.department
                      order by count(*) filter (where m.status = 'done') desc, count(*) desc, m.department
                      limit 1),
                    'Fastighets- och gatukontoret') as department,
           (select count(*) from app.reports r
             where r.challenge = c.code and r.status <> 'duplicate'
               and r.observed_at >= now() - interval '365 days') as last_year
      from app.period_challenges c
     where c.period_id = v_current and c.prioritised
  ), ins as (
    insert into app.action_plans (id, period_id, challenge, year, department, target, indicators, is_demo)
    select p.id, v_current, p.challenge, v_year, p.department,
           'Färre rapporter än förra året där åtgärder genomförts (demo).',
           jsonb_build_array(jsonb_build_object(
             'name', 'Rapporter per år (demo)', 'unit', 'st', 'baseline', p.last_year,
             'target', round(p.last_year * 0.9), 'actual', null)),
           true
      from plans p
    on conflict do nothing
    returning id, challenge
  ), acts as (
    insert into app.action_plan_activities (id, plan_id, title, measure_id, status, note, sort)
    select md5(p_seed::text || ':demo-activity:' || m.id)::uuid, i.id, m.title || ' (demo)', m.id,
           case m.status when 'done' then 'done' when 'in_progress' then 'started' else 'planned' end,
           '', m.k
      from ins i
      join lateral (select x.id, x.title, x.status,
                           row_number() over (order by x.status = 'done' desc, x.score desc, x.created_at, x.id)::int as k
                      from app.measures x
                     where x.challenge = i.challenge and x.is_demo and x.status <> 'cancelled'
                     order by x.status = 'done' desc, x.score desc, x.created_at, x.id limit 4) m on true
    on conflict do nothing
    returning 1
  )
  select count(*) into v_inserted from ins;
  return v_inserted;
end
$$;
revoke execute on function app.generate_demo_strategy(int) from public;
