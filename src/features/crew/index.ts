export { CrewPanel } from './crew-panel';
export { CrewOutboxRunner } from './use-crew-outbox';
