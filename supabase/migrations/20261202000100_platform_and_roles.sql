-- The data lives in schema `app`, which PostgREST does not expose; the app calls functions in schema `api`.
-- On Supabase the roles anon/authenticated, auth.uid() and the schema `extensions` (with PostGIS) exist already;
-- locally supabase/local/bootstrap.sql creates them before the migrations run.
--
-- One file per concern; every table is created once with its final columns, every function defined once,
-- with its grants beside it (docs/architecture.md, "Migrations").
create extension if not exists postgis schema extensions;

create schema if not exists app;

create schema if not exists api;

-- Lookups through RLS policies need usage on `app`; every table below decides on its own what a role may read.
grant usage on schema app to anon, authenticated, service_role;

grant usage on schema api to anon, authenticated, service_role;

-- Every function revokes PUBLIC's default execute privilege and grants explicitly, and carries
-- `set search_path = pg_catalog, pg_temp`: with an empty path PostgreSQL still searches the session's temporary
-- schema FIRST for relation and type names, so a session that may create temporary objects could shadow
-- `jsonb` with a domain whose CHECK runs its own code as a definer function's owner (a resident made itself
-- admin this way over a direct SQL connection). pg_catalog first and pg_temp last (a name listed explicitly is
-- searched where it is listed) lets no temporary object shadow a built-in type or table; TEMPORARY is revoked
-- from the API roles as well (end of this file). tests/db/adversarial/search-path.test.ts checks every function.
-- The exceptions are the eight pure SQL helpers PostgreSQL inlines into hot queries (…_geometry_and_time_helpers.sql).

-- Staff roles ----------------------------------------------------------------------------------------
-- A user is staff when they have a row here. Only admins write it (api.set_staff_role). A moderator reviews what
-- residents wrote before it is public (…_moderation.sql); admins hold every role.
create table app.staff_roles (
  user_id uuid not null,
  role text not null check (role in ('crew', 'planner', 'strategist', 'moderator', 'admin')),
  created_at timestamptz not null default now(),
  primary key (user_id, role)
);
alter table app.staff_roles enable row level security;

-- Does the caller have `p_role`? An admin has every role.
create or replace function app.has_role(p_role text) returns boolean
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1 from app.staff_roles s
    where s.user_id = (select auth.uid())
      and (s.role = p_role or s.role = 'admin')
  )
$$;
revoke execute on function app.has_role(text) from public;
grant execute on function app.has_role(text) to anon, authenticated, service_role;

-- Is the caller staff at all (any role)?
create or replace function app.is_staff() returns boolean
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (select 1 from app.staff_roles s where s.user_id = (select auth.uid()))
$$;
revoke execute on function app.is_staff() from public;
grant execute on function app.is_staff() to anon, authenticated, service_role;

-- The one authorisation guard of the API functions: staff (p_role null) or the given role (admins hold every
-- role); anything else is 'forbidden' (42501), also for a caller without a user.
create or replace function app.require_staff(p_role text default null) returns void
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if (select auth.uid()) is null
     or not (case when p_role is null then app.is_staff() else app.has_role(p_role) end) then
    raise exception 'forbidden' using errcode = '42501';
  end if;
end
$$;
revoke execute on function app.require_staff(text) from public;

-- The caller's effective role: anon, resident, or their highest staff role.
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
revoke execute on function app."current_role"() from public;
grant execute on function app."current_role"() to anon, authenticated, service_role;

-- Read-only for signed-in users, filtered by RLS; writes go through api.set_staff_role.
grant select on app.staff_roles to authenticated;

create policy "Users can see their own staff roles and admins can see all"
  on app.staff_roles for select to authenticated
  using (user_id = (select auth.uid()) or (select app.has_role('admin')));

-- whoami ---------------------------------------------------------------------------------------------
create or replace function api.whoami() returns jsonb
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object('user_id', (select auth.uid()), 'role', app.current_role())
$$;
revoke execute on function api.whoami() from public;
grant execute on function api.whoami() to anon, authenticated;

-- Sets the user's staff role to exactly p_role (replacing any other), or removes it (p_role null).
create or replace function api.set_staff_role(p_user_id uuid, p_role text) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  perform app.require_staff('admin');
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
revoke execute on function api.set_staff_role(uuid,text) from public;
grant execute on function api.set_staff_role(uuid,text) to authenticated;

-- Per-role bounds for the API roles: no statement of anon may run longer than 3 s, none of authenticated longer
-- than 8 s (Supabase's defaults, made explicit so every database this migration runs on has them), and neither
-- may write more than 256 MB of temporary files per session (a sort or hash that spills).
--
-- Role settings apply when a session logs in as the role. PostgREST (≥ 11.1, on Supabase) also applies the
-- impersonated role's settings after `set local role`, but only those the authenticator may set itself:
-- statement_timeout yes, temp_file_limit (superuser-only) not. The test harness and local mode (a superuser
-- session with `set local role`) get neither; see docs/security.md, "Search path, temporary objects and
-- timeouts".
alter role anon set statement_timeout = '3s';

alter role authenticated set statement_timeout = '8s';

-- temp_file_limit is a superuser-only parameter. On Supabase the migration role (postgres) is not a superuser
-- and temp_file_limit is not among the settings supautils lets it change, so there ALTER ROLE fails with 42501:
-- then the migration applies without it and says so.
do $$
begin
  alter role anon set temp_file_limit = '256MB';
  alter role authenticated set temp_file_limit = '256MB';
exception when insufficient_privilege then
  raise notice 'temp_file_limit not set for anon/authenticated: % (needs a superuser)', sqlerrm;
end
$$;

comment on table app.staff_roles is
  'Staff membership (crew/planner/strategist/moderator/admin). Written only by admins (api.set_staff_role).';

-- TEMPORARY ---------------------------------------------------------------------------------------------------
-- PostgreSQL grants TEMPORARY on every database to PUBLIC by default. Revoked from PUBLIC and, in case it was
-- ever granted to them directly, from the API roles. The database owner keeps it (an owner's rights are
-- explicit once the ACL is materialised); postgres and service_role get it back explicitly where they exist
-- (server-side jobs and the dashboard may use temporary tables); authenticator (PostgREST's login role) needs
-- none: it only switches role. Supabase's own service roles (auth, storage, realtime, functions, dashboard)
-- keep it too, so nothing that relied on PUBLIC's grant breaks. Only the database owner can do this; run by
-- another role, REVOKE changes nothing (a warning, not an error) and this block says so instead of failing.
do $$
declare
  r text;
begin
  execute pg_catalog.format('revoke temporary on database %I from public, anon, authenticated',
                            pg_catalog.current_database());
  foreach r in array array['postgres', 'service_role', 'supabase_auth_admin',
                           'supabase_storage_admin', 'supabase_realtime_admin', 'supabase_functions_admin',
                           'dashboard_user'] loop
    if exists (select 1 from pg_catalog.pg_roles where rolname = r) then
      begin
        execute pg_catalog.format('grant temporary on database %I to %I', pg_catalog.current_database(), r);
      exception when insufficient_privilege then
        raise warning 'could not grant TEMPORARY on database % to %', pg_catalog.current_database(), r;
      end;
    end if;
  end loop;
  if pg_catalog.has_database_privilege('anon', pg_catalog.current_database(), 'TEMPORARY')
     or pg_catalog.has_database_privilege('authenticated', pg_catalog.current_database(), 'TEMPORARY') then
    raise warning 'TEMPORARY on database % is still granted to anon or authenticated: the migration role does '
                  'not own the database. Run as its owner: revoke temporary on database % from public, anon, '
                  'authenticated;', pg_catalog.current_database(), pg_catalog.current_database();
  end if;
end
$$;
