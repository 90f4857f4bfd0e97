/** The report feature: the resident's report flow and their own reports. */
export { ReportPanel } from './components/report-panel';
export { MyReportsPanel } from './components/my-reports-panel';
export { useReportOutboxRunner } from './outbox/report-outbox';
export { MyReportsBadge } from './follow/my-reports-badge';
export { useMyReportChanges } from './follow/use-my-report-changes';
/** The reference data shipped with the build: the shell draws the first view's challenges by it. */
export { SHIPPED_REFERENCE } from './lib/shipped-reference';
