/** Public surface of src/map. Features import from here, not from the files inside. */
export { MapView } from './map-view';
export type { MapViewProps, MapViewState } from './map-view';
export type { LonLat, MapOverlay, OverlayLayer } from './overlay';
export type { MapReportItem, ReportFeatureCollection, ReportFeatureProperties } from './report-items';
export { reportItemsToGeoJSON } from './report-items';
export { CHALLENGE_COLORS, UNKNOWN_CHALLENGE_COLOR, challengeSymbol } from './palette';
export type { ChallengeShape } from './palette';
export { shapeIcon } from './shape-icons';
export { MALMO_ATTRIBUTION } from './district-layers';
export { DEFAULT_BASEMAP_STYLE_URL, offlineStyle } from './basemap';
export type { BasemapKind } from './basemap';
