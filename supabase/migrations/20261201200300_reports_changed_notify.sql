-- Realtime for the crew's work list (issue 4). Local mode (PGlite) listens on the channel `reports_changed`;
-- on Supabase, Realtime's postgres_changes needs app.reports in the supabase_realtime publication (RLS decides
-- per subscriber which rows they receive).
--
-- Statement-level with a transition table: one trigger call per statement, one notification per row with
-- the payload {"id": "<uuid>", "kind": "insert" | "update"}. A statement that touches more than 1,000 rows
-- (the demo generator, a purge, support counts of a bulk insert) sends ONE notification with "id": null
-- instead, meaning "many reports changed, refetch": a million notifications in one transaction would only
-- fill the queue and the listeners' memory.

create or replace function app.reports_notify() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_kind text := lower(tg_op);
  v_count bigint;
begin
  select count(*) into v_count from new_rows;
  if v_count = 0 then
    return null;
  end if;
  if v_count > 1000 then
    perform pg_notify('reports_changed', json_build_object('id', null, 'kind', v_kind)::text);
  else
    perform pg_notify('reports_changed', json_build_object('id', n.id, 'kind', v_kind)::text)
       from new_rows n;
  end if;
  return null;
end
$$;
revoke execute on function app.reports_notify() from public;

create trigger reports_notify_insert after insert on app.reports
  referencing new table as new_rows
  for each statement execute function app.reports_notify();
create trigger reports_notify_update after update on app.reports
  referencing new table as new_rows
  for each statement execute function app.reports_notify();

do $$
begin
  if exists (select 1 from pg_publication where pubname = 'supabase_realtime')
     and not exists (select 1 from pg_publication_tables
                      where pubname = 'supabase_realtime' and schemaname = 'app' and tablename = 'reports') then
    alter publication supabase_realtime add table app.reports;
  end if;
end
$$;
