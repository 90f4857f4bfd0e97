-- reports_in_view with a time filter reads pre-aggregated data too (issue 16: whole city + one challenge + 30
-- days at 1,000,000 reports took 620 ms, slower than sending every row).
--
-- app.report_cells (20261202000500_read_models) has no time, so every call with p_from or p_to aggregated
-- the whole viewport from app.reports. app.report_cells_by_day adds the time dimension: counts and coordinate sums per
-- level-4 grid cell (≈ 2.3 km), per observed DAY and per challenge. Choices, measured on the 1M bench database
-- (docs/benchmarks.md, "reports-in-view"):
--  * A separate table, not a `day` column in app.report_cells: with a day in its key every unfiltered view
--    would add up a year of days per cell, and app.report_cells keeps its meaning (every report once per
--    level, per category and status), which development evidence (`sum(n) where level = 6`), bench/load.mjs
--    and the drift check in tests/db/api.test.ts rely on.
--  * Key (level 4, day, cell, challenge) without category and status: with them a cell-day holds about one
--    report per row (18 categories × 7 statuses), no aggregation at all. Calls that combine a time filter
--    with a category or status filter keep the raw path, as before.
--  * Only level 4: level 2 (≈ 570 m) per day is as sparse; views of level 6 and coarser use level 4 cells.
--  * Days, not weeks: the partial periods at both ends of the range are read from app.reports (through the
--    observed_at index); less than a day at each end instead of up to six.
-- The day is the calendar day in Europe/Stockholm (the app sends the start of a local day as p_from; the other
-- summaries use Stockholm months). p_from/p_to keep their meaning exactly: observed_at >= p_from and
-- observed_at < p_to, any instant. Only whole days inside [p_from, p_to) come from the summary; the rest of
-- the range, [p_from, first whole day) and [end of the last whole day, p_to), from app.reports. Everything is a
-- function of the public point (public_x/public_y), as in app.report_cells.

-- Written to be re-runnable (if not exists, or replace, rebuilt from app.reports): the bench re-runs an edited
-- migration on its 1M database instead of regenerating it.
create table if not exists app.report_cells_by_day (
  level smallint not null,
  day date not null,
  gx int not null,
  gy int not null,
  challenge text not null,
  n int not null,
  sx float8 not null,
  sy float8 not null,
  primary key (level, day, gx, gy, challenge)
);
alter table app.report_cells_by_day enable row level security;
revoke all on table app.report_cells_by_day from public, anon, authenticated;
comment on table app.report_cells_by_day is
  'Counts and public-point coordinate sums of reports per level-4 grid cell (app.report_cells), observed day '
  '(Europe/Stockholm) and challenge. Maintained by triggers on app.reports; read only by api.reports_in_view.';

-- Statement-level, with transition tables: a bulk insert of 1M demo rows costs one GROUP BY. An UPDATE moves
-- only the rows whose public point, day or challenge changed (a status change, the common update, moves none).
-- plpgsql plans a statement when it first runs it, so each branch may name only its event's transition tables.
create or replace function app.report_cells_by_day_apply() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'INSERT' then
    insert into app.report_cells_by_day as c (level, day, gx, gy, challenge, n, sx, sy)
    select 4, (r.observed_at at time zone 'Europe/Stockholm')::date,
           floor(r.public_x / (app.grid_base_m() * 16.0))::int, floor(r.public_y / (app.grid_base_m() * 16.0))::int,
           r.challenge, count(*), sum(r.public_x), sum(r.public_y)
      from new_rows r
     group by 1, 2, 3, 4, 5
    on conflict (level, day, gx, gy, challenge) do update
      set n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy;
    return null;
  end if;

  if tg_op = 'DELETE' then
    insert into app.report_cells_by_day as c (level, day, gx, gy, challenge, n, sx, sy)
    select 4, (o.observed_at at time zone 'Europe/Stockholm')::date,
           floor(o.public_x / (app.grid_base_m() * 16.0))::int, floor(o.public_y / (app.grid_base_m() * 16.0))::int,
           o.challenge, -count(*), -sum(o.public_x), -sum(o.public_y)
      from old_rows o
     group by 1, 2, 3, 4, 5
    on conflict (level, day, gx, gy, challenge) do update
      set n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy;
  else
    with delta as (
      select o.public_x, o.public_y, o.observed_at, o.challenge, -1 as s
        from old_rows o
       where not exists (select 1 from new_rows r
                          where r.id = o.id and r.public_x = o.public_x and r.public_y = o.public_y
                            and r.observed_at = o.observed_at and r.challenge = o.challenge)
      union all
      select r.public_x, r.public_y, r.observed_at, r.challenge, 1
        from new_rows r
       where not exists (select 1 from old_rows o
                          where o.id = r.id and o.public_x = r.public_x and o.public_y = r.public_y
                            and o.observed_at = r.observed_at and o.challenge = r.challenge)
    )
    insert into app.report_cells_by_day as c (level, day, gx, gy, challenge, n, sx, sy)
    select 4, (d.observed_at at time zone 'Europe/Stockholm')::date,
           floor(d.public_x / (app.grid_base_m() * 16.0))::int, floor(d.public_y / (app.grid_base_m() * 16.0))::int,
           d.challenge, sum(d.s), sum(d.s * d.public_x), sum(d.s * d.public_y)
      from delta d
     group by 1, 2, 3, 4, 5
    on conflict (level, day, gx, gy, challenge) do update
      set n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy;
  end if;
  -- Emptied cells go; only on the days this statement took reports from (the primary key's prefix).
  delete from app.report_cells_by_day c
   where c.level = 4 and c.n <= 0
     and c.day in (select (o.observed_at at time zone 'Europe/Stockholm')::date from old_rows o);
  return null;
end
$$;
revoke execute on function app.report_cells_by_day_apply() from public;

create or replace trigger reports_cells_by_day_insert after insert on app.reports
  referencing new table as new_rows
  for each statement execute function app.report_cells_by_day_apply();
create or replace trigger reports_cells_by_day_update after update on app.reports
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.report_cells_by_day_apply();
create or replace trigger reports_cells_by_day_delete after delete on app.reports
  referencing old table as old_rows
  for each statement execute function app.report_cells_by_day_apply();

-- Build it from what is already there.
truncate app.report_cells_by_day;
insert into app.report_cells_by_day (level, day, gx, gy, challenge, n, sx, sy)
select 4, (r.observed_at at time zone 'Europe/Stockholm')::date,
       floor(r.public_x / (app.grid_base_m() * 16.0))::int, floor(r.public_y / (app.grid_base_m() * 16.0))::int,
       r.challenge, count(*), sum(r.public_x), sum(r.public_y)
  from app.reports r
 group by 1, 2, 3, 4, 5;
analyze app.report_cells_by_day;

-- Same as in 20261202000600_public_api.sql plus the time-filtered path (and jit off):
--  * with p_from/p_to, no category and no status filter, and cells of level 4 or coarser, the viewport's
--    interior of whole level-4 cells is read from app.report_cells_by_day for the whole Stockholm days inside
--    [p_from, p_to), and from app.reports for the rest of the range (less than a day at each end);
--  * the border strips are read from app.reports as before, with the whole range;
--  * a lone report that came from a summary is looked up with every filter of the call (a day-cell carries no
--    category or status, so they come from the report itself).
-- The result is the same as aggregating app.reports directly.
create or replace function api.reports_in_view(
  p_west float8,
  p_south float8,
  p_east float8,
  p_north float8,
  p_zoom float8,
  p_challenges text[] default null,
  p_categories text[] default null,
  p_statuses text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null
) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
-- JIT compilation costs 100-600 ms and this function answers in milliseconds; the plan's cost estimate of a
-- whole-city statement is above jit_above_cost (measured: the street view took 250 instead of 20 ms with it).
set jit = off
as $$
declare
  c_max_cells constant int := 2000;
  c_r constant float8 := 6378137.0;
  c_day_level constant int := 4;
  v_base float8 := app.grid_base_m();
  v_timed boolean := p_from is not null or p_to is not null;
  v_by_day boolean := false;
  v_k int;
  v_level int;
  v_cell float8;
  v_size float8;
  v_ratio float8;
  v_x1 float8;
  v_y1 float8;
  v_x2 float8;
  v_y2 float8;
  v_gx1 int;
  v_gx2 int;
  v_gy1 int;
  v_gy2 int;
  v_ix1 float8;
  v_ix2 float8;
  v_iy1 float8;
  v_iy2 float8;
  v_d1 date := '-infinity';  -- whole days [v_d1, v_d2) from app.report_cells_by_day
  v_d2 date := 'infinity';
  v_t1 timestamptz;          -- start of day v_d1: [p_from, v_t1) comes from app.reports
  v_t2 timestamptz;          -- start of day v_d2: [v_t2, p_to) comes from app.reports
  v_result jsonb;
begin
  if p_west is null or p_south is null or p_east is null or p_north is null or p_zoom is null
     or p_west = 'NaN'::float8 or p_south = 'NaN'::float8 or p_east = 'NaN'::float8
     or p_north = 'NaN'::float8 or p_zoom = 'NaN'::float8
     or p_west not between -180 and 180 or p_east not between -180 and 180
     or p_south not between -90 and 90 or p_north not between -90 and 90
     or p_zoom not between -1e6 and 1e6
     or p_west >= p_east or p_south >= p_north
     or p_east - p_west > 2 or p_north - p_south > 2 then
    raise exception 'invalid_bbox' using errcode = '22023';
  end if;

  if (p_challenges is not null and exists (
        select 1 from unnest(p_challenges) f(code)
         where f.code is null or not exists (select 1 from app.challenges h where h.code = f.code)))
     or (p_categories is not null and exists (
        select 1 from unnest(p_categories) f(code)
         where f.code is null or not exists (select 1 from app.categories c where c.code = f.code)))
     or (p_statuses is not null and exists (
        select 1 from unnest(p_statuses) f(code)
         where f.code is null or not exists (select 1 from app.statuses s where s.code = f.code)))
     or (p_from is not null and p_to is not null and p_from >= p_to) then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;

  v_x1 := app.mercator_x(p_west);
  v_x2 := app.mercator_x(p_east);
  v_y1 := app.mercator_y(greatest(-85.0, least(85.0, p_south)));
  v_y2 := app.mercator_y(greatest(-85.0, least(85.0, p_north)));
  v_k := round(16.0 - greatest(0.0, least(24.0, p_zoom)))::int;
  v_cell := v_base * power(2.0, v_k);
  while (floor(v_x2 / v_cell) - floor(v_x1 / v_cell) + 1) * (floor(v_y2 / v_cell) - floor(v_y1 / v_cell) + 1)
        > c_max_cells loop
    v_k := v_k + 1;
    v_cell := v_cell * 2.0;
  end loop;

  -- Whole stored cells inside the viewport. Without a time filter: app.report_cells at the coarsest stored
  -- level that fits the screen cell. With one: app.report_cells_by_day (level 4), if the filter has whole days
  -- and no category or status.
  if not v_timed then
    v_level := case when v_k >= 6 then 6 when v_k >= 4 then 4 when v_k >= 2 then 2 else null end;
  elsif v_k >= c_day_level and p_categories is null and p_statuses is null
        -- Far from any real date the day arithmetic could leave the timestamp range: the raw path answers.
        and (p_from is null or p_from between '1000-01-01 00:00Z'::timestamptz and '9000-01-01 00:00Z'::timestamptz)
        and (p_to is null or p_to between '1000-01-01 00:00Z'::timestamptz and '9000-01-01 00:00Z'::timestamptz) then
    if p_from is not null then
      v_d1 := (p_from at time zone 'Europe/Stockholm')::date;
      v_t1 := v_d1::timestamp at time zone 'Europe/Stockholm';
      if v_t1 < p_from then
        v_d1 := v_d1 + 1;
        v_t1 := v_d1::timestamp at time zone 'Europe/Stockholm';
      end if;
    end if;
    if p_to is not null then
      v_d2 := (p_to at time zone 'Europe/Stockholm')::date;
      v_t2 := v_d2::timestamp at time zone 'Europe/Stockholm';
    end if;
    if v_d1 < v_d2 then
      v_level := c_day_level;
      v_by_day := true;
    end if;
  end if;
  if v_level is not null then
    v_size := v_base * power(2.0, v_level);
    v_ratio := power(2.0, v_k - v_level);
    v_gx1 := ceil(v_x1 / v_size)::int;
    v_gx2 := floor(v_x2 / v_size)::int;  -- exclusive
    v_gy1 := ceil(v_y1 / v_size)::int;
    v_gy2 := floor(v_y2 / v_size)::int;  -- exclusive
  end if;
  if v_gx1 is null or v_gx1 >= v_gx2 or v_gy1 >= v_gy2 then
    -- No interior: everything is "border", read from app.reports.
    v_level := null;
    v_by_day := false;
    v_ix1 := v_x2; v_ix2 := v_x2; v_iy1 := v_y2; v_iy2 := v_y2;
  else
    v_ix1 := v_gx1 * v_size; v_ix2 := v_gx2 * v_size;
    v_iy1 := v_gy1 * v_size; v_iy2 := v_gy2 * v_size;
  end if;

  with strips (k, b) as (
    -- The viewport minus the interior [ix1, ix2) × [iy1, iy2), as four disjoint strips, each searched with
    -- the GiST index on its own (small) box.
    values (1, box(point(v_x1, v_y1), point(v_x2, v_iy1))),
           (2, box(point(v_x1, v_iy2), point(v_x2, v_y2))),
           (3, box(point(v_x1, v_iy1), point(v_ix1, v_iy2))),
           (4, box(point(v_ix2, v_iy1), point(v_x2, v_iy2)))
  ),
  raw as (
    select r.public_x, r.public_y, r.challenge, r.id, r.category, r.status
      from strips s
      join app.reports r on point(r.public_x, r.public_y) <@ s.b
     where case s.k
             when 1 then r.public_y < v_iy1
             when 2 then r.public_y >= v_iy2
             when 3 then r.public_y >= v_iy1 and r.public_y < v_iy2 and r.public_x < v_ix1
             else r.public_y >= v_iy1 and r.public_y < v_iy2 and r.public_x >= v_ix2
           end
       and (p_challenges is null or r.challenge = any (p_challenges))
       and (p_categories is null or r.category = any (p_categories))
       and (p_statuses is null or r.status = any (p_statuses))
       -- With the day summary the strips are thin (< 2.3 km): the GiST index alone is best there. The planner
       -- otherwise ANDs in a bitmap of the observed_at index, 80,000 entries built once per strip (measured:
       -- 60 of 70 ms for the whole city and 30 days); `+ interval '0'` keeps that index out of this branch.
       and (p_from is null or case when v_by_day then r.observed_at + interval '0' else r.observed_at end >= p_from)
       and (p_to is null or case when v_by_day then r.observed_at + interval '0' else r.observed_at end < p_to)
    union all
    -- The interior in the partial days at the ends of the range, through the observed_at index (plain
    -- comparisons on purpose: the GiST index on the whole interior would read every report in it).
    select r.public_x, r.public_y, r.challenge, r.id, r.category, r.status
      from app.reports r
     where v_by_day
       and r.observed_at >= p_from and r.observed_at < v_t1
       and r.public_x >= v_ix1 and r.public_x < v_ix2 and r.public_y >= v_iy1 and r.public_y < v_iy2
       and (p_challenges is null or r.challenge = any (p_challenges))
    union all
    select r.public_x, r.public_y, r.challenge, r.id, r.category, r.status
      from app.reports r
     where v_by_day
       and r.observed_at >= v_t2 and r.observed_at < p_to
       and r.public_x >= v_ix1 and r.public_x < v_ix2 and r.public_y >= v_iy1 and r.public_y < v_iy2
       and (p_challenges is null or r.challenge = any (p_challenges))
  ),
  parts as (
    select floor(public_x / v_cell) as cx, floor(public_y / v_cell) as cy, challenge,
           count(*) as n, sum(public_x) as sx, sum(public_y) as sy,
           min(id::text) as id, min(category) as category, min(status) as status
      from raw
     group by 1, 2, 3
    union all
    select floor(c.gx / v_ratio), floor(c.gy / v_ratio), c.challenge,
           sum(c.n), sum(c.sx), sum(c.sy), null, min(c.category), min(c.status)
      from app.report_cells c
     where v_level is not null and not v_by_day
       and c.level = v_level
       and c.gx >= v_gx1 and c.gx < v_gx2 and c.gy >= v_gy1 and c.gy < v_gy2
       and (p_challenges is null or c.challenge = any (p_challenges))
       and (p_categories is null or c.category = any (p_categories))
       and (p_statuses is null or c.status = any (p_statuses))
     group by 1, 2, 3
    union all
    select floor(d.gx / v_ratio), floor(d.gy / v_ratio), d.challenge,
           sum(d.n), sum(d.sx), sum(d.sy), null, null, null
      from app.report_cells_by_day d
     where v_by_day
       and d.level = v_level
       and d.day >= v_d1 and d.day < v_d2
       and d.gx >= v_gx1 and d.gx < v_gx2 and d.gy >= v_gy1 and d.gy < v_gy2
       and (p_challenges is null or d.challenge = any (p_challenges))
     group by 1, 2, 3
  ),
  by_challenge as (
    select cx, cy, challenge, sum(n) as n, sum(sx) as sx, sum(sy) as sy,
           min(id) as id, min(category) as category, min(status) as status
      from parts
     group by cx, cy, challenge
    having sum(n) > 0
  ),
  cells as (
    select cx, cy, sum(n) as n, sum(sx) / sum(n) as mx, sum(sy) / sum(n) as my,
           (array_agg(challenge order by n desc, challenge))[1] as dominant,
           min(id) as id, min(category) as category, min(status) as status
      from by_challenge
     group by cx, cy
  ),
  items as (
    -- A lone report that came from a summary: fetch it (exactly one report in the cell matches the filters);
    -- a day cell has no category or status, so they come from the report: [id, category, status].
    select c.cx, c.cy, c.n, c.mx, c.my, c.dominant, c.id, c.category, c.status,
           case when c.n = 1 and c.id is null then (
             select array[r.id::text, r.category, r.status]
               from app.reports r
              where point(r.public_x, r.public_y) <@ box(point(c.mx - 1.0, c.my - 1.0), point(c.mx + 1.0, c.my + 1.0))
                and floor(r.public_x / v_cell) = c.cx and floor(r.public_y / v_cell) = c.cy
                and (c.category is null or r.category = c.category)
                and (c.status is null or r.status = c.status)
                and (p_challenges is null or r.challenge = any (p_challenges))
                and (p_categories is null or r.category = any (p_categories))
                and (p_statuses is null or r.status = any (p_statuses))
                and (p_from is null or r.observed_at >= p_from)
                and (p_to is null or r.observed_at < p_to)
              order by r.id limit 1) end as lone
      from cells c
  )
  select jsonb_build_object(
           'total', coalesce(sum(n), 0),
           'cell_m', round(v_cell::numeric, 1),
           'items', coalesce(jsonb_agg(jsonb_build_array(
               round(degrees(mx / c_r)::numeric, 7),
               round(degrees(2.0 * atan(exp(my / c_r)) - pi() / 2.0)::numeric, 7),
               n, dominant,
               case when n = 1 then coalesce(id, lone[1]) end,
               case when n = 1 then coalesce(category, lone[2]) end,
               case when n = 1 then coalesce(status, lone[3]) end)
             order by cy desc, cx), '[]'::jsonb))
    into v_result
    from items;
  return v_result;
end
$$;
revoke execute on function api.reports_in_view(float8, float8, float8, float8, float8, text[], text[], text[],
  timestamptz, timestamptz) from public;
grant execute on function api.reports_in_view(float8, float8, float8, float8, float8, text[], text[], text[],
  timestamptz, timestamptz) to anon, authenticated;
