-- Hardening: the search path of every function in `api` and `app`, and TEMPORARY on the database.
--
-- `set search_path = ''` was not enough in `security definer` functions. With an empty path PostgreSQL still
-- searches the session's temporary schema FIRST for relation and type names (never for functions or
-- operators). A session that may create temporary objects could define `pg_temp.jsonb`, a domain whose CHECK
-- calls a function of its own; a definer function that declares a `jsonb` variable or casts `::jsonb` then
-- runs that check as the function's owner (a resident made itself admin this way over a direct SQL
-- connection). Two independent fixes:
--  1. every function in `api` and `app` gets `search_path = pg_catalog, pg_temp`: pg_catalog is searched
--     first, pg_temp last (a name listed explicitly is searched where it is listed), so no temporary object can
--     shadow a built-in type or table;
--  2. TEMPORARY on the database is revoked from PUBLIC, anon and authenticated: the API roles cannot create
--     temporary objects at all.
--
-- This is deliberately the LAST migration by timestamp and generic (a loop over pg_proc): it covers every
-- function the earlier migrations created, including ones added after this file was written with a lower
-- timestamp. tests/db/adversarial/search-path.test.ts fails for any function that lacks the setting.
--
-- Exceptions, measured (docs/security.md, "Search path, temporary objects and timeouts"): the pure SQL
-- helpers that PostgreSQL inlines into hot queries get NO `set` clause, because a SQL function with a SET
-- clause is never inlined. With it, api.hotspot_cells on 6,000 demo reports went from 15.7 to 458 ms (every
-- row then calls app.hex_key and app.hex_key_axial as functions, each with a GUC save/restore) and
-- api.reports_in_view from 7.3 to 8.2 ms (mercator_x/y, grid_base_m). They are not security definer, read no
-- table and run with the caller's rights; they are recreated here with every function and type name
-- schema-qualified (identical arithmetic, bit for bit), so a caller's path cannot change what they compute.

-- 1a. The inlined pure helpers: qualified, no SET ----------------------------------------------------------
create or replace function app.hex_key_axial(qf float8, rf float8) returns float8
language sql immutable parallel safe
as $$
  select case
           when pg_catalog.abs(pg_catalog.floor(qf + 0.5::pg_catalog.float8) - qf)
                  > pg_catalog.abs(pg_catalog.floor(rf + 0.5::pg_catalog.float8) - rf)
            and pg_catalog.abs(pg_catalog.floor(qf + 0.5::pg_catalog.float8) - qf)
                  > pg_catalog.abs(pg_catalog.floor((-qf - rf) + 0.5::pg_catalog.float8) - (-qf - rf))
           then (-pg_catalog.floor(rf + 0.5::pg_catalog.float8) - pg_catalog.floor((-qf - rf) + 0.5::pg_catalog.float8))
                  * 1048576::pg_catalog.float8
                + pg_catalog.floor(rf + 0.5::pg_catalog.float8)
           when pg_catalog.abs(pg_catalog.floor(rf + 0.5::pg_catalog.float8) - rf)
                  > pg_catalog.abs(pg_catalog.floor((-qf - rf) + 0.5::pg_catalog.float8) - (-qf - rf))
           then pg_catalog.floor(qf + 0.5::pg_catalog.float8) * 1048576::pg_catalog.float8
                + (-pg_catalog.floor(qf + 0.5::pg_catalog.float8) - pg_catalog.floor((-qf - rf) + 0.5::pg_catalog.float8))
           else pg_catalog.floor(qf + 0.5::pg_catalog.float8) * 1048576::pg_catalog.float8
                + pg_catalog.floor(rf + 0.5::pg_catalog.float8)
         end
$$;

create or replace function app.hex_key(p_a float8, p_b float8, p_size float8) returns float8
language sql immutable parallel safe
as $$ select app.hex_key_axial(p_a / p_size, p_b / p_size) $$;

create or replace function app.hex_q(p_key float8) returns int
language sql immutable parallel safe
as $$ select pg_catalog.floor((p_key + 524288::pg_catalog.float8) / 1048576::pg_catalog.float8)::pg_catalog.int4 $$;

create or replace function app.hex_r(p_key float8) returns int
language sql immutable parallel safe
as $$
  select (p_key - pg_catalog.floor((p_key + 524288::pg_catalog.float8) / 1048576::pg_catalog.float8)
                  * 1048576::pg_catalog.float8)::pg_catalog.int4
$$;

create or replace function app.hex_cell(p_x float8, p_y float8, p_size float8) returns int[]
language sql immutable parallel safe
as $$
  select array[app.hex_q(k.key), app.hex_r(k.key)]
    from (select app.hex_key((2::pg_catalog.float8 / 3::pg_catalog.float8) * p_x,
                             (-1::pg_catalog.float8 / 3::pg_catalog.float8) * p_x
                               + (pg_catalog.sqrt(3::pg_catalog.float8) / 3::pg_catalog.float8) * p_y,
                             p_size) as key) k
$$;

create or replace function app.mercator_x(p_lon float8) returns float8
language sql immutable strict parallel safe
as $$ select 6378137.0 * pg_catalog.radians(case when pg_catalog.abs(p_lon) < 1e-300 then 0.0 else p_lon end) $$;

create or replace function app.mercator_y(p_lat float8) returns float8
language sql immutable strict parallel safe
as $$
  select 6378137.0 * pg_catalog.ln(pg_catalog.tan(pg_catalog.pi() / 4.0
           + pg_catalog.radians(case when pg_catalog.abs(p_lat) < 1e-300 then 0.0 else p_lat end) / 2.0))
$$;

create or replace function app.grid_base_m() returns float8
language sql immutable parallel safe
as $$ select 60.0 * 40075016.686 / (256.0 * 65536.0) $$;

-- 1b. Every other function and procedure in api and app -------------------------------------------------
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('api', 'app')
       and p.prokind in ('f', 'p')
       and p.oid not in ('app.hex_key_axial(float8, float8)'::regprocedure,
                         'app.hex_key(float8, float8, float8)'::regprocedure,
                         'app.hex_q(float8)'::regprocedure,
                         'app.hex_r(float8)'::regprocedure,
                         'app.hex_cell(float8, float8, float8)'::regprocedure,
                         'app.mercator_x(float8)'::regprocedure,
                         'app.mercator_y(float8)'::regprocedure,
                         'app.grid_base_m()'::regprocedure)
  loop
    execute pg_catalog.format('alter routine %s set search_path = pg_catalog, pg_temp', f);
  end loop;
end
$$;

-- 2. TEMPORARY ---------------------------------------------------------------------------------------------
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
