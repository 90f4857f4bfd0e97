/** Public surface of src/map. Features import from here, not from the files inside. */
export { MapView, useMapController } from './map-view';
export type { MapViewProps } from './map-view';
export { MapController } from './map-controller';
export type { MapControllerOptions, MapEvents, MapUiState, MapViewState } from './map-controller';
export type { LonLat, MapOverlay, OverlayLayer } from './overlay';
export type { MapReportItem, ReportFeatureCollection, ReportFeatureProperties } from './report-items';
export { reportItemsToGeoJSON } from './report-items';
export { CHALLENGE_PALETTE, CHALLENGE_SHAPES, UNKNOWN_CHALLENGE_COLOR, challengeStyle, challengeStyleAt } from './palette';
export type { ChallengeShape, ChallengeStyle } from './palette';
export { shapeIcon } from './shape-icons';
export { MALMO_ATTRIBUTION } from './district-layers';
export { DEFAULT_BASEMAP_STYLE_URL, offlineStyle } from './basemap';
export type { BasemapKind } from './basemap';
