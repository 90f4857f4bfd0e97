-- Arabic names for the reference data residents read (issue 15): the app's Arabic interface showed categories,
-- challenges and statuses in Swedish. Each category and status, and each challenge and thematic area of a strategy
-- period, may carry an Arabic name; null = none yet, and the client then shows the Swedish one (src/ui/format.ts, nameOf). The
-- seed's names come from public/data (scripts/build-seed.mjs).

alter table app.categories
  add column name_ar text check (name_ar is null or (char_length(name_ar) between 1 and 200 and name_ar = btrim(name_ar)));
alter table app.statuses
  add column name_ar text check (name_ar is null or (char_length(name_ar) between 1 and 200 and name_ar = btrim(name_ar)));
alter table app.period_challenges
  add column name_ar text check (name_ar is null or (char_length(name_ar) between 1 and 200 and name_ar = btrim(name_ar)));
alter table app.period_areas
  add column name_ar text check (name_ar is null or (char_length(name_ar) between 1 and 200 and name_ar = btrim(name_ar)));

-- list_categories as before, with the challenges', categories' and statuses' Arabic names.
create or replace function api.list_categories() returns jsonb
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  with f as (select app.period_in_force(now()) as id)
  select jsonb_build_object(
    'period', (select jsonb_build_object('id', p.id, 'name', p.name, 'starts_on', to_char(p.starts_on, 'YYYY-MM-DD'))
                 from app.strategy_periods p, f where p.id = f.id),
    'challenges', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', h.code, 'name_sv', h.name_sv, 'name_en', h.name_en, 'name_ar', h.name_ar,
               'description_sv', h.description_sv, 'description_en', h.description_en, 'sort', h.sort,
               'area', h.area, 'crew_focus', h.crew_focus, 'counts_development_links', h.counts_development_links)
             order by h.sort, h.code)
        from app.period_challenges h, f where h.period_id = f.id and h.prioritised), '[]'::jsonb),
    'categories', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', c.code, 'challenge', pc.challenge, 'name_sv', c.name_sv, 'name_en', c.name_en,
               'name_ar', c.name_ar, 'duplicate_radius_m', c.duplicate_radius_m,
               'public_precision_m', c.public_precision_m, 'sort', c.sort)
             order by c.sort, c.code)
        from app.categories c
        join app.period_categories pc on pc.category = c.code
        join f on pc.period_id = f.id
       where c.active), '[]'::jsonb),
    'statuses', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', s.code, 'group', s."group", 'name_sv', s.name_sv, 'name_en', s.name_en, 'name_ar', s.name_ar,
               'sort', s.sort, 'note_required', s.note_required, 'reopen_days', s.reopen_days)
             order by s.sort, s.code)
        from app.statuses s), '[]'::jsonb),
    'transitions', coalesce((
      select jsonb_agg(jsonb_build_object('from', x.from_status, 'to', x.to_status, 'roles', x.roles)
             order by x.from_sort, x.to_sort)
        from (
          select t.from_status, t.to_status, fs.sort as from_sort, s.sort as to_sort,
                 jsonb_agg(t.role order by array_position(
                   array['resident', 'crew', 'planner', 'strategist', 'admin'], t.role)) as roles
            from app.status_transitions t
            join app.statuses fs on fs.code = t.from_status
            join app.statuses s on s.code = t.to_status
           group by t.from_status, t.to_status, fs.sort, s.sort) x), '[]'::jsonb))
$$;
revoke execute on function api.list_categories() from public;
grant execute on function api.list_categories() to anon, authenticated;

-- The strategy period's challenges and thematic areas carry their Arabic names through get, draft and save.
-- These three functions' rules live in the earlier migrations (…_strategy_periods.sql, …_challenge_risks.sql);
-- rather than repeat their bodies here (and silently undo a later change to them), each keeps its body under a
-- name in schema app that no API role may call, and the api function wraps it: the wrapped function checks the
-- caller, the period and every other field first, then the Arabic names are checked and written in the same call
-- (a refusal rolls the whole save back). get_strategy_period adds `name_ar` to an area or challenge that has one
-- (absent = none), so a period's JSON without Arabic names reads as before.
alter function api.get_strategy_period(uuid) rename to get_strategy_period_without_arabic;
alter function api.get_strategy_period_without_arabic(uuid) set schema app;
revoke execute on function app.get_strategy_period_without_arabic(uuid) from public, anon, authenticated;
alter function api.draft_strategy_period(uuid, text) rename to draft_strategy_period_without_arabic;
alter function api.draft_strategy_period_without_arabic(uuid, text) set schema app;
revoke execute on function app.draft_strategy_period_without_arabic(uuid, text) from public, anon, authenticated;
alter function api.save_strategy_period(uuid, jsonb) rename to save_strategy_period_without_arabic;
alter function api.save_strategy_period_without_arabic(uuid, jsonb) set schema app;
revoke execute on function app.save_strategy_period_without_arabic(uuid, jsonb) from public, anon, authenticated;

-- A period's JSON (get_strategy_period's shape) with the stored Arabic names of its areas and challenges.
create or replace function app.strategy_period_with_arabic(p_id uuid, p_period jsonb) returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p_period || jsonb_build_object(
    'areas', coalesce((
      select jsonb_agg(case when a.name_ar is null then x.e else x.e || jsonb_build_object('name_ar', a.name_ar) end
                       order by x.o)
        from jsonb_array_elements(p_period->'areas') with ordinality x(e, o)
        left join app.period_areas a on a.period_id = p_id and a.code = x.e->>'code'), '[]'::jsonb),
    'challenges', coalesce((
      select jsonb_agg(case when c.name_ar is null then x.e else x.e || jsonb_build_object('name_ar', c.name_ar) end
                       order by x.o)
        from jsonb_array_elements(p_period->'challenges') with ordinality x(e, o)
        left join app.period_challenges c on c.period_id = p_id and c.code = x.e->>'code'), '[]'::jsonb))
$$;
revoke execute on function app.strategy_period_with_arabic(uuid, jsonb) from public;

create or replace function api.get_strategy_period(p_id uuid) returns jsonb
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$ select app.strategy_period_with_arabic(p_id, app.get_strategy_period_without_arabic(p_id)) $$;
revoke execute on function api.get_strategy_period(uuid) from public;
grant execute on function api.get_strategy_period(uuid) to anon, authenticated;

-- The draft copies the Arabic names of the period it is drafted from.
create or replace function api.draft_strategy_period(p_from uuid, p_name text) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_draft jsonb := app.draft_strategy_period_without_arabic(p_from, p_name);
  v_id uuid := (v_draft->>'id')::uuid;
begin
  update app.period_areas a set name_ar = f.name_ar
    from app.period_areas f where a.period_id = v_id and f.period_id = p_from and f.code = a.code;
  update app.period_challenges c set name_ar = f.name_ar
    from app.period_challenges f where c.period_id = v_id and f.period_id = p_from and f.code = c.code;
  return v_draft;
end
$$;
revoke execute on function api.draft_strategy_period(uuid, text) from public;
grant execute on function api.draft_strategy_period(uuid, text) to authenticated;

-- Saves the draft wholesale as before; each area's and challenge's `name_ar` is a string (trimmed; '' = none),
-- null or absent (none), at most 200 characters.
create or replace function api.save_strategy_period(p_id uuid, p_period jsonb) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_e jsonb;
  v_name text;
begin
  -- Checks the caller, the draft and the input's shape (areas and challenges are arrays of objects), and saves.
  perform app.save_strategy_period_without_arabic(p_id, p_period);
  for v_e in select e from jsonb_array_elements(coalesce(p_period->'areas', '[]'::jsonb)) e
             union all select e from jsonb_array_elements(coalesce(p_period->'challenges', '[]'::jsonb)) e loop
    v_name := app.json_text(v_e, 'name_ar');
    if v_name is null then
      raise exception 'invalid_period' using errcode = '22023';
    end if;
    if char_length(v_name) > 200 then
      raise exception 'name_too_long' using errcode = '22023';
    end if;
  end loop;
  update app.period_areas a set name_ar = nullif(app.json_text(x.e, 'name_ar'), '')
    from jsonb_array_elements(coalesce(p_period->'areas', '[]'::jsonb)) x(e)
   where a.period_id = p_id and a.code = x.e->>'code';
  update app.period_challenges c set name_ar = nullif(app.json_text(x.e, 'name_ar'), '')
    from jsonb_array_elements(coalesce(p_period->'challenges', '[]'::jsonb)) x(e)
   where c.period_id = p_id and c.code = x.e->>'code';
  return api.get_strategy_period(p_id);
end
$$;
revoke execute on function api.save_strategy_period(uuid, jsonb) from public;
grant execute on function api.save_strategy_period(uuid, jsonb) to authenticated;
