/** The hotspot worker's client (the one non-pure part of src/analysis: it starts a Web Worker). */
export { createHotspotClient, sharedHotspotClient, type HotspotClient } from './hotspot-client.ts';
