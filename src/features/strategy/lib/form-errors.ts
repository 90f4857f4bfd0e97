import { measureInputSchema, type MeasureValues } from '../../../domain/measures';

/** Form fields the errors are shown at; the four criteria share one. */
export type MeasureField =
  | 'title'
  | 'description'
  | 'challenge'
  | 'type'
  | 'department'
  | 'status'
  | 'planned_date'
  | 'done_date'
  | 'cost'
  | 'criteria'
  | 'geometry'
  | 'form';

const FIELD_OF: Record<string, MeasureField> = {
  cost_sek: 'cost',
  crit_preventive: 'criteria',
  crit_research: 'criteria',
  crit_vulnerable: 'criteria',
  crit_quick: 'criteria',
  source_kind: 'form',
  source_ref: 'form',
  report_ids: 'form',
};

/**
 * Validates the form's input with the domain's schema (the same rules as the database) and returns either the
 * parsed measure or the first error code per field — codes are translated in `errors:<code>`.
 */
export function validateMeasure(
  input: Record<string, unknown>,
): { ok: true; value: MeasureValues } | { ok: false; errors: Partial<Record<MeasureField, string>> } {
  const errors: Partial<Record<MeasureField, string>> = {};
  if (input.geometry == null) errors.geometry = 'invalid_geometry';
  // The schema's cross-field rule only runs once every field parses; say it at once instead of after a retry.
  if (input.status === 'done' && !input.done_date) errors.done_date = 'done_date_required';
  const parsed = measureInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      const field = FIELD_OF[key] ?? (key as MeasureField);
      errors[field] ??= issue.message;
    }
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, value: parsed.data };
  return { ok: false, errors };
}
