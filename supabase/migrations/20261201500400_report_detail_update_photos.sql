-- report_detail returns the photo of a status change (api.change_status p_photo_path, issue 4): the crew's
-- "after" picture. Same rule as the report's own photo: only to staff and the reporter (the path holds the
-- author's uid, and the bucket is read by path), null to everyone else.
create or replace function api.report_detail(p_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_result jsonb;
begin
  select jsonb_build_object(
           'id', r.id, 'category', r.category, 'challenge', r.challenge, 'status', r.status,
           'status_group', s."group", 'source', r.source, 'description', r.description,
           'observed_at', r.observed_at, 'created_at', r.created_at, 'is_dark', r.is_dark,
           'lon', extensions.st_x(case when v.precise then r.location else r.public_location end),
           'lat', extensions.st_y(case when v.precise then r.location else r.public_location end),
           'precise', v.precise,
           'district', app.district_json(r.district_code),
           'support_count', (select count(*) from app.supports sp where sp.report_id = r.id),
           'supported_by_me', v_uid is not null and exists (
              select 1 from app.supports sp where sp.report_id = r.id and sp.user_id = v_uid),
           'is_mine', coalesce(r.reporter_id = v_uid, false),
           'photo_path', case when v.precise then r.photo_path end,
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
