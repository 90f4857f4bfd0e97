/**
 * Pure helpers that turn `rpc(fn, args)` into the SQL PostgREST would run. No PGlite import here, so this
 * module is unit-testable and usable from Node.
 */

import { ApiError, toApiError } from '../../domain/errors';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function isSafeIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && name.length <= 63;
}

export interface RpcCall {
  /** `select api.<fn>(p_a => $1, …) as result` */
  sql: string;
  params: unknown[];
}

/**
 * Encodes a JS array as a PostgreSQL array literal (`{"a","b"}`), for a `$n::text[]` parameter.
 * Elements are quoted and escaped; `null` becomes NULL.
 */
export function toPgArrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    const s = typeof v === 'string' ? v : String(v);
    return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

function toParam(value: unknown): { value: unknown; cast: string } {
  if (value === undefined || value === null) return { value: null, cast: '' };
  if (Array.isArray(value)) {
    // As PostgREST does it, the function's declared type decides: an array of objects is JSON (jsonb), an
    // array of scalars an untyped array literal that becomes text[], uuid[] or int[] as the parameter says.
    if (value.some((v) => typeof v === 'object' && v !== null)) return { value: JSON.stringify(value), cast: '' };
    return { value: toPgArrayLiteral(value), cast: '' };
  }
  if (value instanceof Date) return { value: value.toISOString(), cast: '' };
  if (typeof value === 'number') {
    // NaN / ±Infinity are valid float8 input; the function decides whether it accepts them.
    return { value: String(value), cast: '' };
  }
  if (typeof value === 'boolean' || typeof value === 'string') return { value, cast: '' };
  if (typeof value === 'bigint') return { value: value.toString(), cast: '' };
  return { value: JSON.stringify(value), cast: '' };
}

/**
 * Builds the call of one API function with named arguments. Argument values are always parameters;
 * only validated identifiers are spliced into the SQL text. `undefined` arguments are left out (so the
 * function's default applies), `null` is passed as SQL NULL.
 */
export function buildRpcCall(fn: string, args: Record<string, unknown> = {}): RpcCall {
  if (!isSafeIdentifier(fn)) throw new Error(`invalid function name: ${JSON.stringify(fn)}`);
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [name, raw] of Object.entries(args)) {
    if (raw === undefined) continue;
    if (!isSafeIdentifier(name)) throw new Error(`invalid argument name: ${JSON.stringify(name)}`);
    const { value, cast } = toParam(raw);
    params.push(value);
    parts.push(`${name} => $${params.length}${cast}`);
  }
  return { sql: `select api.${fn}(${parts.join(', ')}) as result`, params };
}

/** The database role and JWT claims PostgREST would use for a caller. */
export interface CallerContext {
  role: 'anon' | 'authenticated';
  claims: Record<string, unknown>;
}

export function callerContext(userId: string | null, opts: { isAnonymous?: boolean } = {}): CallerContext {
  if (!userId) return { role: 'anon', claims: { role: 'anon' } };
  return {
    role: 'authenticated',
    claims: {
      sub: userId,
      role: 'authenticated',
      aud: 'authenticated',
      is_anonymous: opts.isAnonymous ?? false,
    },
  };
}

/**
 * Maps what the database threw to an ApiError. Calling a function the role may not execute gives
 * PostgreSQL's "permission denied for function …" (42501), as on PostgREST; for anon that means
 * `not_signed_in`, for a signed-in user `forbidden`. Everything else goes through toApiError.
 */
export function toRpcError(error: unknown, signedIn: boolean): ApiError {
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : '';
  if (/^permission denied for (function|schema)/.test(message)) return new ApiError(signedIn ? 'forbidden' : 'not_signed_in');
  return toApiError(error);
}

/**
 * API functions known to only read. After any other call the local adapter waits for the data to reach
 * IndexedDB, so an unknown function costs a sync but never loses a write.
 */
const READ_ONLY =
  /^(whoami|list_[a-z0-9_]*|reports_in_view|report_detail|nearby_reports|my_reports|hotspot_[a-z0-9_]*|[a-z0-9_]*_stats|stats_[a-z0-9_]*|get_[a-z0-9_]*|work_list|development_evidence|development_assessments|public_measures|measure_effect|challenge_dashboard|annual_followup)$/;

export function isReadOnlyFunction(fn: string): boolean {
  return READ_ONLY.test(fn);
}
