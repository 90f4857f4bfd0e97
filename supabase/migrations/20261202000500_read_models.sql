-- Read models of the reports, kept exact by triggers: the map's pre-aggregated cells (app.report_cells), the
-- Realtime notification, the strategy dashboard's per-month summaries and the hotspot aggregation's narrow copy
-- (app.report_points). Only the security definer API reads them.

-- Pre-aggregated report counts on a fixed Web Mercator grid, so reports_in_view answers city-wide views from
-- a few thousand summary rows instead of aggregating up to a million reports.
--
-- Grid: the base size B = 60 · 40075016.686 / (256 · 2^16) m (60 px at zoom 16). A cell of level k is B · 2^k
-- metres wide; cell (gx, gy) of level k covers [gx·B·2^k, (gx+1)·B·2^k) × [gy·…, …) of (public_x, public_y).
-- Levels 2, 4 and 6 (≈ 573 m, 2.3 km, 9.2 km) are stored. Kept exact by statement-level triggers with
-- transition tables (set-based, so a bulk insert of 1M demo rows costs one GROUP BY, not 1M upserts).
-- Only the security definer API reads it; no role has any privilege on it.
create table app.report_cells (
  level smallint not null,
  gx int not null,
  gy int not null,
  category text not null references app.categories (code),
  challenge text not null,
  status text not null references app.statuses (code),
  n int not null,
  sx float8 not null,
  sy float8 not null,
  -- The challenge is in the key: a category's challenge depends on the strategy period a report was filed in.
  primary key (level, gx, gy, category, challenge, status)
);
alter table app.report_cells enable row level security;

comment on table app.report_cells is
  'Counts and coordinate sums of reports per grid cell (levels 2/4/6 of a Web Mercator grid), per category and status. Maintained by triggers on app.reports.';

-- Add (p_sign = 1) or subtract (p_sign = -1) a set of report rows, given as a transition table name.
create or replace function app.report_cells_apply() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- A statement that changed no rows changes nothing here: return before the joins. (Deleting no supports
  -- otherwise updated no reports through every trigger on app.reports; docs/benchmarks.md, "CI time".) plpgsql
  -- plans each statement apart, so each transition table is named only where it exists.
  if tg_op = 'DELETE' then
    if not exists (select from old_rows) then return null; end if;
  elsif not exists (select from new_rows) then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into app.report_cells as c (level, gx, gy, category, challenge, status, n, sx, sy)
    select l.level, floor(o.public_x / (app.grid_base_m() * 2 ^ l.level))::int,
           floor(o.public_y / (app.grid_base_m() * 2 ^ l.level))::int,
           o.category, o.challenge, o.status, -count(*), -sum(o.public_x), -sum(o.public_y)
      from old_rows o cross join (values (2::smallint), (4::smallint), (6::smallint)) l(level)
     group by 1, 2, 3, 4, 5, 6
    on conflict (level, gx, gy, category, challenge, status) do update
      set n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy;
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    insert into app.report_cells as c (level, gx, gy, category, challenge, status, n, sx, sy)
    select l.level, floor(r.public_x / (app.grid_base_m() * 2 ^ l.level))::int,
           floor(r.public_y / (app.grid_base_m() * 2 ^ l.level))::int,
           r.category, r.challenge, r.status, count(*), sum(r.public_x), sum(r.public_y)
      from new_rows r cross join (values (2::smallint), (4::smallint), (6::smallint)) l(level)
     group by 1, 2, 3, 4, 5, 6
    on conflict (level, gx, gy, category, challenge, status) do update
      set n = c.n + excluded.n, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    delete from app.report_cells c where c.n <= 0;
  end if;
  return null;
end
$$;
revoke execute on function app.report_cells_apply() from public;

create trigger reports_cells_insert after insert on app.reports
  referencing new table as new_rows
  for each statement execute function app.report_cells_apply();

create trigger reports_cells_update after update on app.reports
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.report_cells_apply();

create trigger reports_cells_delete after delete on app.reports
  referencing old table as old_rows
  for each statement execute function app.report_cells_apply();

-- The time dimension of the map's cells: reports_in_view with a time filter reads pre-aggregated data too (whole
-- city + one challenge + 30 days at 1,000,000 reports took 620 ms by the raw rows, slower than sending every row).
--
-- app.report_cells has no time, so every call with p_from or p_to aggregated
-- the whole viewport from app.reports. app.report_cells_by_day adds the time dimension: counts and coordinate sums per
-- level-4 grid cell (≈ 2.3 km), per observed DAY and per challenge. Choices, measured on the 1M bench database
-- (docs/benchmarks.md, "reports-in-view"):
--  * A separate table, not a `day` column in app.report_cells: with a day in its key every unfiltered view
--    would add up a year of days per cell, and app.report_cells keeps its meaning (every report once per
--    level, per category and status), which development evidence (`sum(n) where level = 6`), bench/load.mjs
--    and the drift check in tests/db/api.test.ts rely on.
--  * Key (level 4, day, cell, challenge) without category and status: with them a cell-day holds about one
--    report per row (18 categories × 7 statuses), no aggregation at all. Calls that combine a time filter
--    with a category or status filter keep the raw path.
--  * Only level 4: level 2 (≈ 570 m) per day is as sparse; views of level 6 and coarser use level 4 cells.
--  * Days, not weeks: the partial periods at both ends of the range are read from app.reports (through the
--    observed_at index); less than a day at each end instead of up to six.
-- The day is the calendar day in Europe/Stockholm (the app sends the start of a local day as p_from; the other
-- summaries use Stockholm months). p_from/p_to keep their meaning exactly: observed_at >= p_from and
-- observed_at < p_to, any instant. Only whole days inside [p_from, p_to) come from the summary; the rest of
-- the range, [p_from, first whole day) and [end of the last whole day, p_to), from app.reports. Everything is a
-- function of the public point (public_x/public_y), as in app.report_cells.
create table app.report_cells_by_day (
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
  -- A statement that changed no rows changes nothing here: return before the joins. (Deleting no supports
  -- otherwise updated no reports through every trigger on app.reports; docs/benchmarks.md, "CI time".) plpgsql
  -- plans each statement apart, so each transition table is named only where it exists.
  if tg_op = 'DELETE' then
    if not exists (select from old_rows) then return null; end if;
  elsif not exists (select from new_rows) then
    return null;
  end if;
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
    -- A full join on id: PostgreSQL runs a full join only as a hash or merge join. The transition tables are
    -- estimated at one row, so an anti join (not exists) was planned as a nested loop: quadratic (46,000 demo
    -- status changes took 41 s; 1M demo reports over half an hour).
    with pairs as (
      select o.public_x as ox, o.public_y as oy, o.observed_at as ot, o.challenge as oc,
             r.public_x as nx, r.public_y as ny, r.observed_at as nt, r.challenge as nc
        from old_rows o full join new_rows r on r.id = o.id
    ), moved as (
      select * from pairs p where (p.ox, p.oy, p.ot, p.oc) is distinct from (p.nx, p.ny, p.nt, p.nc)
    ), delta as (
      select m.ox as public_x, m.oy as public_y, m.ot as observed_at, m.oc as challenge, -1 as s
        from moved m where m.ox is not null
      union all
      select m.nx, m.ny, m.nt, m.nc, 1 from moved m where m.nx is not null
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

create trigger reports_cells_by_day_insert after insert on app.reports
  referencing new table as new_rows
  for each statement execute function app.report_cells_by_day_apply();
create trigger reports_cells_by_day_update after update on app.reports
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.report_cells_by_day_apply();
create trigger reports_cells_by_day_delete after delete on app.reports
  referencing old table as old_rows
  for each statement execute function app.report_cells_by_day_apply();

-- Realtime for the crew's work list. Local mode (PGlite) listens on the channel `reports_changed`;
-- on Supabase, Realtime's postgres_changes needs app.reports in the supabase_realtime publication (RLS decides
-- per subscriber which rows they receive).
--
-- Statement-level with a transition table: one trigger call per statement, one notification per row with
-- the payload {"id": "<uuid>", "kind": "insert" | "update"}. A statement that touches more than 1,000 rows
-- (the demo generator, a purge, support counts of a bulk insert) sends ONE notification with "id": null
-- instead, meaning "many reports changed, refetch": a million notifications in one transaction would only
-- fill the queue and the listeners' memory.
create or replace function app.reports_notify() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  v_kind text := lower(tg_op);
  v_count bigint;
begin
  select count(*) into v_count from new_rows;
  if v_count = 0 then
    return null;
  end if;
  if v_count > 1000 then
    perform pg_notify('reports_changed', json_build_object('id', null, 'kind', v_kind)::text);
  else
    perform pg_notify('reports_changed', json_build_object('id', n.id, 'kind', v_kind)::text)
       from new_rows n;
  end if;
  return null;
end
$$;
revoke execute on function app.reports_notify() from public;

create trigger reports_notify_insert after insert on app.reports
  referencing new table as new_rows
  for each statement execute function app.reports_notify();

create trigger reports_notify_update after update on app.reports
  referencing new table as new_rows
  for each statement execute function app.reports_notify();

do $$
begin
  if exists (select 1 from pg_publication where pubname = 'supabase_realtime')
     and not exists (select 1 from pg_publication_tables
                      where pubname = 'supabase_realtime' and schemaname = 'app' and tablename = 'reports') then
    alter publication supabase_realtime add table app.reports;
  end if;
end
$$;

-- Per-month summaries for the strategy dashboard ---------------------------------------------------------
-- The dashboard must answer in < 300 ms with 1,000,000 reports. Aggregating the raw rows for every request
-- cannot; the summaries hold one row per (month, delområde, category) — a few tens of thousands at most — so
-- the dashboard sums those. They count non-duplicate reports only (a duplicate is not a second problem).
-- Months are calendar months in Europe/Stockholm.

-- app.reports.resolved_at: the first time a report moved to resolved, from its status history.
create or replace function app.report_updates_resolved() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- A statement that changed no rows changes nothing here: return before the joins. (Deleting no supports
  -- otherwise updated no reports through every trigger on app.reports; docs/benchmarks.md, "CI time".) plpgsql
  -- plans each statement apart, so each transition table is named only where it exists.
  if tg_op = 'DELETE' then
    if not exists (select from old_rows) then return null; end if;
  elsif not exists (select from new_rows) then
    return null;
  end if;
  update app.reports r
     set resolved_at = x.at
    from (select n.report_id, min(n.created_at) as at
            from new_rows n where n.to_status = 'resolved' group by n.report_id) x
   where r.id = x.report_id and (r.resolved_at is null or r.resolved_at > x.at);
  return null;
end
$$;
revoke execute on function app.report_updates_resolved() from public;

create trigger report_updates_resolved after insert on app.report_updates
  referencing new table as new_rows
  for each statement execute function app.report_updates_resolved();

-- Reports observed per month: count, in darkness, supports. district_code 0 = none (outside every delområde).
create table app.report_month_stats (
  month date not null,
  district_code int not null,
  category text not null,
  challenge text not null,
  n int not null,
  n_dark int not null,
  supports int not null,
  -- The challenge is in the key: a category's challenge depends on the strategy period a report was filed in.
  primary key (month, district_code, category, challenge)
);
alter table app.report_month_stats enable row level security;

comment on table app.report_month_stats is
  'Non-duplicate reports per observed month (Europe/Stockholm), delområde, category and challenge. Trigger-maintained.';

-- Reports first resolved per month, with whole days from the report (created_at) to its resolution.
create table app.report_resolved_stats (
  month date not null,
  district_code int not null,
  category text not null,
  challenge text not null,
  days int not null,
  n int not null,
  primary key (month, district_code, category, challenge, days)
);
alter table app.report_resolved_stats enable row level security;

comment on table app.report_resolved_stats is
  'Non-duplicate reports per month of first resolution, delområde, category and whole days to resolution.';

create or replace function app.report_stats_apply() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- A statement that changed no rows changes nothing here: return before the joins. (Deleting no supports
  -- otherwise updated no reports through every trigger on app.reports; docs/benchmarks.md, "CI time".) plpgsql
  -- plans each statement apart, so each transition table is named only where it exists.
  if tg_op = 'DELETE' then
    if not exists (select from old_rows) then return null; end if;
  elsif not exists (select from new_rows) then
    return null;
  end if;
  -- Old contributions out, new ones in, as one grouped upsert each; rows that reach zero are removed.
  if tg_op in ('UPDATE', 'DELETE') then
    insert into app.report_month_stats as s (month, district_code, category, challenge, n, n_dark, supports)
    select app.stockholm_month(o.observed_at), coalesce(o.district_code, 0), o.category, o.challenge,
           -count(*), -count(*) filter (where o.is_dark), -sum(o.support_count)
      from old_rows o where o.status <> 'duplicate'
     group by 1, 2, 3, 4
    on conflict (month, district_code, category, challenge) do update
      set n = s.n + excluded.n, n_dark = s.n_dark + excluded.n_dark, supports = s.supports + excluded.supports;
    insert into app.report_resolved_stats as s (month, district_code, category, challenge, days, n)
    select app.stockholm_month(o.resolved_at), coalesce(o.district_code, 0), o.category, o.challenge,
           greatest(0, floor(extract(epoch from o.resolved_at - o.created_at) / 86400))::int, -count(*)
      from old_rows o where o.status <> 'duplicate' and o.resolved_at is not null
     group by 1, 2, 3, 4, 5
    on conflict (month, district_code, category, challenge, days) do update set n = s.n + excluded.n;
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    insert into app.report_month_stats as s (month, district_code, category, challenge, n, n_dark, supports)
    select app.stockholm_month(r.observed_at), coalesce(r.district_code, 0), r.category, r.challenge,
           count(*), count(*) filter (where r.is_dark), sum(r.support_count)
      from new_rows r where r.status <> 'duplicate'
     group by 1, 2, 3, 4
    on conflict (month, district_code, category, challenge) do update
      set n = s.n + excluded.n, n_dark = s.n_dark + excluded.n_dark, supports = s.supports + excluded.supports;
    insert into app.report_resolved_stats as s (month, district_code, category, challenge, days, n)
    select app.stockholm_month(r.resolved_at), coalesce(r.district_code, 0), r.category, r.challenge,
           greatest(0, floor(extract(epoch from r.resolved_at - r.created_at) / 86400))::int, count(*)
      from new_rows r where r.status <> 'duplicate' and r.resolved_at is not null
     group by 1, 2, 3, 4, 5
    on conflict (month, district_code, category, challenge, days) do update set n = s.n + excluded.n;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    delete from app.report_month_stats s where s.n <= 0;
    delete from app.report_resolved_stats s where s.n <= 0;
  end if;
  return null;
end
$$;
revoke execute on function app.report_stats_apply() from public;

create trigger reports_stats_insert after insert on app.reports
  referencing new table as new_rows
  for each statement execute function app.report_stats_apply();

create trigger reports_stats_update after update on app.reports
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.report_stats_apply();

create trigger reports_stats_delete after delete on app.reports
  referencing old table as old_rows
  for each statement execute function app.report_stats_apply();

-- A narrow copy of what the hotspot aggregation reads (api.hotspot_cells < 500 ms at 1,000,000 reports;
-- docs/architecture.md, decision 16).
--
-- api.hotspot_cells scanned app.reports: 400 MB for a million rows, and a3006/b3006 were added at the end of
-- a row that holds the description and two geometries, so every report's row had to be walked up to them.
-- app.report_points keeps, per non-duplicate report, just the fixed-width position and the filter columns
-- (≈ 100 MB, the columns first): on the 1M bench database the same grouping took 500 instead of 820 ms at load 4
-- (docs/benchmarks.md). It is kept by statement-level triggers (one grouped statement per bulk insert, as
-- the demo generator and the import write) and read only by app.hotspot_rows; nobody else has privileges.
create table app.report_points (
  a3006 float8 not null,
  b3006 float8 not null,
  observed_at timestamptz not null,
  support_count int not null,
  id uuid primary key,
  challenge text not null,
  category text not null
);
alter table app.report_points enable row level security;

revoke all on table app.report_points from public, anon, authenticated;

comment on table app.report_points is
  'Position (axial products a3006/b3006) and filter columns of every non-duplicate report; trigger-maintained '
  'copy of app.reports read only by app.hotspot_rows.';

create or replace function app.report_points_apply() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- A statement that changed no rows changes nothing here: return before the joins. (Deleting no supports
  -- otherwise updated no reports through every trigger on app.reports; docs/benchmarks.md, "CI time".) plpgsql
  -- plans each statement apart, so each transition table is named only where it exists.
  if tg_op = 'DELETE' then
    if not exists (select from old_rows) then return null; end if;
  elsif not exists (select from new_rows) then
    return null;
  end if;
  if tg_op = 'DELETE' then
    delete from app.report_points p using old_rows o where p.id = o.id;
    return null;
  end if;
  if tg_op = 'UPDATE' then
    delete from app.report_points p using new_rows n where p.id = n.id and n.status = 'duplicate';
  end if;
  -- A claim or a note changes none of these columns: the upsert then finds nothing to write.
  insert into app.report_points as p (a3006, b3006, observed_at, support_count, id, challenge, category)
  select n.a3006, n.b3006, n.observed_at, n.support_count, n.id, n.challenge, n.category
    from new_rows n
   where n.status <> 'duplicate'
  on conflict (id) do update
    set a3006 = excluded.a3006, b3006 = excluded.b3006, observed_at = excluded.observed_at,
        support_count = excluded.support_count, challenge = excluded.challenge, category = excluded.category
    where (p.a3006, p.b3006, p.observed_at, p.support_count, p.challenge, p.category)
          is distinct from (excluded.a3006, excluded.b3006, excluded.observed_at, excluded.support_count,
                            excluded.challenge, excluded.category);
  return null;
end
$$;
revoke execute on function app.report_points_apply() from public;

create trigger reports_points_insert after insert on app.reports
  referencing new table as new_rows
  for each statement execute function app.report_points_apply();

create trigger reports_points_update after update on app.reports
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.report_points_apply();

create trigger reports_points_delete after delete on app.reports
  referencing old table as old_rows
  for each statement execute function app.report_points_apply();

-- The planner estimates the number of cells from the columns' distinct values (one per report) and would skip
-- the per-worker partial aggregation; a few thousand cells is the truth (as for app.reports.a3006/b3006).
alter table app.report_points
  alter column a3006 set (n_distinct = 100),
  alter column b3006 set (n_distinct = 100);

-- The edges of a time-filtered hotspot aggregation (whole periods come from app.hotspot_cell_counts below) read
-- app.report_points by challenge and observed_at. Covering, so that a day's reports are one run of index pages
-- rather than a heap page each (the rows lie in the order they were written, not by time).
create index report_points_challenge_observed_idx on app.report_points (challenge, observed_at)
  include (a3006, b3006, support_count);

-- Per-cell summaries of app.report_points for api.hotspot_cells (docs/architecture.md, decision 26): the crew opens
-- the hotspot view many times a day, and grouping a million reports into hexagons took 340–500 ms at 1M.
--
-- Rows: per summarised cell size (app.hotspot_summary_sizes), challenge, PERIOD and hexagon (app.hex_key), the
-- reports' count and their supports. A period is 28 Stockholm days from Monday 2000-01-03 (period 0); the period
-- -2147483648 holds all time. Choices, measured on the 1M bench database (docs/benchmarks.md, "hotspots-db"):
--  * 28-day periods: at 100 m a (cell, challenge, day) holds about one report, so days would aggregate nothing;
--    28 days hold ~19,000 rows per period at 100 m for 75,000 reports. The rest of each bound's period, at most
--    half of it, is read from app.report_points (index below), as report_cells_by_day does with days.
--  * All time as a period of its own: windows that reach past the oldest report and calls without a time filter
--    read ~25,000 rows at 100 m instead of a million. A window longer than half the data is the total minus the
--    periods outside it (api: app.hotspot_summary_rows).
--  * Challenge but not category in the key: with 18 categories a (cell, category, period) holds about one
--    report again. A call with a category filter reads app.report_points (app.hotspot_rows).
-- Kept exact by statement-level triggers on app.report_points (which already holds exactly the non-duplicate
-- reports and their filter columns); only the security definer API reads it, no role has any privilege.
create or replace function app.hotspot_summary_sizes() returns float8[]
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
-- Every 50 m from cellSizeFor's floor (50) to its ceiling (500): the sizes the crew picks and the bench measures
-- (100, 250). A size in between (cellSizeFor rounds to 10 m) takes app.hotspot_rows.
as $$ select array[50, 100, 150, 200, 250, 300, 350, 400, 450, 500]::pg_catalog.float8[] $$;
revoke execute on function app.hotspot_summary_sizes() from public;

create table app.hotspot_cell_counts (
  cell_m float8 not null,
  challenge text not null,
  period int not null,
  key float8 not null,
  n int not null,
  supports bigint not null,
  -- Covering: api.hotspot_cells reads the summary by index-only scans, whatever order the rows were written in.
  primary key (cell_m, challenge, period, key) include (n, supports)
);
alter table app.hotspot_cell_counts enable row level security;
revoke all on table app.hotspot_cell_counts from public, anon, authenticated;
comment on table app.hotspot_cell_counts is
  'Non-duplicate reports and their supports per summarised hexagon size, challenge, 28-day Stockholm period '
  '(-2147483648 = all time) and hexagon (app.hex_key). Maintained by triggers on app.report_points; read only by '
  'api.hotspot_cells.';

-- The period of an instant: floor((Stockholm date − 2000-01-03) / 28). The triggers spell the same expression
-- out (a function with a search_path is not inlined: a call per report and size).
create or replace function app.hotspot_period(p_at timestamptz) returns int
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$ select pg_catalog.floor(((p_at at time zone 'Europe/Stockholm')::date - date '2000-01-03') / 28.0)::int $$;
revoke execute on function app.hotspot_period(timestamp with time zone) from public;

-- The first instant of a period (local midnight in Stockholm).
create or replace function app.hotspot_period_start(p_period int) returns timestamptz
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$ select ((date '2000-01-03' + 28 * p_period)::timestamp at time zone 'Europe/Stockholm') $$;
revoke execute on function app.hotspot_period_start(integer) from public;

-- Statement-level, with transition tables. An update moves only the rows whose position, time, challenge or supports
-- changed; report_points_apply writes no row when none of its columns changed (a claim, a note, a status change
-- other than to or from duplicate). plpgsql plans a statement when it first runs it, so each branch names only its
-- event's transition tables.
create or replace function app.hotspot_cell_counts_apply() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- A statement that changed no rows changes nothing here: return before the joins. (Deleting no supports
  -- otherwise updated no reports through every trigger on app.reports; docs/benchmarks.md, "CI time".) plpgsql
  -- plans each statement apart, so each transition table is named only where it exists.
  if tg_op = 'DELETE' then
    if not exists (select from old_rows) then return null; end if;
  elsif not exists (select from new_rows) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    insert into app.hotspot_cell_counts as c (cell_m, challenge, period, key, n, supports)
    select s.cell_m, r.challenge, p.period, app.hex_key(r.a3006, r.b3006, s.cell_m), count(*), sum(r.support_count)
      from new_rows r
     cross join unnest(app.hotspot_summary_sizes()) s(cell_m)
     cross join lateral (values (floor(((r.observed_at at time zone 'Europe/Stockholm')::date - date '2000-01-03')
                                       / 28.0)::int),
                                (-2147483648)) p(period)
     group by 1, 2, 3, 4
    on conflict (cell_m, challenge, period, key) do update
      set n = c.n + excluded.n, supports = c.supports + excluded.supports;
    return null;
  end if;

  if tg_op = 'DELETE' then
    insert into app.hotspot_cell_counts as c (cell_m, challenge, period, key, n, supports)
    select s.cell_m, o.challenge, p.period, app.hex_key(o.a3006, o.b3006, s.cell_m), -count(*), -sum(o.support_count)
      from old_rows o
     cross join unnest(app.hotspot_summary_sizes()) s(cell_m)
     cross join lateral (values (floor(((o.observed_at at time zone 'Europe/Stockholm')::date - date '2000-01-03')
                                       / 28.0)::int),
                                (-2147483648)) p(period)
     group by 1, 2, 3, 4
    on conflict (cell_m, challenge, period, key) do update
      set n = c.n + excluded.n, supports = c.supports + excluded.supports;
  else
    -- A full join on id, never `not exists`: the transition tables are estimated at one row and an anti join
    -- plans as a nested loop (quadratic; see app.report_cells_by_day_apply).
    with pairs as (
      select o.a3006 as oa, o.b3006 as ob, o.observed_at as ot, o.challenge as oc, o.support_count as os,
             r.a3006 as na, r.b3006 as nb, r.observed_at as nt, r.challenge as nc, r.support_count as ns
        from old_rows o full join new_rows r on r.id = o.id
    ), moved as (
      select * from pairs p where (p.oa, p.ob, p.ot, p.oc, p.os) is distinct from (p.na, p.nb, p.nt, p.nc, p.ns)
    ), delta as (
      select m.oa as a3006, m.ob as b3006, m.ot as observed_at, m.oc as challenge, m.os as support_count, -1 as s
        from moved m where m.oa is not null
      union all
      select m.na, m.nb, m.nt, m.nc, m.ns, 1 from moved m where m.na is not null
    )
    insert into app.hotspot_cell_counts as c (cell_m, challenge, period, key, n, supports)
    select z.cell_m, d.challenge, p.period, app.hex_key(d.a3006, d.b3006, z.cell_m), sum(d.s), sum(d.s * d.support_count)
      from delta d
     cross join unnest(app.hotspot_summary_sizes()) z(cell_m)
     cross join lateral (values (floor(((d.observed_at at time zone 'Europe/Stockholm')::date - date '2000-01-03')
                                       / 28.0)::int),
                                (-2147483648)) p(period)
     group by 1, 2, 3, 4
    on conflict (cell_m, challenge, period, key) do update
      set n = c.n + excluded.n, supports = c.supports + excluded.supports;
  end if;
  -- Emptied cells go: only the keys this statement took reports from, by primary key (a scan of the whole table
  -- per status change would cost more than the change).
  delete from app.hotspot_cell_counts c
   using (select distinct z.cell_m, o.challenge, p.period, app.hex_key(o.a3006, o.b3006, z.cell_m) as key
            from old_rows o
           cross join unnest(app.hotspot_summary_sizes()) z(cell_m)
           cross join lateral (values (floor(((o.observed_at at time zone 'Europe/Stockholm')::date
                                              - date '2000-01-03') / 28.0)::int),
                                      (-2147483648)) p(period)) e
   where c.cell_m = e.cell_m and c.challenge = e.challenge and c.period = e.period and c.key = e.key and c.n <= 0;
  return null;
end
$$;
revoke execute on function app.hotspot_cell_counts_apply() from public;

create trigger report_points_hotspot_insert after insert on app.report_points
  referencing new table as new_rows
  for each statement execute function app.hotspot_cell_counts_apply();
create trigger report_points_hotspot_update after update on app.report_points
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.hotspot_cell_counts_apply();
create trigger report_points_hotspot_delete after delete on app.report_points
  referencing old table as old_rows
  for each statement execute function app.hotspot_cell_counts_apply();
