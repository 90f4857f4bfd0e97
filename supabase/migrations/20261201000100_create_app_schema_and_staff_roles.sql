-- The data lives in schema `app`, which PostgREST does not expose; the app calls functions in schema `api`.
-- On Supabase the roles anon/authenticated, auth.uid() and the schema `extensions` (with PostGIS) exist already;
-- locally supabase/local/bootstrap.sql creates them before the migrations run.

create extension if not exists postgis schema extensions;

create schema if not exists app;
create schema if not exists api;

-- Lookups through RLS policies need usage on `app`; every table below decides on its own what a role may read.
grant usage on schema app to anon, authenticated, service_role;
grant usage on schema api to anon, authenticated, service_role;

-- Every function below revokes PUBLIC's default execute privilege and grants explicitly.

-- Staff roles ----------------------------------------------------------------------------------------
-- A user is staff when they have a row here. Only admins write it. A user may hold several roles.
create table app.staff_roles (
  user_id uuid not null,
  role text not null check (role in ('crew', 'planner', 'strategist', 'admin')),
  created_at timestamptz not null default now(),
  primary key (user_id, role)
);
alter table app.staff_roles enable row level security;

comment on table app.staff_roles is 'Staff membership (crew/planner/strategist/admin). Written only by admins.';

-- Does the caller have `p_role`? An admin has every role.
create or replace function app.has_role(p_role text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from app.staff_roles s
    where s.user_id = (select auth.uid())
      and (s.role = p_role or s.role = 'admin')
  )
$$;

-- Is the caller staff at all (any role)?
create or replace function app.is_staff() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from app.staff_roles s where s.user_id = (select auth.uid()))
$$;

-- The caller's effective role: anon, resident, or their highest staff role.
create or replace function app.current_role() returns text
language sql stable security definer
set search_path = ''
as $$
  select case
    when (select auth.uid()) is null then 'anon'
    else coalesce(
      (select s.role from app.staff_roles s
        where s.user_id = (select auth.uid())
        order by array_position(array['admin', 'strategist', 'planner', 'crew'], s.role)
        limit 1),
      'resident')
  end
$$;

revoke execute on function app.has_role(text), app.is_staff(), app.current_role() from public;
grant execute on function app.has_role(text), app.is_staff(), app.current_role() to anon, authenticated, service_role;

grant select, insert, delete on app.staff_roles to authenticated;

create policy "Users can see their own staff roles and admins can see all"
  on app.staff_roles for select to authenticated
  using (user_id = (select auth.uid()) or (select app.has_role('admin')));

create policy "Admins can grant staff roles"
  on app.staff_roles for insert to authenticated
  with check ((select app.has_role('admin')));

create policy "Admins can revoke staff roles"
  on app.staff_roles for delete to authenticated
  using ((select app.has_role('admin')));
