-- Reference data: challenges, categories, statuses, districts (delområden) and the municipal boundary.
-- Readable by everyone; written only by migrations/seed (the table owner).

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
  challenge text not null references app.challenges (code),
  name_sv text not null,
  name_en text not null,
  -- Within this distance an open report of the same category is offered as "jag upplever också detta".
  duplicate_radius_m int not null check (duplicate_radius_m between 1 and 1000),
  -- Public positions are snapped to a grid of this size (metres, SWEREF 99 TM).
  public_precision_m int not null check (public_precision_m between 1 and 1000),
  active boolean not null default true,
  sort int not null,
  -- Lets app.reports reference (category, challenge) so the stored challenge can never disagree.
  unique (code, challenge)
);
alter table app.categories enable row level security;
create index categories_challenge_idx on app.categories (challenge);

create table app.statuses (
  code text primary key,
  "group" text not null check ("group" in ('open', 'closed')),
  name_sv text not null,
  name_en text not null,
  sort int not null
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
