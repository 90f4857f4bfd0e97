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
