-- Pure helpers: darkness (the sun's elevation), the public snapping, Web Mercator and SWEREF 99 TM hexagon
-- arithmetic, Stockholm months, and the bounds on geometry input. None reads a table except through its caller.

-- Darkness at the time of an observation, computed in the database.
-- NOAA solar position algorithm (Meeus, as in NOAA's solar calculator spreadsheet), accurate to well under a
-- minute of sunrise/sunset time at Malmö's latitude. Pure arithmetic on the UTC instant, hence IMMUTABLE.

-- Geometric solar elevation (degrees, no refraction) at instant p_at for longitude/latitude in degrees.
create or replace function app.sun_elevation(p_at timestamptz, p_lon float8, p_lat float8)
returns float8
language plpgsql immutable strict parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  epoch float8 := extract(epoch from p_at);
  jd float8 := epoch / 86400.0 + 2440587.5;
  t float8 := (jd - 2451545.0) / 36525.0;
  l0 float8;
  m float8;
  e float8;
  c float8;
  omega float8;
  lambda float8;
  eps0 float8;
  eps float8;
  decl float8;
  y float8;
  eqtime float8;
  utc_minutes float8;
  tst float8;
  ha float8;
  cos_zenith float8;
begin
  l0 := 280.46646 + t * (36000.76983 + t * 0.0003032);
  l0 := l0 - 360.0 * floor(l0 / 360.0);
  m := 357.52911 + t * (35999.05029 - 0.0001537 * t);
  e := 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  c := sind(m) * (1.914602 - t * (0.004817 + 0.000014 * t))
       + sind(2 * m) * (0.019993 - 0.000101 * t)
       + sind(3 * m) * 0.000289;
  omega := 125.04 - 1934.136 * t;
  lambda := l0 + c - 0.00569 - 0.00478 * sind(omega);
  eps0 := 23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60.0) / 60.0;
  eps := eps0 + 0.00256 * cosd(omega);
  decl := asind(sind(eps) * sind(lambda));
  y := tand(eps / 2.0) ^ 2;
  eqtime := 4.0 * degrees(
      y * sind(2 * l0)
    - 2 * e * sind(m)
    + 4 * e * y * sind(m) * cosd(2 * l0)
    - 0.5 * y * y * sind(4 * l0)
    - 1.25 * e * e * sind(2 * m));
  utc_minutes := (epoch - 86400.0 * floor(epoch / 86400.0)) / 60.0;
  tst := utc_minutes + eqtime + 4.0 * p_lon;
  tst := tst - 1440.0 * floor(tst / 1440.0);
  ha := tst / 4.0 - 180.0;
  cos_zenith := sind(p_lat) * sind(decl) + cosd(p_lat) * cosd(decl) * cosd(ha);
  cos_zenith := greatest(-1.0, least(1.0, cos_zenith));
  return 90.0 - acosd(cos_zenith);
end
$$;
revoke execute on function app.sun_elevation(timestamp with time zone,double precision,double precision) from public;
grant execute on function app.sun_elevation(timestamp with time zone,double precision,double precision) to anon, authenticated, service_role;

-- Is the sun below the horizon in Malmö (55.605 N, 13.0038 E) at p_at? "Below the horizon" is the
-- conventional sunrise/sunset threshold: geometric elevation < -0.833° (refraction + the sun's radius).
create or replace function app.is_dark(p_at timestamptz)
returns boolean
language sql immutable strict parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select app.sun_elevation(p_at, 13.0038, 55.605) < -0.833
$$;
revoke execute on function app.is_dark(timestamp with time zone) from public;
grant execute on function app.is_dark(timestamp with time zone) to anon, authenticated, service_role;

-- Snap a WGS84 point to a p_precision_m grid in SWEREF 99 TM and return it in WGS84.
create or replace function app.snap_public(p_location extensions.geometry, p_precision_m float8)
returns extensions.geometry
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select extensions.st_transform(
           extensions.st_snaptogrid(extensions.st_transform(p_location, 3006), p_precision_m),
           4326)
$$;
revoke execute on function app.snap_public(extensions.geometry,double precision) from public;
grant execute on function app.snap_public(extensions.geometry,double precision) to anon, authenticated, service_role;

-- Web Mercator metres of a longitude/latitude (spherical, as EPSG:3857). Values below 1e-300 degrees are 0: a
-- subnormal such as 5e-324 made radians() underflow (an internal error the fuzz of tests/db/security.test.ts found).
create or replace function app.mercator_x(p_lon float8) returns float8
language sql immutable strict parallel safe
as $$ select 6378137.0 * pg_catalog.radians(case when pg_catalog.abs(p_lon) < 1e-300 then 0.0 else p_lon end) $$;
revoke execute on function app.mercator_x(double precision) from public;
grant execute on function app.mercator_x(double precision) to anon, authenticated, service_role;

create or replace function app.mercator_y(p_lat float8) returns float8
language sql immutable strict parallel safe
as $$
  select 6378137.0 * pg_catalog.ln(pg_catalog.tan(pg_catalog.pi() / 4.0
           + pg_catalog.radians(case when pg_catalog.abs(p_lat) < 1e-300 then 0.0 else p_lat end) / 2.0))
$$;
revoke execute on function app.mercator_y(double precision) from public;
grant execute on function app.mercator_y(double precision) to anon, authenticated, service_role;

create or replace function app.grid_base_m() returns float8
language sql immutable parallel safe
as $$ select 60.0 * 40075016.686 / (256.0 * 65536.0) $$;
revoke execute on function app.grid_base_m() from public;

-- Hexagon cells ----------------------------------------------------------------------------------------
-- The SAME arithmetic as hexCellOf (src/analysis/hex-grid.ts): qf = a/size, rf = b/size (a3006/b3006 are the
-- TypeScript's intermediate products), cube rounding with Math.round (halves up: floor(p) + (p − floor(p) ≥ ½),
-- which is exact in double precision), and the same tie-breaking (strict > in the same order).
--
-- Spelled out as ONE expression on purpose: PostgreSQL has no common-subexpression elimination across a
-- query, but it inlines an SQL function whose body is a single expression and whose arguments are cheap, so
-- app.hex_key(r.a3006, r.b3006, p_cell_m) compiles into plain operators (no function call per report; a
-- non-inlined SQL function costs ~15 µs per call, ~200× this expression). Not STRICT: a strict function is
-- only inlined when its body is strict, and CASE is not.
--
-- The cell is returned as one float8 key q·2^20 + r (exact in a double), so GROUP BY hashes one value; decode
-- with app.hex_q/app.hex_r. Valid for |r| < 2^19, i.e. any point of Sweden at cells ≥ 50 m.
--
-- These eight inlined helpers (hex_key_axial, hex_key, hex_q, hex_r, hex_cell, mercator_x, mercator_y,
-- grid_base_m) are the only functions WITHOUT `set search_path`: a SQL function with a SET clause is never
-- inlined. With it, api.hotspot_cells on 6,000 demo reports went from 15.7 to 458 ms (every row then calls
-- app.hex_key and app.hex_key_axial as functions, each with a GUC save/restore) and api.reports_in_view from 7.3
-- to 8.2 ms (mercator_x/y, grid_base_m); docs/security.md, "Search path, temporary objects and timeouts". They
-- are not security definer, read no table, run with the caller's rights and qualify every function and type
-- name, so a caller's path cannot change what they compute.
create or replace function app.hex_key_axial(qf float8, rf float8) returns float8
language sql immutable parallel safe
as $$
  select case
           when pg_catalog.abs(pg_catalog.floor(qf + 0.5::pg_catalog.float8) - qf)
                  > pg_catalog.abs(pg_catalog.floor(rf + 0.5::pg_catalog.float8) - rf)
            and pg_catalog.abs(pg_catalog.floor(qf + 0.5::pg_catalog.float8) - qf)
                  > pg_catalog.abs(pg_catalog.floor((-qf - rf) + 0.5::pg_catalog.float8) - (-qf - rf))
           then (-pg_catalog.floor(rf + 0.5::pg_catalog.float8) - pg_catalog.floor((-qf - rf) + 0.5::pg_catalog.float8))
                  * 1048576::pg_catalog.float8
                + pg_catalog.floor(rf + 0.5::pg_catalog.float8)
           when pg_catalog.abs(pg_catalog.floor(rf + 0.5::pg_catalog.float8) - rf)
                  > pg_catalog.abs(pg_catalog.floor((-qf - rf) + 0.5::pg_catalog.float8) - (-qf - rf))
           then pg_catalog.floor(qf + 0.5::pg_catalog.float8) * 1048576::pg_catalog.float8
                + (-pg_catalog.floor(qf + 0.5::pg_catalog.float8) - pg_catalog.floor((-qf - rf) + 0.5::pg_catalog.float8))
           else pg_catalog.floor(qf + 0.5::pg_catalog.float8) * 1048576::pg_catalog.float8
                + pg_catalog.floor(rf + 0.5::pg_catalog.float8)
         end
$$;
revoke execute on function app.hex_key_axial(double precision,double precision) from public;

create or replace function app.hex_key(p_a float8, p_b float8, p_size float8) returns float8
language sql immutable parallel safe
as $$ select app.hex_key_axial(p_a / p_size, p_b / p_size) $$;
revoke execute on function app.hex_key(double precision,double precision,double precision) from public;

create or replace function app.hex_q(p_key float8) returns int
language sql immutable parallel safe
as $$ select pg_catalog.floor((p_key + 524288::pg_catalog.float8) / 1048576::pg_catalog.float8)::pg_catalog.int4 $$;
revoke execute on function app.hex_q(double precision) from public;

create or replace function app.hex_r(p_key float8) returns int
language sql immutable parallel safe
as $$
  select (p_key - pg_catalog.floor((p_key + 524288::pg_catalog.float8) / 1048576::pg_catalog.float8)
                  * 1048576::pg_catalog.float8)::pg_catalog.int4
$$;
revoke execute on function app.hex_r(double precision) from public;

-- The cell [q, r] of an EPSG:3006 point, for tests and single rows (hexCellOf(x, y, size)).
create or replace function app.hex_cell(p_x float8, p_y float8, p_size float8) returns int[]
language sql immutable parallel safe
as $$
  select array[app.hex_q(k.key), app.hex_r(k.key)]
    from (select app.hex_key((2::pg_catalog.float8 / 3::pg_catalog.float8) * p_x,
                             (-1::pg_catalog.float8 / 3::pg_catalog.float8) * p_x
                               + (pg_catalog.sqrt(3::pg_catalog.float8) / 3::pg_catalog.float8) * p_y,
                             p_size) as key) k
$$;
revoke execute on function app.hex_cell(double precision,double precision,double precision) from public;

create or replace function app.stockholm_month(p_at timestamptz) returns date
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$ select date_trunc('month', p_at at time zone 'Europe/Stockholm')::date $$;
revoke execute on function app.stockholm_month(timestamp with time zone) from public;

-- Bounded geometry input (measures and developments) ---------------------------------------------------------
-- Every call must answer in bounded time and memory with a documented code (docs/security.md, "Bounds").
-- The positions of a GeoJSON Point/LineString/Polygon/MultiPolygon's coordinates, level by level (each level one
-- pass over the previous one: linear). Null when the nesting is wrong or a position is not exactly two numbers.
create or replace function app.geojson_positions(p_type text, p_coordinates jsonb) returns jsonb
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_depth int := case p_type when 'Point' then 0 when 'LineString' then 1 when 'Polygon' then 2
                             when 'MultiPolygon' then 3 end;
  v_level jsonb := jsonb_build_array(p_coordinates);
begin
  if v_depth is null then
    return null;
  end if;
  for i in 1 .. v_depth loop
    if exists (select 1 from jsonb_array_elements(v_level) e where jsonb_typeof(e) <> 'array') then
      return null;
    end if;
    v_level := (select coalesce(jsonb_agg(x), '[]'::jsonb)
                  from jsonb_array_elements(v_level) e, jsonb_array_elements(e) x);
  end loop;
  if exists (select 1 from jsonb_array_elements(v_level) p
              where jsonb_typeof(p) <> 'array' or jsonb_array_length(p) <> 2
                 or jsonb_typeof(p -> 0) <> 'number' or jsonb_typeof(p -> 1) <> 'number') then
    return null;
  end if;
  return v_level;
end
$$;
revoke execute on function app.geojson_positions(text,jsonb) from public;

-- The bounds shared by measures and developments.
create or replace function app.max_vertices() returns int
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$ select 10000 $$;
revoke execute on function app.max_vertices() from public;

create or replace function app.max_geojson_bytes() returns int
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$ select 1000000 $$;
revoke execute on function app.max_geojson_bytes() from public;

-- A geometry for the public map with at most p_max vertices: as drawn when small enough, else simplified with a
-- growing tolerance (≈ 1 m … 500 m), else its bounding box.
create or replace function app.public_geometry(p_geom extensions.geometry, p_max int) returns extensions.geometry
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  v extensions.geometry;
  v_tolerance float8;
begin
  if extensions.st_npoints(p_geom) <= p_max then
    return p_geom;
  end if;
  foreach v_tolerance in array array[0.00001, 0.0001, 0.001, 0.005]::float8[] loop
    v := extensions.st_simplifypreservetopology(p_geom, v_tolerance);
    if v is not null and not extensions.st_isempty(v) and extensions.st_npoints(v) <= p_max then
      return v;
    end if;
  end loop;
  return extensions.st_envelope(p_geom);
end
$$;
revoke execute on function app.public_geometry(extensions.geometry,integer) from public;

-- Paging -------------------------------------------------------------------------------------------------------
-- The bounds every paged list shares: p_limit 1–500 (null = 100), p_offset ≥ 0 (null = 0), else invalid_limit.
create or replace function app.check_page(p_limit int, p_offset int) returns void
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if coalesce(p_limit, 100) not between 1 and 500 or coalesce(p_offset, 0) < 0 then
    raise exception 'invalid_limit' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.check_page(integer,integer) from public;
