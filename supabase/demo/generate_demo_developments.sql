-- Demo data generator. NOT a migration: loaded only by local mode, tests and benchmarks; runs after
-- app.generate_demo_reports, so the planning link (app.development_reports) fills in through the triggers.
--   select app.generate_demo_developments(42);
-- A dozen plausible development outlines around real-ish planning areas in Malmö (approximate shapes, not the
-- real plan boundaries), covering every phase. Deterministic: ids and the varying attributes come from
-- md5(seed, name); calling it again with the same seed inserts nothing. All rows: is_demo = true.
-- Returns the number of developments inserted.

create or replace function app.generate_demo_developments(p_seed int default 42) returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_inserted int;
begin
  with areas (name, plan_id, phase, years, wkt) as (
    values
      ('Nyhamnen', 'Dp 5563', 'consultation', 8,
       'POLYGON((12.9975 55.6105, 13.0090 55.6112, 13.0102 55.6168, 12.9990 55.6172, 12.9968 55.6140, 12.9975 55.6105))'),
      ('Hyllie centrum etapp 3', 'Dp 5481', 'under_construction', 2,
       'POLYGON((12.9740 55.5585, 12.9860 55.5580, 12.9875 55.5640, 12.9755 55.5648, 12.9740 55.5585))'),
      ('Sege Park', 'Dp 5312', 'under_construction', 3,
       'POLYGON((13.0395 55.5895, 13.0478 55.5890, 13.0490 55.5948, 13.0405 55.5955, 13.0395 55.5895))'),
      ('Norra Sorgenfri', 'Dp 5420', 'adopted', 5,
       'POLYGON((13.0180 55.5935, 13.0295 55.5928, 13.0305 55.5985, 13.0190 55.5992, 13.0180 55.5935))'),
      ('Varvsstaden', 'Dp 5275', 'under_construction', 4,
       'POLYGON((12.9790 55.6075, 12.9890 55.6068, 12.9902 55.6118, 12.9800 55.6126, 12.9790 55.6075))'),
      ('Holmastaden', 'Dp 5590', 'planning', 9,
       'POLYGON((12.9690 55.5690, 12.9780 55.5685, 12.9790 55.5735, 12.9700 55.5742, 12.9690 55.5690))'),
      ('Amiralsstaden, Rosengård centrum', 'Dp 5530', 'consultation', 7,
       'POLYGON((13.0405 55.5835, 13.0515 55.5830, 13.0522 55.5878, 13.0412 55.5884, 13.0405 55.5835))'),
      ('Södervärn', 'Dp 5601', 'planning', 10,
       'POLYGON((13.0095 55.5880, 13.0175 55.5876, 13.0182 55.5915, 13.0102 55.5920, 13.0095 55.5880))'),
      ('Limhamns sjöstad, Kalkbrottet', 'Dp 5150', 'completed', -1,
       'POLYGON((12.9255 55.5755, 12.9345 55.5750, 12.9352 55.5820, 12.9262 55.5826, 12.9255 55.5755))'),
      ('Lorensborg, förtätning', 'Dp 5488', 'adopted', 4,
       'POLYGON((12.9855 55.5822, 12.9945 55.5818, 12.9950 55.5865, 12.9860 55.5870, 12.9855 55.5822))'),
      ('Kirsebergsstaden', 'Dp 5575', 'planning', 11,
       'POLYGON((13.0255 55.6030, 13.0345 55.6026, 13.0350 55.6068, 13.0260 55.6072, 13.0255 55.6030))'),
      -- Two separate parts (a MultiPolygon), as plans for a station area often are.
      ('Oxie centrum', 'Dp 5402', 'completed', -2,
       'MULTIPOLYGON(((13.0900 55.5420, 13.0960 55.5417, 13.0965 55.5450, 13.0905 55.5453, 13.0900 55.5420)),
                     ((13.0985 55.5425, 13.1020 55.5423, 13.1023 55.5445, 13.0988 55.5447, 13.0985 55.5425)))')
  ),
  rows as (
    select a.*, md5(p_seed::text || ':' || a.name) as h from areas a
  ),
  inserted as (
    insert into app.developments (id, name, plan_id, phase, expected_completion, link, geom, is_demo)
    select r.h::uuid, r.name, r.plan_id, r.phase,
           -- The year from the table, the month from the seed: plausible and stable per seed.
           make_date(2026 + r.years, 1 + (('x' || substr(r.h, 1, 2))::bit(8)::int % 12), 1) + 27,
           'https://malmo.se/planer/' || lower(replace(r.plan_id, ' ', '-')),
           extensions.st_multi(extensions.st_geomfromtext(r.wkt, 4326)),
           true
      from rows r
    on conflict (id) do nothing
    returning 1
  )
  select count(*) into v_inserted from inserted;
  return v_inserted;
end
$$;
revoke execute on function app.generate_demo_developments(int) from public;
