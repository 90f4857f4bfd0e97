/** A report was created or changed (status, claim, support …): what realtime listeners receive. */
export interface ReportChange {
  /** Null when one statement changed many reports (over 1,000): refetch everything. */
  id: string | null;
  kind: 'insert' | 'update';
}

/** The database's notification channel (a trigger on app.reports sends `{ id, kind }` as JSON). */
export const REPORTS_CHANNEL = 'reports_changed';

/** Reads one notification payload; null for anything that is not a report change. */
export function parseReportChange(payload: string): ReportChange | null {
  try {
    const value = JSON.parse(payload) as { id?: unknown; kind?: unknown };
    if ((typeof value.id !== 'string' && value.id !== null) || (value.kind !== 'insert' && value.kind !== 'update'))
      return null;
    return { id: value.id, kind: value.kind };
  } catch {
    return null;
  }
}
