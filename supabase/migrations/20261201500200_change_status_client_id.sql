-- api.change_status becomes idempotent by a client-chosen update id (issue 4: the crew's offline outbox).
--
-- A status change queued on a phone may be sent twice: the tab closed after the database committed but
-- before the answer arrived, so the outbox sends it again. With `p_update_id` (optional, default null) the
-- second call finds the update it wrote the first time and returns that call's result instead of applying the
-- change again (which would write a second history row, or fail `transition_not_allowed` from the new status).
-- Without it, nothing changes. The crew's photo is uploaded to `<uid>/updates/<update id>.jpg`, so the photo is
-- idempotent by path as well.
--
-- The update id is stored on the history row (`app.report_updates.client_id`, unique; null for updates written
-- without one, by change_status_many and submit_report). Every other rule of app.change_status_one is unchanged
-- (transitions per role, note, reopen window, duplicate_of, photo path in the caller's own folder), as are the
-- grants; change_status_many keeps its definition (it calls change_status_one without an update id).

alter table app.report_updates add column client_id uuid;
alter table app.report_updates add constraint report_updates_client_id_key unique (client_id);
comment on column app.report_updates.client_id is
  'Id the client chose for this update (api.change_status p_update_id): a retry with the same id by the same '
  'author returns the first result instead of writing again. Null when none was given.';

-- The body is 20261201200200's, with the lookup of p_update_id after the report's row lock (so a concurrent
-- retry waits for the first call and then sees its row) and before the workflow rules (which the first call
-- already changed the status for).
drop function app.change_status_one(uuid, uuid, text, text, uuid, text);
create function app.change_status_one(
  p_uid uuid,
  p_report_id uuid,
  p_to_status text,
  p_note text,
  p_duplicate_of uuid,
  p_photo_path text,
  p_update_id uuid default null
) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  v_from text;
  v_reporter uuid;
  v_by_staff boolean;
  v_reopen boolean := false;
  v_resolved_at timestamptz;
  v_note text;
  v_updated timestamptz;
  v_prev record;
begin
  if p_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  -- Lock the row: two concurrent changes are serialised and each sees the other's result.
  select r.status, r.reporter_id into v_from, v_reporter
    from app.reports r where r.id = p_report_id
     for update;
  if v_from is null then
    raise exception 'report_not_found' using errcode = '22023';
  end if;

  -- A retry: the same author, the same report → the first call's result (its status and time), nothing written.
  -- The id belongs to someone else's update or to another report → id_conflict (as submit_report's p_id).
  if p_update_id is not null then
    select u.report_id, u.author_id, u.to_status, u.created_at into v_prev
      from app.report_updates u where u.client_id = p_update_id;
    if found then
      if v_prev.author_id is distinct from p_uid or v_prev.report_id <> p_report_id then
        raise exception 'id_conflict' using errcode = '22023';
      end if;
      return jsonb_build_object(
        'id', p_report_id, 'status', v_prev.to_status,
        'status_group', (select s."group" from app.statuses s where s.code = v_prev.to_status),
        'updated_at', v_prev.created_at);
    end if;
  end if;

  v_by_staff := exists (
    select 1 from app.status_transitions t
     where t.from_status = v_from and t.to_status = p_to_status and t.role <> 'resident'
       and app.has_role(t.role));
  if not v_by_staff then
    v_reopen := v_reporter = p_uid and exists (
      select 1 from app.status_transitions t
       where t.from_status = v_from and t.to_status = p_to_status and t.role = 'resident');
    if not v_reopen then
      raise exception 'transition_not_allowed' using errcode = '42501';
    end if;
    select max(u.created_at) into v_resolved_at
      from app.report_updates u where u.report_id = p_report_id and u.to_status = v_from;
    if v_resolved_at is null or v_resolved_at < now() - interval '30 days' then
      raise exception 'reopen_expired' using errcode = '22023';
    end if;
  end if;

  v_note := nullif(regexp_replace(coalesce(p_note, ''), '^[[:space:]]+|[[:space:]]+$', '', 'g'), '');
  if char_length(v_note) > 2000 then
    raise exception 'note_too_long' using errcode = '22023';
  end if;
  if v_note is null and (v_reopen or p_to_status in ('not_actionable', 'referred', 'duplicate')) then
    raise exception 'note_required' using errcode = '22023';
  end if;

  if p_to_status = 'duplicate' then
    if p_duplicate_of is null or p_duplicate_of = p_report_id or not exists (
         select 1 from app.reports d where d.id = p_duplicate_of and d.status <> 'duplicate') then
      raise exception 'duplicate_of_invalid' using errcode = '22023';
    end if;
  elsif p_duplicate_of is not null then
    raise exception 'duplicate_of_invalid' using errcode = '22023';
  end if;

  if p_photo_path is not null and p_photo_path !~ ('^' || p_uid::text
       || '/updates/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|webp)$') then
    raise exception 'invalid_photo_path' using errcode = '22023';
  end if;

  update app.reports r
     set status = p_to_status,
         duplicate_of = case when p_to_status = 'duplicate' then p_duplicate_of end,
         updated_at = now()
   where r.id = p_report_id
  returning r.updated_at into v_updated;

  -- created_at defaults to now(), the same transaction time as updated_at: a retry returns it as updated_at.
  insert into app.report_updates (report_id, from_status, to_status, note, author_id, photo_path, client_id)
  values (p_report_id, v_from, p_to_status, v_note, p_uid, p_photo_path, p_update_id);

  return jsonb_build_object(
    'id', p_report_id, 'status', p_to_status,
    'status_group', (select s."group" from app.statuses s where s.code = p_to_status),
    'updated_at', v_updated);
end
$$;
revoke execute on function app.change_status_one(uuid, uuid, text, text, uuid, text, uuid) from public;

-- A new optional parameter changes the signature: drop the old one so that calls stay unambiguous (named
-- arguments without p_update_id resolve to the new function through its defaults).
drop function api.change_status(uuid, text, text, uuid, text);
create function api.change_status(
  p_report_id uuid,
  p_to_status text,
  p_note text default null,
  p_duplicate_of uuid default null,
  p_photo_path text default null,
  p_update_id uuid default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  return app.change_status_one((select auth.uid()), p_report_id, p_to_status, p_note, p_duplicate_of,
                               p_photo_path, p_update_id);
end
$$;
revoke execute on function api.change_status(uuid, text, text, uuid, text, uuid) from public;
grant execute on function api.change_status(uuid, text, text, uuid, text, uuid) to authenticated;
