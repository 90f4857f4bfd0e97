-- Actual risk per challenge (issue 15): a strategy period names, per challenge, the event types of actual risk
-- (app.risk_events) that are that challenge's "actual risk" — exact types ('injury_severe', 'police:ran') or whole
-- families ('injury', 'police', 'event'). Data, not code: nothing here names a challenge. The challenge dashboard
-- shows those events beside the reports (same window, same district) with the sources they come from, and a
-- measure's effect counts them in the same areas and windows as the reports.
--
-- Which period's risk types: the challenge's in the published period in force at the time asked about (the end
-- of the dashboard's window, a measure's done date), else in the latest published period that has the challenge.

-- Risk types -----------------------------------------------------------------------------------------------
-- The families a challenge may name as a whole; each is the prefix of app.risk_type_ok's types.
create or replace function app.risk_type_family(p_type text) returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$ select case when p_type like 'injury\_%' then 'injury' else split_part(p_type, ':', 1) end $$;
revoke execute on function app.risk_type_family(text) from public;

-- A challenge's list: at most 20 entries, each a family or a valid type, no repeats, no nulls.
create or replace function app.risk_types_ok(p_types text[]) returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select p_types is not null and cardinality(p_types) <= 20
     and array_position(p_types, null) is null
     and (select count(distinct t) = count(*) from unnest(p_types) t)
     and (select bool_and(t in ('injury', 'police', 'event') or app.risk_type_ok(t)) from unnest(p_types) t)
         is not false
$$;
revoke execute on function app.risk_types_ok(text[]) from public;

-- Whether an event's type is one of a challenge's risk types (exactly or by its family).
create or replace function app.risk_type_matches(p_type text, p_types text[]) returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$ select p_type = any(p_types) or app.risk_type_family(p_type) = any(p_types) $$;
revoke execute on function app.risk_type_matches(text, text[]) from public;

alter table app.period_challenges
  add column risk_types text[] not null default '{}'
    constraint period_challenges_risk_types_check check (app.risk_types_ok(risk_types));

comment on column app.period_challenges.risk_types is
  'The actual-risk event types (app.risk_events.type) that are this challenge''s actual risk: exact types or '
  'whole families (injury, police, event); empty = none.';

-- The challenge's risk types at p_at (see the top of this file); '{}' when none.
create or replace function app.challenge_risk_types(p_challenge text, p_at timestamptz) returns text[]
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce((
    select c.risk_types
      from app.period_challenges c join app.strategy_periods p on p.id = c.period_id
     where c.code = p_challenge and p.status = 'published'
     order by p.id = app.period_in_force(p_at) desc, p.starts_on desc
     limit 1), '{}'::text[])
$$;
revoke execute on function app.challenge_risk_types(text, timestamp with time zone) from public;

-- The input's risk_types of one challenge: absent or null = '{}'; anything not a valid list raises
-- invalid_risk_types.
create or replace function app.risk_types_input(p_challenge jsonb) returns text[]
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_types text[];
begin
  if coalesce(jsonb_typeof(p_challenge->'risk_types'), 'null') = 'null' then
    return '{}'::text[];
  end if;
  if jsonb_typeof(p_challenge->'risk_types') <> 'array'
     or jsonb_array_length(p_challenge->'risk_types') > 20
     or exists (select 1 from jsonb_array_elements(p_challenge->'risk_types') e where jsonb_typeof(e) <> 'string') then
    raise exception 'invalid_risk_types' using errcode = '22023';
  end if;
  select coalesce(array_agg(e order by o), '{}'::text[]) into v_types
    from jsonb_array_elements_text(p_challenge->'risk_types') with ordinality x(e, o);
  if not app.risk_types_ok(v_types) then
    raise exception 'invalid_risk_types' using errcode = '22023';
  end if;
  return v_types;
end
$$;
revoke execute on function app.risk_types_input(jsonb) from public;

-- The strategy period functions carry risk_types ------------------------------------------------------------
-- As in 20261202001300_strategy_periods.sql, plus each challenge's risk_types.
create or replace function api.get_strategy_period(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_period jsonb;
begin
  select app.strategy_period_json(p.id) || jsonb_build_object('published_by', p.published_by)
    into v_period
    from app.strategy_periods p where p.id = p_id and app.strategy_period_visible(p.status);
  if v_period is null then
    raise exception 'period_not_found' using errcode = '22023';
  end if;
  return jsonb_build_object(
    'period', v_period,
    'areas', coalesce((select jsonb_agg(jsonb_build_object('code', a.code, 'name_sv', a.name_sv,
                                                           'name_en', a.name_en, 'sort', a.sort)
                                        order by a.sort, a.code)
                         from app.period_areas a where a.period_id = p_id), '[]'::jsonb),
    'challenges', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', c.code, 'name_sv', c.name_sv, 'name_en', c.name_en,
               'description_sv', c.description_sv, 'description_en', c.description_en, 'area', c.area,
               'prioritised', c.prioritised, 'sort', c.sort, 'crit_preventive', c.crit_preventive,
               'crit_research', c.crit_research, 'crit_vulnerable', c.crit_vulnerable, 'crit_quick', c.crit_quick,
               'reasoning', c.reasoning, 'crew_focus', c.crew_focus,
               'counts_development_links', c.counts_development_links,
               'risk_types', to_jsonb(c.risk_types)) order by c.sort, c.code)
        from app.period_challenges c where c.period_id = p_id), '[]'::jsonb),
    'categories', coalesce((
      select jsonb_agg(jsonb_build_object('category', pc.category, 'challenge', pc.challenge)
                       order by k.sort, pc.category)
        from app.period_categories pc join app.categories k on k.code = pc.category
       where pc.period_id = p_id), '[]'::jsonb),
    'action_plans', case when app.is_staff() then coalesce((
      select jsonb_agg(app.action_plan_json(a.id) order by a.year, a.challenge)
        from app.action_plans a where a.period_id = p_id), '[]'::jsonb) else '[]'::jsonb end);
end
$$;
revoke execute on function api.get_strategy_period(uuid) from public;
grant execute on function api.get_strategy_period(uuid) to anon, authenticated;

create or replace function api.draft_strategy_period(p_from uuid, p_name text) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id uuid := gen_random_uuid();
  v_name text := btrim(coalesce(p_name, ''));
begin
  perform app.require_staff('strategist');
  if not exists (select 1 from app.strategy_periods p where p.id = p_from) then
    raise exception 'period_not_found' using errcode = '22023';
  end if;
  if v_name = '' then
    raise exception 'name_required' using errcode = '22023';
  end if;
  if char_length(v_name) > 200 then
    raise exception 'name_too_long' using errcode = '22023';
  end if;
  insert into app.strategy_periods (id, name, status, based_on, created_by)
  values (v_id, v_name, 'draft', p_from, (select auth.uid()));
  insert into app.period_areas (period_id, code, name_sv, name_en, sort)
  select v_id, a.code, a.name_sv, a.name_en, a.sort from app.period_areas a where a.period_id = p_from;
  insert into app.period_challenges (period_id, code, name_sv, name_en, description_sv, description_en, area,
                                     prioritised, sort, crit_preventive, crit_research, crit_vulnerable, crit_quick,
                                     reasoning, crew_focus, counts_development_links, risk_types)
  select v_id, c.code, c.name_sv, c.name_en, c.description_sv, c.description_en, c.area, c.prioritised, c.sort,
         c.crit_preventive, c.crit_research, c.crit_vulnerable, c.crit_quick, c.reasoning, c.crew_focus,
         c.counts_development_links, c.risk_types
    from app.period_challenges c where c.period_id = p_from;
  insert into app.period_categories (period_id, category, challenge)
  select v_id, pc.category, pc.challenge from app.period_categories pc where pc.period_id = p_from;
  return jsonb_build_object('id', v_id);
end
$$;
revoke execute on function api.draft_strategy_period(uuid, text) from public;
grant execute on function api.draft_strategy_period(uuid, text) to authenticated;

-- Saves a draft wholesale (see 20261202001300_strategy_periods.sql); each challenge may carry risk_types
-- (app.risk_types_input: invalid_risk_types).
create or replace function api.save_strategy_period(p_id uuid, p_period jsonb) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_status text;
  v_name text;
  v_areas jsonb;
  v_challenges jsonb;
  v_categories jsonb;
  v_e jsonb;
  v_key text;
  v_area_codes text[] := array[]::text[];
  v_codes text[] := array[]::text[];
  v_prioritised text[] := array[]::text[];
  v_seen text[] := array[]::text[];
begin
  perform app.require_staff('strategist');
  select p.status into v_status from app.strategy_periods p where p.id = p_id for update;
  if v_status is null then
    raise exception 'period_not_found' using errcode = '22023';
  end if;
  if v_status <> 'draft' then
    raise exception 'period_not_draft' using errcode = '22023';
  end if;
  if jsonb_typeof(p_period) is distinct from 'object' then
    raise exception 'invalid_period' using errcode = '22023';
  end if;

  v_name := app.json_text(p_period, 'name');
  if v_name is null or v_name = '' then
    raise exception 'name_required' using errcode = '22023';
  end if;
  if char_length(v_name) > 200 then
    raise exception 'name_too_long' using errcode = '22023';
  end if;

  v_areas := coalesce(p_period->'areas', '[]'::jsonb);
  v_challenges := coalesce(p_period->'challenges', '[]'::jsonb);
  v_categories := coalesce(p_period->'categories', '[]'::jsonb);
  if jsonb_typeof(v_areas) <> 'array' or jsonb_typeof(v_challenges) <> 'array'
     or jsonb_typeof(v_categories) <> 'array' then
    raise exception 'invalid_period' using errcode = '22023';
  end if;
  if jsonb_array_length(v_areas) > 20 then
    raise exception 'too_many_areas' using errcode = '22023';
  end if;
  if jsonb_array_length(v_challenges) > 30 then
    raise exception 'too_many_challenges' using errcode = '22023';
  end if;
  if jsonb_array_length(v_categories) > 500 then
    raise exception 'too_many' using errcode = '22023';
  end if;

  -- Areas.
  for v_e in select e from jsonb_array_elements(v_areas) e loop
    if jsonb_typeof(v_e) <> 'object' or coalesce(jsonb_typeof(v_e->'sort'), 'null') not in ('null', 'number')
       or abs(case when jsonb_typeof(v_e->'sort') = 'number' then (v_e->>'sort')::numeric else 0 end) > 1000000 then
      raise exception 'invalid_period' using errcode = '22023';
    end if;
    if not app.strategy_code_ok(v_e->>'code') or jsonb_typeof(v_e->'code') <> 'string' then
      raise exception 'invalid_code' using errcode = '22023';
    end if;
    if (v_e->>'code') = any(v_area_codes) then
      raise exception 'duplicate_code' using errcode = '22023';
    end if;
    v_area_codes := v_area_codes || (v_e->>'code');
    if coalesce(app.json_text(v_e, 'name_sv'), '') = '' or coalesce(app.json_text(v_e, 'name_en'), '') = '' then
      raise exception 'name_required' using errcode = '22023';
    end if;
    if char_length(app.json_text(v_e, 'name_sv')) > 200 or char_length(app.json_text(v_e, 'name_en')) > 200 then
      raise exception 'name_too_long' using errcode = '22023';
    end if;
  end loop;

  -- Challenges.
  for v_e in select e from jsonb_array_elements(v_challenges) e loop
    if jsonb_typeof(v_e) <> 'object' or coalesce(jsonb_typeof(v_e->'sort'), 'null') not in ('null', 'number')
       or abs(case when jsonb_typeof(v_e->'sort') = 'number' then (v_e->>'sort')::numeric else 0 end) > 1000000
       or coalesce(jsonb_typeof(v_e->'prioritised'), 'null') not in ('null', 'boolean')
       or coalesce(jsonb_typeof(v_e->'crew_focus'), 'null') not in ('null', 'boolean')
       or coalesce(jsonb_typeof(v_e->'counts_development_links'), 'null') not in ('null', 'boolean') then
      raise exception 'invalid_period' using errcode = '22023';
    end if;
    if not app.strategy_code_ok(v_e->>'code') or jsonb_typeof(v_e->'code') <> 'string' then
      raise exception 'invalid_code' using errcode = '22023';
    end if;
    if (v_e->>'code') = any(v_codes) then
      raise exception 'duplicate_code' using errcode = '22023';
    end if;
    v_codes := v_codes || (v_e->>'code');
    if coalesce((v_e->>'prioritised')::boolean, false) then
      v_prioritised := v_prioritised || (v_e->>'code');
    end if;
    if coalesce(app.json_text(v_e, 'name_sv'), '') = '' or coalesce(app.json_text(v_e, 'name_en'), '') = '' then
      raise exception 'name_required' using errcode = '22023';
    end if;
    if char_length(app.json_text(v_e, 'name_sv')) > 200 or char_length(app.json_text(v_e, 'name_en')) > 200 then
      raise exception 'name_too_long' using errcode = '22023';
    end if;
    if app.json_text(v_e, 'description_sv') is null or app.json_text(v_e, 'description_en') is null
       or app.json_text(v_e, 'reasoning') is null then
      raise exception 'invalid_period' using errcode = '22023';
    end if;
    if char_length(app.json_text(v_e, 'description_sv')) > 2000 or char_length(app.json_text(v_e, 'description_en')) > 2000
       or char_length(app.json_text(v_e, 'reasoning')) > 4000 then
      raise exception 'text_too_long' using errcode = '22023';
    end if;
    if coalesce(jsonb_typeof(v_e->'area'), 'null') <> 'null' then
      if jsonb_typeof(v_e->'area') <> 'string' or not app.strategy_code_ok(v_e->>'area') then
        raise exception 'invalid_code' using errcode = '22023';
      end if;
      if not ((v_e->>'area') = any(v_area_codes)) then
        raise exception 'unknown_area' using errcode = '22023';
      end if;
    end if;
    foreach v_key in array array['crit_preventive', 'crit_research', 'crit_vulnerable', 'crit_quick'] loop
      if coalesce(jsonb_typeof(v_e->v_key), 'null') <> 'null'
         and (jsonb_typeof(v_e->v_key) <> 'number' or (v_e->>v_key) not in ('0', '1', '2', '3')) then
        raise exception 'invalid_score' using errcode = '22023';
      end if;
    end loop;
    perform app.risk_types_input(v_e);
  end loop;
  if (select count(*) from jsonb_array_elements(v_challenges) e where (e->>'crew_focus')::boolean) > 1 then
    raise exception 'crew_focus_not_unique' using errcode = '22023';
  end if;
  if cardinality(v_prioritised) = 0 then
    raise exception 'no_prioritised_challenge' using errcode = '22023';
  end if;

  -- Categories.
  for v_e in select e from jsonb_array_elements(v_categories) e loop
    if jsonb_typeof(v_e) <> 'object' or jsonb_typeof(v_e->'category') is distinct from 'string' then
      raise exception 'invalid_period' using errcode = '22023';
    end if;
    if not exists (select 1 from app.categories k where k.code = v_e->>'category') then
      raise exception 'unknown_category' using errcode = '22023';
    end if;
    if (v_e->>'category') = any(v_seen) then
      raise exception 'duplicate_code' using errcode = '22023';
    end if;
    v_seen := v_seen || (v_e->>'category');
    if jsonb_typeof(v_e->'challenge') is distinct from 'string' or not app.strategy_code_ok(v_e->>'challenge') then
      raise exception 'invalid_code' using errcode = '22023';
    end if;
    if not ((v_e->>'challenge') = any(v_codes)) then
      raise exception 'unknown_challenge' using errcode = '22023';
    end if;
    if not ((v_e->>'challenge') = any(v_prioritised)) then
      raise exception 'challenge_not_prioritised' using errcode = '22023';
    end if;
  end loop;

  -- A challenge with an action plan must stay, prioritised.
  if exists (select 1 from app.action_plans a where a.period_id = p_id and not (a.challenge = any(v_prioritised))) then
    raise exception 'challenge_not_prioritised' using errcode = '22023';
  end if;

  -- Write: categories go first (they reference challenges), then areas and challenges are upserted and the
  -- missing ones removed (challenges before areas, which they reference).
  update app.strategy_periods set name = v_name where id = p_id;
  delete from app.period_categories pc where pc.period_id = p_id;
  insert into app.period_areas as a (period_id, code, name_sv, name_en, sort)
  select p_id, e->>'code', app.json_text(e, 'name_sv'), app.json_text(e, 'name_en'),
         coalesce(round((e->>'sort')::numeric)::int, o::int)
    from jsonb_array_elements(v_areas) with ordinality x(e, o)
  on conflict (period_id, code) do update
    set name_sv = excluded.name_sv, name_en = excluded.name_en, sort = excluded.sort;
  insert into app.period_challenges as c (period_id, code, name_sv, name_en, description_sv, description_en, area,
                                          prioritised, sort, crit_preventive, crit_research, crit_vulnerable,
                                          crit_quick, reasoning, crew_focus, counts_development_links, risk_types)
  select p_id, e->>'code', app.json_text(e, 'name_sv'), app.json_text(e, 'name_en'),
         app.json_text(e, 'description_sv'), app.json_text(e, 'description_en'), e->>'area',
         coalesce((e->>'prioritised')::boolean, false), coalesce(round((e->>'sort')::numeric)::int, o::int),
         (e->>'crit_preventive')::smallint, (e->>'crit_research')::smallint, (e->>'crit_vulnerable')::smallint,
         (e->>'crit_quick')::smallint, app.json_text(e, 'reasoning'), coalesce((e->>'crew_focus')::boolean, false),
         coalesce((e->>'counts_development_links')::boolean, false), app.risk_types_input(e)
    from jsonb_array_elements(v_challenges) with ordinality x(e, o)
  on conflict (period_id, code) do update
    set name_sv = excluded.name_sv, name_en = excluded.name_en, description_sv = excluded.description_sv,
        description_en = excluded.description_en, area = excluded.area, prioritised = excluded.prioritised,
        sort = excluded.sort, crit_preventive = excluded.crit_preventive, crit_research = excluded.crit_research,
        crit_vulnerable = excluded.crit_vulnerable, crit_quick = excluded.crit_quick,
        reasoning = excluded.reasoning, crew_focus = excluded.crew_focus,
        counts_development_links = excluded.counts_development_links, risk_types = excluded.risk_types;
  delete from app.period_challenges c where c.period_id = p_id and not (c.code = any(v_codes));
  delete from app.period_areas a where a.period_id = p_id and not (a.code = any(v_area_codes));
  insert into app.period_categories (period_id, category, challenge)
  select p_id, e->>'category', e->>'challenge' from jsonb_array_elements(v_categories) e;

  perform app.strategy_period_check(p_id);
  return api.get_strategy_period(p_id);
end
$$;
revoke execute on function api.save_strategy_period(uuid, jsonb) from public;
grant execute on function api.save_strategy_period(uuid, jsonb) to authenticated;

-- The dashboard's actual risk -------------------------------------------------------------------------------
-- Events of the challenge's risk types in the dashboard's window (whole Stockholm months, as app.dashboard_data)
-- and district; by month (only months with events: the client shows a month outside every source's range as
-- "no data" and one inside as 0), by type, by district at p_level, and the sources that hold events of those
-- types and overlap the window (events are only known inside a source's range). Null without a challenge or
-- without risk types. The arguments were checked by app.dashboard_data.
create or replace function app.dashboard_risk(
  p_challenge text, p_from timestamptz, p_to timestamptz, p_level text, p_district text
) returns jsonb
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_types text[];
  v_codes int[];
  v_from timestamptz;
  v_to timestamptz;
  v_result jsonb;
begin
  if p_challenge is null then
    return null;
  end if;
  v_types := app.challenge_risk_types(p_challenge, least(coalesce(p_to, now()), now()));
  if cardinality(v_types) = 0 then
    return null;
  end if;
  if p_district is not null then
    v_codes := app.district_codes(p_district);
  end if;
  v_from := app.stockholm_month(p_from)::timestamp at time zone 'Europe/Stockholm';
  v_to := (app.stockholm_month(p_to - interval '1 microsecond') + interval '1 month')::timestamp
          at time zone 'Europe/Stockholm';

  with ev as (
    select app.stockholm_month(e.occurred_at) as month, e.type, e.district_code, e.source_id
      from app.risk_events e
     where app.risk_type_matches(e.type, v_types)
       and (v_from is null or e.occurred_at >= v_from) and (v_to is null or e.occurred_at < v_to)
       and (v_codes is null or e.district_code = any(v_codes))
  ), g as (
    select x.month, x.type, x.district_code, grouping(x.month, x.type, x.district_code) as gs, count(*) as n
      from ev x
     group by grouping sets ((x.month), (x.type), (x.district_code), ())
  ), by_district as (
    select case p_level when 'stadsomrade' then d.stadsomrade when 'stadsdel' then d.stadsdel
                else d.do_kod::text end as code,
           sum(t.n) as n
      from g t join app.districts d on d.do_kod = t.district_code
     where t.gs = 6
     group by 1
  )
  select jsonb_build_object(
    'types', to_jsonb(v_types),
    'total', coalesce((select x.n from g x where x.gs = 7), 0),
    'monthly', coalesce((select jsonb_agg(jsonb_build_object('month', to_char(x.month, 'YYYY-MM'), 'n', x.n)
                                          order by x.month) from g x where x.gs = 3), '[]'::jsonb),
    'by_type', coalesce((select jsonb_agg(jsonb_build_object('type', x.type, 'n', x.n) order by x.n desc, x.type)
                           from g x where x.gs = 5), '[]'::jsonb),
    'by_district', coalesce((select jsonb_agg(jsonb_build_object('code', b.code, 'n', b.n) order by b.n desc, b.code)
                               from by_district b), '[]'::jsonb),
    'sources', coalesce((
      select jsonb_agg(jsonb_build_object('name', s.name, 'kind', s.kind,
                                          'period_from', to_char(s.period_from, 'YYYY-MM-DD'),
                                          'period_to', to_char(s.period_to, 'YYYY-MM-DD'))
                       order by s.period_from, s.name)
        from app.risk_sources s
       where (v_to is null or (s.period_from::timestamp at time zone 'Europe/Stockholm') < v_to)
         and (v_from is null or ((s.period_to + 1)::timestamp at time zone 'Europe/Stockholm') > v_from)
         and exists (select 1 from app.risk_events e
                      where e.source_id = s.id and app.risk_type_matches(e.type, v_types))), '[]'::jsonb))
    into v_result;
  return v_result;
end
$$;
revoke execute on function app.dashboard_risk(text, timestamp with time zone, timestamp with time zone, text, text)
  from public;

-- As in 20261202000900_strategy.sql, plus `risk` (app.dashboard_risk).
create or replace function api.challenge_dashboard(
  p_challenge text default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_level text default 'stadsdel',
  p_district text default null
) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform app.require_staff();
  -- Finite and within 2000-01-01 … now() + 1 year: at most ~28 years of months, whatever the caller sends.
  if not app.dashboard_window_ok(p_from) or not app.dashboard_window_ok(p_to) then
    raise exception 'invalid_date_range' using errcode = '22023';
  end if;
  return app.dashboard_data(p_challenge, p_from, p_to, p_level, p_district)
         || jsonb_build_object('risk', app.dashboard_risk(p_challenge, p_from, p_to, p_level, p_district));
end
$$;
revoke execute on function api.challenge_dashboard(text,timestamp with time zone,timestamp with time zone,text,text) from public;
grant execute on function api.challenge_dashboard(text,timestamp with time zone,timestamp with time zone,text,text) to authenticated;

-- The measure's effect on actual risk ------------------------------------------------------------------------
-- Events of the measure's challenge's risk types (at its done date) counted as app.measure_effect_counts counts
-- the reports (p_counts is its result: the windows, the buffer, the comparison): in the area (its polygon or
-- its point/line buffered) and in the comparison (the rest of the stadsdel, or of Malmö), before and after.
-- `data` is the range the matching events' sources cover (events are only known inside it), for the client's
-- data-window check. Null when the challenge has no risk types.
create or replace function app.measure_event_counts(p_id uuid, p_counts jsonb) returns jsonb
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_m app.measures;
  v_types text[];
  v_area extensions.geometry;
  v_codes int[];
  v_before_from timestamptz := (p_counts #>> '{before,from}')::timestamptz;
  v_before_to timestamptz := (p_counts #>> '{before,to}')::timestamptz;
  v_after_from timestamptz := (p_counts #>> '{after,from}')::timestamptz;
  v_after_to timestamptz := (p_counts #>> '{after,to}')::timestamptz;
  v_a0 int;
  v_a1 int;
  v_c0 int;
  v_c1 int;
  v_first date;
  v_last date;
begin
  select * into v_m from app.measures m where m.id = p_id;
  v_types := app.challenge_risk_types(v_m.challenge,
                                      v_m.done_date::timestamp at time zone 'Europe/Stockholm');
  if cardinality(v_types) = 0 then
    return null;
  end if;
  if (p_counts->>'buffer_m')::float8 > 0 then
    v_area := extensions.st_transform(
      extensions.st_buffer(extensions.st_transform(v_m.geom, 3006), (p_counts->>'buffer_m')::float8), 4326);
  else
    v_area := v_m.geom;
  end if;
  if p_counts #>> '{comparison,kind}' = 'district' then
    v_codes := (select array_agg(d.do_kod) from app.districts d where d.stadsdel = p_counts #>> '{comparison,name}');
  end if;

  with ev as (
    select e.occurred_at < v_before_to as before,
           extensions.st_intersects(v_area, e.location) as in_area,
           (v_codes is null or e.district_code = any(v_codes)) as in_set
      from app.risk_events e
     where app.risk_type_matches(e.type, v_types)
       and e.occurred_at >= v_before_from and e.occurred_at < v_after_to
       and (e.occurred_at < v_before_to or e.occurred_at >= v_after_from)
  )
  select count(*) filter (where before and in_area), count(*) filter (where not before and in_area),
         count(*) filter (where before and in_set and not in_area),
         count(*) filter (where not before and in_set and not in_area)
    into v_a0, v_a1, v_c0, v_c1
    from ev;

  select min(s.period_from), max(s.period_to) into v_first, v_last
    from app.risk_sources s
   where exists (select 1 from app.risk_events e where e.source_id = s.id and app.risk_type_matches(e.type, v_types));

  return jsonb_build_object(
    'types', to_jsonb(v_types),
    'area', jsonb_build_object('before', v_a0, 'after', v_a1),
    'comparison', jsonb_build_object('before', v_c0, 'after', v_c1),
    -- The first instant covered and the last one (the end of the last covered day).
    'data', jsonb_build_object(
      'first', v_first::timestamp at time zone 'Europe/Stockholm',
      'last', ((v_last + 1)::timestamp at time zone 'Europe/Stockholm') - interval '1 millisecond'));
end
$$;
revoke execute on function app.measure_event_counts(uuid, jsonb) from public;

-- As in 20261202000900_strategy.sql, plus `events` (app.measure_event_counts).
create or replace function api.measure_effect(p_id uuid, p_months int default 12, p_comparison text default 'district')
returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_counts jsonb;
begin
  perform app.require_staff();
  v_counts := app.measure_effect_counts(p_id, p_months, p_comparison);
  return v_counts || jsonb_build_object('events', app.measure_event_counts(p_id, v_counts));
end
$$;
revoke execute on function api.measure_effect(uuid,integer,text) from public;
grant execute on function api.measure_effect(uuid,integer,text) to authenticated;
