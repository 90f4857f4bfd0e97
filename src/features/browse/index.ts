export { BrowsePanel } from './browse-panel';
export type { BrowsePanelProps } from './browse-panel';
export { ReportDetailPanel } from './report-detail-panel';
export { useReportsInView } from './use-reports-in-view';
export type { ReportsInViewState } from './use-reports-in-view';
export { DEFAULT_FILTERS } from './filter-model';
export type { BrowseFilters, Viewport } from './filter-model';
