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
export { notifyEmailSchema, setReportNotification } from './set-report-notification';
export { myReports } from './my-reports';
export type { MyReport } from './my-reports';
export { whoami } from './whoami';
export { changeStatus } from './change-status';
export type { ChangedStatus } from './change-status';
export { setStaffRole } from './set-staff-role';
export { listStaff, type StaffList, type StaffMember } from './list-staff';
export { staffRoleEvents, type StaffRoleEvent, type StaffRoleEventList } from './staff-role-events';
export { findUserByEmail } from './find-user-by-email';
export { deleteMyData } from './delete-my-data';
// moderation
export { moderationQueue, moderationItemSchema, MODERATION_QUEUE_MAX_LIMIT } from './moderation-queue';
export type { ModerationQueue, ModerationItem } from './moderation-queue';
export { moderateReport } from './moderate-report';
export type { ModeratedReport } from './moderate-report';
export { PHOTO_ACTIONS } from './moderate-report';
export type { PhotoAction } from './moderate-report';
export type { DeletedData } from './delete-my-data';
export type { District } from './common';
// crew
export { hotspotCells, hotspotCellSchema, HOTSPOT_CELL_M_MIN, HOTSPOT_CELL_M_MAX } from './hotspot-cells';
export type { HotspotCells, HotspotCell } from './hotspot-cells';
export { workList, workItemSchema, WORK_LIST_MAX_LIMIT } from './work-list';
export type { WorkList, WorkItem } from './work-list';
export { claimReport } from './claim-report';
export type { ClaimedReport } from './claim-report';
export { changeStatusMany, CHANGE_STATUS_MANY_MAX } from './change-status-many';
export type { ChangedStatusMany } from './change-status-many';
export { assignReport } from './assign-report';
export type { AssignedReport } from './assign-report';
export { crewColleagues } from './crew-colleagues';
export type { CrewColleagues } from './crew-colleagues';
// strategy
export { saveMeasure, measureSchema, geoJsonGeometrySchema } from './save-measure';
export type { Measure } from './save-measure';
export { listMeasures } from './list-measures';
export type { MeasureList } from './list-measures';
export { publicMeasures, publicMeasureSchema } from './public-measures';
export type { PublicMeasure } from './public-measures';
export { fetchAllPages, pageArgsSchema, PAGE_MAX_LIMIT, PAGE_DEFAULT_LIMIT } from './paging';
export type { Page } from './paging';
export { measureEffect, effectCountsSchema } from './measure-effect';
export type { EffectCounts, EffectEvents, MeasureEffect } from './measure-effect';
export { challengeDashboard } from './challenge-dashboard';
export type { ChallengeDashboard } from './challenge-dashboard';
export { annualFollowup } from './annual-followup';
export type { AnnualFollowup } from './annual-followup';
// planning
export {
  listDevelopments,
  developmentSchema,
  developmentInputSchema,
  developmentGeometrySchema,
  developmentPhaseSchema,
  developmentLinkSchema,
  DEVELOPMENT_PHASES,
} from './list-developments';
export type { Development, DevelopmentList, DevelopmentInput, DevelopmentGeometry, DevelopmentPhase } from './list-developments';
export { importDevelopments, MAX_IMPORT_FEATURES } from './import-developments';
export type { ImportedDevelopments } from './import-developments';
export { saveDevelopment } from './save-development';
export { deleteDevelopment } from './delete-development';
export { developmentEvidence, EVIDENCE_BUFFERS, MAX_EVIDENCE_REPORTS, DEFAULT_EVIDENCE_REPORTS } from './development-evidence';
export type { DevelopmentEvidence, EvidenceBuffer } from './development-evidence';
export { saveAssessment, assessmentFactorSchema, ASSESSMENT_FACTOR_CODES } from './save-assessment';
export type { SavedAssessment, AssessmentFactor, AssessmentFactorCode } from './save-assessment';
export { developmentAssessments } from './development-assessments';
export type { DevelopmentAssessments, DevelopmentAssessment } from './development-assessments';
export {
  importRiskEvents,
  listRiskSources,
  deleteRiskSource,
  riskEventCells,
  riskSourceSchema,
  riskTypeSchema,
  RISK_SOURCE_KINDS,
  ROAD_USERS,
} from './risk-events';
export type { RiskSource, RiskEventCells, RiskEventInput } from './risk-events';
// the strategy as data (issue 15)
export {
  listStrategyPeriods,
  getStrategyPeriod,
  draftStrategyPeriod,
  saveStrategyPeriod,
  publishStrategyPeriod,
  saveActionPlan,
  actionPlanFollowup,
  strategyPeriodSummarySchema,
  strategyPeriodDetailSchema,
  periodChallengeSchema,
  periodAreaSchema,
  periodCategorySchema,
  periodInputSchema,
  actionPlanSchema,
  actionPlanInputSchema,
  indicatorSchema,
  followupPlanSchema,
  STRATEGY_PERIOD_STATUSES,
  ACTIVITY_STATUSES,
  STRATEGY_MAX_CHALLENGES,
  STRATEGY_MAX_AREAS,
  ACTION_PLAN_MAX_ACTIVITIES,
  ACTION_PLAN_MAX_INDICATORS,
  RISK_FAMILIES,
  RISK_TYPES_MAX,
  riskTypesSchema,
} from './strategy-periods';
export type {
  StrategyPeriodSummary,
  StrategyPeriodDetail,
  PeriodChallenge,
  PeriodArea,
  PeriodCategory,
  PeriodInput,
  ActionPlan,
  ActionPlanActivity,
  ActionPlanInput,
  Indicator,
  FollowupPlan,
  ActionPlanFollowup,
} from './strategy-periods';
export type { PeriodInForce } from './list-categories';
export { deleteStrategyPeriod } from './delete-strategy-period';
export { deleteActionPlan } from './delete-action-plan';
