/**
 * Many api calls in one round trip, each exactly as if alone: its own role and claims, its own (sub)transaction,
 * rolled back afterwards, its outcome the jsonb result or the error message.
 *
 * Why: a call through `Engine.call` costs five round trips (begin, set role, set claims, call, rollback). A
 * property that compares hundreds of whole answers spends most of its time in those round trips, not in the
 * functions under test — on a loaded 2-core machine several times over. Here one statement runs the whole list:
 * a session-local function (pg_temp, created once per connection by the superuser) that, per call, switches role
 * and claims with `set_config(…, true)` (what PostgREST does), runs the call, and always rolls the call back by
 * ending its block with an exception (a subtransaction: writes, role and settings all revert, as after a rollback).
 * Arguments are sent as untyped literals, which the server resolves against the signature as it does untyped
 * parameters (node-postgres sends every parameter untyped, in the same text form).
 */
import type { Engine, Who } from '../engines';

export interface Call {
  who: Who;
  fn: string;
  args?: Record<string, unknown>;
}
/** What `Engine.call` gives: `{ ok: result }`, or `{ error: message }` if the call raised. */
export type Outcome = { ok: unknown } | { error: string };

const CREATE = `
create or replace function pg_temp.each_call_rolled_back(p_calls jsonb) returns jsonb
language plpgsql as $fn$
declare
  c jsonb;
  r jsonb;
  outcomes jsonb := '[]';
begin
  for c in select value from jsonb_array_elements(p_calls) loop
    begin
      perform set_config('role', c->>'role', true);
      perform set_config('request.jwt.claims', c->>'claims', true);
      execute c->>'sql' into r;
      outcomes := outcomes || jsonb_build_array(jsonb_build_object('ok', r));
      -- Undo the call (and the role and claims) as the rollback after a PostgREST request would.
      raise exception using errcode = 'TKRB0';
    exception
      when sqlstate 'TKRB0' then null;
      when others then outcomes := outcomes || jsonb_build_array(jsonb_build_object('error', sqlerrm));
    end;
  end loop;
  return outcomes;
end
$fn$`;

/** The text form node-postgres sends for a parameter (pg's prepareValue), as an SQL literal. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  return `'${text(v).replace(/'/g, "''")}'`;
}
function text(v: unknown): string {
  if (Array.isArray(v)) return arrayText(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
function arrayText(a: unknown[]): string {
  const items = a.map((x) => {
    if (x === null || x === undefined) return 'NULL';
    if (Array.isArray(x)) return arrayText(x);
    return `"${text(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

function claims(who: Who): string {
  return JSON.stringify(who.sub ? { sub: who.sub, role: who.role } : { role: who.role });
}

function callSql(fn: string, args: Record<string, unknown>): string {
  if (!/^[a-z_]+$/.test(fn)) throw new Error(`bad function name ${fn}`);
  const list = Object.entries(args).map(([n, v]) => {
    if (!/^p_[a-z_]+$/.test(n)) throw new Error(`bad argument name ${n}`);
    return `${n} => ${literal(v)}`;
  });
  // to_jsonb: the result as the client would see it, whatever the function's return type.
  return `select to_jsonb(api.${fn}(${list.join(', ')}))`;
}

const ready = new WeakSet<Engine>();

/** Runs every call in order, each alone and rolled back; one round trip. */
export async function outcomes(db: Engine, calls: Call[]): Promise<Outcome[]> {
  if (!ready.has(db)) {
    await db.query(CREATE);
    ready.add(db);
  }
  const list = calls.map((c) => ({ role: c.who.role, claims: claims(c.who), sql: callSql(c.fn, c.args ?? {}) }));
  const [row] = await db.query<{ r: Outcome[] }>('select pg_temp.each_call_rolled_back($1::jsonb) as r', [JSON.stringify(list)]);
  return row.r;
}
