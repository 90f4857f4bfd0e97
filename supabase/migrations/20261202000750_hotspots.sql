-- Hotspot cells for the crew: reports aggregated into hexagons of a chosen size, with the counts the Gi* analysis
-- needs. Uses the crew's filter checks (20261202000700_crew.sql). Details: docs/api-crew.md.

-- The per-cell aggregation of api.hotspot_cells as a set-returning function: PL/pgSQL `select … into` executes
-- with a row limit, and PostgreSQL never launches parallel workers for a limited execution ("Workers Launched:
-- 0"); RETURN QUERY runs its query without a limit and may use parallel workers (PostgreSQL ≥ 14).
create or replace function app.hotspot_rows(
  p_cell_m float8,
  p_challenges text[],
  p_categories text[],
  p_from timestamptz,
  p_to timestamptz,
  p_recent_from timestamptz
) returns table (key float8, n bigint, supports bigint, n_recent bigint)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  return query
  select app.hex_key(p.a3006, p.b3006, p_cell_m),
         count(*),
         coalesce(sum(p.support_count), 0)::bigint,
         count(*) filter (where p.observed_at >= p_recent_from)
    from app.report_points p
   where (p_challenges is null or p.challenge = any (p_challenges))
     and (p_categories is null or p.category = any (p_categories))
     and (p_from is null or p.observed_at >= p_from)
     and (p_to is null or p.observed_at < p_to)
   group by 1;
end
$$;
revoke execute on function app.hotspot_rows(double precision,text[],text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) from public;

-- hotspot_cells -----------------------------------------------------------------------------------------
-- Validates and builds the JSON; app.hotspot_rows aggregates. A parallel scan of app.report_points computes each
-- report's cell in the workers, a partial hash aggregate per worker (the planner expects few cells thanks to the
-- n_distinct on a3006/b3006), a final one of a few thousand rows. JIT is switched off for the rest of the
-- transaction (set_config … true; no function-level setting other than search_path): compiling the long cell
-- expression costs more than it saves.
create or replace function api.hotspot_cells(
  p_cell_m float8,
  p_challenges text[] default null,
  p_categories text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_recent_from timestamptz default null
) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_result jsonb;
begin
  perform app.require_staff();
  perform app.crew_check_cell(p_cell_m);
  perform app.crew_check_filter(p_challenges, p_categories, p_from, p_to);
  if p_recent_from = 'infinity'::timestamptz or p_recent_from = '-infinity'::timestamptz then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
  -- Compiling the long cell expression costs more than it saves (for the rest of this transaction).
  perform set_config('jit', 'off', true);

  select jsonb_build_object(
           'cell_m', p_cell_m,
           'total', coalesce(sum(c.n), 0),
           'cells', coalesce(jsonb_agg(jsonb_build_array(app.hex_q(c.key), app.hex_r(c.key), c.n, c.supports,
                                                         c.n_recent)
                                       order by app.hex_q(c.key), app.hex_r(c.key)), '[]'::jsonb))
    into v_result
    from app.hotspot_rows(p_cell_m, p_challenges, p_categories, p_from, p_to, p_recent_from) c;
  return v_result;
end
$$;
revoke execute on function api.hotspot_cells(double precision,text[],text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) from public;
grant execute on function api.hotspot_cells(double precision,text[],text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) to authenticated;
