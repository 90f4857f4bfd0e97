-- Actual risks beside perceived ones: imported events of actual risk (traffic injuries from STRADA exports, the
-- police's events, any point file; synthetic demo events in local mode), each import a source with its
-- provenance, licence and period. Staff read them; strategists (and admins) import and delete. The comparison
-- with the reports is src/analysis/bivariate.ts over the cells of api.risk_event_cells and api.hotspot_cells
-- (the same hexagons). Details: docs/data-model.md, docs/api-strategy.md, docs/security.md.
--
-- Event types, a small vocabulary (app.risk_type_ok):
--   injury_fatal | injury_severe | injury_slight | injury_unknown   traffic injuries (STRADA: dödsolycka,
--                                                                    svårt / lindrigt skadad, okänd)
--   police:<slug>    an event from the police (slug = the police's type, lower case a–z, 0–9, _: e.g.
--                    police:misshandel, police:stold, police:rån → police:ran, police:trafikolycka)
--   event:<slug>     anything else from a point CSV/GeoJSON (the column mapping names the slug)
-- Severity (optional): fatal | severe | slight | none. Road users (optional, STRADA's trafikantkategorier,
-- simplified): pedestrian, cyclist, moped, motorcycle, car, truck, bus, tram, other.

-- The vocabulary's checks, immutable and inlinable (used in CHECK constraints and by the API).
create or replace function app.risk_type_ok(p_type text) returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select p_type is not null
     and (p_type in ('injury_fatal', 'injury_severe', 'injury_slight', 'injury_unknown')
          or p_type ~ '^(police|event):[a-z0-9_]{1,40}$')
$$;
revoke execute on function app.risk_type_ok(text) from public;

-- Risk types of a challenge (app.period_challenges.risk_types) -----------------------------------------------------------------------------------------------
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

create or replace function app.risk_road_users() returns text[]
language sql immutable
set search_path = pg_catalog, pg_temp
as $$ select array['pedestrian', 'cyclist', 'moped', 'motorcycle', 'car', 'truck', 'bus', 'tram', 'other'] $$;
revoke execute on function app.risk_road_users() from public;

-- How far outside Malmö's boundary an imported event may lie (metres): registers put events on the road's
-- centre line, at the municipal border, on quays and bridges; a point farther out is a wrong coordinate system
-- or a wrong row.
create or replace function app.risk_boundary_tolerance_m() returns float8
language sql immutable
set search_path = pg_catalog, pg_temp
as $$ select 250::float8 $$;
revoke execute on function app.risk_boundary_tolerance_m() from public;

-- At most this many events in one import (one call, one transaction; a STRADA export for Malmö is ~1,500
-- injured people a year).
create or replace function app.risk_import_max_events() returns int
language sql immutable
set search_path = pg_catalog, pg_temp
as $$ select 50000 $$;
revoke execute on function app.risk_import_max_events() from public;

-- Sources ------------------------------------------------------------------------------------------------
create table app.risk_sources (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  -- 'demo' only from app.generate_demo_risk_events (local mode); the API imports the other three.
  kind text not null check (kind in ('strada', 'police', 'csv', 'demo')),
  -- Where the rows come from, in the importer's words (register, export date, filter, contact).
  provenance text not null check (char_length(provenance) between 1 and 2000),
  licence text check (char_length(licence) <= 500),
  -- The period the source covers (Stockholm dates, both inclusive); every event lies within it.
  period_from date not null,
  period_to date not null,
  imported_by uuid,
  imported_at timestamptz not null default now(),
  row_count int not null default 0 check (row_count >= 0),
  constraint risk_sources_period check (period_from <= period_to)
);
alter table app.risk_sources enable row level security;

comment on table app.risk_sources is
  'One import of actual-risk events (api.import_risk_events) or the demo generator''s set; deleting it deletes its events.';

-- Events -------------------------------------------------------------------------------------------------
create table app.risk_events (
  id bigint generated always as identity primary key,
  source_id uuid not null references app.risk_sources (id) on delete cascade,
  type text not null constraint risk_events_type_check check (app.risk_type_ok(type)),
  severity text constraint risk_events_severity_check check (severity in ('fatal', 'severe', 'slight', 'none')),
  occurred_at timestamptz not null,
  road_users text[] not null default '{}'
    constraint risk_events_road_users_check check (road_users <@ app.risk_road_users() and cardinality(road_users) <= 9),
  place_name text check (char_length(place_name) <= 200),
  location extensions.geometry(Point, 4326) not null,
  -- Delområde containing the point (set by the import); null outside every delområde (sea, tolerance band).
  district_code int references app.districts (do_kod),
  -- As app.reports: the position in SWEREF 99 TM and the axial hexagon coordinates at 1 m, computed with the
  -- same operations as hexCellOf, so app.hex_key puts an event in the same cell as a report at the same place.
  x3006 float8 generated always as (extensions.st_x(extensions.st_transform(location, 3006))) stored,
  y3006 float8 generated always as (extensions.st_y(extensions.st_transform(location, 3006))) stored,
  a3006 float8
    generated always as ((2::float8 / 3::float8) * extensions.st_x(extensions.st_transform(location, 3006))) stored,
  b3006 float8
    generated always as ((-1::float8 / 3::float8) * extensions.st_x(extensions.st_transform(location, 3006))
                         + (sqrt(3::float8) / 3::float8) * extensions.st_y(extensions.st_transform(location, 3006)))
    stored
);
alter table app.risk_events enable row level security;

alter table app.risk_events
  alter column a3006 set (n_distinct = 100),
  alter column b3006 set (n_distinct = 100);

create index risk_events_source_idx on app.risk_events (source_id);
-- Covering index for api.risk_event_cells: an index-only scan by time reads what the grouping needs.
create index risk_events_cells_idx on app.risk_events (occurred_at) include (a3006, b3006, type, district_code);

comment on table app.risk_events is
  'Events of actual risk (injuries, police events, other points). Written only by api.import_risk_events and the demo generator.';

-- Staff read both tables (the API functions are the app's way in; the policies are defence in depth).
grant select on app.risk_sources, app.risk_events to authenticated;

create policy "Staff can read risk sources" on app.risk_sources
  for select to authenticated using ((select app.is_staff()));

create policy "Staff can read risk events" on app.risk_events
  for select to authenticated using ((select app.is_staff()));

-- JSON of one source, with its events per type.
create or replace function app.risk_source_json(p_id uuid) returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
           'id', s.id, 'name', s.name, 'kind', s.kind, 'provenance', s.provenance, 'licence', s.licence,
           'period_from', s.period_from, 'period_to', s.period_to, 'imported_by', s.imported_by,
           'imported_at', s.imported_at, 'row_count', s.row_count,
           'types', coalesce((select jsonb_object_agg(t.type, t.n order by t.type)
                                from (select e.type, count(*) as n from app.risk_events e
                                       where e.source_id = s.id group by e.type) t), '{}'::jsonb))
    from app.risk_sources s
   where s.id = p_id
$$;
revoke execute on function app.risk_source_json(uuid) from public;

-- 'YYYY-MM-DD' as a date, or null when it is not one.
create or replace function app.risk_date(p_value jsonb) returns date
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if jsonb_typeof(p_value) <> 'string' or (p_value #>> '{}') !~ '^\d{4}-\d{2}-\d{2}$' then
    return null;
  end if;
  return (p_value #>> '{}')::date;
exception when others then
  return null;
end
$$;
revoke execute on function app.risk_date(jsonb) from public;

-- An ISO 8601 instant ('2026-03-01T17:45:00+01:00', 'Z', or without offset = Stockholm time) as timestamptz,
-- or null when it is not one.
create or replace function app.risk_instant(p_value jsonb) returns timestamptz
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_text text;
begin
  if jsonb_typeof(p_value) <> 'string' then
    return null;
  end if;
  v_text := p_value #>> '{}';
  if v_text !~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$' then
    return null;
  end if;
  if v_text ~ '(Z|[+-]\d{2}(:?\d{2})?)$' and v_text ~ '[T ]' then
    return v_text::timestamptz;
  end if;
  return v_text::timestamp at time zone 'Europe/Stockholm';
exception when others then
  return null;
end
$$;
revoke execute on function app.risk_instant(jsonb) from public;

-- An event's point in WGS 84: lon + lat as given, or x + y (SWEREF 99 TM) transformed. Checked before by the import.
create or replace function app.risk_event_point(p_event jsonb) returns extensions.geometry
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when p_event ? 'lon'
              then extensions.st_setsrid(extensions.st_makepoint((p_event ->> 'lon')::float8, (p_event ->> 'lat')::float8), 4326)
              else extensions.st_transform(
                     extensions.st_setsrid(extensions.st_makepoint((p_event ->> 'x')::float8, (p_event ->> 'y')::float8), 3006),
                     4326)
         end
$$;
revoke execute on function app.risk_event_point(jsonb) from public;

-- import_risk_events ---------------------------------------------------------------------------------------
-- p_source: { name, kind: strada | police | csv, provenance, licence?, period_from, period_to } (dates
--   'YYYY-MM-DD', inclusive, from 2000-01-01 up to today).
-- p_events: [{ type, severity?, occurred_at, road_users?, place_name?, and either lon + lat (WGS 84) or x + y
--   (SWEREF 99 TM, EPSG:3006) }], 1 … app.risk_import_max_events().
-- Everything is checked before anything is written, and the call is one transaction: an error leaves nothing.
-- Errors (the first failing event's index in DETAIL, 'event N'): invalid_risk_source, invalid_date_range,
-- too_many_events, invalid_risk_event, invalid_risk_type, invalid_position, invalid_event_time, outside_malmo.
create or replace function api.import_risk_events(p_source jsonb, p_events jsonb) returns jsonb
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_name text;
  v_provenance text;
  v_licence text;
  v_from date;
  v_to date;
  v_start timestamptz;
  v_end timestamptz;
  v_n int;
  v_i int;
  v_e jsonb;
  v_users jsonb;
  v_at timestamptz;
  v_id uuid;
  v_bad int;
  v_inserted int;
begin
  perform app.require_staff('strategist');
  if p_source is null or jsonb_typeof(p_source) <> 'object'
     or jsonb_typeof(p_source -> 'name') is distinct from 'string'
     or jsonb_typeof(p_source -> 'provenance') is distinct from 'string'
     or jsonb_typeof(coalesce(p_source -> 'licence', 'null')) not in ('string', 'null')
     or (p_source ->> 'kind') is null or (p_source ->> 'kind') not in ('strada', 'police', 'csv') then
    raise exception 'invalid_risk_source' using errcode = '22023';
  end if;
  v_name := btrim(p_source ->> 'name');
  v_provenance := btrim(p_source ->> 'provenance');
  v_licence := nullif(btrim(p_source ->> 'licence'), '');
  if char_length(v_name) not between 1 and 200 or char_length(v_provenance) not between 1 and 2000
     or char_length(coalesce(v_licence, '')) > 500 then
    raise exception 'invalid_risk_source' using errcode = '22023';
  end if;
  v_from := app.risk_date(p_source -> 'period_from');
  v_to := app.risk_date(p_source -> 'period_to');
  if v_from is null or v_to is null or v_from > v_to or v_from < date '2000-01-01'
     or v_to > (now() at time zone 'Europe/Stockholm')::date then
    raise exception 'invalid_date_range' using errcode = '22023';
  end if;
  v_start := v_from::timestamp at time zone 'Europe/Stockholm';
  v_end := (v_to + 1)::timestamp at time zone 'Europe/Stockholm';

  if p_events is null or jsonb_typeof(p_events) <> 'array' or jsonb_array_length(p_events) = 0 then
    raise exception 'invalid_risk_event' using errcode = '22023';
  end if;
  v_n := jsonb_array_length(p_events);
  if v_n > app.risk_import_max_events() then
    raise exception 'too_many_events' using errcode = '22023';
  end if;

  -- Each event's shape, type, time and position (by index: no copy of the whole array into a tuplestore).
  for v_i in 0 .. v_n - 1 loop
    v_e := p_events -> v_i;
    begin
      if jsonb_typeof(v_e) <> 'object'
         or jsonb_typeof(coalesce(v_e -> 'severity', 'null')) not in ('string', 'null')
         or coalesce(v_e ->> 'severity', 'none') not in ('fatal', 'severe', 'slight', 'none')
         or jsonb_typeof(coalesce(v_e -> 'place_name', 'null')) not in ('string', 'null')
         or char_length(coalesce(v_e ->> 'place_name', '')) > 200 then
        raise exception 'invalid_risk_event' using errcode = '22023';
      end if;
      v_users := coalesce(v_e -> 'road_users', '[]'::jsonb);
      if jsonb_typeof(v_users) <> 'array' or jsonb_array_length(v_users) > 9
         or exists (select 1 from jsonb_array_elements(v_users) u
                     where jsonb_typeof(u) <> 'string' or not ((u #>> '{}') = any (app.risk_road_users()))) then
        raise exception 'invalid_risk_event' using errcode = '22023';
      end if;
      if jsonb_typeof(v_e -> 'type') is distinct from 'string' or not app.risk_type_ok(v_e ->> 'type') then
        raise exception 'invalid_risk_type' using errcode = '22023';
      end if;
      v_at := app.risk_instant(v_e -> 'occurred_at');
      if v_at is null or v_at < v_start or v_at >= v_end or v_at > now() + interval '1 hour' then
        raise exception 'invalid_event_time' using errcode = '22023';
      end if;
      if jsonb_typeof(v_e -> 'lon') = 'number' and jsonb_typeof(v_e -> 'lat') = 'number'
         and v_e -> 'x' is null and v_e -> 'y' is null then
        -- Compared as numeric: a JSON number may be beyond float8's range.
        if (v_e ->> 'lon')::numeric not between -180 and 180 or (v_e ->> 'lat')::numeric not between -90 and 90 then
          raise exception 'invalid_position' using errcode = '22023';
        end if;
      elsif jsonb_typeof(v_e -> 'x') = 'number' and jsonb_typeof(v_e -> 'y') = 'number'
            and v_e -> 'lon' is null and v_e -> 'lat' is null then
        -- SWEREF 99 TM's valid area (Sweden), so the transformation is meaningful.
        if (v_e ->> 'x')::numeric not between 180000 and 1000000
           or (v_e ->> 'y')::numeric not between 6100000 and 7700000 then
          raise exception 'invalid_position' using errcode = '22023';
        end if;
      else
        raise exception 'invalid_position' using errcode = '22023';
      end if;
    exception when sqlstate '22023' then
      raise exception '%', sqlerrm using errcode = '22023', detail = format('event %s', v_i);
    end;
  end loop;

  -- The boundary check against Malmö in SWEREF 99 TM (metres), set-based: the first event too far out.
  select min(r.idx) into v_bad
    from (select (t.ord - 1)::int as idx, app.risk_event_point(t.e) as geom
            from jsonb_array_elements(p_events) with ordinality as t(e, ord)) r
   cross join (select extensions.st_transform(b.geom, 3006) as g from app.boundary b) b
   where not extensions.st_dwithin(b.g, extensions.st_transform(r.geom, 3006), app.risk_boundary_tolerance_m());
  if v_bad is not null then
    raise exception 'outside_malmo' using errcode = '22023', detail = format('event %s', v_bad);
  end if;

  insert into app.risk_sources (name, kind, provenance, licence, period_from, period_to, imported_by, row_count)
  values (v_name, p_source ->> 'kind', v_provenance, v_licence, v_from, v_to, auth.uid(), v_n)
  returning id into v_id;

  insert into app.risk_events (source_id, type, severity, occurred_at, road_users, place_name, location, district_code)
  select v_id, r.e ->> 'type',
         case when r.e ->> 'severity' is not null then r.e ->> 'severity'
              when r.e ->> 'type' = 'injury_fatal' then 'fatal'
              when r.e ->> 'type' = 'injury_severe' then 'severe'
              when r.e ->> 'type' = 'injury_slight' then 'slight' end,
         app.risk_instant(r.e -> 'occurred_at'),
         coalesce((select array_agg(distinct u order by u) from jsonb_array_elements_text(r.e -> 'road_users') u), '{}'),
         nullif(btrim(r.e ->> 'place_name'), ''),
         r.geom,
         (select d.do_kod from app.districts d where extensions.st_intersects(d.geom, r.geom) order by d.do_kod limit 1)
    from (select t.ord, t.e, app.risk_event_point(t.e) as geom
            from jsonb_array_elements(p_events) with ordinality as t(e, ord)) r
   order by r.ord;
  get diagnostics v_inserted = row_count;

  return jsonb_build_object('id', v_id, 'inserted', v_inserted);
end
$$;
revoke execute on function api.import_risk_events(jsonb, jsonb) from public;
grant execute on function api.import_risk_events(jsonb, jsonb) to authenticated;

-- list_risk_sources -------------------------------------------------------------------------------------
-- Newest import first, p_limit 1–500 (null = 100), p_offset ≥ 0: { items, total }. Staff.
create or replace function api.list_risk_sources(p_limit int default 100, p_offset int default 0) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform app.require_staff();
  perform app.check_page(p_limit, p_offset);
  return jsonb_build_object(
    'total', (select count(*) from app.risk_sources),
    'items', coalesce((
      select jsonb_agg(app.risk_source_json(p.id) order by p.imported_at desc, p.id)
        from (select s.id, s.imported_at from app.risk_sources s
               order by s.imported_at desc, s.id
               limit coalesce(p_limit, 100) offset coalesce(p_offset, 0)) p), '[]'::jsonb));
end
$$;
revoke execute on function api.list_risk_sources(integer, integer) from public;
grant execute on function api.list_risk_sources(integer, integer) to authenticated;

-- delete_risk_source ----------------------------------------------------------------------------------------
-- Deletes a source and all its events (one transaction). Strategists and admins.
create or replace function api.delete_risk_source(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_events int;
begin
  perform app.require_staff('strategist');
  select s.row_count into v_events from app.risk_sources s where s.id = p_id for update;
  if not found then
    raise exception 'risk_source_not_found' using errcode = '22023';
  end if;
  delete from app.risk_sources where id = p_id;
  return jsonb_build_object('id', p_id, 'deleted_events', v_events);
end
$$;
revoke execute on function api.delete_risk_source(uuid) from public;
grant execute on function api.delete_risk_source(uuid) to authenticated;

-- risk_event_cells ------------------------------------------------------------------------------------------
-- Events per hexagon (the hotspot grid: app.hex_key on a3006/b3006, the cells of api.hotspot_cells and of
-- src/analysis/hex-grid.ts) and per delområde, for events with p_from ≤ occurred_at < p_to (either may be null)
-- whose type is in p_types (null = every type; each must be a valid type, at most 50).
--   { cell_m, total, cells: [[q, r, n], …] ordered by q, r, districts: [[do_kod, n], …] ordered by code,
--     outside_districts: n }
-- Errors: forbidden, invalid_cell_size (50–500 m), invalid_filter (infinite bounds, too many types),
-- invalid_risk_type, invalid_date_range (p_from > p_to).
create or replace function api.risk_event_cells(
  p_cell_m int,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_types text[] default null
) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_result jsonb;
begin
  perform app.require_staff();
  perform app.crew_check_cell(p_cell_m::float8);
  if p_from in ('infinity'::timestamptz, '-infinity'::timestamptz)
     or p_to in ('infinity'::timestamptz, '-infinity'::timestamptz)
     or cardinality(p_types) > 50 then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
  if p_from > p_to then
    raise exception 'invalid_date_range' using errcode = '22023';
  end if;
  if exists (select 1 from unnest(p_types) t where not coalesce(app.risk_type_ok(t), false)) then
    raise exception 'invalid_risk_type' using errcode = '22023';
  end if;
  perform set_config('jit', 'off', true);

  with rows as materialized (
    select app.hex_key(e.a3006, e.b3006, p_cell_m::float8) as key, e.district_code
      from app.risk_events e
     where (p_types is null or e.type = any (p_types))
       and (p_from is null or e.occurred_at >= p_from)
       and (p_to is null or e.occurred_at < p_to)
  )
  select jsonb_build_object(
           'cell_m', p_cell_m,
           'total', (select count(*) from rows),
           'cells', coalesce((select jsonb_agg(jsonb_build_array(app.hex_q(c.key), app.hex_r(c.key), c.n) order by c.key)
                                from (select r.key, count(*) as n from rows r group by r.key) c), '[]'::jsonb),
           'districts', coalesce((select jsonb_agg(jsonb_build_array(d.district_code, d.n) order by d.district_code)
                                    from (select r.district_code, count(*) as n from rows r
                                           where r.district_code is not null group by r.district_code) d), '[]'::jsonb),
           'outside_districts', (select count(*) from rows r where r.district_code is null))
    into v_result;
  return v_result;
end
$$;
revoke execute on function api.risk_event_cells(integer, timestamp with time zone, timestamp with time zone, text[]) from public;
grant execute on function api.risk_event_cells(integer, timestamp with time zone, timestamp with time zone, text[]) to authenticated;
