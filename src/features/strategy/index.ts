export { StrategyPanel } from './strategy-panel';
export type { StaffPanelProps } from './types';
export { usePublicMeasuresOverlay } from './components/public-measures';
