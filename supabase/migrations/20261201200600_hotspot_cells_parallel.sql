-- api.hotspot_cells ran its aggregation as PL/pgSQL `select … into`, which executes with a row limit, and
-- PostgreSQL never launches parallel workers for a limited execution ("Workers Launched: 0"). RETURN QUERY
-- runs its query without a limit and may use parallel workers (PostgreSQL ≥ 14), so the per-cell aggregation
-- moves into a set-returning helper and the API function only validates and builds the JSON.

create or replace function app.hotspot_rows(
  p_cell_m float8,
  p_challenges text[],
  p_categories text[],
  p_from timestamptz,
  p_to timestamptz,
  p_recent_from timestamptz
) returns table (key float8, n bigint, supports bigint, n_recent bigint)
language plpgsql stable
set search_path = ''
as $$
begin
  return query
  select app.hex_key(r.a3006, r.b3006, p_cell_m),
         count(*),
         coalesce(sum(r.support_count), 0)::bigint,
         count(*) filter (where r.observed_at >= p_recent_from)
    from app.reports r
   where r.status <> 'duplicate'
     and (p_challenges is null or r.challenge = any (p_challenges))
     and (p_categories is null or r.category = any (p_categories))
     and (p_from is null or r.observed_at >= p_from)
     and (p_to is null or r.observed_at < p_to)
   group by 1;
end
$$;
revoke execute on function app.hotspot_rows(float8, text[], text[], timestamptz, timestamptz, timestamptz) from public;

create or replace function api.hotspot_cells(
  p_cell_m float8,
  p_challenges text[] default null,
  p_categories text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_recent_from timestamptz default null
) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_result jsonb;
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
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
