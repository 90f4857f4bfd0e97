import type { Role } from '../../domain/roles';

export interface TransitionRule {
  from: string;
  to: string;
  roles: readonly string[];
}

/** The statuses a staff role may move a report to from `status` (the database's workflow, in its order). */
export function staffTargets(transitions: readonly TransitionRule[], status: string, role: Role): string[] {
  return transitions.filter((t) => t.from === status && t.roles.includes(role)).map((t) => t.to);
}

/** Closing without action, referring elsewhere, marking a duplicate and reopening need an explanation. */
export const NOTE_REQUIRED_FOR = ['not_actionable', 'referred', 'duplicate'] as const;
export function noteRequired(to: string, reopen: boolean): boolean {
  return reopen || (NOTE_REQUIRED_FOR as readonly string[]).includes(to);
}

/** A reporter may reopen within this many days of the resolution. */
export const REOPEN_DAYS = 30;

/** Until when the reporter may reopen: 30 days after the latest update into the current status. */
export function reopenDeadline(
  updates: readonly { to_status: string; created_at: string }[],
  status: string,
): Date | null {
  const times = updates.filter((u) => u.to_status === status).map((u) => Date.parse(u.created_at));
  const last = times.length ? Math.max(...times.filter(Number.isFinite)) : Number.NaN;
  return Number.isFinite(last) ? new Date(last + REOPEN_DAYS * 86_400_000) : null;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The report id in what a user pasted: the id itself or a link (…#/report/<id>). */
export function parseReportRef(text: string): string | null {
  const m = GUID.exec(text.trim());
  return m ? m[0].toLowerCase() : null;
}
