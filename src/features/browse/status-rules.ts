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

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The report id in what a user pasted: the id itself or a link (…#/report/<id>). */
export function parseReportRef(text: string): string | null {
  const m = GUID.exec(text.trim());
  return m ? m[0].toLowerCase() : null;
}
