/** The hotspot worker's client (the one non-pure part of src/analysis: it starts a Web Worker). */
export { createHotspotClient, type HotspotClient } from './hotspot-client.ts';
export { cellHotspots, type CellCountsInput, type CellHotspotResult } from './cell-hotspots.ts';
