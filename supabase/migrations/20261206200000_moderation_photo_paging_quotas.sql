-- Hardening issue, three missing pieces. docs/security-moderation.md, docs/api-moderation.md, docs/api-strategy.md,
-- docs/api-planning.md, docs/security.md ("Quotas").
--
-- 1. A separate photo decision. api.moderate_report gets p_photo ('approve' | 'hide' | null): a moderator may approve
--    the text and hide the photo (a face or a plate in the picture) and vice versa. p_action may be null when
--    p_photo is given (a decision on the photo alone: the text stays as it is). Without p_photo the photo follows the
--    text as before (approve/edit approve it, hide hides it). Hiding a photo needs a reason, which the reporter sees
--    (moderation_note, as for the text). Every decision on the photo is its own history row (subject 'photo').
-- 2. Paging of the lists that returned every row: list_measures, list_developments and the anonymous
--    public_measures take p_limit (1–500, default 100) and p_offset (≥ 0), else `invalid_limit`, and return `total`.
-- 3. Quotas on the remaining write paths (app.rate_events, 20261205400000): save_measure (600 measures per user and
--    hour, by statement triggers on app.measures), save_development's updates, delete_development and
--    save_assessment (counted with the imports under 'development', 5,000 per hour, by statement triggers), and
--    moderate_report (2,000 decisions per hour). Refused: `rate_limited`.

-- 1. Quota kinds ----------------------------------------------------------------------------------------------------
alter table app.rate_events drop constraint if exists rate_events_kind_check;
alter table app.rate_events add constraint rate_events_kind_check
  check (kind in ('report', 'support', 'update', 'photo', 'development', 'measure', 'moderation'));

-- Same as 20261205400000 plus measure and moderation.
create or replace function app.quota_limit(p_kind text) returns int
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case p_kind
           when 'report' then 20        -- non-staff only (staff are not limited)
           when 'support' then 60
           when 'update' then 1000      -- change_status_many takes up to 500 per call
           when 'photo' then 30
           when 'development' then 5000 -- import_developments takes up to 2,000 per call; saves, deletes, assessments
           when 'measure' then 600      -- save_measure (staff)
           when 'moderation' then 2000  -- moderate_report (moderators, admins)
         end
$$;
revoke execute on function app.quota_limit(text) from public;

-- Takes one unit of the calling user's quota of `kind` (tg_argv[0]) per row in the statement's transition table.
-- Statement-level, so a bulk write is one check. No user (migrations, the demo generator): nothing is counted.
create or replace function app.rows_quota() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_n int;
begin
  if v_uid is null then
    return null;
  end if;
  if tg_op = 'DELETE' then
    select count(*) into v_n from old_rows;
  else
    select count(*) into v_n from new_rows;
  end if;
  if v_n > 0 and not app.take_quota(tg_argv[0], v_uid, v_n) then
    raise exception 'rate_limited' using errcode = '42501';
  end if;
  return null;
end
$$;
revoke execute on function app.rows_quota() from public;

-- save_measure inserts or updates (insert … on conflict do update fires the one or the other transition table).
create trigger measures_quota_insert after insert on app.measures
  referencing new table as new_rows for each statement execute function app.rows_quota('measure');
create trigger measures_quota_update after update on app.measures
  referencing new table as new_rows for each statement execute function app.rows_quota('measure');
-- Developments: inserts are counted by developments_quota (20261205400000); these add updates (save_development of
-- an existing id), deletes (delete_development) and assessments (save_assessment).
create trigger developments_quota_update after update on app.developments
  referencing new table as new_rows for each statement execute function app.rows_quota('development');
create trigger developments_quota_delete after delete on app.developments
  referencing old table as old_rows for each statement execute function app.rows_quota('development');
create trigger development_assessments_quota after insert on app.development_assessments
  referencing new table as new_rows for each statement execute function app.rows_quota('development');

-- 2. Moderation: the photo decided on its own ------------------------------------------------------------------------
alter table app.report_moderation
  add column subject text not null default 'text' constraint report_moderation_subject_check
    check (subject in ('text', 'photo'));
comment on column app.report_moderation.subject is
  'text: a decision on the description (before_text/after_text the public text); photo: on the photo (texts null).';

drop function if exists api.moderate_report(uuid, text, text, text);

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
  if v_uid is null or not app.has_role('moderator') then
    raise exception 'forbidden' using errcode = '42501';
  end if;
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
revoke execute on function api.moderate_report(uuid, text, text, text, text) from public;
grant execute on function api.moderate_report(uuid, text, text, text, text) to authenticated;

-- 3. Paging ------------------------------------------------------------------------------------------------------
-- The bounds every paged list shares: p_limit 1–500 (null = 100), p_offset ≥ 0 (null = 0), else invalid_limit.
create or replace function app.check_page(p_limit int, p_offset int) returns void
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if coalesce(p_limit, 100) not between 1 and 500 or coalesce(p_offset, 0) < 0 then
    raise exception 'invalid_limit' using errcode = '22023';
  end if;
end
$$;
revoke execute on function app.check_page(int, int) from public;

drop function if exists api.list_measures(text, text[]);
-- Same as 20261205200000, paged: { items, total }.
create or replace function api.list_measures(
  p_challenge text default null, p_status text[] default null, p_limit int default 100, p_offset int default 0
) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  if p_challenge is not null and not exists (select 1 from app.challenges c where c.code = p_challenge) then
    raise exception 'invalid_challenge' using errcode = '22023';
  end if;
  if p_status is not null and (cardinality(p_status) > 100 or exists (
       select 1 from unnest(p_status) s
        where s is null or s not in ('proposed', 'planned', 'in_progress', 'done', 'cancelled'))) then
    raise exception 'invalid_measure_status' using errcode = '22023';
  end if;
  perform app.check_page(p_limit, p_offset);
  return jsonb_build_object(
    'total', (select count(*) from app.measures m
               where (p_challenge is null or m.challenge = p_challenge)
                 and (p_status is null or m.status = any(p_status))),
    'items', coalesce((
      select jsonb_agg(app.measure_json(p.id) order by p.score desc, p.created_at, p.id)
        from (select m.id, m.score, m.created_at from app.measures m
               where (p_challenge is null or m.challenge = p_challenge)
                 and (p_status is null or m.status = any(p_status))
               order by m.score desc, m.created_at, m.id
               limit coalesce(p_limit, 100) offset coalesce(p_offset, 0)) p), '[]'::jsonb));
end
$$;
revoke execute on function api.list_measures(text, text[], int, int) from public;
grant execute on function api.list_measures(text, text[], int, int) to authenticated;

drop function if exists api.public_measures();
-- Same as 20261205200000 (geometries of at most 250 vertices, at most 500 report ids each), paged instead of the
-- 250 newest: { items, total }, newest first.
create or replace function api.public_measures(p_limit int default 100, p_offset int default 0) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform app.check_page(p_limit, p_offset);
  return jsonb_build_object(
    'total', (select count(*) from app.measures d where d.status = 'done'),
    'items', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', m.id, 'title', m.title, 'type', m.type, 'challenge', m.challenge,
               'done_date', to_char(m.done_date, 'YYYY-MM-DD'),
               'geometry', extensions.st_asgeojson(app.public_geometry(m.geom, 250), 6)::jsonb,
               'report_ids', coalesce((select jsonb_agg(x.report_id order by x.report_id)
                                         from (select y.report_id from app.measure_reports y
                                                where y.measure_id = m.id
                                                order by y.report_id limit 500) x), '[]'::jsonb))
             order by m.done_date desc, m.id)
        from (select * from app.measures d
               where d.status = 'done'
               order by d.done_date desc, d.id
               limit coalesce(p_limit, 100) offset coalesce(p_offset, 0)) m), '[]'::jsonb));
end
$$;
revoke execute on function api.public_measures(int, int) from public;
grant execute on function api.public_measures(int, int) to anon, authenticated;

drop function if exists api.list_developments();
-- Same as 20261201300200, paged: { items, total }, by name.
create or replace function api.list_developments(p_limit int default 100, p_offset int default 0) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if not app.is_staff() then
    raise exception 'forbidden' using errcode = '42501';
  end if;
  perform app.check_page(p_limit, p_offset);
  return jsonb_build_object(
    'total', (select count(*) from app.developments),
    'items', coalesce((
      select jsonb_agg(app.development_json(p.id) order by p.name, p.id)
        from (select d.id, d.name from app.developments d
               order by d.name, d.id
               limit coalesce(p_limit, 100) offset coalesce(p_offset, 0)) p), '[]'::jsonb));
end
$$;
revoke execute on function api.list_developments(int, int) from public;
grant execute on function api.list_developments(int, int) to authenticated;
