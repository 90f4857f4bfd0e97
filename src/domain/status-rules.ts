/**
 * The rules a status change follows, per status, as the database holds them (app.statuses, published by
 * list_categories): the client asks for exactly what api.change_status will demand, from the same data.
 */
export interface StatusRule {
  code: string;
  /** Moving a report into this status needs a note (closing without action, a duplicate, referring). */
  note_required: boolean;
  /** Its reporter may reopen a report this many days after it entered this status; null: never. */
  reopen_days: number | null;
}

const DAY_MS = 86_400_000;

/** Whether a change to `to` needs a note: when the status says so, and always when reopening. */
export function noteRequired(statuses: readonly StatusRule[], to: string, reopen: boolean): boolean {
  return reopen || (statuses.find((s) => s.code === to)?.note_required ?? false);
}

/**
 * Until when the reporter may reopen a report in `status`: its reopen_days after the latest update into it.
 * Null when the status cannot be reopened or the report never entered it.
 */
export function reopenDeadline(
  statuses: readonly StatusRule[],
  updates: readonly { to_status: string; created_at: string }[],
  status: string,
): Date | null {
  const days = statuses.find((s) => s.code === status)?.reopen_days ?? null;
  if (days === null) return null;
  const times = updates.filter((u) => u.to_status === status).map((u) => Date.parse(u.created_at));
  const last = times.length ? Math.max(...times.filter(Number.isFinite)) : Number.NaN;
  return Number.isFinite(last) ? new Date(last + days * DAY_MS) : null;
}
