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
export type StatusGroup = 'open' | 'closed';

export const STATUS_GROUP: Record<Status, StatusGroup> = {
  new: 'open',
  confirmed: 'open',
  in_progress: 'open',
  resolved: 'closed',
  not_actionable: 'closed',
  duplicate: 'closed',
  referred: 'closed',
};

export const REPORT_SOURCES = ['resident', 'crew', 'planner', 'safety_walk'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];
