-- Moderation before publication (as FixMyStreet and Ushahidi do): a report's description and photo become public
-- (visible to anyone who is neither staff nor the reporter) only after an automatic screen passes or a moderator
-- approves. docs/security-moderation.md, docs/api-moderation.md.
--
-- 1. The automatic screen (app.moderation_screen), run by a trigger on every insert and on every change of the
--    description: Swedish personal identity numbers (personnummer / samordningsnummer, 10 or 12 digits with or
--    without '-'/'+', valid month and day, Luhn check), Swedish phone numbers (07x-xxx xx xx, +46 7x…, 040-xx xx xx,
--    0046…), e-mail addresses and Swedish registration plates (ABC 123, ABC 12A) hold the text with the reasons
--    found; otherwise it is approved at once. A photo is always held until a moderator approves it.
-- 2. The staff role `moderator` (…_platform_and_roles.sql; admins may moderate too): api.moderation_queue and
--    api.moderate_report (approve / edit / hide, each with a history row in app.report_moderation).
-- 3. report_detail and nearby_reports give anyone but staff and the reporter the description only when approved
--    (the moderator's text when edited), null otherwise; an approved photo is shown publicly only under an id-free
--    name (p/<uuid>.<ext>): a name with the reporter's id stays staff-and-reporter only. my_reports returns the
--    moderation state and the moderator's reason to the reporter.
-- Every other function granted to anon or authenticated returns no report description or report photo to a
-- non-staff caller who is not the reporter (reports_in_view: ids and codes; public_measures: measures; the rest are
-- the caller's own reports or refuse non-staff callers); tests/db/adversarial/moderation.test.ts checks them all.

-- The automatic screen ------------------------------------------------------------------------------------------
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

-- The history ------------------------------------------------------------------------------------------------------
create table app.report_moderation (
  id bigint generated always as identity primary key,
  report_id uuid not null references app.reports (id) on delete cascade,
  moderator_id uuid,
  action text not null check (action in ('approve', 'edit', 'hide')),
  before_text text,
  after_text text,
  reason text,
  created_at timestamptz not null default now(),
  subject text not null default 'text' constraint report_moderation_subject_check
    check (subject in ('text', 'photo'))
);
alter table app.report_moderation enable row level security;

revoke all on app.report_moderation from public, anon, authenticated;

create index report_moderation_report_idx on app.report_moderation (report_id, created_at);

comment on table app.report_moderation is
  'Every moderation decision: who, when, approve/edit/hide, the public text before and after, the reason. No role '
  'has a privilege; written only by api.moderate_report.';
comment on column app.report_moderation.subject is
  'text: a decision on the description (before_text/after_text the public text); photo: on the photo (texts null).';

-- The moderator's API ----------------------------------------------------------------------------------------------
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
  perform app.require_staff('moderator');
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
revoke execute on function api.moderation_queue(integer,integer) from public;
grant execute on function api.moderation_queue(integer,integer) to authenticated;

-- p_action decides the text: approve (the reporter's text public), edit (p_description public instead), hide
-- (no text public), or null (the text stays as it is). p_photo decides the photo: approve, hide, or null (the photo
-- follows p_action: approve/edit approve it, hide hides it; with p_action null it stays). At least one of the two.
-- Edit, hide and a hidden photo need a reason, which the reporter sees (my_reports, report_detail).
create or replace function api.moderate_report(
  p_report_id uuid, p_action text, p_description text default null, p_reason text default null,
  p_photo text default null
) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_reason text := nullif(btrim(p_reason), '');
  v_text text := nullif(btrim(p_description), '');
  v_r app.reports%rowtype;
  v_photo text;
  v_before text;
  v_after text;
begin
  perform app.require_staff('moderator');
  if (p_action is null and p_photo is null)
     or (p_action is not null and p_action not in ('approve', 'edit', 'hide'))
     or (p_photo is not null and p_photo not in ('approve', 'hide')) then
    raise exception 'invalid_action' using errcode = '22023';
  end if;
  if (p_action in ('edit', 'hide') or p_photo = 'hide') and v_reason is null then
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
  if p_photo is not null and v_r.photo_path is null then
    raise exception 'no_photo' using errcode = '22023';
  end if;
  if not app.take_quota('moderation', v_uid, 1) then
    raise exception 'rate_limited' using errcode = '42501';
  end if;

  v_photo := case when v_r.photo_path is null then null
                  when p_photo is not null then case p_photo when 'approve' then 'approved' else 'hidden' end
                  when p_action is null then v_r.photo_moderation
                  when p_action = 'hide' then 'hidden'
                  else 'approved' end;
  if p_action is not null then
    v_before := case when v_r.moderation = 'edited' then v_r.public_description else v_r.description end;
    v_after := case p_action when 'approve' then v_r.description when 'edit' then v_text end;
    insert into app.report_moderation (report_id, moderator_id, action, before_text, after_text, reason, subject)
    values (p_report_id, v_uid, p_action, v_before, v_after, v_reason, 'text');
  end if;
  if v_r.photo_path is not null then -- decided by p_photo, or following p_action
    insert into app.report_moderation (report_id, moderator_id, action, reason, subject)
    values (p_report_id, v_uid, case v_photo when 'hidden' then 'hide' else 'approve' end, v_reason, 'photo');
  end if;

  update app.reports r
     set moderation = case p_action when 'approve' then 'approved' when 'edit' then 'edited'
                                    when 'hide' then 'hidden' else r.moderation end,
         public_description = case when p_action is null then r.public_description else v_after end,
         photo_moderation = v_photo,
         -- The reporter sees the reason of the latest decision that had one; a text decision without one (approve)
         -- clears it, as before, unless the same call hides the photo with it.
         moderation_note = case when p_action is null then coalesce(v_reason, r.moderation_note) else v_reason end
   where r.id = p_report_id
   returning * into v_r;
  return jsonb_build_object('id', v_r.id, 'moderation', v_r.moderation, 'photo_moderation', v_r.photo_moderation,
                            'public_description', v_r.public_description, 'reason', v_r.moderation_note);
end
$$;
revoke execute on function api.moderate_report(uuid,text,text,text,text) from public;
grant execute on function api.moderate_report(uuid,text,text,text,text) to authenticated;
