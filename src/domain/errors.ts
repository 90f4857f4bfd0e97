/**
 * Stable error codes raised by the API functions (as the exception message) and by client-side
 * validation. The UI maps each to the translation key `errors.<code>`; anything else is `unexpected`.
 */
export const ERROR_CODES = [
  'not_signed_in',
  'forbidden',
  'unknown_category',
  'outside_malmo',
  'invalid_position',
  'description_required',
  'description_too_long',
  'observed_in_future',
  'observed_too_old',
  'invalid_source',
  'id_conflict',
  'report_not_found',
  'invalid_bbox',
  'invalid_filter',
  'invalid_photo_path',
  'transition_not_allowed',
  'note_required',
  'note_too_long',
  'duplicate_of_invalid',
  'reopen_expired',
  'invalid_role',
  'rate_limited',
  'photo_type',
  'photo_too_large',
  'network',
  'unexpected',
  'invalid_cell_size',
  'already_claimed',
  'not_claim_holder',
  'report_closed',
  'too_many',
  'title_required',
  'text_too_long',
  'invalid_challenge',
  'invalid_measure_type',
  'invalid_measure_status',
  'invalid_geometry',
  'done_date_required',
  'invalid_date',
  'invalid_cost',
  'invalid_criteria',
  'invalid_source_kind',
  'too_many_reports',
  'measure_not_found',
  'measure_not_done',
  'invalid_months',
  'invalid_comparison',
  'invalid_level',
  'invalid_district',
  'invalid_year',
  'too_many_features',
  'invalid_import',
  'name_required',
  'name_too_long',
  'plan_id_too_long',
  'invalid_phase',
  'invalid_outline',
  'invalid_link',
  'invalid_completion_date',
  'development_not_found',
  'invalid_buffer',
  'invalid_factor',
  'invalid_rating',
  'invalid_date_range',
  'too_many_vertices',
  'outline_too_large',
  'import_outline_too_large',
  'import_outline_beyond_malmo',
  'invalid_action',
  'reason_required',
  'invalid_limit',
  'no_photo',
  'status_required',
  'invalid_assignee',
  'own_report',
  'cannot_change_own_role',
  'user_not_found',
  'invalid_email',
  'invalid_risk_source',
  'invalid_risk_event',
  'invalid_risk_type',
  'invalid_risk_types',
  'invalid_event_time',
  'too_many_events',
  'risk_source_not_found',
  'period_not_found',
  'period_not_draft',
  'invalid_code',
  'duplicate_code',
  'unknown_area',
  'unknown_challenge',
  'challenge_not_prioritised',
  'category_without_challenge',
  'no_prioritised_challenge',
  'crew_focus_not_unique',
  'invalid_score',
  'too_many_challenges',
  'too_many_areas',
  'invalid_start_date',
  'invalid_indicators',
  'department_required',
  'invalid_activity',
  'invalid_action_plan',
  'invalid_period',
  'action_plan_not_found',
  'published_period_not_deletable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  /** The database's DETAIL for a coded error (e.g. which feature of an import failed), else null. */
  readonly detail: string | null;
  constructor(code: ErrorCode, message?: string, detail: string | null = null) {
    super(message ? `${code}: ${message}` : code);
    this.name = 'ApiError';
    this.code = code;
    this.detail = detail;
  }
}

/** PostgreSQL's DETAIL: `detail` from PGlite and node-postgres, `details` from PostgREST (supabase-js). */
function detailOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { detail?: unknown; details?: unknown };
  const value = e.detail ?? e.details;
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Turn whatever a backend threw into an ApiError with a stable code. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String((error as { message: unknown }).message)
      : String(error);
  const code = message.trim().split(/[\s:]/)[0];
  if (isErrorCode(code)) return new ApiError(code, undefined, detailOf(error));
  if (/fetch|network|Failed to fetch|NetworkError/i.test(message)) return new ApiError('network', message);
  return new ApiError('unexpected', message);
}
