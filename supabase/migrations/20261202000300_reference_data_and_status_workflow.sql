-- Reference data: challenges, categories, statuses, districts (delområden) and the municipal boundary.
-- Readable by everyone; written only by migrations/seed (the table owner). The rows are supabase/seed.sql, generated
-- from public/data by scripts/build-seed.mjs. Which challenge a category belongs to is not here: it is data of a
-- strategy period (app.period_categories, …_strategy_periods.sql), and so is api.list_categories.
-- The registry of every challenge code a published strategy period has used (the target of the reports' and
-- measures' foreign keys), with the names of the latest period published with it. api.publish_strategy_period
-- adds to it; the periods' challenge maps are app.period_challenges.
create table app.challenges (
  code text primary key,
  name_sv text not null,
  name_en text not null,
  description_sv text not null,
  description_en text not null,
  sort int not null
);
alter table app.challenges enable row level security;

create table app.categories (
  code text primary key,
  name_sv text not null,
  name_en text not null,
  -- The Arabic name (Malmö's second language; residents read it), null = none: the Swedish one is shown.
  name_ar text check (name_ar is null or (char_length(name_ar) between 1 and 200 and name_ar = btrim(name_ar))),
  -- Within this distance an open report of the same category is offered as "jag upplever också detta".
  duplicate_radius_m int not null check (duplicate_radius_m between 1 and 1000),
  -- Public positions are snapped to a grid of this size (metres, SWEREF 99 TM).
  public_precision_m int not null check (public_precision_m between 1 and 1000),
  active boolean not null default true,
  sort int not null
);
alter table app.categories enable row level security;

create table app.statuses (
  code text primary key,
  "group" text not null check ("group" in ('open', 'closed')),
  name_sv text not null,
  name_en text not null,
  -- The Arabic name (Malmö's second language; residents read it), null = none: the Swedish one is shown.
  name_ar text check (name_ar is null or (char_length(name_ar) between 1 and 200 and name_ar = btrim(name_ar))),
  sort int not null,
  -- The status rules, read by api.change_status and published by api.list_categories so the client asks
  -- for exactly what the database will demand: moving a report into this status needs a note (reopening
  -- always does), and for how many days after a report entered this status its reporter may reopen it
  -- (null: never; whether they may at all is app.status_transitions' role 'resident').
  note_required boolean not null default false,
  reopen_days int check (reopen_days > 0)
);
alter table app.statuses enable row level security;

create table app.districts (
  do_kod int primary key,
  name text not null,
  stadsdel text not null,
  stadsomrade text not null,
  geom extensions.geometry(MultiPolygon, 4326) not null
);
alter table app.districts enable row level security;

create index districts_geom_idx on app.districts using gist (geom);

create table app.boundary (
  id int primary key default 1 check (id = 1),
  name text not null,
  geom extensions.geometry(MultiPolygon, 4326) not null
);
alter table app.boundary enable row level security;

create index boundary_geom_idx on app.boundary using gist (geom);

grant select on app.challenges, app.categories, app.statuses, app.districts, app.boundary
  to anon, authenticated;

create policy "Everyone can read challenges" on app.challenges
  for select to anon, authenticated using (true);

create policy "Everyone can read categories" on app.categories
  for select to anon, authenticated using (true);

create policy "Everyone can read statuses" on app.statuses
  for select to anon, authenticated using (true);

create policy "Everyone can read districts" on app.districts
  for select to anon, authenticated using (true);

create policy "Everyone can read the municipal boundary" on app.boundary
  for select to anon, authenticated using (true);

-- The status workflow as data: which role may move a report from which status to which.
-- api.change_status enforces it; api.list_categories publishes it so the UI offers exactly what is allowed.
-- See docs/security.md for why each role has the transitions it has.
create table app.status_transitions (
  from_status text not null references app.statuses (code),
  to_status text not null references app.statuses (code),
  -- 'resident' means: the reporter of the report (any signed-in user, on their own reports only).
  role text not null check (role in ('resident', 'crew', 'planner', 'strategist', 'admin')),
  primary key (from_status, to_status, role),
  check (from_status <> to_status)
);
alter table app.status_transitions enable row level security;

comment on table app.status_transitions is
  'Status workflow: role may move a report from from_status to to_status. Written only by migrations.';

-- The workflow refers to the status codes, so they must exist before seed.sql runs (it runs after the
-- migrations and updates names and sort with `on conflict … do update`, so the two never disagree).
insert into app.statuses (code, "group", name_sv, name_en, sort, note_required, reopen_days) values
  ('new', 'open', 'Ny', 'New', 1, false, null),
  ('confirmed', 'open', 'Bekräftad', 'Confirmed', 2, false, null),
  ('in_progress', 'open', 'Åtgärdas', 'In progress', 3, false, null),
  ('resolved', 'closed', 'Åtgärdad', 'Resolved', 4, false, 30),
  ('not_actionable', 'closed', 'Ingen åtgärd möjlig', 'Not actionable', 5, true, null),
  ('duplicate', 'closed', 'Dubblett', 'Duplicate', 6, true, null),
  ('referred', 'closed', 'Hänvisad till annan aktör', 'Referred elsewhere', 7, true, null)
on conflict (code) do nothing;

insert into app.status_transitions (from_status, to_status, role)
-- Crew (the city's field staff): confirm, start work (also straight from new: a crew member who sees the
-- problem and takes it on need not confirm it first), and close open reports.
select * from (values ('new', 'confirmed', 'crew'), ('new', 'in_progress', 'crew'),
                      ('confirmed', 'in_progress', 'crew')) v(f, t, r)
union all
select f.code, t.code, 'crew'
  from (values ('new'), ('confirmed'), ('in_progress')) f(code)
  cross join (values ('resolved'), ('not_actionable'), ('duplicate'), ('referred')) t(code)
union all
-- Planners may hand a new or confirmed report on to another authority (e.g. a state road: Trafikverket).
select f.code, 'referred', 'planner' from (values ('new'), ('confirmed')) f(code)
union all
-- The reporter may reopen a resolved report ("still a problem"), within statuses.reopen_days (checked by
-- change_status).
select 'resolved', 'confirmed', 'resident'
union all
-- Admins may make any change (corrections).
select f.code, t.code, 'admin' from app.statuses f cross join app.statuses t where f.code <> t.code;

grant select on app.status_transitions to anon, authenticated;

create policy "Everyone can read the status workflow" on app.status_transitions
  for select to anon, authenticated using (true);

-- The district of a report as JSON (null when the point is in no delområde).
create or replace function app.district_json(p_do_kod int) returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object('code', d.do_kod, 'name', d.name, 'stadsdel', d.stadsdel,
                            'stadsomrade', d.stadsomrade)
    from app.districts d where d.do_kod = p_do_kod
$$;
revoke execute on function app.district_json(integer) from public;

-- api.list_categories (the reference data and the status workflow in one call) is in …_strategy_periods.sql: its
-- challenges are the period in force's.

-- The delområden a dashboard district filter means: a stadsområde name, a stadsdel name or a do_kod as text.
create or replace function app.district_codes(p_district text) returns int[]
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select array_agg(d.do_kod order by d.do_kod)
    from app.districts d
   where d.stadsomrade = p_district or d.stadsdel = p_district or d.do_kod::text = p_district
$$;
revoke execute on function app.district_codes(text) from public;
