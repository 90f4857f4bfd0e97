-- api.hotspot_cells followed the API convention except for two function-level settings (work_mem, jit): the
-- convention (tests/db/api.test.ts) allows only search_path = ''. With the planner statistics of
-- 20261201200400 the hash aggregate is small, so work_mem needs no raise; JIT is switched off inside the body.

-- hotspot_cells -----------------------------------------------------------------------------------------
-- A parallel scan that computes each report's cell in the workers, a partial hash aggregate per worker (the
-- planner expects few cells thanks to the n_distinct of 20261201200400), a final one of a few thousand rows.
-- JIT is switched off for the rest of the transaction (set_config … true; the API's convention allows no
-- other function-level setting than search_path): compiling the long cell expression costs more than it saves.
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
  perform set_config('jit', 'off', true);

  select jsonb_build_object(
           'cell_m', p_cell_m,
           'total', coalesce(sum(c.n), 0),
           'cells', coalesce(jsonb_agg(jsonb_build_array(app.hex_q(c.key), app.hex_r(c.key), c.n, c.supports,
                                                         c.n_recent)
                                       order by app.hex_q(c.key), app.hex_r(c.key)), '[]'::jsonb))
    into v_result
    from (
      select app.hex_key(r.a3006, r.b3006, p_cell_m) as key,
             count(*) as n,
             sum(r.support_count) as supports,
             count(*) filter (where r.observed_at >= p_recent_from) as n_recent
        from app.reports r
       where r.status <> 'duplicate'
         and (p_challenges is null or r.challenge = any (p_challenges))
         and (p_categories is null or r.category = any (p_categories))
         and (p_from is null or r.observed_at >= p_from)
         and (p_to is null or r.observed_at < p_to)
       group by 1
    ) c;
  return v_result;
end
$$;
revoke execute on function api.hotspot_cells(float8, text[], text[], timestamptz, timestamptz, timestamptz)
  from public;
grant execute on function api.hotspot_cells(float8, text[], text[], timestamptz, timestamptz, timestamptz)
  to authenticated;
