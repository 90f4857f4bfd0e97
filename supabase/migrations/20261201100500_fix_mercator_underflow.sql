-- Found by the property-based fuzz (tests/db/security.test.ts): a subnormal longitude/latitude such as 5e-324
-- made radians() underflow ('value out of range: underflow', an internal error) in reports_in_view.
-- Values below 1e-300 degrees are 0 for every purpose here; otherwise identical to 20261201000400.
create or replace function app.mercator_x(p_lon float8) returns float8
language sql immutable strict parallel safe
as $$ select 6378137.0 * radians(case when abs(p_lon) < 1e-300 then 0.0 else p_lon end) $$;

create or replace function app.mercator_y(p_lat float8) returns float8
language sql immutable strict parallel safe
as $$ select 6378137.0 * ln(tan(pi() / 4.0 + radians(case when abs(p_lat) < 1e-300 then 0.0 else p_lat end) / 2.0)) $$;
