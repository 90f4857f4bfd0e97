-- A narrow copy of what the hotspot aggregation reads (issue 4: api.hotspot_cells < 500 ms at 1,000,000
-- reports).
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
set search_path = ''
as $$
begin
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

insert into app.report_points (a3006, b3006, observed_at, support_count, id, challenge, category)
select r.a3006, r.b3006, r.observed_at, r.support_count, r.id, r.challenge, r.category
  from app.reports r
 where r.status <> 'duplicate';

-- The planner estimates the number of cells from the columns' distinct values (one per report) and would skip
-- the per-worker partial aggregation; a few thousand cells is the truth (see 20261201200400).
alter table app.report_points
  alter column a3006 set (n_distinct = 100),
  alter column b3006 set (n_distinct = 100);
analyze app.report_points;

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
revoke execute on function app.hotspot_rows(float8, text[], text[], timestamptz, timestamptz, timestamptz) from public;
