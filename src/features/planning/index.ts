export { PlanningPanel } from './planning-panel';
