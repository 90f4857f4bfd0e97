-- The planning API (issue 5): import, save, delete and list developments, the evidence in and around one,
-- and versioned safety assessments. See docs/api-planning.md. Writes: planner/admin; reads: staff.

-- The assessment factors (BoTryggt2030 + CPTED); src/domain/assessment-factors.ts mirrors the list.
create or replace function app.assessment_factors() returns text[]
language sql immutable parallel safe
set search_path = ''
as $$
  select array['belysning', 'siktlinjer', 'mix_funktioner', 'orienterbarhet', 'social_kontroll', 'skotsel',
               'trafiksakerhet_gangstrak']
$$;
revoke execute on function app.assessment_factors() from public;

-- A GeoJSON Polygon/MultiPolygon (WGS84) as a valid 2-D MultiPolygon, or `invalid_outline`.
create or replace function app.development_geometry(p_geometry jsonb) returns extensions.geometry
language plpgsql immutable
set search_path = ''
as $$
declare
  v extensions.geometry;
begin
  if p_geometry is null or jsonb_typeof(p_geometry) <> 'object'
     or coalesce(p_geometry ->> 'type', '') not in ('Polygon', 'MultiPolygon') then
    raise exception 'invalid_outline' using errcode = '22023';
  end if;
  begin
    v := extensions.st_geomfromgeojson(p_geometry::text);
  exception when others then
    raise exception 'invalid_outline' using errcode = '22023';
  end;
  v := extensions.st_setsrid(extensions.st_force2d(v), 4326);
  -- The vertex cap keeps one feature from tying up the database (a real plan area has hundreds).
  if v is null or extensions.st_isempty(v) or extensions.st_npoints(v) > 100000
     or extensions.st_xmin(v) < -180 or extensions.st_xmax(v) > 180
     or extensions.st_ymin(v) < -90 or extensions.st_ymax(v) > 90
     or not extensions.st_isvalid(v) then
    raise exception 'invalid_outline' using errcode = '22023';
  end if;
  return extensions.st_multi(v);
end
$$;
revoke execute on function app.development_geometry(jsonb) from public;

-- Validates one development's fields (in the documented order) and returns them cleaned.
create or replace function app.development_fields(
  p_name text, p_plan_id text, p_phase text, p_link text, p_geometry jsonb,
  out o_name text, out o_plan_id text, out o_link text, out o_geom extensions.geometry)
language plpgsql
set search_path = ''
as $$
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
  if not exists (select 1 from app.boundary b where extensions.st_intersects(b.geom, o_geom)) then
    raise exception 'outside_malmo' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.development_fields(text, text, text, text, jsonb) from public;

-- One development as the API shows it (with the counts from the link table).
create or replace function app.development_json(p_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', d.id, 'name', d.name, 'plan_id', d.plan_id, 'phase', d.phase,
    'expected_completion', to_char(d.expected_completion, 'YYYY-MM-DD'),
    'link', d.link, 'area_m2', round(d.area_m2::numeric, 1),
    'geometry', extensions.st_asgeojson(d.geom, 7)::jsonb,
    'reports_inside', (select count(*) from app.development_reports dr
                        where dr.development_id = d.id and dr.distance_m = 0),
    'reports_near', (select count(*) from app.development_reports dr
                      where dr.development_id = d.id and dr.distance_m > 0),
    'district', (select jsonb_build_object('code', x.do_kod, 'name', x.name)
                   from app.districts x where x.do_kod = d.district_code),
    'is_demo', d.is_demo, 'created_at', d.created_at, 'updated_at', d.updated_at)
  from app.developments d
  where d.id = p_id
$$;
revoke execute on function app.development_json(uuid) from public;

-- import_developments ---------------------------------------------------------------------------------------
create or replace function api.import_developments(p_features jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_batch uuid := gen_random_uuid();
  v_ids uuid[] := '{}';
  v_feature jsonb;
  v_index int := 0;
  v_fields record;
  v_completion date;
  v_id uuid;
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

  for v_feature in select f from jsonb_array_elements(p_features) f loop
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

-- 'YYYY-MM-DD' (or null) as a finite date, else `invalid_completion_date`.
create or replace function app.completion_date(p_text text) returns date
language plpgsql immutable
set search_path = ''
as $$
declare
  v date;
begin
  if p_text is null or btrim(p_text) = '' then
    return null;
  end if;
  if p_text !~ '^\d{4}-\d{2}-\d{2}$' then
    raise exception 'invalid_completion_date' using errcode = '22023';
  end if;
  begin
    v := p_text::date;
  exception when others then
    raise exception 'invalid_completion_date' using errcode = '22023';
  end;
  return v;
end
$$;
revoke execute on function app.completion_date(text) from public;

-- save_development ------------------------------------------------------------------------------------------
create or replace function api.save_development(
  p_id uuid, p_name text, p_plan_id text, p_phase text, p_expected_completion date, p_link text,
  p_geometry jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_fields record;
begin
  if not app.has_role('planner') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_id is null then
    raise exception 'development_not_found' using errcode = '22023';
  end if;
  select * into v_fields from app.development_fields(p_name, p_plan_id, p_phase, p_link, p_geometry);
  if p_expected_completion is not null and not isfinite(p_expected_completion) then
    raise exception 'invalid_completion_date' using errcode = '22023';
  end if;

  insert into app.developments as d (id, name, plan_id, phase, expected_completion, link, geom, created_by)
  values (p_id, v_fields.o_name, v_fields.o_plan_id, p_phase, p_expected_completion, v_fields.o_link,
          v_fields.o_geom, auth.uid())
  on conflict (id) do update
    set name = excluded.name, plan_id = excluded.plan_id, phase = excluded.phase,
        expected_completion = excluded.expected_completion, link = excluded.link, geom = excluded.geom;

  return app.development_json(p_id);
end
$$;

-- delete_development ----------------------------------------------------------------------------------------
create or replace function api.delete_development(p_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
begin
  if not app.has_role('planner') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  delete from app.developments where id = p_id;
  if not found then
    raise exception 'development_not_found' using errcode = '22023';
  end if;
  return jsonb_build_object('id', p_id);
end
$$;

-- list_developments -----------------------------------------------------------------------------------------
create or replace function api.list_developments() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(app.development_json(d.id) order by d.name, d.id) from app.developments d), '[]'::jsonb));
end
$$;

-- development_evidence --------------------------------------------------------------------------------------
-- The reports within p_buffer_m of a development (inside: distance 0). Up to 250 m from the link table; beyond
-- that a GiST search around the outline.
create or replace function app.development_candidates(
  p_id uuid, p_buffer_m int, p_from timestamptz, p_to timestamptz)
returns table (id uuid, location extensions.geometry, category text, challenge text, status text,
               observed_at timestamptz, is_dark boolean, district_code int, distance_m float8)
language plpgsql stable
set search_path = ''
as $$
declare
  v_geom extensions.geometry;
  v_geom_3006 extensions.geometry;
  v_box extensions.geometry;
begin
  if p_buffer_m <= app.development_near_m() then
    return query
      select r.id, r.location, r.category, r.challenge, r.status, r.observed_at, r.is_dark, r.district_code,
             dr.distance_m::float8
        from app.development_reports dr
        join app.reports r on r.id = dr.report_id
       where dr.development_id = p_id
         and dr.distance_m <= p_buffer_m
         and (p_from is null or r.observed_at >= p_from)
         and (p_to is null or r.observed_at < p_to);
  else
    select d.geom, d.geom_3006 into v_geom, v_geom_3006 from app.developments d where d.id = p_id;
    v_box := extensions.st_envelope(extensions.st_transform(
               extensions.st_envelope(extensions.st_expand(v_geom_3006, p_buffer_m + 10)), 4326));
    return query
      select r.id, r.location, r.category, r.challenge, r.status, r.observed_at, r.is_dark, r.district_code,
             case when extensions.st_intersects(v_geom, r.location) then 0::float8
                  else extensions.st_distance(v_geom_3006, extensions.st_transform(r.location, 3006)) end
        from app.reports r
       where r.location operator(extensions.&&) v_box
         and (extensions.st_intersects(v_geom, r.location)
              or extensions.st_dwithin(v_geom_3006, extensions.st_transform(r.location, 3006), p_buffer_m))
         and (p_from is null or r.observed_at >= p_from)
         and (p_to is null or r.observed_at < p_to);
  end if;
end
$$;
revoke execute on function app.development_candidates(uuid, int, timestamptz, timestamptz) from public;

create or replace function api.development_evidence(
  p_id uuid, p_buffer_m int default 250, p_from timestamptz default null, p_to timestamptz default null)
returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_dev app.developments;
  v_area_km2 float8;
  v_ring_km2 float8;
  v_district jsonb;
  v_city jsonb;
  v_city_count bigint;
  v_city_km2 float8;
  v_result jsonb;
  v_max_reports constant int := 5000;
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_buffer_m is null or p_buffer_m not in (100, 250, 500) then
    raise exception 'invalid_buffer' using errcode = '22023';
  end if;
  if p_from is not null and p_to is not null and p_from >= p_to then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
  select * into v_dev from app.developments d where d.id = p_id;
  if not found then
    raise exception 'development_not_found' using errcode = '22023';
  end if;

  v_area_km2 := v_dev.area_m2 / 1e6;
  v_ring_km2 := greatest(extensions.st_area(extensions.st_buffer(v_dev.geom_3006, p_buffer_m, 'quad_segs=16'))
                         / 1e6 - v_area_km2, 0);

  -- District and city rates: all reports there in the same period (the counts behind the figures).
  select jsonb_build_object(
           'code', x.do_kod, 'name', x.name,
           'count', c.n,
           'km2', round((extensions.st_area(extensions.st_transform(x.geom, 3006)) / 1e6)::numeric, 4),
           'per_km2', round((c.n / nullif(extensions.st_area(extensions.st_transform(x.geom, 3006)) / 1e6, 0))::numeric, 2))
    into v_district
    from app.districts x
    cross join lateral (
      select count(*)::float8 as n from app.reports r
       where r.district_code = x.do_kod
         and (p_from is null or r.observed_at >= p_from)
         and (p_to is null or r.observed_at < p_to)) c
   where x.do_kod = v_dev.district_code;

  if p_from is null and p_to is null then
    -- The summary grid holds every report exactly once per level (maintained by triggers).
    select coalesce(sum(c.n), 0) into v_city_count from app.report_cells c where c.level = 6;
  else
    select count(*) into v_city_count from app.reports r
     where (p_from is null or r.observed_at >= p_from)
       and (p_to is null or r.observed_at < p_to);
  end if;
  select extensions.st_area(extensions.st_transform(b.geom, 3006)) / 1e6 into v_city_km2 from app.boundary b;
  v_city := jsonb_build_object('count', v_city_count, 'km2', round(v_city_km2::numeric, 4),
                               'per_km2', round((v_city_count / nullif(v_city_km2, 0))::numeric, 2));

  with c as materialized (
    select * from app.development_candidates(p_id, p_buffer_m, p_from, p_to)
  ),
  sides as (
    select s.side, s.inside,
           (select count(*) from c where (c.distance_m = 0) = s.inside) as total,
           (select count(*) from c where (c.distance_m = 0) = s.inside and c.is_dark) as dark,
           coalesce((select jsonb_object_agg(g.challenge, g.n) from (
              select c.challenge, count(*) as n from c where (c.distance_m = 0) = s.inside group by c.challenge) g),
             '{}'::jsonb) as by_challenge,
           coalesce((select jsonb_object_agg(g.category, g.n) from (
              select c.category, count(*) as n from c where (c.distance_m = 0) = s.inside group by c.category) g),
             '{}'::jsonb) as by_category
      from (values ('inside', true), ('ring', false)) s (side, inside)
  ),
  months as (
    select to_char(c.observed_at at time zone 'Europe/Stockholm', 'YYYY-MM') as month,
           count(*) filter (where c.distance_m = 0) as inside,
           count(*) filter (where c.distance_m > 0) as ring
      from c group by 1
  ),
  span as (
    select min(to_date(m.month, 'YYYY-MM')) as first, max(to_date(m.month, 'YYYY-MM')) as last from months m
  ),
  series as (
    select to_char(g, 'YYYY-MM') as month
      from span, generate_series(span.first, span.last, interval '1 month') g
     where span.first is not null
  ),
  listed as (
    select c.* from c order by c.distance_m, c.observed_at desc, c.id limit v_max_reports
  )
  select jsonb_build_object(
    'development', app.development_json(p_id),
    'buffer_m', p_buffer_m,
    'area_km2', round(v_area_km2::numeric, 6),
    'ring_km2', round(v_ring_km2::numeric, 6),
    'inside', (select jsonb_build_object('total', total, 'by_challenge', by_challenge,
                                         'by_category', by_category, 'dark', dark) from sides where inside),
    'ring', (select jsonb_build_object('total', total, 'by_challenge', by_challenge,
                                       'by_category', by_category, 'dark', dark) from sides where not inside),
    'monthly', coalesce((
      select jsonb_agg(jsonb_build_object('month', s.month, 'inside', coalesce(m.inside, 0),
                                          'ring', coalesce(m.ring, 0)) order by s.month)
        from series s left join months m on m.month = s.month), '[]'::jsonb),
    'rates', jsonb_build_object(
      'development', jsonb_build_object(
        'count', (select total from sides where inside),
        'km2', round(v_area_km2::numeric, 6),
        'per_km2', round(((select total from sides where inside) / nullif(v_area_km2, 0))::numeric, 2)),
      'district', v_district,
      'city', v_city),
    'reports', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', l.id, 'lon', extensions.st_x(l.location), 'lat', extensions.st_y(l.location),
               'category', l.category, 'challenge', l.challenge, 'status', l.status,
               'observed_at', l.observed_at, 'is_dark', l.is_dark,
               'supports', (select count(*) from app.supports sp where sp.report_id = l.id),
               'inside', l.distance_m = 0, 'distance_m', round(l.distance_m::numeric, 1))
             order by l.distance_m, l.observed_at desc, l.id)
        from listed l), '[]'::jsonb),
    'reports_truncated', (select count(*) from c) > v_max_reports)
  into v_result;
  return v_result;
end
$$;

-- save_assessment -------------------------------------------------------------------------------------------
create or replace function api.save_assessment(p_development_id uuid, p_factors jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_factor jsonb;
  v_seen text[] := '{}';
  v_clean jsonb := '[]'::jsonb;
  v_code text;
  v_rating int;
  v_note text;
  v_ids uuid[];
  v_version int;
  v_created timestamptz;
begin
  if not app.has_role('planner') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  -- Lock the development so concurrent saves get consecutive versions.
  perform 1 from app.developments d where d.id = p_development_id for update;
  if not found then
    raise exception 'development_not_found' using errcode = '22023';
  end if;
  if p_factors is null or jsonb_typeof(p_factors) <> 'array' then
    raise exception 'invalid_factor' using errcode = '22023';
  end if;

  for v_factor in select f from jsonb_array_elements(p_factors) f loop
    if jsonb_typeof(v_factor) <> 'object' or jsonb_typeof(v_factor -> 'factor') is distinct from 'string' then
      raise exception 'invalid_factor' using errcode = '22023';
    end if;
    v_code := v_factor ->> 'factor';
    if not (v_code = any (app.assessment_factors())) or v_code = any (v_seen) then
      raise exception 'invalid_factor' using errcode = '22023';
    end if;
    v_seen := v_seen || v_code;

    v_rating := null;
    if coalesce(jsonb_typeof(v_factor -> 'rating'), 'null') <> 'null' then
      if jsonb_typeof(v_factor -> 'rating') <> 'number'
         or (v_factor ->> 'rating')::numeric not in (1, 2, 3, 4, 5) then
        raise exception 'invalid_rating' using errcode = '22023';
      end if;
      v_rating := (v_factor ->> 'rating')::numeric::int;
    end if;

    v_note := null;
    if coalesce(jsonb_typeof(v_factor -> 'note'), 'null') <> 'null' then
      if jsonb_typeof(v_factor -> 'note') <> 'string' then
        raise exception 'invalid_factor' using errcode = '22023';
      end if;
      v_note := nullif(btrim(v_factor ->> 'note'), '');
      if char_length(v_note) > 2000 then
        raise exception 'note_too_long' using errcode = '22023';
      end if;
    end if;

    v_ids := '{}';
    if coalesce(jsonb_typeof(v_factor -> 'report_ids'), 'null') <> 'null' then
      if jsonb_typeof(v_factor -> 'report_ids') <> 'array' or jsonb_array_length(v_factor -> 'report_ids') > 1000
         or exists (select 1 from jsonb_array_elements(v_factor -> 'report_ids') e
                     where jsonb_typeof(e) <> 'string'
                        or (e #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
        raise exception 'report_not_found' using errcode = '22023';
      end if;
      select coalesce(array_agg(distinct (e #>> '{}')::uuid), '{}') into v_ids
        from jsonb_array_elements(v_factor -> 'report_ids') e;
      if (select count(*) from app.reports r where r.id = any (v_ids)) <> cardinality(v_ids) then
        raise exception 'report_not_found' using errcode = '22023';
      end if;
    end if;

    v_clean := v_clean || jsonb_build_array(jsonb_build_object(
      'factor', v_code, 'rating', v_rating, 'note', v_note, 'report_ids', to_jsonb(v_ids)));
  end loop;

  select coalesce(max(a.version), 0) + 1 into v_version
    from app.development_assessments a where a.development_id = p_development_id;
  insert into app.development_assessments (development_id, version, author_id, author_role, factors)
  values (p_development_id, v_version, auth.uid(), app.current_role(), v_clean)
  returning created_at into v_created;
  return jsonb_build_object('version', v_version, 'created_at', v_created);
end
$$;

-- development_assessments -----------------------------------------------------------------------------------
create or replace function api.development_assessments(p_development_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if not exists (select 1 from app.developments d where d.id = p_development_id) then
    raise exception 'development_not_found' using errcode = '22023';
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
             'version', a.version, 'created_at', a.created_at, 'author_label', a.author_role,
             'author_id', a.author_id, 'is_mine', a.author_id is not distinct from auth.uid() and a.author_id is not null,
             'factors', a.factors)
           order by a.version desc)
      from app.development_assessments a
     where a.development_id = p_development_id), '[]'::jsonb));
end
$$;

revoke all on function api.import_developments(jsonb), api.save_development(uuid, text, text, text, date, text, jsonb),
  api.delete_development(uuid), api.list_developments(),
  api.development_evidence(uuid, int, timestamptz, timestamptz), api.save_assessment(uuid, jsonb),
  api.development_assessments(uuid) from public;
grant execute on function api.import_developments(jsonb), api.save_development(uuid, text, text, text, date, text, jsonb),
  api.delete_development(uuid), api.list_developments(),
  api.development_evidence(uuid, int, timestamptz, timestamptz), api.save_assessment(uuid, jsonb),
  api.development_assessments(uuid) to authenticated;
