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
  -- The admin who granted it (api.set_staff_role); null when the database owner inserted the row (the first admin,
  -- local mode's personas).
  granted_by uuid,
  primary key (user_id, role)
);
alter table app.staff_roles enable row level security;

-- The audit of role changes: who (actor_id) changed whose role (user_id) from what to what, and when. Written by
-- api.set_staff_role in the same transaction as the change, never updated or deleted; read only through
-- api.staff_role_events (admins). No role has any privilege on the table itself.
create table app.staff_role_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  user_id uuid not null,
  from_role text check (from_role in ('crew', 'planner', 'strategist', 'moderator', 'admin')),
  to_role text check (to_role in ('crew', 'planner', 'strategist', 'moderator', 'admin')),
  check (from_role is distinct from to_role)
);
create index staff_role_events_at_idx on app.staff_role_events (at desc, id desc);
create index staff_role_events_user_idx on app.staff_role_events (user_id, at desc, id desc);
alter table app.staff_role_events enable row level security;
revoke all on app.staff_role_events from public, anon, authenticated, service_role;

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

-- The role order of app.current_role, highest first (a user holds one role through the API; the owner may insert more).
create or replace function app.role_rank(p_role text) returns int
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.array_position(array['admin', 'strategist', 'planner', 'moderator', 'crew'], p_role)
$$;
revoke execute on function app.role_rank(text) from public;

-- Sets the user's staff role to exactly p_role (replacing any other), or removes it (p_role null), and records
-- the change in app.staff_role_events. A call that changes nothing writes nothing and counts no quota.
-- An admin cannot change their own role ('cannot_change_own_role'): every change is made by an admin who stays
-- one, so the last admin can never be removed and nobody locks everybody out.
-- Quota: role changes count against the admin's hourly budget of decisions (kind 'moderation', 2,000 per hour,
-- shared with moderate_report; app.rate_events' kinds are fixed in …_privacy_and_quotas.sql).
create or replace function api.set_staff_role(p_user_id uuid, p_role text) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_uid uuid := (select auth.uid());
  v_from text;
  v_roles text[];
begin
  perform app.require_staff('admin');
  if p_user_id = v_uid then
    raise exception 'cannot_change_own_role' using errcode = '42501';
  end if;
  if p_user_id is null
     or (p_role is not null and p_role not in ('crew', 'planner', 'strategist', 'moderator', 'admin')) then
    raise exception 'invalid_role' using errcode = '22023';
  end if;
  -- Two admins changing the same user at once: one after the other, so the from_role of each event is what it replaced.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('staff_role:' || p_user_id::text, 0));

  select coalesce(array_agg(s.role order by app.role_rank(s.role)), '{}') into v_roles
    from app.staff_roles s where s.user_id = p_user_id;
  v_from := v_roles[1];
  if v_roles = pg_catalog.array_remove(array[p_role], null) then
    return jsonb_build_object('user_id', p_user_id, 'role', p_role);
  end if;
  if not app.take_quota('moderation', v_uid, 1) then
    raise exception 'rate_limited' using errcode = '42501';
  end if;

  delete from app.staff_roles s where s.user_id = p_user_id and s.role is distinct from p_role;
  if p_role is not null then
    insert into app.staff_roles (user_id, role, granted_by) values (p_user_id, p_role, v_uid)
    on conflict (user_id, role) do nothing;
  end if;
  if v_from is distinct from p_role then
    insert into app.staff_role_events (actor_id, user_id, from_role, to_role) values (v_uid, p_user_id, v_from, p_role);
  end if;
  return jsonb_build_object('user_id', p_user_id, 'role', p_role);
end
$$;
revoke execute on function api.set_staff_role(uuid,text) from public;
grant execute on function api.set_staff_role(uuid,text) to authenticated;

-- Admins: the staff, by role (highest first), then the oldest grant first; paged { items, total }. Each item: the
-- user, their e-mail (auth.users; null for an account without one), the role, when and by whom it was granted.
create or replace function api.list_staff(p_role text default null, p_limit int default 100, p_offset int default 0)
returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform app.require_staff('admin');
  if p_role is not null and p_role not in ('crew', 'planner', 'strategist', 'moderator', 'admin') then
    raise exception 'invalid_role' using errcode = '22023';
  end if;
  perform app.check_page(p_limit, p_offset);
  return jsonb_build_object(
    'total', (select count(*) from app.staff_roles s where p_role is null or s.role = p_role),
    'items', coalesce((
      select jsonb_agg(jsonb_build_object(
               'user_id', p.user_id, 'email', u.email, 'role', p.role, 'granted_at', p.created_at,
               'granted_by', p.granted_by, 'granted_by_email', g.email)
             order by p.rank, p.created_at, p.user_id)
        from (select s.user_id, s.role, s.created_at, s.granted_by, app.role_rank(s.role) as rank
                from app.staff_roles s
               where p_role is null or s.role = p_role
               order by app.role_rank(s.role), s.created_at, s.user_id
               limit coalesce(p_limit, 100) offset coalesce(p_offset, 0)) p
        left join auth.users u on u.id = p.user_id
        left join auth.users g on g.id = p.granted_by), '[]'::jsonb));
end
$$;
revoke execute on function api.list_staff(text,integer,integer) from public;
grant execute on function api.list_staff(text,integer,integer) to authenticated;

-- Admins: the audit of role changes, newest first, optionally of one user; paged { items, total }.
create or replace function api.staff_role_events(p_user_id uuid default null, p_limit int default 100,
                                                 p_offset int default 0)
returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform app.require_staff('admin');
  perform app.check_page(p_limit, p_offset);
  return jsonb_build_object(
    'total', (select count(*) from app.staff_role_events e where p_user_id is null or e.user_id = p_user_id),
    'items', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', p.id, 'at', p.at, 'actor_id', p.actor_id, 'actor_email', a.email,
               'user_id', p.user_id, 'user_email', u.email, 'from_role', p.from_role, 'to_role', p.to_role)
             order by p.at desc, p.id desc)
        from (select e.* from app.staff_role_events e
               where p_user_id is null or e.user_id = p_user_id
               order by e.at desc, e.id desc
               limit coalesce(p_limit, 100) offset coalesce(p_offset, 0)) p
        left join auth.users a on a.id = p.actor_id
        left join auth.users u on u.id = p.user_id), '[]'::jsonb));
end
$$;
revoke execute on function api.staff_role_events(uuid,integer,integer) from public;
grant execute on function api.staff_role_events(uuid,integer,integer) to authenticated;

-- Admins: the one account with exactly this e-mail address (compared lower-cased and trimmed, as Auth stores it),
-- to grant it a role. auth.users is not readable by clients; this returns the id and nothing else, and
-- 'user_not_found' when no account (or more than one) has the address.
create or replace function api.find_user_by_email(p_email text) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_email text := pg_catalog.lower(pg_catalog.btrim(p_email));
  v_ids uuid[];
begin
  perform app.require_staff('admin');
  if v_email is null or pg_catalog.length(v_email) not between 3 and 320 or pg_catalog.strpos(v_email, '@') = 0 then
    raise exception 'invalid_email' using errcode = '22023';
  end if;
  select array_agg(u.id) into v_ids from (select u.id from auth.users u where u.email = v_email limit 2) u;
  if coalesce(pg_catalog.cardinality(v_ids), 0) <> 1 then
    raise exception 'user_not_found' using errcode = '22023';
  end if;
  return jsonb_build_object('user_id', v_ids[1]);
end
$$;
revoke execute on function api.find_user_by_email(text) from public;
grant execute on function api.find_user_by_email(text) to authenticated;

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

comment on table app.staff_role_events is
  'Audit of staff role changes (who, whose, from, to, when), written by api.set_staff_role. Read through '
  'api.staff_role_events (admins); no role has any privilege on the table.';

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
