-- The strategy as data (issue 15): strategy periods, each with its challenge map (thematic areas, challenges with
-- the four criteria's scores and the reasoning, which of them are prioritised), which challenge each category
-- belongs to, and per prioritised challenge an action plan per year with its activities. A strategist (or admin)
-- drafts the next period from the current one, edits it and publishes it from a date; nothing in SQL or
-- TypeScript names a challenge or assumes how many there are.
--
-- The period IN FORCE at a time t is the published period with the latest starts_on on or before t's Stockholm
-- date (app.period_in_force). A report stores the challenge its category had in the period in force when it was
-- filed (app.reports_derive) and keeps it: publishing a period never rewrites a report. app.challenges is the
-- registry of every challenge code a published period has used (the reports' foreign key target), with the names
-- of the latest period published with it.
--
-- Drafts are visible to strategists and admins only; published periods to everyone. Action plans are internal
-- (staff read them). Every write goes through the security definer functions below, which check the whole
-- period (app.strategy_period_check) and raise stable error codes. Contracts: src/api/strategy-periods.ts.

-- Limits shared with the client (src/api/strategy-periods.ts: STRATEGY_MAX_CHALLENGES, STRATEGY_MAX_AREAS,
-- ACTION_PLAN_MAX_ACTIVITIES, ACTION_PLAN_MAX_INDICATORS).
create or replace function app.strategy_code_ok(p_code text) returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$ select p_code is not null and p_code ~ '^[a-z][a-z0-9_]{1,39}$' $$;
revoke execute on function app.strategy_code_ok(text) from public;

-- Periods -----------------------------------------------------------------------------------------------------
create table app.strategy_periods (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200 and name = btrim(name)),
  status text not null default 'draft' check (status in ('draft', 'published')),
  -- Stockholm dates, both inclusive; ends_on is set when the next period is published (the day before it).
  starts_on date,
  ends_on date,
  based_on uuid references app.strategy_periods (id) on delete set null,
  created_by uuid,
  created_at timestamptz not null default now(),
  published_at timestamptz,
  published_by uuid,
  is_demo boolean not null default false,
  constraint strategy_periods_published_has_start check (status = 'draft' or starts_on is not null),
  constraint strategy_periods_ends_after_start check (ends_on is null or ends_on >= starts_on)
);
alter table app.strategy_periods enable row level security;

-- At most one published period starts on a day (the period in force is then never ambiguous).
create unique index strategy_periods_published_start_idx on app.strategy_periods (starts_on)
  where status = 'published';

comment on table app.strategy_periods is
  'Strategy periods (draft | published). Written only through api.draft_strategy_period, '
  'api.save_strategy_period and api.publish_strategy_period.';

-- The thematic areas of a period's challenge map.
create table app.period_areas (
  period_id uuid not null references app.strategy_periods (id) on delete cascade,
  code text not null check (app.strategy_code_ok(code)),
  name_sv text not null check (char_length(name_sv) between 1 and 200),
  name_en text not null check (char_length(name_en) between 1 and 200),
  -- The Arabic name (Malmö's second language; residents read it), null = none: the Swedish one is shown.
  name_ar text check (name_ar is null or (char_length(name_ar) between 1 and 200 and name_ar = btrim(name_ar))),
  sort int not null default 0,
  primary key (period_id, code)
);
alter table app.period_areas enable row level security;

-- The challenges of a period's challenge map.
create table app.period_challenges (
  period_id uuid not null references app.strategy_periods (id) on delete cascade,
  code text not null check (app.strategy_code_ok(code)),
  name_sv text not null check (char_length(name_sv) between 1 and 200),
  name_en text not null check (char_length(name_en) between 1 and 200),
  -- The Arabic name (Malmö's second language; residents read it), null = none: the Swedish one is shown.
  name_ar text check (name_ar is null or (char_length(name_ar) between 1 and 200 and name_ar = btrim(name_ar))),
  description_sv text not null default '' check (char_length(description_sv) <= 2000),
  description_en text not null default '' check (char_length(description_en) <= 2000),
  description_ar text check (description_ar is null or (char_length(description_ar) between 1 and 2000 and description_ar = btrim(description_ar))),
  -- The thematic area; null = not placed.
  area text,
  prioritised boolean not null default false,
  sort int not null default 0,
  -- The strategy's four criteria, 0–3 each; null = not scored (in the app).
  crit_preventive smallint check (crit_preventive between 0 and 3),
  crit_research smallint check (crit_research between 0 and 3),
  crit_vulnerable smallint check (crit_vulnerable between 0 and 3),
  crit_quick smallint check (crit_quick between 0 and 3),
  reasoning text not null default '' check (char_length(reasoning) <= 4000),
  -- The crew's field report offers this challenge's categories first and its hot spots by default.
  crew_focus boolean not null default false,
  -- The dashboard also counts other challenges' reports linked to a planned development (app.dashboard_data).
  counts_development_links boolean not null default false,
  -- The actual-risk event types (app.risk_events.type) that are this challenge's actual risk: exact types or
  -- whole families (injury, police, event); empty = none. Data, not code: nothing names a challenge.
  risk_types text[] not null default '{}' constraint period_challenges_risk_types_check check (app.risk_types_ok(risk_types)),
  primary key (period_id, code),
  foreign key (period_id, area) references app.period_areas (period_id, code)
);
alter table app.period_challenges enable row level security;

create unique index period_challenges_one_crew_focus_idx on app.period_challenges (period_id) where crew_focus;

-- Which challenge each category belongs to in a period (only prioritised challenges take categories).
create table app.period_categories (
  period_id uuid not null references app.strategy_periods (id) on delete cascade,
  category text not null references app.categories (code),
  challenge text not null,
  primary key (period_id, category),
  foreign key (period_id, challenge) references app.period_challenges (period_id, code)
);
alter table app.period_categories enable row level security;

create index period_categories_challenge_idx on app.period_categories (period_id, challenge);

-- Action plans: per prioritised challenge and year, the responsible department, the target and the indicators
-- ([{name, unit, baseline, target, actual}], numbers or null).
create table app.action_plans (
  -- Generated by the client, so a retried save updates instead of duplicating.
  id uuid primary key,
  period_id uuid not null references app.strategy_periods (id) on delete cascade,
  challenge text not null,
  year int not null check (year between 2000 and 2100),
  department text not null check (char_length(department) between 1 and 200),
  target text not null default '' check (char_length(target) <= 4000),
  indicators jsonb not null default '[]'::jsonb
    check (jsonb_typeof(indicators) = 'array' and jsonb_array_length(indicators) <= 30),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  is_demo boolean not null default false,
  unique (period_id, challenge, year),
  foreign key (period_id, challenge) references app.period_challenges (period_id, code)
);
alter table app.action_plans enable row level security;

create table app.action_plan_activities (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references app.action_plans (id) on delete cascade,
  title text not null check (char_length(title) between 1 and 300),
  measure_id uuid references app.measures (id) on delete set null,
  status text not null default 'planned' check (status in ('planned', 'started', 'done')),
  note text not null default '' check (char_length(note) <= 2000),
  sort int not null default 0
);
alter table app.action_plan_activities enable row level security;

create index action_plan_activities_plan_idx on app.action_plan_activities (plan_id, sort);
create index action_plan_activities_measure_idx on app.action_plan_activities (measure_id)
  where measure_id is not null;

-- Reads: published periods and their maps for everyone, drafts for strategists and admins; action plans for staff.
-- Nobody writes directly.
grant select on app.strategy_periods, app.period_areas, app.period_challenges, app.period_categories
  to anon, authenticated;
grant select on app.action_plans, app.action_plan_activities to authenticated;

create policy "Published periods for everyone, drafts for strategists" on app.strategy_periods
  for select to anon, authenticated using (status = 'published' or (select app.has_role('strategist')));

create policy "Areas of a visible period" on app.period_areas
  for select to anon, authenticated
  using (exists (select 1 from app.strategy_periods p where p.id = period_id));

create policy "Challenges of a visible period" on app.period_challenges
  for select to anon, authenticated
  using (exists (select 1 from app.strategy_periods p where p.id = period_id));

create policy "Categories of a visible period" on app.period_categories
  for select to anon, authenticated
  using (exists (select 1 from app.strategy_periods p where p.id = period_id));

create policy "Staff read action plans of a visible period" on app.action_plans
  for select to authenticated
  using ((select app.is_staff()) and exists (select 1 from app.strategy_periods p where p.id = period_id));

create policy "Staff read the activities of a visible action plan" on app.action_plan_activities
  for select to authenticated
  using ((select app.is_staff()) and exists (select 1 from app.action_plans a where a.id = plan_id));

-- The period in force ------------------------------------------------------------------------------------------
-- The published period with the latest start on or before p_at's Stockholm date; before the first period, the
-- first one (a report is never without a challenge).
create or replace function app.period_in_force(p_at timestamptz default now()) returns uuid
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(
    (select p.id from app.strategy_periods p
      where p.status = 'published' and p.starts_on <= (p_at at time zone 'Europe/Stockholm')::date
      order by p.starts_on desc limit 1),
    (select p.id from app.strategy_periods p
      where p.status = 'published' order by p.starts_on limit 1))
$$;
revoke execute on function app.period_in_force(timestamp with time zone) from public;

-- A category's challenge in the period in force at p_at (null: the category has none then).
create or replace function app.category_challenge(p_category text, p_at timestamptz) returns text
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select pc.challenge from app.period_categories pc
   where pc.period_id = app.period_in_force(p_at) and pc.category = p_category
$$;
revoke execute on function app.category_challenge(text, timestamp with time zone) from public;

-- Whether the dashboard counts development-linked reports of other challenges under p_challenge: the challenge
-- carries counts_development_links in a published period overlapping [p_from, p_to) (null = unbounded).
create or replace function app.counts_development_links(p_challenge text, p_from timestamptz, p_to timestamptz)
returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1 from app.period_challenges c join app.strategy_periods p on p.id = c.period_id
     where c.code = p_challenge and c.counts_development_links and p.status = 'published'
       and (p_to is null or p.starts_on < (p_to at time zone 'Europe/Stockholm')::date + 1)
       and (p_from is null or p.ends_on is null or p.ends_on >= (p_from at time zone 'Europe/Stockholm')::date))
$$;
revoke execute on function app.counts_development_links(text, timestamp with time zone, timestamp with time zone)
  from public;

-- Reference data for the client: the period in force's prioritised challenges, each category's challenge in it,
-- the statuses and the status workflow, in one call (the client caches it). Categories without a challenge in
-- that period (inactive ones) are left out.
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
               'description_sv', h.description_sv, 'description_en', h.description_en,
               'description_ar', h.description_ar, 'sort', h.sort,
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

-- Reading ------------------------------------------------------------------------------------------------------
-- One period as list_strategy_periods shows it (challenges and prioritised are counts).
create or replace function app.strategy_period_json(p_id uuid) returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
    'id', p.id, 'name', p.name, 'status', p.status,
    'starts_on', to_char(p.starts_on, 'YYYY-MM-DD'), 'ends_on', to_char(p.ends_on, 'YYYY-MM-DD'),
    'based_on', p.based_on, 'in_force', p.id is not distinct from app.period_in_force(now()),
    'challenges', (select count(*) from app.period_challenges c where c.period_id = p.id),
    'prioritised', (select count(*) from app.period_challenges c where c.period_id = p.id and c.prioritised),
    'created_at', p.created_at, 'published_at', p.published_at)
    from app.strategy_periods p where p.id = p_id
$$;
revoke execute on function app.strategy_period_json(uuid) from public;

-- One action plan with its activities (the measure's title beside its id).
create or replace function app.action_plan_json(p_id uuid) returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
    'id', a.id, 'period_id', a.period_id, 'challenge', a.challenge, 'year', a.year, 'department', a.department,
    'target', a.target, 'indicators', a.indicators,
    'activities', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', x.id, 'title', x.title, 'measure_id', x.measure_id, 'measure_title', m.title,
               'status', x.status, 'note', x.note) order by x.sort, x.id)
        from app.action_plan_activities x left join app.measures m on m.id = x.measure_id
       where x.plan_id = a.id), '[]'::jsonb))
    from app.action_plans a where a.id = p_id
$$;
revoke execute on function app.action_plan_json(uuid) from public;

-- Whether the caller may see a period: published ones everyone, drafts strategists and admins (as the RLS policy).
create or replace function app.strategy_period_visible(p_status text) returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $$ select p_status = 'published' or app.has_role('strategist') $$;
revoke execute on function app.strategy_period_visible(text) from public;

-- Drafts first (newest first), then the published periods, latest start first.
create or replace function api.list_strategy_periods() returns jsonb
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(jsonb_agg(app.strategy_period_json(p.id)
                            order by p.status = 'published', p.starts_on desc nulls first, p.created_at desc),
                  '[]'::jsonb)
    from app.strategy_periods p
   where app.strategy_period_visible(p.status)
$$;
revoke execute on function api.list_strategy_periods() from public;
grant execute on function api.list_strategy_periods() to anon, authenticated;

-- A challenge's actual risk (its risk_types) at p_at: as in the published period in force then (the end of a
-- dashboard's window, a measure's done date), else in the latest published period that has the challenge; '{}'
-- when none. The dashboard (app.dashboard_risk) and a measure's effect (app.measure_event_counts) count those events.
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

-- A row's Arabic texts as JSON: `name_ar` and `description_ar` where it has them, `{}` without (a period's JSON
-- without Arabic texts reads as before).
create or replace function app.arabic_json(p_name_ar text, p_description_ar text default null) returns jsonb
language sql immutable
set search_path = pg_catalog, pg_temp
as $$ select jsonb_strip_nulls(jsonb_build_object('name_ar', p_name_ar, 'description_ar', p_description_ar)) $$;
revoke execute on function app.arabic_json(text, text) from public;

-- One period with its challenge map; its action plans for staff only (they are internal).
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
                                        || app.arabic_json(a.name_ar)
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
               'risk_types', to_jsonb(c.risk_types)) || app.arabic_json(c.name_ar, c.description_ar) order by c.sort, c.code)
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

-- Checking a whole period ----------------------------------------------------------------------------------------
-- The rules a saved draft and a published period must meet, over the stored rows (the parser below has already
-- refused malformed input). Raises the first broken rule's code.
create or replace function app.strategy_period_check(p_id uuid) returns void
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  if (select count(*) from app.period_challenges c where c.period_id = p_id) > 30 then
    raise exception 'too_many_challenges' using errcode = '22023';
  end if;
  if not exists (select 1 from app.period_challenges c where c.period_id = p_id and c.prioritised) then
    raise exception 'no_prioritised_challenge' using errcode = '22023';
  end if;
  -- Categories, the crew's focus and action plans only on prioritised challenges.
  if exists (select 1 from app.period_categories pc
               join app.period_challenges c on c.period_id = pc.period_id and c.code = pc.challenge
              where pc.period_id = p_id and not c.prioritised)
     or exists (select 1 from app.period_challenges c
                 where c.period_id = p_id and c.crew_focus and not c.prioritised)
     or exists (select 1 from app.action_plans a
                  join app.period_challenges c on c.period_id = a.period_id and c.code = a.challenge
                 where a.period_id = p_id and not c.prioritised) then
    raise exception 'challenge_not_prioritised' using errcode = '22023';
  end if;
  -- Every active category has a challenge (a report in it must get one).
  if exists (select 1 from app.categories k
              where k.active
                and not exists (select 1 from app.period_categories pc
                                 where pc.period_id = p_id and pc.category = k.code)) then
    raise exception 'category_without_challenge' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.strategy_period_check(uuid) from public;

-- A text field of a JSON object: a string, trimmed; '' when absent or null; null when of another type.
create or replace function app.json_text(p_obj jsonb, p_key text) returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case coalesce(jsonb_typeof(p_obj->p_key), 'null')
           when 'null' then ''
           when 'string' then btrim(p_obj->>p_key)
         end
$$;
revoke execute on function app.json_text(jsonb, text) from public;

-- Writing ------------------------------------------------------------------------------------------------------
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
  insert into app.period_areas (period_id, code, name_sv, name_en, name_ar, sort)
  select v_id, a.code, a.name_sv, a.name_en, a.name_ar, a.sort from app.period_areas a where a.period_id = p_from;
  insert into app.period_challenges (period_id, code, name_sv, name_en, name_ar, description_sv, description_en,
                                     description_ar, area, prioritised, sort, crit_preventive, crit_research,
                                     crit_vulnerable, crit_quick, reasoning, crew_focus, counts_development_links,
                                     risk_types)
  select v_id, c.code, c.name_sv, c.name_en, c.name_ar, c.description_sv, c.description_en, c.description_ar, c.area,
         c.prioritised, c.sort,
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

-- Saves a draft wholesale: name, areas, challenges and categories (action plans are saved one by one and kept;
-- a challenge that has one must stay prioritised). The input is checked element by element first, then the
-- stored period as a whole (app.strategy_period_check); any refusal rolls the whole save back.
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
    -- name_ar: a string ('' = none), null or absent (none).
    if app.json_text(v_e, 'name_ar') is null then
      raise exception 'invalid_period' using errcode = '22023';
    end if;
    if char_length(app.json_text(v_e, 'name_ar')) > 200 then
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
    -- name_ar: a string ('' = none), null or absent (none).
    if app.json_text(v_e, 'name_ar') is null then
      raise exception 'invalid_period' using errcode = '22023';
    end if;
    if char_length(app.json_text(v_e, 'name_ar')) > 200 then
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
    -- description_ar: a string ('' = none), null or absent (none).
    if app.json_text(v_e, 'description_ar') is null then
      raise exception 'invalid_period' using errcode = '22023';
    end if;
    if char_length(app.json_text(v_e, 'description_ar')) > 2000 then
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
  insert into app.period_areas as a (period_id, code, name_sv, name_en, name_ar, sort)
  select p_id, e->>'code', app.json_text(e, 'name_sv'), app.json_text(e, 'name_en'),
         nullif(app.json_text(e, 'name_ar'), ''), coalesce(round((e->>'sort')::numeric)::int, o::int)
    from jsonb_array_elements(v_areas) with ordinality x(e, o)
  on conflict (period_id, code) do update
    set name_sv = excluded.name_sv, name_en = excluded.name_en, name_ar = excluded.name_ar, sort = excluded.sort;
  insert into app.period_challenges as c (period_id, code, name_sv, name_en, name_ar, description_sv, description_en,
                                          description_ar, area, prioritised, sort, crit_preventive, crit_research,
                                          crit_vulnerable, crit_quick, reasoning, crew_focus, counts_development_links,
                                          risk_types)
  select p_id, e->>'code', app.json_text(e, 'name_sv'), app.json_text(e, 'name_en'), nullif(app.json_text(e, 'name_ar'), ''),
         app.json_text(e, 'description_sv'), app.json_text(e, 'description_en'),
         nullif(app.json_text(e, 'description_ar'), ''), e->>'area',
         coalesce((e->>'prioritised')::boolean, false), coalesce(round((e->>'sort')::numeric)::int, o::int),
         (e->>'crit_preventive')::smallint, (e->>'crit_research')::smallint, (e->>'crit_vulnerable')::smallint,
         (e->>'crit_quick')::smallint, app.json_text(e, 'reasoning'), coalesce((e->>'crew_focus')::boolean, false),
         coalesce((e->>'counts_development_links')::boolean, false), app.risk_types_input(e)
    from jsonb_array_elements(v_challenges) with ordinality x(e, o)
  on conflict (period_id, code) do update
    set name_sv = excluded.name_sv, name_en = excluded.name_en, name_ar = excluded.name_ar,
        description_sv = excluded.description_sv, description_ar = excluded.description_ar,
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

-- The status of period p_id, with the periods table locked against other publications and deletions until the
-- transaction ends (publish and delete take it: one at a time); period_not_found when there is none.
create or replace function app.locked_period_status(p_id uuid) returns text
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_status text;
begin
  lock table app.strategy_periods in share row exclusive mode;
  select p.status into v_status from app.strategy_periods p where p.id = p_id;
  if v_status is null then
    raise exception 'period_not_found' using errcode = '22023';
  end if;
  return v_status;
end
$$;
revoke execute on function app.locked_period_status(uuid) from public;

-- Publishes a draft from p_starts_on (a Stockholm date): today or later, and after the start of the latest
-- published period, whose ends_on becomes the day before. The challenge codes enter the registry (app.challenges)
-- with this period's names. Reports filed from that date on get this period's challenges; earlier ones keep theirs.
create or replace function api.publish_strategy_period(p_id uuid, p_starts_on date) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_status text;
  v_latest uuid;
  v_latest_start date;
begin
  perform app.require_staff('strategist');
  -- One publication at a time: the latest published period must not change under us.
  v_status := app.locked_period_status(p_id);
  if v_status <> 'draft' then
    raise exception 'period_not_draft' using errcode = '22023';
  end if;
  select p.id, p.starts_on into v_latest, v_latest_start
    from app.strategy_periods p where p.status = 'published' order by p.starts_on desc limit 1;
  if p_starts_on is null or p_starts_on < (now() at time zone 'Europe/Stockholm')::date
     or p_starts_on > make_date(2100, 1, 1) or p_starts_on <= v_latest_start then
    raise exception 'invalid_start_date' using errcode = '22023';
  end if;
  perform app.strategy_period_check(p_id);

  insert into app.challenges as h (code, name_sv, name_en, description_sv, description_en, sort)
  select c.code, c.name_sv, c.name_en, c.description_sv, c.description_en, c.sort
    from app.period_challenges c where c.period_id = p_id
  on conflict (code) do update
    set name_sv = excluded.name_sv, name_en = excluded.name_en, description_sv = excluded.description_sv,
        description_en = excluded.description_en, sort = excluded.sort;
  update app.strategy_periods set ends_on = p_starts_on - 1 where id = v_latest;
  update app.strategy_periods
     set status = 'published', starts_on = p_starts_on, ends_on = null, published_at = now(),
         published_by = (select auth.uid())
   where id = p_id;
  return app.strategy_period_json(p_id);
end
$$;
revoke execute on function api.publish_strategy_period(uuid, date) from public;
grant execute on function api.publish_strategy_period(uuid, date) to authenticated;

-- Creates or updates one action plan (by id; unique per period, challenge and year) and replaces its activities.
create or replace function api.save_action_plan(p_plan jsonb) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id uuid;
  v_period uuid;
  v_challenge text;
  v_year int;
  v_department text;
  v_target text;
  v_indicators jsonb;
  v_activities jsonb;
  v_e jsonb;
  v_existing uuid;
  v_ids uuid[] := array[]::uuid[];
  v_act_id uuid;
  v_o int;
begin
  perform app.require_staff('strategist');
  if jsonb_typeof(p_plan) is distinct from 'object' then
    raise exception 'invalid_action_plan' using errcode = '22023';
  end if;
  begin
    v_id := (p_plan->>'id')::uuid;
    v_period := (p_plan->>'period_id')::uuid;
  exception when others then
    raise exception 'invalid_action_plan' using errcode = '22023';
  end;
  if v_id is null then
    raise exception 'invalid_action_plan' using errcode = '22023';
  end if;
  if v_period is null or not exists (select 1 from app.strategy_periods p where p.id = v_period) then
    raise exception 'period_not_found' using errcode = '22023';
  end if;
  -- An existing plan stays in its period and keeps its challenge's row locked against a concurrent save.
  select a.period_id into v_existing from app.action_plans a where a.id = v_id for update;
  if v_existing is not null and v_existing <> v_period then
    raise exception 'invalid_action_plan' using errcode = '22023';
  end if;

  v_challenge := p_plan->>'challenge';
  if jsonb_typeof(p_plan->'challenge') is distinct from 'string' or not app.strategy_code_ok(v_challenge) then
    raise exception 'invalid_code' using errcode = '22023';
  end if;
  if not exists (select 1 from app.period_challenges c where c.period_id = v_period and c.code = v_challenge) then
    raise exception 'unknown_challenge' using errcode = '22023';
  end if;
  if not exists (select 1 from app.period_challenges c
                  where c.period_id = v_period and c.code = v_challenge and c.prioritised) then
    raise exception 'challenge_not_prioritised' using errcode = '22023';
  end if;
  if jsonb_typeof(p_plan->'year') is distinct from 'number' or (p_plan->>'year') !~ '^\d{4}$'
     or (p_plan->>'year')::int not between 2000 and 2100 then
    raise exception 'invalid_year' using errcode = '22023';
  end if;
  v_year := (p_plan->>'year')::int;
  v_department := app.json_text(p_plan, 'department');
  if v_department is null or v_department = '' then
    raise exception 'department_required' using errcode = '22023';
  end if;
  if char_length(v_department) > 200 then
    raise exception 'name_too_long' using errcode = '22023';
  end if;
  v_target := app.json_text(p_plan, 'target');
  if v_target is null then
    raise exception 'invalid_action_plan' using errcode = '22023';
  end if;
  if char_length(v_target) > 4000 then
    raise exception 'text_too_long' using errcode = '22023';
  end if;

  -- Indicators: [{name, unit, baseline, target, actual}], the numbers finite or null.
  v_indicators := coalesce(p_plan->'indicators', '[]'::jsonb);
  if jsonb_typeof(v_indicators) <> 'array' or jsonb_array_length(v_indicators) > 30 then
    raise exception 'invalid_indicators' using errcode = '22023';
  end if;
  for v_e in select e from jsonb_array_elements(v_indicators) e loop
    if jsonb_typeof(v_e) <> 'object' or coalesce(app.json_text(v_e, 'name'), '') = ''
       or char_length(app.json_text(v_e, 'name')) > 200
       or app.json_text(v_e, 'unit') is null or char_length(app.json_text(v_e, 'unit')) > 50
       or coalesce(jsonb_typeof(v_e->'baseline'), 'null') not in ('null', 'number')
       or coalesce(jsonb_typeof(v_e->'target'), 'null') not in ('null', 'number')
       or coalesce(jsonb_typeof(v_e->'actual'), 'null') not in ('null', 'number') then
      raise exception 'invalid_indicators' using errcode = '22023';
    end if;
  end loop;
  select coalesce(jsonb_agg(jsonb_build_object(
           'name', app.json_text(e, 'name'), 'unit', app.json_text(e, 'unit'),
           'baseline', e->'baseline', 'target', e->'target', 'actual', e->'actual') order by o), '[]'::jsonb)
    into v_indicators
    from jsonb_array_elements(v_indicators) with ordinality x(e, o);

  -- Activities: checked before anything is written.
  v_activities := coalesce(p_plan->'activities', '[]'::jsonb);
  if jsonb_typeof(v_activities) <> 'array' then
    raise exception 'invalid_activity' using errcode = '22023';
  end if;
  if jsonb_array_length(v_activities) > 100 then
    raise exception 'too_many' using errcode = '22023';
  end if;
  for v_e in select e from jsonb_array_elements(v_activities) e loop
    if jsonb_typeof(v_e) <> 'object' then
      raise exception 'invalid_activity' using errcode = '22023';
    end if;
    if coalesce(app.json_text(v_e, 'title'), '') = '' then
      raise exception 'title_required' using errcode = '22023';
    end if;
    if char_length(app.json_text(v_e, 'title')) > 300 or char_length(app.json_text(v_e, 'note')) > 2000 then
      raise exception 'text_too_long' using errcode = '22023';
    end if;
    if app.json_text(v_e, 'note') is null
       or coalesce(v_e->>'status', 'planned') not in ('planned', 'started', 'done') then
      raise exception 'invalid_activity' using errcode = '22023';
    end if;
    begin
      v_act_id := (v_e->>'id')::uuid;
    exception when others then
      raise exception 'invalid_activity' using errcode = '22023';
    end;
    if v_act_id is not null then
      if v_act_id = any(v_ids)
         or exists (select 1 from app.action_plan_activities x where x.id = v_act_id and x.plan_id <> v_id) then
        raise exception 'invalid_activity' using errcode = '22023';
      end if;
      v_ids := v_ids || v_act_id;
    end if;
    if coalesce(jsonb_typeof(v_e->'measure_id'), 'null') <> 'null' then
      begin
        if not exists (select 1 from app.measures m where m.id = (v_e->>'measure_id')::uuid) then
          raise exception 'measure_not_found' using errcode = '22023';
        end if;
      exception when invalid_text_representation then
        raise exception 'measure_not_found' using errcode = '22023';
      end;
    end if;
  end loop;

  if exists (select 1 from app.action_plans a
              where a.period_id = v_period and a.challenge = v_challenge and a.year = v_year and a.id <> v_id) then
    raise exception 'invalid_action_plan' using errcode = '22023';
  end if;

  insert into app.action_plans as a (id, period_id, challenge, year, department, target, indicators, created_by)
  values (v_id, v_period, v_challenge, v_year, v_department, v_target, v_indicators, (select auth.uid()))
  on conflict (id) do update
    set challenge = excluded.challenge, year = excluded.year, department = excluded.department,
        target = excluded.target, indicators = excluded.indicators, updated_at = now();

  delete from app.action_plan_activities x where x.plan_id = v_id and not (x.id = any(v_ids));
  v_o := 0;
  for v_e in select e from jsonb_array_elements(v_activities) e loop
    v_o := v_o + 1;
    insert into app.action_plan_activities as x (id, plan_id, title, measure_id, status, note, sort)
    values (coalesce((v_e->>'id')::uuid, gen_random_uuid()), v_id, app.json_text(v_e, 'title'),
            (v_e->>'measure_id')::uuid, coalesce(v_e->>'status', 'planned'), app.json_text(v_e, 'note'), v_o)
    on conflict (id) do update
      set title = excluded.title, measure_id = excluded.measure_id, status = excluded.status,
          note = excluded.note, sort = excluded.sort;
  end loop;

  return app.action_plan_json(v_id);
end
$$;
revoke execute on function api.save_action_plan(jsonb) from public;
grant execute on function api.save_action_plan(jsonb) to authenticated;

-- The action plans' follow-up for one year of a period: per plan (department, challenge), its target and
-- indicators, its activities with their measure's status, done date and effect (app.measure_effect_counts,
-- 12 months, comparison 'district', for a done measure), and the challenge's reports (its stored challenge,
-- duplicates excluded, by observed_at in Stockholm) in the year and the year before, and its actual risk by
-- this period's risk types for it (app.followup_risk: events in the year and the year before, and their sources).
create or replace function api.action_plan_followup(p_period uuid, p_year int) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_period jsonb;
  v_from timestamptz;
  v_mid timestamptz;
  v_to timestamptz;
begin
  perform app.require_staff();
  if p_year is null or p_year not between 2000 and 2100 then
    raise exception 'invalid_year' using errcode = '22023';
  end if;
  select jsonb_build_object('id', p.id, 'name', p.name, 'starts_on', to_char(p.starts_on, 'YYYY-MM-DD'),
                            'ends_on', to_char(p.ends_on, 'YYYY-MM-DD'))
    into v_period
    from app.strategy_periods p
   where p.id = p_period and app.strategy_period_visible(p.status);
  if v_period is null then
    raise exception 'period_not_found' using errcode = '22023';
  end if;
  v_from := make_timestamptz(p_year - 1, 1, 1, 0, 0, 0, 'Europe/Stockholm');
  v_mid := make_timestamptz(p_year, 1, 1, 0, 0, 0, 'Europe/Stockholm');
  v_to := make_timestamptz(p_year + 1, 1, 1, 0, 0, 0, 'Europe/Stockholm');
  return jsonb_build_object(
    'period', v_period,
    'year', p_year,
    'plans', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', a.id, 'department', a.department, 'challenge', a.challenge, 'target', a.target,
               'indicators', a.indicators,
               'activities', coalesce((
                 select jsonb_agg(jsonb_build_object(
                          'id', x.id, 'title', x.title, 'status', x.status, 'note', x.note,
                          'measure', case when m.id is null then null else jsonb_build_object(
                            'id', m.id, 'title', m.title, 'status', m.status,
                            'done_date', to_char(m.done_date, 'YYYY-MM-DD'),
                            'effect', case when m.status = 'done'
                                           then app.measure_effect_counts(m.id, 12, 'district') end) end)
                          order by x.sort, x.id)
                   from app.action_plan_activities x left join app.measures m on m.id = x.measure_id
                  where x.plan_id = a.id), '[]'::jsonb),
               'reports', (select jsonb_build_object(
                             'year', count(*) filter (where r.observed_at >= v_mid),
                             'previous_year', count(*) filter (where r.observed_at < v_mid))
                             from app.reports r
                            where r.challenge = a.challenge and r.status <> 'duplicate'
                              and r.observed_at >= v_from and r.observed_at < v_to),
               -- The challenge's actual risk by this period's risk types for it (null without them).
               'risk', app.followup_risk(a.challenge,
                                         (select c.risk_types from app.period_challenges c
                                           where c.period_id = p_period and c.code = a.challenge),
                                         p_year))
             order by a.department, a.challenge)
        from app.action_plans a where a.period_id = p_period and a.year = p_year), '[]'::jsonb));
end
$$;
revoke execute on function api.action_plan_followup(uuid, integer) from public;
grant execute on function api.action_plan_followup(uuid, integer) to authenticated;

-- delete_strategy_period -----------------------------------------------------------------------------------
-- Deletes a draft with its challenge map and action plans (on delete cascade). A published period is history:
-- reports were filed under it, so it is never deleted (published_period_not_deletable). A period drafted from this one keeps
-- its map; its based_on becomes null. Strategists and admins.
create or replace function api.delete_strategy_period(p_id uuid) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_status text;
begin
  perform app.require_staff('strategist');
  -- The same lock as publish_strategy_period: a draft being published is not deleted under it.
  v_status := app.locked_period_status(p_id);
  if v_status <> 'draft' then
    raise exception 'published_period_not_deletable' using errcode = '22023';
  end if;
  delete from app.strategy_periods where id = p_id;
  return jsonb_build_object('id', p_id);
end
$$;
revoke execute on function api.delete_strategy_period(uuid) from public;
grant execute on function api.delete_strategy_period(uuid) to authenticated;

-- delete_action_plan ----------------------------------------------------------------------------------------
-- Deletes an action plan and its activities (on delete cascade; the measures they linked stay). Any period's
-- plan: a plan is the strategists' working material, not what a report was filed under. Strategists and admins.
create or replace function api.delete_action_plan(p_id uuid) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_activities int;
begin
  perform app.require_staff('strategist');
  perform 1 from app.action_plans a where a.id = p_id for update;
  if not found then
    raise exception 'action_plan_not_found' using errcode = '22023';
  end if;
  select count(*) into v_activities from app.action_plan_activities x where x.plan_id = p_id;
  delete from app.action_plans where id = p_id;
  return jsonb_build_object('id', p_id, 'deleted_activities', v_activities);
end
$$;
revoke execute on function api.delete_action_plan(uuid) from public;
grant execute on function api.delete_action_plan(uuid) to authenticated;
