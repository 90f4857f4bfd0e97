/** The report feature: the resident's report flow and their own reports. */
export { ReportPanel } from './components/report-panel';
export { MyReportsPanel } from './components/my-reports-panel';
export { useReportOutboxRunner } from './outbox/report-outbox';
