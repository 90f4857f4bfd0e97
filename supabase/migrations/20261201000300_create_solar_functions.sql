-- Darkness at the time of an observation, computed in the database.
-- NOAA solar position algorithm (Meeus, as in NOAA's solar calculator spreadsheet), accurate to well under a
-- minute of sunrise/sunset time at Malmö's latitude. Pure arithmetic on the UTC instant, hence IMMUTABLE.

-- Geometric solar elevation (degrees, no refraction) at instant p_at for longitude/latitude in degrees.
create or replace function app.sun_elevation(p_at timestamptz, p_lon float8, p_lat float8)
returns float8
language plpgsql immutable strict parallel safe
as $$
declare
  epoch float8 := extract(epoch from p_at);
  jd float8 := epoch / 86400.0 + 2440587.5;
  t float8 := (jd - 2451545.0) / 36525.0;
  l0 float8;
  m float8;
  e float8;
  c float8;
  omega float8;
  lambda float8;
  eps0 float8;
  eps float8;
  decl float8;
  y float8;
  eqtime float8;
  utc_minutes float8;
  tst float8;
  ha float8;
  cos_zenith float8;
begin
  l0 := 280.46646 + t * (36000.76983 + t * 0.0003032);
  l0 := l0 - 360.0 * floor(l0 / 360.0);
  m := 357.52911 + t * (35999.05029 - 0.0001537 * t);
  e := 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  c := sind(m) * (1.914602 - t * (0.004817 + 0.000014 * t))
       + sind(2 * m) * (0.019993 - 0.000101 * t)
       + sind(3 * m) * 0.000289;
  omega := 125.04 - 1934.136 * t;
  lambda := l0 + c - 0.00569 - 0.00478 * sind(omega);
  eps0 := 23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60.0) / 60.0;
  eps := eps0 + 0.00256 * cosd(omega);
  decl := asind(sind(eps) * sind(lambda));
  y := tand(eps / 2.0) ^ 2;
  eqtime := 4.0 * degrees(
      y * sind(2 * l0)
    - 2 * e * sind(m)
    + 4 * e * y * sind(m) * cosd(2 * l0)
    - 0.5 * y * y * sind(4 * l0)
    - 1.25 * e * e * sind(2 * m));
  utc_minutes := (epoch - 86400.0 * floor(epoch / 86400.0)) / 60.0;
  tst := utc_minutes + eqtime + 4.0 * p_lon;
  tst := tst - 1440.0 * floor(tst / 1440.0);
  ha := tst / 4.0 - 180.0;
  cos_zenith := sind(p_lat) * sind(decl) + cosd(p_lat) * cosd(decl) * cosd(ha);
  cos_zenith := greatest(-1.0, least(1.0, cos_zenith));
  return 90.0 - acosd(cos_zenith);
end
$$;

-- Is the sun below the horizon in Malmö (55.605 N, 13.0038 E) at p_at? "Below the horizon" is the
-- conventional sunrise/sunset threshold: geometric elevation < -0.833° (refraction + the sun's radius).
create or replace function app.is_dark(p_at timestamptz)
returns boolean
language sql immutable strict parallel safe
as $$
  select app.sun_elevation(p_at, 13.0038, 55.605) < -0.833
$$;

revoke execute on function app.sun_elevation(timestamptz, float8, float8), app.is_dark(timestamptz) from public;
grant execute on function app.sun_elevation(timestamptz, float8, float8), app.is_dark(timestamptz)
  to anon, authenticated, service_role;
