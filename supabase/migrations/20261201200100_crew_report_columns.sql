-- Issue 4 (crew): what the hotspot aggregation and the work list need on the report rows.
--
-- x3006/y3006: the exact position in SWEREF 99 TM (EPSG:3006), so that a report's hexagon is arithmetic on two
--   floats (app.hex_cell) instead of a transform per report per query. Generated columns rather than a trigger:
--   PostgreSQL keeps them right on every insert and every change of `location`, whichever code path writes the
--   row (the demo generator inserts set-based with its own column list), and ADD COLUMN fills existing rows.
--   Exact position: readable by the same people as `location` (staff, and the reporter for their own row).
-- a3006/b3006: the axial hexagon coordinates at a 1 m cell, (2/3)·x and (−1/3)·x + (√3/3)·y, computed with the
--   same double-precision operations in the same order as `hexCellOf` (src/analysis/hex-grid.ts), so that
--   a3006 / cell_m is bit for bit the `qf` of the TypeScript and the cells agree exactly (app.hex_key).
-- support_count: supports per report, kept by statement-level triggers on app.supports, so that summing
--   supports over a million reports needs no join.
-- assigned_to/assigned_at: a crew member's claim (api.claim_report).
-- report_updates.photo_path: an optional photo with a status change (api.change_status p_photo_path).

alter table app.reports
  add column x3006 float8
    generated always as (extensions.st_x(extensions.st_transform(location, 3006))) stored,
  add column y3006 float8
    generated always as (extensions.st_y(extensions.st_transform(location, 3006))) stored,
  add column a3006 float8
    generated always as ((2::float8 / 3::float8) * extensions.st_x(extensions.st_transform(location, 3006))) stored,
  add column b3006 float8
    generated always as ((-1::float8 / 3::float8) * extensions.st_x(extensions.st_transform(location, 3006))
                         + (sqrt(3::float8) / 3::float8) * extensions.st_y(extensions.st_transform(location, 3006)))
    stored,
  add column support_count int not null default 0 check (support_count >= 0),
  add column assigned_to uuid,
  add column assigned_at timestamptz,
  add constraint reports_assigned_consistent check ((assigned_to is null) = (assigned_at is null));

comment on column app.reports.x3006 is 'Easting of location in EPSG:3006 (metres). Generated.';
comment on column app.reports.y3006 is 'Northing of location in EPSG:3006 (metres). Generated.';
comment on column app.reports.support_count is 'Number of rows in app.supports for this report (trigger-maintained).';
comment on column app.reports.assigned_to is 'auth.uid() of the crew member who claimed the report (api.claim_report).';

alter table app.report_updates add column photo_path text;
comment on column app.report_updates.photo_path is
  'Storage object in bucket report-photos: ''<author_id>/updates/<uuid>.<jpg|webp>''.';

-- Supports → support_count. Set-based: the demo generator's bulk insert costs one grouped update.
create or replace function app.supports_count_apply() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update app.reports r
       set support_count = r.support_count + d.n
      from (select report_id, count(*)::int as n from new_rows group by report_id) d
     where r.id = d.report_id;
  else
    update app.reports r
       set support_count = greatest(0, r.support_count - d.n)
      from (select report_id, count(*)::int as n from old_rows group by report_id) d
     where r.id = d.report_id;
  end if;
  return null;
end
$$;
revoke execute on function app.supports_count_apply() from public;

create trigger supports_count_insert after insert on app.supports
  referencing new table as new_rows
  for each statement execute function app.supports_count_apply();
create trigger supports_count_delete after delete on app.supports
  referencing old table as old_rows
  for each statement execute function app.supports_count_apply();

update app.reports r
   set support_count = s.n
  from (select report_id, count(*)::int as n from app.supports group by report_id) s
 where r.id = s.report_id;

-- Covering index for api.hotspot_cells: an index-only scan reads ~50 bytes per report instead of the whole
-- row (description, two geometries). Duplicates are never counted, so they are left out of the index.
create index reports_hotspot_idx on app.reports (observed_at)
  include (a3006, b3006, challenge, category, support_count)
  where status <> 'duplicate';
