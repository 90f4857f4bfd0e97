export { PlanningPanel } from './planning-panel';
export type { StaffPanelProps } from './planning-panel';
