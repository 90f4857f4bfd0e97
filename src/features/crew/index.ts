export { CrewPanel } from './crew-panel';
export type { StaffPanelProps as CrewPanelProps } from './crew-panel';
