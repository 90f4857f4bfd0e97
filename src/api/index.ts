export { listCategories } from './list-categories';
export type {
  ReferenceData,
  Category,
  ChallengeInfo,
  StatusInfo,
  Transition,
} from './list-categories';
export { submitReport } from './submit-report';
export type { SubmittedReport } from './submit-report';
export { reportsInView, viewFilterSchema } from './reports-in-view';
export type { ReportsInView, ViewFilter, ViewItem } from './reports-in-view';
export { reportDetail } from './report-detail';
export type { ReportDetail } from './report-detail';
export { nearbyReports } from './nearby-reports';
export type { NearbyReport } from './nearby-reports';
export { supportReport } from './support-report';
export { myReports } from './my-reports';
export type { MyReport } from './my-reports';
export { whoami } from './whoami';
export { changeStatus } from './change-status';
export type { ChangedStatus } from './change-status';
export { setStaffRole } from './set-staff-role';
export { deleteMyData } from './delete-my-data';
export type { DeletedData } from './delete-my-data';
export type { District } from './common';
// crew (issue 4)
export { hotspotCells, hotspotCellSchema, HOTSPOT_CELL_M_MIN, HOTSPOT_CELL_M_MAX } from './hotspot-cells';
export type { HotspotCells, HotspotCell } from './hotspot-cells';
export { workList, workItemSchema, WORK_LIST_MAX_LIMIT } from './work-list';
export type { WorkList, WorkItem } from './work-list';
export { claimReport } from './claim-report';
export type { ClaimedReport } from './claim-report';
export { changeStatusMany, CHANGE_STATUS_MANY_MAX } from './change-status-many';
export type { ChangedStatusMany } from './change-status-many';
