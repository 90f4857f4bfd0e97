-- submit_report with a rate limit (issue 3): a non-staff user may store at most 20 new reports in a rolling
-- hour; the 21st fails with 'rate_limited'. Everything else is identical to 20261201000600.

create or replace function api.submit_report(
  p_id uuid,
  p_category text,
  p_lon float8,
  p_lat float8,
  p_description text,
  p_observed_at timestamptz,
  p_source text default 'resident',
  p_photo_path text default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_owner uuid;
  v_found boolean;
  v_point extensions.geometry;
  v_description text;
  v_observed timestamptz := coalesce(p_observed_at, now());
  v_source text := coalesce(p_source, 'resident');
  v_rows int;
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  if p_id is null then
    raise exception 'id_conflict' using errcode = '22023';
  end if;

  -- Idempotency: a retry of a stored submission returns it unchanged.
  select true, r.reporter_id into v_found, v_owner from app.reports r where r.id = p_id;
  if v_found then
    if v_owner is distinct from v_uid then
      raise exception 'id_conflict' using errcode = '22023';
    end if;
    return app.submitted_report_json(p_id);
  end if;

  -- Rate limit (after the idempotency check, so a retry of a stored report is never refused or counted):
  -- at most 20 new reports per rolling hour per non-staff user. The per-user advisory lock makes the count
  -- exact under concurrent submissions by the same user.
  if not app.is_staff() then
    perform pg_advisory_xact_lock(hashtextextended('submit_report:' || v_uid::text, 0));
    if (select count(*) from app.reports r
         where r.reporter_id = v_uid and r.created_at > now() - interval '1 hour') >= 20 then
      raise exception 'rate_limited' using errcode = '42501';
    end if;
  end if;

  if p_category is null
     or not exists (select 1 from app.categories c where c.code = p_category and c.active) then
    raise exception 'unknown_category' using errcode = '22023';
  end if;

  if p_lon is null or p_lat is null or p_lon = 'NaN'::float8 or p_lat = 'NaN'::float8
     or p_lon not between -180 and 180 or p_lat not between -90 and 90 then
    raise exception 'invalid_position' using errcode = '22023';
  end if;
  v_point := extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326);
  if not exists (select 1 from app.boundary b where extensions.st_intersects(b.geom, v_point)) then
    raise exception 'outside_malmo' using errcode = '22023';
  end if;

  v_description := regexp_replace(coalesce(p_description, ''), '^[[:space:]]+|[[:space:]]+$', '', 'g');
  if v_description = '' then
    raise exception 'description_required' using errcode = '22023';
  end if;
  if char_length(v_description) > 2000 then
    raise exception 'description_too_long' using errcode = '22023';
  end if;

  if v_observed > now() + interval '5 minutes' then
    raise exception 'observed_in_future' using errcode = '22023';
  end if;
  if v_observed < now() - interval '365 days' then
    raise exception 'observed_too_old' using errcode = '22023';
  end if;

  if v_source not in ('resident', 'crew', 'planner', 'safety_walk')
     or (v_source <> 'resident' and not app.is_staff()) then
    raise exception 'invalid_source' using errcode = '22023';
  end if;

  if p_photo_path is not null
     and p_photo_path not in (v_uid::text || '/' || p_id::text || '.jpg',
                              v_uid::text || '/' || p_id::text || '.webp') then
    raise exception 'invalid_photo_path' using errcode = '22023';
  end if;

  insert into app.reports (id, category, location, description, observed_at, status, source, reporter_id,
                           photo_path, is_demo)
  values (p_id, p_category, v_point, v_description, v_observed, 'new', v_source, v_uid, p_photo_path, false)
  on conflict (id) do nothing;
  get diagnostics v_rows = row_count;

  if v_rows = 0 then
    -- A concurrent call with the same id won the race.
    select r.reporter_id into v_owner from app.reports r where r.id = p_id;
    if v_owner is distinct from v_uid then
      raise exception 'id_conflict' using errcode = '22023';
    end if;
    return app.submitted_report_json(p_id);
  end if;

  insert into app.report_updates (report_id, from_status, to_status, note, author_id)
  values (p_id, null, 'new', null, v_uid);

  return app.submitted_report_json(p_id);
end
$$;
revoke execute on function api.submit_report(uuid, text, float8, float8, text, timestamptz, text, text) from public;
grant execute on function api.submit_report(uuid, text, float8, float8, text, timestamptz, text, text)
  to authenticated;
