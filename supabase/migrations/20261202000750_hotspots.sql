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
-- summarised cell size and no category filter; exact for any p_from, p_to and p_recent_from.
--
-- Per cell, n = P(p_to) − P(p_from) and n_recent = P(p_to) − P(p_recent_from), where P(x) counts the reports
-- observed before x. P(x) is the sum of the whole 28-day periods before x's period plus the reports from that
-- period's start to x — or the sum up to and including x's period minus the reports from x to its end, whichever
-- slice of app.report_points is shorter (index on challenge, observed_at): at most half a period per bound. The
-- periods then carry a weight per cell count (the bounds' signs added up); a run of periods longer than half the
-- data is read as all time minus the periods outside it. A bound beyond the oldest or newest report cuts nothing
-- and is dropped (the app sends p_to = now + 1 minute). Cells whose reports all fall outside the window sum to 0
-- and are left out, as the raw aggregation never makes them.
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
  v_first int;
  v_last int;
  v_from timestamptz := p_from;
  v_to timestamptz := p_to;
  v_recent boolean;
  -- The bounds: instant (null = unbounded), the weight of P(x) in n and in n_recent, and the first period NOT
  -- summed for P(x) (set below).
  v_x timestamptz[];
  v_wn int[];
  v_wr int[];
  v_e int[];
  v_p int;
  v_start timestamptz;
  v_next timestamptz;
  -- Summary runs of periods [v_sum_lo, v_sum_hi] and raw ranges [v_raw_lo, v_raw_hi), each with its weights.
  v_sum_lo int[] := '{}';
  v_sum_hi int[] := '{}';
  v_sum_wn int[] := '{}';
  v_sum_wr int[] := '{}';
  v_raw_lo timestamptz[] := '{}';
  v_raw_hi timestamptz[] := '{}';
  v_raw_wn int[] := '{}';
  v_raw_wr int[] := '{}';
  v_cuts int[];
  v_lo_k int;
  v_hi_k int;
  v_wn_k int;
  v_wr_k int;
  i int;
  j int;
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

  -- n_recent counts observed_at >= p_recent_from inside the window: P(p_to) − P(max(p_recent_from, p_from)).
  v_recent := p_recent_from is not null and p_recent_from <= v_hi and (v_to is null or p_recent_from < v_to);
  v_x := array[v_to, v_from];
  v_wn := array[1, -1];
  v_wr := array[case when v_recent then 1 else 0 end, 0];
  if v_recent then
    v_x := v_x || case when p_recent_from <= coalesce(v_from, v_lo) then v_from else p_recent_from end;
    v_wn := v_wn || 0;
    v_wr := v_wr || -1;
  end if;

  v_e := array_fill(0, array[cardinality(v_x)]);
  for i in 1 .. cardinality(v_x) loop
    if v_x[i] is null then
      v_e[i] := case when i = 1 then v_last + 1 else v_first end;
      continue;
    end if;
    v_p := app.hotspot_period(v_x[i]);
    v_start := app.hotspot_period_start(v_p);
    v_next := app.hotspot_period_start(v_p + 1);
    if v_start = v_x[i] then
      v_e[i] := v_p;
    elsif v_x[i] - greatest(v_start, v_lo) <= least(v_next, v_hi) - v_x[i] then
      -- Periods before x's, plus its reports before x.
      v_e[i] := v_p;
      v_raw_lo := v_raw_lo || v_start; v_raw_hi := v_raw_hi || v_x[i];
      v_raw_wn := v_raw_wn || v_wn[i]; v_raw_wr := v_raw_wr || v_wr[i];
    else
      -- Periods up to and including x's, minus its reports from x on.
      v_e[i] := v_p + 1;
      v_raw_lo := v_raw_lo || v_x[i]; v_raw_hi := v_raw_hi || v_next;
      v_raw_wn := v_raw_wn || -v_wn[i]; v_raw_wr := v_raw_wr || -v_wr[i];
    end if;
  end loop;

  -- Period k weighs the sum of the weights of the bounds whose first unsummed period is after k: constant
  -- between consecutive cuts, zero before the first and from the last.
  v_cuts := array(select distinct least(greatest(e, v_first), v_last + 1) from unnest(v_e) e order by 1);
  for j in 1 .. cardinality(v_cuts) - 1 loop
    v_lo_k := v_cuts[j];
    v_hi_k := v_cuts[j + 1] - 1;
    v_wn_k := 0;
    v_wr_k := 0;
    for i in 1 .. cardinality(v_x) loop
      if least(greatest(v_e[i], v_first), v_last + 1) > v_lo_k then
        v_wn_k := v_wn_k + v_wn[i];
        v_wr_k := v_wr_k + v_wr[i];
      end if;
    end loop;
    if v_wn_k = 0 and v_wr_k = 0 then
      continue;
    end if;
    if v_lo_k = v_first and v_hi_k = v_last then
      v_sum_lo := v_sum_lo || c_all; v_sum_hi := v_sum_hi || c_all;
      v_sum_wn := v_sum_wn || v_wn_k; v_sum_wr := v_sum_wr || v_wr_k;
    elsif v_hi_k - v_lo_k + 1 <= (v_last - v_first + 1) / 2 then
      v_sum_lo := v_sum_lo || v_lo_k; v_sum_hi := v_sum_hi || v_hi_k;
      v_sum_wn := v_sum_wn || v_wn_k; v_sum_wr := v_sum_wr || v_wr_k;
    else
      -- All time minus the periods before and after the run.
      v_sum_lo := v_sum_lo || array[c_all, c_all + 1, v_hi_k + 1];
      v_sum_hi := v_sum_hi || array[c_all, v_lo_k - 1, 2147483647];
      v_sum_wn := v_sum_wn || array[v_wn_k, -v_wn_k, -v_wn_k];
      v_sum_wr := v_sum_wr || array[v_wr_k, -v_wr_k, -v_wr_k];
    end if;
  end loop;

  return query
  select u.key, sum(u.n)::bigint, sum(u.supports)::bigint, sum(u.n_recent)::bigint
    from (
      select c.key, s.wn * c.n as n, s.wn * c.supports as supports, s.wr * c.n as n_recent
        from unnest(v_sum_lo, v_sum_hi, v_sum_wn, v_sum_wr) s(lo, hi, wn, wr)
        join app.hotspot_cell_counts c
          on c.cell_m = p_cell_m and c.challenge = any (v_challenges) and c.period between s.lo and s.hi
      union all
      select app.hex_key(p.a3006, p.b3006, p_cell_m), r.wn, r.wn * p.support_count, r.wr
        from unnest(v_raw_lo, v_raw_hi, v_raw_wn, v_raw_wr) r(lo, hi, wn, wr)
        join app.report_points p
          on p.challenge = any (v_challenges) and p.observed_at >= r.lo and p.observed_at < r.hi
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
  -- The cells come ordered by q, then r: key = q·2^20 + r with |r| < 2^19 sorts exactly so, one float compare.
  perform set_config('jit', 'off', true);

  -- The cells as one two-dimensional array turned into JSON at once: the same [[q, r, n, supports, n_recent], …] as
  -- jsonb_agg of jsonb_build_array, for 30 % less CPU (15 vs 21.5 ms for 6,457 cells, measured; building the JSON
  -- was over half of a whole-city call at 100 m).
  select jsonb_build_object(
           'cell_m', p_cell_m,
           'total', coalesce(sum(c.n), 0),
           'cells', coalesce(to_jsonb(array_agg(array[app.hex_q(c.key)::bigint, app.hex_r(c.key)::bigint, c.n,
                                                      c.supports, c.n_recent]
                                                order by c.key)), '[]'::jsonb))
    into v_result
    from app.hotspot_cell_rows(p_cell_m, p_challenges, p_categories, p_from, p_to, p_recent_from) c;
  return v_result;
end
$$;
revoke execute on function api.hotspot_cells(double precision,text[],text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) from public;
grant execute on function api.hotspot_cells(double precision,text[],text[],timestamp with time zone,timestamp with time zone,timestamp with time zone) to authenticated;
