-- The status workflow as data (issue 3): which role may move a report from which status to which.
-- api.change_status enforces it; api.list_categories publishes it so the UI offers exactly what is allowed.
-- See docs/security.md for why each role has the transitions it has.

create table app.status_transitions (
  from_status text not null references app.statuses (code),
  to_status text not null references app.statuses (code),
  -- 'resident' means: the reporter of the report (any signed-in user, on their own reports only).
  role text not null check (role in ('resident', 'crew', 'planner', 'strategist', 'admin')),
  primary key (from_status, to_status, role),
  check (from_status <> to_status)
);
alter table app.status_transitions enable row level security;

comment on table app.status_transitions is
  'Status workflow: role may move a report from from_status to to_status. Written only by migrations.';

-- The workflow refers to the status codes, so they must exist before seed.sql runs (it runs after the
-- migrations and updates names and sort with `on conflict … do update`, so the two never disagree).
insert into app.statuses (code, "group", name_sv, name_en, sort) values
  ('new', 'open', 'Ny', 'New', 1),
  ('confirmed', 'open', 'Bekräftad', 'Confirmed', 2),
  ('in_progress', 'open', 'Åtgärdas', 'In progress', 3),
  ('resolved', 'closed', 'Åtgärdad', 'Resolved', 4),
  ('not_actionable', 'closed', 'Ingen åtgärd möjlig', 'Not actionable', 5),
  ('duplicate', 'closed', 'Dubblett', 'Duplicate', 6),
  ('referred', 'closed', 'Hänvisad till annan aktör', 'Referred elsewhere', 7)
on conflict (code) do nothing;

insert into app.status_transitions (from_status, to_status, role)
-- Crew (the city's field staff): confirm, start work, and close open reports.
select * from (values ('new', 'confirmed', 'crew'), ('confirmed', 'in_progress', 'crew')) v(f, t, r)
union all
select f.code, t.code, 'crew'
  from (values ('new'), ('confirmed'), ('in_progress')) f(code)
  cross join (values ('resolved'), ('not_actionable'), ('duplicate'), ('referred')) t(code)
union all
-- Planners may hand a new or confirmed report on to another authority (e.g. a state road: Trafikverket).
select f.code, 'referred', 'planner' from (values ('new'), ('confirmed')) f(code)
union all
-- The reporter may reopen a resolved report ("still a problem"), within 30 days (checked by change_status).
select 'resolved', 'confirmed', 'resident'
union all
-- Admins may make any change (corrections).
select f.code, t.code, 'admin' from app.statuses f cross join app.statuses t where f.code <> t.code;

grant select on app.status_transitions to anon, authenticated;
create policy "Everyone can read the status workflow" on app.status_transitions
  for select to anon, authenticated using (true);

-- A report closed as a duplicate points at the report it duplicates.
alter table app.reports add column duplicate_of uuid references app.reports (id) on delete set null;
alter table app.reports add constraint reports_duplicate_of_not_self check (duplicate_of is distinct from id);

-- list_categories: + transitions ----------------------------------------------------------------------
create or replace function api.list_categories() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'challenges', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', h.code, 'name_sv', h.name_sv, 'name_en', h.name_en,
               'description_sv', h.description_sv, 'description_en', h.description_en, 'sort', h.sort)
             order by h.sort, h.code)
        from app.challenges h), '[]'::jsonb),
    'categories', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', c.code, 'challenge', c.challenge, 'name_sv', c.name_sv, 'name_en', c.name_en,
               'duplicate_radius_m', c.duplicate_radius_m, 'public_precision_m', c.public_precision_m,
               'sort', c.sort)
             order by c.sort, c.code)
        from app.categories c where c.active), '[]'::jsonb),
    'statuses', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', s.code, 'group', s."group", 'name_sv', s.name_sv, 'name_en', s.name_en, 'sort', s.sort)
             order by s.sort, s.code)
        from app.statuses s), '[]'::jsonb),
    'transitions', coalesce((
      select jsonb_agg(jsonb_build_object('from', x.from_status, 'to', x.to_status, 'roles', x.roles)
             order by x.from_sort, x.to_sort)
        from (
          select t.from_status, t.to_status, f.sort as from_sort, s.sort as to_sort,
                 jsonb_agg(t.role order by array_position(
                   array['resident', 'crew', 'planner', 'strategist', 'admin'], t.role)) as roles
            from app.status_transitions t
            join app.statuses f on f.code = t.from_status
            join app.statuses s on s.code = t.to_status
           group by t.from_status, t.to_status, f.sort, s.sort) x), '[]'::jsonb))
$$;
revoke execute on function api.list_categories() from public;
grant execute on function api.list_categories() to anon, authenticated;

-- change_status --------------------------------------------------------------------------------------
create or replace function api.change_status(
  p_report_id uuid,
  p_to_status text,
  p_note text default null,
  p_duplicate_of uuid default null
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_from text;
  v_reporter uuid;
  v_by_staff boolean;
  v_reopen boolean := false;
  v_resolved_at timestamptz;
  v_note text;
  v_updated timestamptz;
begin
  if v_uid is null then
    raise exception 'not_signed_in' using errcode = '42501';
  end if;
  -- Lock the row: two concurrent changes are serialised and each sees the other's result.
  select r.status, r.reporter_id into v_from, v_reporter
    from app.reports r where r.id = p_report_id
     for update;
  if v_from is null then
    raise exception 'report_not_found' using errcode = '22023';
  end if;

  v_by_staff := exists (
    select 1 from app.status_transitions t
     where t.from_status = v_from and t.to_status = p_to_status and t.role <> 'resident'
       and app.has_role(t.role));
  if not v_by_staff then
    v_reopen := v_reporter = v_uid and exists (
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

  update app.reports r
     set status = p_to_status,
         duplicate_of = case when p_to_status = 'duplicate' then p_duplicate_of end,
         updated_at = now()
   where r.id = p_report_id
  returning r.updated_at into v_updated;

  insert into app.report_updates (report_id, from_status, to_status, note, author_id)
  values (p_report_id, v_from, p_to_status, v_note, v_uid);

  return jsonb_build_object(
    'id', p_report_id, 'status', p_to_status,
    'status_group', (select s."group" from app.statuses s where s.code = p_to_status),
    'updated_at', v_updated);
end
$$;
revoke execute on function api.change_status(uuid, text, text, uuid) from public;
grant execute on function api.change_status(uuid, text, text, uuid) to authenticated;
