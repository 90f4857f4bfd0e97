/** Report statuses. The database holds them as data (app.statuses); this list mirrors it for typing. */
export const STATUSES = [
  'new',
  'confirmed',
  'in_progress',
  'resolved',
  'not_actionable',
  'duplicate',
  'referred',
] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export const REPORT_SOURCES = ['resident', 'crew', 'planner', 'safety_walk'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];
