export { CrewPanel } from './crew-panel';
