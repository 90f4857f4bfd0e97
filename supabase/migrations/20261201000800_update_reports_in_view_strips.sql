-- reports_in_view: read the border of the viewport as four disjoint strips, each with its own GiST index
-- search. (The previous version filtered one viewport-sized index search, which read every report in the
-- viewport even when the interior came from app.report_cells.) Same results, same signature.

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
set search_path = ''
as $$
declare
  c_max_cells constant int := 2000;
  c_r constant float8 := 6378137.0;
  v_base float8 := app.grid_base_m();
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

  -- Whole stored cells inside the viewport (empty when no time filter is allowed or the view is too small).
  v_level := case when v_k >= 6 then 6 when v_k >= 4 then 4 when v_k >= 2 then 2 else null end;
  if v_level is not null and p_from is null and p_to is null then
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
       and (p_from is null or r.observed_at >= p_from)
       and (p_to is null or r.observed_at < p_to)
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
     where v_level is not null
       and c.level = v_level
       and c.gx >= v_gx1 and c.gx < v_gx2 and c.gy >= v_gy1 and c.gy < v_gy2
       and (p_challenges is null or c.challenge = any (p_challenges))
       and (p_categories is null or c.category = any (p_categories))
       and (p_statuses is null or c.status = any (p_statuses))
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
    -- A lone report that came from the summary: fetch its id (exactly one report matches).
    select c.cx, c.cy, c.n, c.mx, c.my, c.dominant,
           case when c.n = 1 then coalesce(c.id, (
             select r.id::text from app.reports r
              where point(r.public_x, r.public_y) <@ box(point(c.mx - 1.0, c.my - 1.0), point(c.mx + 1.0, c.my + 1.0))
                and floor(r.public_x / v_cell) = c.cx and floor(r.public_y / v_cell) = c.cy
                and r.category = c.category and r.status = c.status
              order by r.id limit 1)) end as id,
           case when c.n = 1 then c.category end as category,
           case when c.n = 1 then c.status end as status
      from cells c
  )
  select jsonb_build_object(
           'total', coalesce(sum(n), 0),
           'cell_m', round(v_cell::numeric, 1),
           'items', coalesce(jsonb_agg(jsonb_build_array(
               round(degrees(mx / c_r)::numeric, 7),
               round(degrees(2.0 * atan(exp(my / c_r)) - pi() / 2.0)::numeric, 7),
               n, dominant, id, category, status)
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
