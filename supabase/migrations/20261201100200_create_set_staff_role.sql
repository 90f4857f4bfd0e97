-- Staff roles are written only by admins, and only through api.set_staff_role (issue 3). The direct
-- insert/delete path of the first migration (RLS-guarded, admins only) is closed: one audited way in.

drop policy if exists "Admins can grant staff roles" on app.staff_roles;
drop policy if exists "Admins can revoke staff roles" on app.staff_roles;
revoke insert, update, delete, truncate, references, trigger on app.staff_roles from authenticated, anon;

-- Sets the user's staff role to exactly p_role (replacing any other), or removes it (p_role null).
create or replace function api.set_staff_role(p_user_id uuid, p_role text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
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
     or (p_role is not null and p_role not in ('crew', 'planner', 'strategist', 'admin')) then
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
