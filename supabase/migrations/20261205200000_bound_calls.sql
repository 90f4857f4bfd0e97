-- Hardening: calls that ran away, and internal errors instead of codes (docs/security.md, "Bounds").
-- Found by an attacker's test at 100,000 reports; tests/db/adversarial/resource-bounds.test.ts calls every api
-- function with its extreme arguments on both engines.
--  1. challenge_dashboard: p_from/p_to must be finite and within [2000-01-01, now() + 1 year]
--     ('-infinity' made generate_series never advance: tens of GB of temporary files; 'infinity' was 22008).
--     → invalid_date_range.
--  2. save_measure: the geometry is checked level by level (linear) instead of a recursive JSON path query
--     (quadratic: 100,000 vertices 13 s, 1,000,000 never finished); at most 10,000 vertices and 1 MB of GeoJSON
--     (→ too_many_vertices, checked before parsing); exactly two numbers per position (3-D was 22023 from the
--     column); a cost that rounds to 10¹² (999999999999.999) is invalid_cost (was 22003).
--  3. public_measures: the 250 most recently done measures, each geometry simplified to at most 250 vertices,
--     at most 500 report ids each (same result shape).
--  4. Developments (import and save): at most 10,000 vertices and 1 MB of GeoJSON per outline, 200,000 per
--     import (too_many_vertices); at most 25 km² and within a 1° box (outline_too_large); at least half of the
--     area inside Malmö (outside_malmo); at most 250 km² in one import (outline_too_large). A world-sized
--     outline linked every report and made 98 % `planering`.
--  5. Arrays: crew filters (challenges, categories, statuses) at most 100 entries, district codes at most 1,000;
--     list_measures' statuses at most 100 (a 100,000-entry filter was compared with every row).
-- Every function keeps its `security definer` and grants; search_path is pg_catalog, pg_temp (every name is
-- qualified).

-- 1. challenge_dashboard ---------------------------------------------------------------------------------------
create or replace function app.dashboard_window_ok(p_at timestamptz) returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p_at is null
      or (isfinite(p_at)
          and p_at >= '2000-01-01 00:00:00+01'::timestamptz
          and p_at <= now() + interval '1 year')
$$;
revoke execute on function app.dashboard_window_ok(timestamptz) from public;

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
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  -- Finite and within 2000-01-01 … now() + 1 year: at most ~28 years of months, whatever the caller sends.
  if not app.dashboard_window_ok(p_from) or not app.dashboard_window_ok(p_to) then
    raise exception 'invalid_date_range' using errcode = '22023';
  end if;
  return app.dashboard_data(p_challenge, p_from, p_to, p_level, p_district);
end
$$;
revoke execute on function api.challenge_dashboard(text, timestamptz, timestamptz, text, text) from public;
grant execute on function api.challenge_dashboard(text, timestamptz, timestamptz, text, text) to authenticated;

-- 2. save_measure ----------------------------------------------------------------------------------------------
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
revoke execute on function app.geojson_positions(text, jsonb) from public;

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

create or replace function api.save_measure(p_id uuid, p_measure jsonb) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_id uuid := coalesce(p_id, gen_random_uuid());
  v_m jsonb := p_measure;
  v_current text;
  v_status text;
  v_title text;
  v_description text;
  v_department text;
  v_source_ref text;
  v_source_kind text;
  v_planned date;
  v_done date;
  v_cost numeric;
  v_geometry jsonb;
  v_positions jsonb;
  v_geom extensions.geometry;
  v_crit smallint[] := array[0, 0, 0, 0]::smallint[];
  v_key text;
  v_i int := 0;
  v_reports uuid[] := array[]::uuid[];
begin
  if v_uid is null or not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if v_m is null or jsonb_typeof(v_m) <> 'object' then
    raise exception 'title_required' using errcode = '22023';
  end if;

  -- Status and authorisation first: crew and planner may only propose (and edit proposals).
  v_status := coalesce(v_m->>'status', 'proposed');
  if v_status not in ('proposed', 'planned', 'in_progress', 'done', 'cancelled') then
    raise exception 'invalid_measure_status' using errcode = '22023';
  end if;
  select m.status into v_current from app.measures m where m.id = v_id for update;
  if not app.has_role('strategist')
     and (v_status <> 'proposed' or coalesce(v_current, 'proposed') <> 'proposed') then
    raise exception 'forbidden' using errcode = '42501';
  end if;

  v_title := btrim(coalesce(v_m->>'title', ''));
  if v_title = '' then
    raise exception 'title_required' using errcode = '22023';
  end if;
  v_description := btrim(coalesce(v_m->>'description', ''));
  v_department := btrim(coalesce(v_m->>'department', ''));
  v_source_ref := nullif(btrim(coalesce(v_m->>'source_ref', '')), '');
  if char_length(v_title) > 200 or char_length(v_department) > 200 or char_length(v_source_ref) > 200 then
    raise exception 'text_too_long' using errcode = '22023';
  end if;
  if char_length(v_description) > 2000 then
    raise exception 'description_too_long' using errcode = '22023';
  end if;
  if not exists (select 1 from app.challenges c where c.code = v_m->>'challenge') then
    raise exception 'invalid_challenge' using errcode = '22023';
  end if;
  if coalesce(v_m->>'type', '') not in ('lighting', 'vegetation_trimming', 'extra_cleaning', 'traffic_calming',
        'new_bins', 'safe_crossing', 'graffiti_removal', 'place_activation', 'other') then
    raise exception 'invalid_measure_type' using errcode = '22023';
  end if;
  v_source_kind := coalesce(v_m->>'source_kind', 'manual');
  if v_source_kind not in ('manual', 'hotspot', 'development') then
    raise exception 'invalid_source_kind' using errcode = '22023';
  end if;

  begin
    if jsonb_typeof(v_m->'planned_date') = 'string' then
      if (v_m->>'planned_date') !~ '^\d{4}-\d{2}-\d{2}$' then raise exception 'bad date'; end if;
      v_planned := (v_m->>'planned_date')::date;
    elsif coalesce(jsonb_typeof(v_m->'planned_date'), 'null') <> 'null' then
      raise exception 'bad date';
    end if;
    if jsonb_typeof(v_m->'done_date') = 'string' then
      if (v_m->>'done_date') !~ '^\d{4}-\d{2}-\d{2}$' then raise exception 'bad date'; end if;
      v_done := (v_m->>'done_date')::date;
    elsif coalesce(jsonb_typeof(v_m->'done_date'), 'null') <> 'null' then
      raise exception 'bad date';
    end if;
  exception when others then
    raise exception 'invalid_date' using errcode = '22023';
  end;
  if v_status = 'done' and v_done is null then
    raise exception 'done_date_required' using errcode = '22023';
  end if;
  -- A day of slack for the client's time zone (src/domain/measures.ts does the same).
  if v_done > current_date + 1 then
    raise exception 'invalid_date' using errcode = '22023';
  end if;

  -- The stored value is rounded to öre, so the bound applies after rounding (999999999999.999 → 10¹²).
  if coalesce(jsonb_typeof(v_m->'cost_sek'), 'null') = 'null' then
    v_cost := null;
  elsif jsonb_typeof(v_m->'cost_sek') <> 'number' or (v_m->>'cost_sek')::numeric < 0
        or round((v_m->>'cost_sek')::numeric, 2) >= 1e12 then
    raise exception 'invalid_cost' using errcode = '22023';
  else
    v_cost := round((v_m->>'cost_sek')::numeric, 2);
  end if;

  foreach v_key in array array['crit_preventive', 'crit_research', 'crit_vulnerable', 'crit_quick'] loop
    v_i := v_i + 1;
    if coalesce(jsonb_typeof(v_m->v_key), 'null') = 'null' then
      continue;
    end if;
    if jsonb_typeof(v_m->v_key) <> 'number' or (v_m->>v_key) not in ('0', '1', '2') then
      raise exception 'invalid_criteria' using errcode = '22023';
    end if;
    v_crit[v_i] := (v_m->>v_key)::smallint;
  end loop;

  -- Geometry: size first (no parsing of a huge value), then the nesting and every position (linear), then
  -- the vertex count, then PostGIS.
  v_geometry := v_m->'geometry';
  if jsonb_typeof(v_geometry) is distinct from 'object'
     or (v_geometry->>'type') not in ('Point', 'LineString', 'Polygon', 'MultiPolygon')
     or jsonb_typeof(v_geometry->'coordinates') is distinct from 'array' then
    raise exception 'invalid_geometry' using errcode = '22023';
  end if;
  if pg_column_size(v_geometry) > app.max_geojson_bytes() then
    raise exception 'too_many_vertices' using errcode = '22023';
  end if;
  -- Exactly two numbers per position: PostGIS reads a non-number as 0, and the column is 2-D.
  v_positions := app.geojson_positions(v_geometry->>'type', v_geometry->'coordinates');
  if v_positions is null then
    raise exception 'invalid_geometry' using errcode = '22023';
  end if;
  if jsonb_array_length(v_positions) > app.max_vertices() then
    raise exception 'too_many_vertices' using errcode = '22023';
  end if;
  begin
    v_geom := extensions.st_setsrid(extensions.st_geomfromgeojson(v_geometry::text), 4326);
  exception when others then
    raise exception 'invalid_geometry' using errcode = '22023';
  end;
  if v_geom is null or extensions.st_isempty(v_geom) or extensions.st_ndims(v_geom) <> 2
     or extensions.st_xmin(v_geom) < -180 or extensions.st_xmax(v_geom) > 180
     or extensions.st_ymin(v_geom) < -90 or extensions.st_ymax(v_geom) > 90
     or not extensions.st_isvalid(v_geom) then
    raise exception 'invalid_geometry' using errcode = '22023';
  end if;
  if extensions.st_npoints(v_geom) > app.max_vertices() then
    raise exception 'too_many_vertices' using errcode = '22023';
  end if;
  if not exists (select 1 from app.boundary b where extensions.st_intersects(b.geom, v_geom)) then
    raise exception 'outside_malmo' using errcode = '22023';
  end if;

  if coalesce(jsonb_typeof(v_m->'report_ids'), 'null') not in ('null', 'array') then
    raise exception 'report_not_found' using errcode = '22023';
  end if;
  if jsonb_array_length(coalesce(v_m->'report_ids', '[]'::jsonb)) > 500 then
    raise exception 'too_many_reports' using errcode = '22023';
  end if;
  begin
    select coalesce(array_agg(distinct e::uuid), array[]::uuid[]) into v_reports
      from jsonb_array_elements_text(coalesce(v_m->'report_ids', '[]'::jsonb)) e;
  exception when others then
    raise exception 'report_not_found' using errcode = '22023';
  end;
  if (select count(*) from app.reports r where r.id = any(v_reports)) <> cardinality(v_reports) then
    raise exception 'report_not_found' using errcode = '22023';
  end if;

  insert into app.measures as m (id, title, description, challenge, type, department, status, planned_date,
                                 done_date, cost_sek, geom, crit_preventive, crit_research, crit_vulnerable,
                                 crit_quick, source_kind, source_ref, created_by)
  values (v_id, v_title, v_description, v_m->>'challenge', v_m->>'type', v_department, v_status, v_planned,
          v_done, v_cost, v_geom, v_crit[1], v_crit[2], v_crit[3], v_crit[4], v_source_kind, v_source_ref, v_uid)
  on conflict (id) do update
    set title = excluded.title, description = excluded.description, challenge = excluded.challenge,
        type = excluded.type, department = excluded.department, status = excluded.status,
        planned_date = excluded.planned_date, done_date = excluded.done_date, cost_sek = excluded.cost_sek,
        geom = excluded.geom, crit_preventive = excluded.crit_preventive, crit_research = excluded.crit_research,
        crit_vulnerable = excluded.crit_vulnerable, crit_quick = excluded.crit_quick,
        source_kind = excluded.source_kind, source_ref = excluded.source_ref, updated_at = now();

  delete from app.measure_reports x where x.measure_id = v_id and x.report_id <> all(v_reports);
  insert into app.measure_reports (measure_id, report_id)
  select v_id, unnest(v_reports)
  on conflict do nothing;

  return app.measure_json(v_id);
end
$$;
revoke execute on function api.save_measure(uuid, jsonb) from public;
grant execute on function api.save_measure(uuid, jsonb) to authenticated;

-- list_measures: at most 100 statuses in the filter.
create or replace function api.list_measures(p_challenge text default null, p_status text[] default null)
returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_challenge is not null and not exists (select 1 from app.challenges c where c.code = p_challenge) then
    raise exception 'invalid_challenge' using errcode = '22023';
  end if;
  if p_status is not null and (cardinality(p_status) > 100 or exists (
       select 1 from unnest(p_status) s
        where s is null or s not in ('proposed', 'planned', 'in_progress', 'done', 'cancelled'))) then
    raise exception 'invalid_measure_status' using errcode = '22023';
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(app.measure_json(m.id) order by m.score desc, m.created_at, m.id)
      from app.measures m
     where (p_challenge is null or m.challenge = p_challenge)
       and (p_status is null or m.status = any(p_status))), '[]'::jsonb));
end
$$;
revoke execute on function api.list_measures(text, text[]) from public;
grant execute on function api.list_measures(text, text[]) to authenticated;

-- 3. public_measures -------------------------------------------------------------------------------------------
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
revoke execute on function app.public_geometry(extensions.geometry, int) from public;

create or replace function api.public_measures() returns jsonb
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
             'id', m.id, 'title', m.title, 'type', m.type, 'challenge', m.challenge,
             'done_date', to_char(m.done_date, 'YYYY-MM-DD'),
             'geometry', extensions.st_asgeojson(app.public_geometry(m.geom, 250), 6)::jsonb,
             'report_ids', coalesce((select jsonb_agg(x.report_id order by x.report_id)
                                       from (select y.report_id from app.measure_reports y
                                              where y.measure_id = m.id
                                              order by y.report_id limit 500) x), '[]'::jsonb))
           order by m.done_date desc, m.id)
      from (select * from app.measures d
             where d.status = 'done'
             order by d.done_date desc, d.id
             limit 250) m), '[]'::jsonb))
$$;
revoke execute on function api.public_measures() from public;
grant execute on function api.public_measures() to anon, authenticated;

-- 4. Developments ----------------------------------------------------------------------------------------------
-- A GeoJSON Polygon/MultiPolygon (WGS84) as a valid 2-D MultiPolygon of at most 10,000 vertices and 1 MB
-- (too_many_vertices), within a 1° box and at most 25 km² (outline_too_large), else invalid_outline.
create or replace function app.development_geometry(p_geometry jsonb) returns extensions.geometry
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  v extensions.geometry;
begin
  if p_geometry is null or jsonb_typeof(p_geometry) <> 'object'
     or coalesce(p_geometry ->> 'type', '') not in ('Polygon', 'MultiPolygon') then
    raise exception 'invalid_outline' using errcode = '22023';
  end if;
  if pg_column_size(p_geometry) > app.max_geojson_bytes() then
    raise exception 'too_many_vertices' using errcode = '22023';
  end if;
  begin
    v := extensions.st_geomfromgeojson(p_geometry::text);
  exception when others then
    raise exception 'invalid_outline' using errcode = '22023';
  end;
  if v is not null and extensions.st_npoints(v) > app.max_vertices() then
    raise exception 'too_many_vertices' using errcode = '22023';
  end if;
  v := extensions.st_setsrid(extensions.st_force2d(v), 4326);
  if v is null or extensions.st_isempty(v)
     or extensions.st_xmin(v) < -180 or extensions.st_xmax(v) > 180
     or extensions.st_ymin(v) < -90 or extensions.st_ymax(v) > 90
     or not extensions.st_isvalid(v) then
    raise exception 'invalid_outline' using errcode = '22023';
  end if;
  -- Malmö spans about 0.4° × 0.2°; the box test also keeps a world-sized outline away from st_area below.
  if extensions.st_xmax(v) - extensions.st_xmin(v) > 1 or extensions.st_ymax(v) - extensions.st_ymin(v) > 1
     or extensions.st_area(v::extensions.geography) > 25e6 then
    raise exception 'outline_too_large' using errcode = '22023';
  end if;
  return extensions.st_multi(v);
end
$$;
revoke execute on function app.development_geometry(jsonb) from public;

-- Validates one development's fields (in the documented order) and returns them cleaned. The outline must lie
-- at least half inside Malmö (touching it is not enough).
create or replace function app.development_fields(
  p_name text, p_plan_id text, p_phase text, p_link text, p_geometry jsonb,
  out o_name text, out o_plan_id text, out o_link text, out o_geom extensions.geometry)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  v_inside float8;
begin
  o_name := btrim(coalesce(p_name, ''));
  if o_name = '' then
    raise exception 'name_required' using errcode = '22023';
  end if;
  if char_length(o_name) > 200 then
    raise exception 'name_too_long' using errcode = '22023';
  end if;
  o_plan_id := nullif(btrim(coalesce(p_plan_id, '')), '');
  if char_length(o_plan_id) > 100 then
    raise exception 'plan_id_too_long' using errcode = '22023';
  end if;
  if p_phase is null or p_phase not in ('planning', 'consultation', 'adopted', 'under_construction', 'completed') then
    raise exception 'invalid_phase' using errcode = '22023';
  end if;
  o_link := nullif(btrim(coalesce(p_link, '')), '');
  if o_link is not null and (char_length(o_link) > 2000 or o_link !~* '^https?://[^[:space:]]+$') then
    raise exception 'invalid_link' using errcode = '22023';
  end if;
  o_geom := app.development_geometry(p_geometry);
  select coalesce(sum(extensions.st_area(extensions.st_intersection(b.geom, o_geom)::extensions.geography)), 0)
    into v_inside
    from app.boundary b
   where extensions.st_intersects(b.geom, o_geom);
  if v_inside < 0.5 * extensions.st_area(o_geom::extensions.geography) then
    raise exception 'outside_malmo' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.development_fields(text, text, text, text, jsonb) from public;

-- import_developments: at most 200,000 vertices (too_many_vertices) and 250 km² (outline_too_large) in one
-- import, the DETAIL naming the feature that went over.
create or replace function api.import_developments(p_features jsonb) returns jsonb
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_batch uuid := gen_random_uuid();
  v_ids uuid[] := '{}';
  v_feature jsonb;
  v_index int := 0;
  v_fields record;
  v_completion date;
  v_id uuid;
  v_vertices bigint := 0;
  v_area float8 := 0;
  v_i int;
begin
  if not app.has_role('planner') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_features is null or jsonb_typeof(p_features) <> 'array' then
    raise exception 'invalid_import' using errcode = '22023';
  end if;
  if jsonb_array_length(p_features) > 2000 then
    raise exception 'too_many_features' using errcode = '22023';
  end if;

  -- By index, not `for … in select jsonb_array_elements(…)`: that first copies every feature into a tuplestore
  -- (a 25 MB feature spilled to a temporary file before its size could be checked).
  for v_i in 0 .. jsonb_array_length(p_features) - 1 loop
    v_feature := p_features -> v_i;
    begin
      if jsonb_typeof(v_feature) <> 'object'
         or jsonb_typeof(coalesce(v_feature -> 'name', 'null')) not in ('string', 'null')
         or jsonb_typeof(coalesce(v_feature -> 'plan_id', 'null')) not in ('string', 'number', 'null')
         or jsonb_typeof(coalesce(v_feature -> 'phase', 'null')) not in ('string', 'null')
         or jsonb_typeof(coalesce(v_feature -> 'link', 'null')) not in ('string', 'null')
         or jsonb_typeof(coalesce(v_feature -> 'expected_completion', 'null')) not in ('string', 'null') then
        raise exception 'invalid_import' using errcode = '22023';
      end if;
      select * into v_fields
        from app.development_fields(v_feature ->> 'name', v_feature ->> 'plan_id', v_feature ->> 'phase',
                                    v_feature ->> 'link', v_feature -> 'geometry');
      v_completion := app.completion_date(v_feature ->> 'expected_completion');
      v_vertices := v_vertices + extensions.st_npoints(v_fields.o_geom);
      if v_vertices > 200000 then
        raise exception 'too_many_vertices' using errcode = '22023';
      end if;
      -- Overlapping outlines multiply the planning links (each report once per development around it): all of
      -- Malmö is ~160 km², so one import may cover at most 250 km² in all.
      v_area := v_area + extensions.st_area(v_fields.o_geom::extensions.geography);
      if v_area > 250e6 then
        raise exception 'outline_too_large' using errcode = '22023';
      end if;
    exception when sqlstate '22023' then
      raise exception '%', sqlerrm using errcode = '22023', detail = format('feature %s', v_index);
    end;
    insert into app.developments (name, plan_id, phase, expected_completion, link, geom, created_by,
                                  import_batch)
    values (v_fields.o_name, v_fields.o_plan_id, v_feature ->> 'phase', v_completion, v_fields.o_link,
            v_fields.o_geom, auth.uid(), v_batch)
    returning id into v_id;
    v_ids := v_ids || v_id;
    v_index := v_index + 1;
  end loop;

  return jsonb_build_object('inserted', cardinality(v_ids), 'ids', to_jsonb(v_ids));
end
$$;
revoke all on function api.import_developments(jsonb) from public;
grant execute on function api.import_developments(jsonb) to authenticated;

-- 5. Array filters ---------------------------------------------------------------------------------------------
create or replace function app.crew_check_filter(p_challenges text[], p_categories text[], p_from timestamptz,
                                                  p_to timestamptz) returns void
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  if coalesce(cardinality(p_challenges), 0) > 100 or coalesce(cardinality(p_categories), 0) > 100
     or (p_challenges is not null and exists (
        select 1 from unnest(p_challenges) f(code)
         where f.code is null or not exists (select 1 from app.challenges h where h.code = f.code)))
     or (p_categories is not null and exists (
        select 1 from unnest(p_categories) f(code)
         where f.code is null or not exists (select 1 from app.categories c where c.code = f.code)))
     or p_from = 'infinity'::timestamptz or p_from = '-infinity'::timestamptz
     or p_to = 'infinity'::timestamptz or p_to = '-infinity'::timestamptz
     or (p_from is not null and p_to is not null and p_from >= p_to) then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.crew_check_filter(text[], text[], timestamptz, timestamptz) from public;

create or replace function api.work_list(
  p_district_codes int[] default null,
  p_statuses text[] default null,
  p_challenges text[] default null,
  p_limit int default 500,
  p_cell_m float8 default 100
) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_statuses text[] := coalesce(p_statuses, array['new', 'confirmed', 'in_progress']);
  v_total bigint;
  v_items jsonb;
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  perform app.crew_check_cell(p_cell_m);
  perform app.crew_check_filter(p_challenges, null, null, null);
  if p_limit is null or p_limit < 1 or p_limit > 5000
     or cardinality(v_statuses) > 100 or coalesce(cardinality(p_district_codes), 0) > 1000
     or exists (select 1 from unnest(v_statuses) f(code)
                 where f.code is null or not exists (select 1 from app.statuses s where s.code = f.code))
     or (p_district_codes is not null and exists (
           select 1 from unnest(p_district_codes) f(code)
            where f.code is null or not exists (select 1 from app.districts d where d.do_kod = f.code))) then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;

  select count(*) into v_total
    from app.reports r
   where r.status = any (v_statuses)
     and (p_district_codes is null or r.district_code = any (p_district_codes))
     and (p_challenges is null or r.challenge = any (p_challenges));

  select coalesce(jsonb_agg(jsonb_build_object(
           'id', w.id, 'category', w.category, 'challenge', w.challenge, 'status', w.status,
           'lon', extensions.st_x(w.location), 'lat', extensions.st_y(w.location),
           'district_code', w.district_code, 'district_name', d.name,
           'observed_at', w.observed_at, 'created_at', w.created_at, 'supports', w.support_count,
           'description', w.description, 'source', w.source, 'has_photo', w.photo_path is not null,
           'assigned_to_me', coalesce(w.assigned_to = v_uid, false), 'assigned', w.assigned_to is not null,
           'q', app.hex_q(w.key), 'r', app.hex_r(w.key))
           order by w.observed_at, w.id), '[]'::jsonb)
    into v_items
    from (
      select r.*, app.hex_key(r.a3006, r.b3006, p_cell_m) as key
        from app.reports r
       where r.status = any (v_statuses)
         and (p_district_codes is null or r.district_code = any (p_district_codes))
         and (p_challenges is null or r.challenge = any (p_challenges))
       order by r.observed_at, r.id
       limit p_limit
    ) w
    left join app.districts d on d.do_kod = w.district_code;

  return jsonb_build_object('total', v_total, 'items', v_items);
end
$$;
revoke execute on function api.work_list(int[], text[], text[], int, float8) from public;
grant execute on function api.work_list(int[], text[], text[], int, float8) to authenticated;
