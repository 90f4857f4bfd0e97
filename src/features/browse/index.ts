export { BrowsePanel } from './browse-panel';
export type { BrowsePanelProps } from './browse-panel';
export { ReportDetailPanel, REPORT_DETAIL_KEY } from './report-detail-panel';
export { useReportsInView, REPORTS_IN_VIEW_KEY } from './use-reports-in-view';
export type { ReportsInViewState } from './use-reports-in-view';
export { DEFAULT_FILTERS } from './filter-model';
export type { BrowseFilters, Viewport } from './filter-model';
