-- Session 9 (issue 15): the imported risk sources listed page by page, and a strategist may delete a draft strategy
-- period and an action plan. (An import larger than app.risk_import_max_events() is sent by the app in parts, each
-- a source of its own through api.import_risk_events: one transaction per part, nothing new here.)
-- Details: docs/api-strategy.md, docs/security.md.

-- list_risk_sources, paged -------------------------------------------------------------------------------------
-- Newest import first, p_limit 1–500 (null = 100), p_offset ≥ 0: { items, total }. Staff.
drop function if exists api.list_risk_sources();

create function api.list_risk_sources(p_limit int default 100, p_offset int default 0) returns jsonb
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform app.require_staff();
  perform app.check_page(p_limit, p_offset);
  return jsonb_build_object(
    'total', (select count(*) from app.risk_sources),
    'items', coalesce((
      select jsonb_agg(app.risk_source_json(p.id) order by p.imported_at desc, p.id)
        from (select s.id, s.imported_at from app.risk_sources s
               order by s.imported_at desc, s.id
               limit coalesce(p_limit, 100) offset coalesce(p_offset, 0)) p), '[]'::jsonb));
end
$$;
revoke execute on function api.list_risk_sources(integer, integer) from public;
grant execute on function api.list_risk_sources(integer, integer) to authenticated;

-- delete_strategy_period -----------------------------------------------------------------------------------
-- Deletes a draft with its challenge map and action plans (on delete cascade). A published period is history:
-- reports were filed under it, so it is never deleted (published_period_not_deletable). A period drafted from this one keeps
-- its map; its based_on becomes null. Strategists and admins.
create function api.delete_strategy_period(p_id uuid) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_status text;
begin
  perform app.require_staff('strategist');
  -- The same lock as publish_strategy_period: a draft being published is not deleted under it.
  lock table app.strategy_periods in share row exclusive mode;
  select p.status into v_status from app.strategy_periods p where p.id = p_id;
  if v_status is null then
    raise exception 'period_not_found' using errcode = '22023';
  end if;
  if v_status <> 'draft' then
    raise exception 'published_period_not_deletable' using errcode = '22023';
  end if;
  delete from app.strategy_periods where id = p_id;
  return jsonb_build_object('id', p_id);
end
$$;
revoke execute on function api.delete_strategy_period(uuid) from public;
grant execute on function api.delete_strategy_period(uuid) to authenticated;

-- delete_action_plan ----------------------------------------------------------------------------------------
-- Deletes an action plan and its activities (on delete cascade; the measures they linked stay). Any period's
-- plan: a plan is the strategists' working material, not what a report was filed under. Strategists and admins.
create function api.delete_action_plan(p_id uuid) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_activities int;
begin
  perform app.require_staff('strategist');
  perform 1 from app.action_plans a where a.id = p_id for update;
  if not found then
    raise exception 'action_plan_not_found' using errcode = '22023';
  end if;
  select count(*) into v_activities from app.action_plan_activities x where x.plan_id = p_id;
  delete from app.action_plans where id = p_id;
  return jsonb_build_object('id', p_id, 'deleted_activities', v_activities);
end
$$;
revoke execute on function api.delete_action_plan(uuid) from public;
grant execute on function api.delete_action_plan(uuid) to authenticated;
