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

-- The same rows from the per-cell summaries (app.hotspot_cell_counts, 20261202000500_read_models.sql), for a
-- summarised cell size and no category filter. Exact for any p_from/p_to/p_recent_from: the window is split at
-- p_recent_from into a baseline and a recent part; each part is its whole 28-day periods from the summary plus
-- its partial periods at both ends from app.report_points (index on challenge, observed_at). A part longer than half the data
-- is read as all time minus the periods outside it. A bound beyond the oldest or newest report cuts nothing and
-- is dropped (the app sends p_to = now + 1 minute). Cells whose reports all fall outside the window sum to 0 and
-- are left out, as the raw aggregation never makes them.
create or replace function app.hotspot_summary_rows(
  p_cell_m float8,
  p_challenges text[],
  p_from timestamptz,
  p_to timestamptz,
  p_recent_from timestamptz
) returns table (key float8, n bigint, supports bigint, n_recent bigint)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  c_all constant int := -2147483648;
  v_challenges text[] := coalesce(p_challenges, array(select h.code from app.challenges h));
  v_lo timestamptz;
  v_hi timestamptz;
  v_from timestamptz := p_from;
  v_to timestamptz := p_to;
  v_split timestamptz;
  -- The parts of the window: [v_part_lo[i], v_part_hi[i]) (null = unbounded), recent or not.
  v_part_lo timestamptz[] := '{}';
  v_part_hi timestamptz[] := '{}';
  v_part_recent boolean[] := '{}';
  -- Summary periods [v_sum_lo[i], v_sum_hi[i]] with a sign; raw ranges [v_raw_lo[i], v_raw_hi[i]).
  v_sum_lo int[] := '{}';
  v_sum_hi int[] := '{}';
  v_sum_sign int[] := '{}';
  v_sum_recent boolean[] := '{}';
  v_raw_lo timestamptz[] := '{}';
  v_raw_hi timestamptz[] := '{}';
  v_raw_recent boolean[] := '{}';
  v_p_lo int;
  v_p_hi int;
  v_first int;
  v_last int;
  v_k1 int;
  v_k2 int;
  i int;
begin
  -- The oldest and newest report of the chosen challenges: two index probes each.
  select min(b.lo), max(b.hi) into v_lo, v_hi
    from unnest(v_challenges) h(code)
   cross join lateral (select (select p.observed_at from app.report_points p where p.challenge = h.code
                                order by p.observed_at limit 1) as lo,
                              (select p.observed_at from app.report_points p where p.challenge = h.code
                                order by p.observed_at desc limit 1) as hi) b;
  if v_lo is null then
    return;
  end if;
  if v_from <= v_lo then v_from := null; end if;
  if v_to > v_hi then v_to := null; end if;
  if v_from > v_hi or v_to <= v_lo then
    return;
  end if;
  v_first := app.hotspot_period(v_lo);
  v_last := app.hotspot_period(v_hi);

  -- n_recent counts observed_at >= p_recent_from inside the window.
  if p_recent_from is null or p_recent_from > v_hi or (v_to is not null and p_recent_from >= v_to) then
    v_part_lo := array[v_from]; v_part_hi := array[v_to]; v_part_recent := array[false];
  elsif p_recent_from <= coalesce(v_from, v_lo) then
    v_part_lo := array[v_from]; v_part_hi := array[v_to]; v_part_recent := array[true];
  else
    v_split := p_recent_from;
    v_part_lo := array[v_from, v_split]; v_part_hi := array[v_split, v_to]; v_part_recent := array[false, true];
  end if;

  for i in 1 .. cardinality(v_part_lo) loop
    if v_part_lo[i] is null and v_part_hi[i] is null then
      v_sum_lo := v_sum_lo || c_all; v_sum_hi := v_sum_hi || c_all; v_sum_sign := v_sum_sign || 1;
      v_sum_recent := v_sum_recent || v_part_recent[i];
      continue;
    end if;
    -- Whole periods inside the part: k1 .. k2; the rest of it is read raw.
    v_p_lo := app.hotspot_period(v_part_lo[i]);
    v_p_hi := app.hotspot_period(v_part_hi[i]);
    v_k1 := case when v_part_lo[i] is null then v_first
                 when app.hotspot_period_start(v_p_lo) = v_part_lo[i] then v_p_lo else v_p_lo + 1 end;
    v_k2 := case when v_part_hi[i] is null then v_last else v_p_hi - 1 end;
    if v_k1 > v_k2 then
      v_raw_lo := v_raw_lo || v_part_lo[i]; v_raw_hi := v_raw_hi || v_part_hi[i];
      v_raw_recent := v_raw_recent || v_part_recent[i];
      continue;
    end if;
    if v_part_lo[i] is not null and v_part_lo[i] < app.hotspot_period_start(v_k1) then
      v_raw_lo := v_raw_lo || v_part_lo[i]; v_raw_hi := v_raw_hi || app.hotspot_period_start(v_k1);
      v_raw_recent := v_raw_recent || v_part_recent[i];
    end if;
    if v_part_hi[i] is not null and app.hotspot_period_start(v_k2 + 1) < v_part_hi[i] then
      v_raw_lo := v_raw_lo || app.hotspot_period_start(v_k2 + 1); v_raw_hi := v_raw_hi || v_part_hi[i];
      v_raw_recent := v_raw_recent || v_part_recent[i];
    end if;
    if v_k2 - v_k1 + 1 <= (v_last - v_first + 1) / 2 then
      v_sum_lo := v_sum_lo || v_k1; v_sum_hi := v_sum_hi || v_k2; v_sum_sign := v_sum_sign || 1;
      v_sum_recent := v_sum_recent || v_part_recent[i];
    else
      -- All time minus the periods before k1 and after k2.
      v_sum_lo := v_sum_lo || array[c_all, c_all + 1, v_k2 + 1];
      v_sum_hi := v_sum_hi || array[c_all, v_k1 - 1, 2147483647];
      v_sum_sign := v_sum_sign || array[1, -1, -1];
      v_sum_recent := v_sum_recent || array[v_part_recent[i], v_part_recent[i], v_part_recent[i]];
    end if;
  end loop;

  return query
  select u.key, sum(u.n)::bigint, sum(u.supports)::bigint, sum(u.n_recent)::bigint
    from (
      select c.key, s.sign * c.n as n, s.sign * c.supports as supports,
             case when s.recent then s.sign * c.n else 0 end as n_recent
        from unnest(v_sum_lo, v_sum_hi, v_sum_sign, v_sum_recent) s(lo, hi, sign, recent)
        join app.hotspot_cell_counts c
          on c.cell_m = p_cell_m and c.challenge = any (v_challenges) and c.period between s.lo and s.hi
      union all
      select app.hex_key(p.a3006, p.b3006, p_cell_m), 1, p.support_count, case when r.recent then 1 else 0 end
        from unnest(v_raw_lo, v_raw_hi, v_raw_recent) r(lo, hi, recent)
        join app.report_points p
          on p.challenge = any (v_challenges)
         and p.observed_at >= coalesce(r.lo, '-infinity') and p.observed_at < coalesce(r.hi, 'infinity')
    ) u
   group by u.key
  having sum(u.n) > 0;
end
$$;
revoke execute on function app.hotspot_summary_rows(double precision,text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) from public;

-- The cells from the summaries where they hold the answer (a summarised size, no category filter), else from the
-- raw aggregation.
create or replace function app.hotspot_cell_rows(
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
  if p_categories is null and p_cell_m = any (app.hotspot_summary_sizes()) then
    return query select * from app.hotspot_summary_rows(p_cell_m, p_challenges, p_from, p_to, p_recent_from);
  else
    return query select * from app.hotspot_rows(p_cell_m, p_challenges, p_categories, p_from, p_to, p_recent_from);
  end if;
end
$$;
revoke execute on function app.hotspot_cell_rows(double precision,text[],text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) from public;

-- hotspot_cells -----------------------------------------------------------------------------------------
-- Validates and builds the JSON; app.hotspot_cell_rows answers from the summaries or, for other sizes and category
-- filters, app.hotspot_rows aggregates. A parallel scan of app.report_points computes each
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
    from app.hotspot_cell_rows(p_cell_m, p_challenges, p_categories, p_from, p_to, p_recent_from) c;
  return v_result;
end
$$;
revoke execute on function api.hotspot_cells(double precision,text[],text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) from public;
grant execute on function api.hotspot_cells(double precision,text[],text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) to authenticated;
