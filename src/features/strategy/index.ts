export { StrategyPanel } from './strategy-panel';
export { usePublicMeasuresOverlay } from './components/public-measures';
