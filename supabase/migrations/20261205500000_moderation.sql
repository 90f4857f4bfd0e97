-- Moderation before publication (as FixMyStreet and Ushahidi do): a report's description and photo become public
-- (visible to anyone who is neither staff nor the reporter) only after an automatic screen passes or a moderator
-- approves. docs/security-moderation.md, docs/api-moderation.md.
--
-- 1. The automatic screen (app.moderation_screen), run by a trigger on every insert and on every change of the
--    description: Swedish personal identity numbers (personnummer / samordningsnummer, 10 or 12 digits with or
--    without '-'/'+', valid month and day, Luhn check), Swedish phone numbers (07x-xxx xx xx, +46 7x…, 040-xx xx xx,
--    0046…), e-mail addresses and Swedish registration plates (ABC 123, ABC 12A) hold the text with the reasons
--    found; otherwise it is approved at once. A photo is always held until a moderator approves it.
-- 2. A new staff role `moderator` (admins may moderate too): api.moderation_queue and api.moderate_report
--    (approve / edit / hide, each with a history row in app.report_moderation).
-- 3. report_detail and nearby_reports give anyone but staff and the reporter the description only when approved
--    (the moderator's text when edited), null otherwise; an approved photo is shown publicly only under an id-free
--    name (p/<uuid>.<ext>): a name with the reporter's id stays staff-and-reporter only. my_reports returns the
--    moderation state and the moderator's reason to the reporter.
-- Every other function granted to anon or authenticated returns no report description or report photo to a
-- non-staff caller who is not the reporter (reports_in_view: ids and codes; public_measures: measures; the rest are
-- the caller's own reports or refuse non-staff callers); tests/db/adversarial/moderation.test.ts checks them all.

-- 1. The moderator role ----------------------------------------------------------------------------------------
alter table app.staff_roles drop constraint if exists staff_roles_role_check;
alter table app.staff_roles add constraint staff_roles_role_check
  check (role in ('crew', 'planner', 'strategist', 'moderator', 'admin'));
comment on table app.staff_roles is
  'Staff membership (crew/planner/strategist/moderator/admin). Written only by admins (api.set_staff_role).';

-- Same as 20261201000100 with moderator in the order.
create or replace function app.current_role() returns text
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select case
    when (select auth.uid()) is null then 'anon'
    else coalesce(
      (select s.role from app.staff_roles s
        where s.user_id = (select auth.uid())
        order by array_position(array['admin', 'strategist', 'planner', 'moderator', 'crew'], s.role)
        limit 1),
      'resident')
  end
$$;
revoke execute on function app.current_role() from public;
grant execute on function app.current_role() to anon, authenticated, service_role;

-- Same as 20261201100200 with moderator among the roles.
create or replace function api.set_staff_role(p_user_id uuid, p_role text) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null or not app.has_role('admin') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  -- An admin cannot change their own role: the last admin can never lock everybody out.
  if p_user_id = v_uid then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_user_id is null
     or (p_role is not null and p_role not in ('crew', 'planner', 'strategist', 'moderator', 'admin')) then
    raise exception 'invalid_role' using errcode = '22023';
  end if;

  delete from app.staff_roles s where s.user_id = p_user_id and s.role is distinct from p_role;
  if p_role is not null then
    insert into app.staff_roles (user_id, role) values (p_user_id, p_role)
    on conflict (user_id, role) do nothing;
  end if;
  return jsonb_build_object('user_id', p_user_id, 'role', p_role);
end
$$;
revoke execute on function api.set_staff_role(uuid, text) from public;
grant execute on function api.set_staff_role(uuid, text) to authenticated;

-- 2. The automatic screen ----------------------------------------------------------------------------------------
-- Is the 10-digit string YYMMDDNNNC a plausible personnummer (month 01–12, day 01–31 or a samordningsnummer's
-- day + 60) whose last digit is its Luhn check digit?
create or replace function app.personnummer_ok(p_digits text) returns boolean
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_sum int := 0;
  v_d int;
  v_month int;
  v_day int;
begin
  if p_digits is null or p_digits !~ '^[0-9]{10}$' then
    return false;
  end if;
  v_month := substr(p_digits, 3, 2)::int;
  v_day := substr(p_digits, 5, 2)::int;
  if v_month not between 1 and 12 or not (v_day between 1 and 31 or v_day between 61 and 91) then
    return false;
  end if;
  for i in 1..10 loop
    v_d := substr(p_digits, i, 1)::int;
    if i % 2 = 1 then
      v_d := v_d * 2;
      v_d := v_d / 10 + v_d % 10;
    end if;
    v_sum := v_sum + v_d;
  end loop;
  return v_sum % 10 = 0;
end
$$;
revoke execute on function app.personnummer_ok(text) from public;

-- The reasons a text must be held: any of personal_number, phone, email, plate (in that order); empty = publish.
create or replace function app.moderation_screen(p_text text) returns text[]
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_reasons text[] := '{}';
  v_m text[];
begin
  if p_text is null or p_text = '' then
    return v_reasons;
  end if;
  -- Personnummer / samordningsnummer: [CC]YYMMDD[-+]NNNC, not inside a longer number.
  for v_m in
    select regexp_matches(p_text, '(?<![0-9])(?:[0-9]{2})?([0-9]{6})[-+]?([0-9]{4})(?![0-9])', 'g')
  loop
    if app.personnummer_ok(v_m[1] || v_m[2]) then
      v_reasons := array_append(v_reasons, 'personal_number');
      exit;
    end if;
  end loop;
  -- Also the 12-digit form whose century the greedy group above may have taken as the year.
  if not ('personal_number' = any (v_reasons)) then
    for v_m in
      select regexp_matches(p_text, '(?<![0-9])(?:19|20)([0-9]{6})[-+]?([0-9]{4})(?![0-9])', 'g')
    loop
      if app.personnummer_ok(v_m[1] || v_m[2]) then
        v_reasons := array_append(v_reasons, 'personal_number');
        exit;
      end if;
    end loop;
  end if;
  -- Swedish phone numbers: 0 or +46/0046 (optionally "(0)"), an area code of 1–3 digits not starting with 0, one
  -- optional '-' or '/' between area code and number, spaces between digits; 8–10 digits with the trunk 0.
  if p_text ~ '(?<![0-9+])(?:(?:\+|00)46[ -]?(?:\(0\)[ -]?)?|0)[1-9][0-9]{0,2} ?[-/]? ?[0-9](?: ?[0-9]){4,7}(?![0-9])' then
    v_reasons := array_append(v_reasons, 'phone');
  end if;
  -- E-mail addresses.
  if p_text ~ '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}' then
    v_reasons := array_append(v_reasons, 'email');
  end if;
  -- Registration plates: three capital letters (no I, Q, V, Å, Ä, Ö), an optional space, two digits and a digit or a
  -- letter; not inside a word; currency codes before an amount are not plates.
  for v_m in
    select regexp_matches(p_text,
      '(?<![A-Za-z0-9ÅÄÖåäöÉé])([A-HJ-PR-UW-Z]{3}) ?[0-9]{2}[0-9A-HJ-PR-UW-Z](?![A-Za-z0-9ÅÄÖåäöÉé])', 'g')
  loop
    if v_m[1] not in ('SEK', 'EUR', 'USD', 'NOK', 'DKK', 'GBP') then
      v_reasons := array_append(v_reasons, 'plate');
      exit;
    end if;
  end loop;
  return v_reasons;
end
$$;
revoke execute on function app.moderation_screen(text) from public;

-- 3. Moderation state on the report --------------------------------------------------------------------------------
alter table app.reports
  add column moderation text not null default 'held'
    constraint reports_moderation_check check (moderation in ('held', 'approved', 'edited', 'hidden')),
  add column moderation_reasons text[] not null default '{}',
  add column public_description text,
  add column photo_moderation text
    constraint reports_photo_moderation_check check (photo_moderation in ('held', 'approved', 'hidden')),
  add column moderation_note text;
comment on column app.reports.moderation is
  'held (screen found personal data, waiting for a moderator) | approved | edited (public_description is the '
  'moderator''s text) | hidden. Set by app.reports_moderation_screen and api.moderate_report.';
comment on column app.reports.public_description is
  'The text anyone may see: the description when approved, the moderator''s text when edited, else null.';
comment on column app.reports.photo_moderation is 'Null without a photo; held until a moderator approves or hides it.';
comment on column app.reports.moderation_note is 'The moderator''s reason, shown to the reporter (my_reports).';

create or replace function app.reports_moderation_screen() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'INSERT' or new.description is distinct from old.description then
    new.moderation_reasons := app.moderation_screen(new.description);
    if cardinality(new.moderation_reasons) = 0 then
      new.moderation := 'approved';
      new.public_description := new.description;
    else
      new.moderation := 'held';
      new.public_description := null;
    end if;
    new.moderation_note := null;
  end if;
  if tg_op = 'INSERT' or new.photo_path is distinct from old.photo_path then
    new.photo_moderation := case when new.photo_path is not null then 'held' end;
  end if;
  return new;
end
$$;
revoke execute on function app.reports_moderation_screen() from public;

create trigger reports_moderation_screen
  before insert or update of description, photo_path on app.reports
  for each row execute function app.reports_moderation_screen();

-- Existing reports: screened now; existing photos are held (they were never public).
update app.reports r
   set moderation = case when cardinality(s.reasons) = 0 then 'approved' else 'held' end,
       moderation_reasons = s.reasons,
       public_description = case when cardinality(s.reasons) = 0 then r.description end,
       photo_moderation = case when r.photo_path is not null then 'held' end
  from (select r2.id, app.moderation_screen(r2.description) as reasons from app.reports r2) s
 where s.id = r.id;

create index reports_moderation_queue_idx on app.reports (created_at, id)
  where moderation = 'held' or photo_moderation = 'held';

-- 4. The history ---------------------------------------------------------------------------------------------------
create table app.report_moderation (
  id bigint generated always as identity primary key,
  report_id uuid not null references app.reports (id) on delete cascade,
  moderator_id uuid,
  action text not null check (action in ('approve', 'edit', 'hide')),
  before_text text,
  after_text text,
  reason text,
  created_at timestamptz not null default now()
);
alter table app.report_moderation enable row level security;
revoke all on app.report_moderation from public, anon, authenticated;
create index report_moderation_report_idx on app.report_moderation (report_id, created_at);
comment on table app.report_moderation is
  'Every moderation decision: who, when, approve/edit/hide, the public text before and after, the reason. No role '
  'has a privilege; written only by api.moderate_report.';

-- 5. The moderator's API -------------------------------------------------------------------------------------------
-- Held items (text or photo), oldest first, with the reasons ('photo' for a held photo).
create or replace function api.moderation_queue(p_limit int default 50, p_offset int default 0) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_limit int := coalesce(p_limit, 50);
  v_offset int := coalesce(p_offset, 0);
  v_result jsonb;
begin
  if (select auth.uid()) is null or not app.has_role('moderator') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if v_limit not between 1 and 200 or v_offset not between 0 and 100000 then
    raise exception 'invalid_filter' using errcode = '22023';
  end if;
  select jsonb_build_object(
           'total', (select count(*) from app.reports r
                      where r.moderation = 'held' or r.photo_moderation = 'held'),
           'items', coalesce(jsonb_agg(jsonb_build_object(
              'id', q.id, 'category', q.category, 'challenge', q.challenge, 'status', q.status,
              'source', q.source, 'created_at', q.created_at, 'observed_at', q.observed_at,
              'description', q.description, 'moderation', q.moderation,
              'reasons', to_jsonb(q.moderation_reasons
                                  || case when q.photo_moderation = 'held' then array['photo'] else '{}'::text[] end),
              'photo_moderation', q.photo_moderation, 'photo_path', q.photo_path)
            order by q.created_at, q.id), '[]'::jsonb))
    into v_result
    from (
      select r.* from app.reports r
       where r.moderation = 'held' or r.photo_moderation = 'held'
       order by r.created_at, r.id
       limit v_limit offset v_offset
    ) q;
  return v_result;
end
$$;
revoke execute on function api.moderation_queue(int, int) from public;
grant execute on function api.moderation_queue(int, int) to authenticated;

-- approve: the description (and a photo) become public. edit: the moderator's text becomes public instead (the
-- reporter's text is kept for staff and the reporter), a photo is approved. hide: neither text nor photo is ever
-- public; staff and the reporter keep seeing them. Edit and hide need a reason, which the reporter sees.
create or replace function api.moderate_report(
  p_report_id uuid, p_action text, p_description text default null, p_reason text default null
) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_reason text := nullif(btrim(p_reason), '');
  v_text text := nullif(btrim(p_description), '');
  v_r app.reports%rowtype;
  v_before text;
  v_after text;
begin
  if v_uid is null or not app.has_role('moderator') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_action is null or p_action not in ('approve', 'edit', 'hide') then
    raise exception 'invalid_action' using errcode = '22023';
  end if;
  if p_action in ('edit', 'hide') and v_reason is null then
    raise exception 'reason_required' using errcode = '22023';
  end if;
  if char_length(v_reason) > 2000 then
    raise exception 'note_too_long' using errcode = '22023';
  end if;
  if p_action = 'edit' then
    if v_text is null then
      raise exception 'description_required' using errcode = '22023';
    end if;
    if char_length(v_text) > 2000 then
      raise exception 'description_too_long' using errcode = '22023';
    end if;
  end if;
  select * into v_r from app.reports r where r.id = p_report_id for update;
  if not found then
    raise exception 'report_not_found' using errcode = '22023';
  end if;

  v_before := case when v_r.moderation = 'edited' then v_r.public_description else v_r.description end;
  v_after := case p_action when 'approve' then v_r.description when 'edit' then v_text end;
  update app.reports r
     set moderation = case p_action when 'approve' then 'approved' when 'edit' then 'edited' else 'hidden' end,
         public_description = v_after,
         photo_moderation = case when r.photo_path is null then null
                                 when p_action = 'hide' then 'hidden' else 'approved' end,
         moderation_note = v_reason
   where r.id = p_report_id
   returning * into v_r;
  insert into app.report_moderation (report_id, moderator_id, action, before_text, after_text, reason)
  values (p_report_id, v_uid, p_action, v_before, v_after, v_reason);
  return jsonb_build_object('id', v_r.id, 'moderation', v_r.moderation, 'photo_moderation', v_r.photo_moderation,
                            'public_description', v_r.public_description, 'reason', v_r.moderation_note);
end
$$;
revoke execute on function api.moderate_report(uuid, text, text, text) from public;
grant execute on function api.moderate_report(uuid, text, text, text) to authenticated;

-- 6. Public functions ----------------------------------------------------------------------------------------------
-- report_detail: same as 20261205300000, but anyone who is not `precise` (staff, the reporter) gets the description
-- only when approved (the moderator's text when edited) and the photo only when approved and named without an id;
-- staff and the reporter get their text, the moderation state, the reasons, the moderator's reason and the public
-- text.
create or replace function api.report_detail(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_result jsonb;
begin
  select jsonb_build_object(
           'id', r.id, 'category', r.category, 'challenge', r.challenge, 'status', r.status,
           'status_group', s."group", 'source', r.source,
           'description', case when v.precise then r.description
                               when r.moderation in ('approved', 'edited') then r.public_description end,
           'moderation', r.moderation,
           'moderation_reasons', case when v.precise then to_jsonb(r.moderation_reasons) end,
           'moderation_reason', case when v.precise then r.moderation_note end,
           'public_description', case when v.precise then r.public_description end,
           'photo_moderation', case when v.precise then r.photo_moderation end,
           'observed_at', r.observed_at, 'created_at', r.created_at, 'is_dark', r.is_dark,
           'lon', extensions.st_x(case when v.precise then r.location else r.public_location end),
           'lat', extensions.st_y(case when v.precise then r.location else r.public_location end),
           'precise', v.precise,
           'district', app.district_json(case when v.precise then r.district_code else r.public_district_code end),
           'support_count', (select count(*) from app.supports sp where sp.report_id = r.id),
           'supported_by_me', v_uid is not null and exists (
              select 1 from app.supports sp where sp.report_id = r.id and sp.user_id = v_uid),
           'is_mine', coalesce(r.reporter_id = v_uid, false),
           'photo_path', case when v.precise then r.photo_path
                              when r.photo_moderation = 'approved' and r.photo_path ~ '^p/' then r.photo_path end,
           'updates', coalesce((
              select jsonb_agg(jsonb_build_object('from_status', u.from_status, 'to_status', u.to_status,
                                                  'note', u.note, 'created_at', u.created_at,
                                                  'photo_path', case when v.precise then u.photo_path end)
                               order by u.created_at, u.id)
                from app.report_updates u where u.report_id = r.id), '[]'::jsonb))
    into v_result
    from app.reports r
    join app.statuses s on s.code = r.status
    cross join lateral (
      select coalesce(r.reporter_id = v_uid, false) or (v_uid is not null and app.is_staff()) as precise) v
   where r.id = p_id;
  if v_result is null then
    raise exception 'report_not_found' using errcode = '22023';
  end if;
  return v_result;
end
$$;
revoke execute on function api.report_detail(uuid) from public;
grant execute on function api.report_detail(uuid) to anon, authenticated;

-- nearby_reports: same as 20261205300000; the description as in report_detail (own text for staff and the
-- reporter, else the approved public text or null).
create or replace function api.nearby_reports(p_lon float8, p_lat float8, p_category text) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_staff boolean := v_uid is not null and app.is_staff();
  v_radius float8;
  v_point extensions.geometry;
  v_box extensions.geometry;
  v_mx float8;
  v_my float8;
  v_m float8;
  v_result jsonb;
begin
  if p_lon is null or p_lat is null or p_lon = 'NaN'::float8 or p_lat = 'NaN'::float8
     or p_lon not between -180 and 180 or p_lat not between -90 and 90 then
    raise exception 'invalid_position' using errcode = '22023';
  end if;
  select c.duplicate_radius_m into v_radius from app.categories c where c.code = p_category and c.active;
  if v_radius is null then
    raise exception 'unknown_category' using errcode = '22023';
  end if;
  v_point := extensions.st_setsrid(extensions.st_makepoint(p_lon, p_lat), 4326);
  v_box := extensions.st_expand(
    v_point, v_radius / (111320.0 * cosd(least(abs(p_lat), 89.0))) * 1.01, v_radius / 110574.0 * 1.01);
  v_mx := app.mercator_x(p_lon);
  v_my := app.mercator_y(greatest(-85.0, least(85.0, p_lat)));
  v_m := v_radius * 1.05 / cosd(least(abs(p_lat), 85.0));

  with candidates as (
    select r.id, r.status, r.observed_at,
           case when v_staff or (v_uid is not null and r.reporter_id = v_uid) then r.description
                when r.moderation in ('approved', 'edited') then r.public_description end as description,
           extensions.st_distance(
             (case when v_staff or (v_uid is not null and r.reporter_id = v_uid)
                   then r.location else r.public_location end)::extensions.geography,
             v_point::extensions.geography) as d
      from app.reports r
      join app.statuses s on s.code = r.status and s."group" = 'open'
     where r.category = p_category
       and (point(r.public_x, r.public_y) <@ box(point(v_mx - v_m, v_my - v_m), point(v_mx + v_m, v_my + v_m))
            or (r.location operator(extensions.&&) v_box
                and (v_staff or (v_uid is not null and r.reporter_id = v_uid))))
  ),
  hits as (
    select * from candidates where d <= v_radius order by d, id limit 20
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', h.id,
           'distance_m', round(h.d::numeric, 1),
           'description', left(h.description, 140),
           'status', h.status,
           'observed_at', h.observed_at,
           'support_count', (select count(*) from app.supports sp where sp.report_id = h.id),
           'supported_by_me', v_uid is not null and exists (
              select 1 from app.supports sp where sp.report_id = h.id and sp.user_id = v_uid))
         order by h.d, h.id), '[]'::jsonb)
    into v_result
    from hits h;
  return v_result;
end
$$;
revoke execute on function api.nearby_reports(float8, float8, text) from public;
grant execute on function api.nearby_reports(float8, float8, text) to anon, authenticated;

-- my_reports: same as 20261201000600 plus the moderation state, the moderator's reason and the photo's state.
create or replace function api.my_reports() returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_result jsonb;
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', m.id, 'category', m.category, 'challenge', m.challenge, 'status', m.status,
           'status_group', m.status_group, 'description', m.description, 'created_at', m.created_at,
           'support_count', m.support_count, 'last_update_at', m.last_update_at,
           'moderation', m.moderation, 'moderation_reason', m.moderation_note,
           'photo_moderation', m.photo_moderation)
         order by m.created_at desc, m.id), '[]'::jsonb)
    into v_result
    from (
      select r.id, r.category, r.challenge, r.status, s."group" as status_group, r.description, r.created_at,
             r.moderation, r.moderation_note, r.photo_moderation,
             (select count(*) from app.supports sp where sp.report_id = r.id) as support_count,
             (select max(u.created_at) from app.report_updates u where u.report_id = r.id) as last_update_at
        from app.reports r
        join app.statuses s on s.code = r.status
       where r.reporter_id = v_uid
       order by r.created_at desc, r.id
       limit 200
    ) m;
  return v_result;
end
$$;
revoke execute on function api.my_reports() from public;
grant execute on function api.my_reports() to authenticated;
