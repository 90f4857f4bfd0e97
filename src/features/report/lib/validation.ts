import { notifyEmailSchema } from '../../../api/set-report-notification';
import { reportInputSchema, type ReportInput } from '../../../domain/report-rules';
import { isErrorCode, type ErrorCode } from '../../../domain/errors';
import type { Draft } from './draft';
import { parseDateTimeLocal } from './datetime';

/** Fields of the form that can carry an error, in the order they appear (first invalid gets focus). */
export const FIELD_ORDER = ['position', 'category', 'description', 'observedAt', 'notifyEmail'] as const;
export type Field = (typeof FIELD_ORDER)[number];
/** An error code from the errors namespace, or `observed_required` (report namespace) for an empty date. */
export type FieldErrorCode = ErrorCode | 'observed_required';
export type FieldErrors = Partial<Record<Field, FieldErrorCode>>;

function fieldOf(path: PropertyKey | undefined): Field | null {
  switch (path) {
    case 'lon':
    case 'lat':
      return 'position';
    case 'category':
      return 'category';
    case 'description':
      return 'description';
    case 'observedAt':
      return 'observedAt';
    default:
      return null;
  }
}

export type ValidationResult =
  | { ok: true; input: ReportInput; notifyEmail: string | null }
  | { ok: false; errors: FieldErrors; first: Field | null; other: ErrorCode | null };

/**
 * Validates a draft with the same Zod schema the API contract uses. Returns per-field error codes (the
 * first issue per field) and which field to focus; anything not tied to a field is `other`.
 */
export function validateDraft(
  draft: Draft,
  photoPath: string | null,
  now: Date = new Date(),
  { notifyAvailable = true }: { notifyAvailable?: boolean } = {},
): ValidationResult {
  const observedAt = parseDateTimeLocal(draft.observedAt);
  const candidate = {
    id: draft.id,
    category: draft.category ?? '',
    lon: draft.pin?.lon ?? Number.NaN,
    lat: draft.pin?.lat ?? Number.NaN,
    description: draft.description,
    observedAt: observedAt ?? new Date(Number.NaN),
    source: 'resident' as const,
    photoPath,
  };
  const parsed = reportInputSchema.safeParse(candidate);
  const errors: FieldErrors = {};
  let other: ErrorCode | null = null;
  if (!observedAt) errors.observedAt = 'observed_required';
  else if (observedAt.getTime() > now.getTime() + 5 * 60 * 1000) errors.observedAt = 'observed_in_future';
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path[0]);
      const code: ErrorCode = isErrorCode(issue.message) ? issue.message : 'unexpected';
      if (field === null) other ??= code;
      else errors[field] ??= code;
    }
  }
  // "Meddela mig via e-post": the same rule as the API contract and the database (app.email_ok).
  const wantsMail = notifyAvailable && draft.notify;
  const email = wantsMail ? notifyEmailSchema.safeParse(draft.notifyEmail) : null;
  if (email && !email.success) errors.notifyEmail = 'invalid_email';
  const first = FIELD_ORDER.find((f) => errors[f] !== undefined) ?? null;
  if (parsed.success && first === null) return { ok: true, input: parsed.data, notifyEmail: email?.success ? email.data : null };
  return { ok: false, errors, first, other: first === null ? (other ?? 'unexpected') : other };
}
