-- api.hotspot_cells groups a million reports by an expression of a3006/b3006 (their hexagon). PostgreSQL
-- estimates the number of groups from the columns' distinct values — one per report — so it expects a
-- million cells, skips the per-worker partial aggregation and funnels every row through one process. The
-- real number of cells is a few thousand; tell the planner so (used at the next ANALYZE, which this runs).
-- Nothing else reads these two columns.
alter table app.reports
  alter column a3006 set (n_distinct = 100),
  alter column b3006 set (n_distinct = 100);
analyze app.reports;
