import type {
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { dataUrl } from './data-url';

export const KOMMUN_SOURCE = 'tk-kommun';
export const DISTRICTS_SOURCE = 'tk-districts';
export const DISTRICT_HIGHLIGHT_FILL = 'tk-district-highlight-fill';
export const DISTRICT_HIGHLIGHT_LINE = 'tk-district-highlight-line';

export const DISTRICTS_FILE = 'malmo_delomraden.geojson';
export const KOMMUN_FILE = 'malmo_kommun.geojson';

/** Licence text for the bundled district data (public/data/SOURCES.md recommends exactly this). */
export const MALMO_ATTRIBUTION = 'Områdesindelning: © Malmö stad (CC0)';

export function districtSources(baseUrl: string): Record<string, GeoJSONSourceSpecification> {
  return {
    [KOMMUN_SOURCE]: { type: 'geojson', data: dataUrl(baseUrl, KOMMUN_FILE), attribution: MALMO_ATTRIBUTION },
    // promoteId gives each delområde its city code as feature id, handy for feature-state later.
    [DISTRICTS_SOURCE]: {
      type: 'geojson',
      data: dataUrl(baseUrl, DISTRICTS_FILE),
      promoteId: 'do_kod',
      attribution: MALMO_ATTRIBUTION,
    },
  };
}

/** Matches no feature when code is null: a filter that is always valid beats adding/removing layers. */
export function districtHighlightFilter(code: number | null | undefined): FilterSpecification {
  return ['==', ['get', 'do_kod'], code ?? -1];
}

export interface DistrictLayerOptions {
  /** Font stack from a glyph source; without one the layers have no text (offline mode). */
  textFont?: string[] | null;
  highlightCode?: number | null;
}

export function districtLayers({ textFont = null, highlightCode = null }: DistrictLayerOptions = {}): LayerSpecification[] {
  const layers: LayerSpecification[] = [
    {
      id: DISTRICT_HIGHLIGHT_FILL,
      type: 'fill',
      source: DISTRICTS_SOURCE,
      filter: districtHighlightFilter(highlightCode),
      // Yellow, not blue: a blue tint on land reads as water.
      paint: { 'fill-color': '#F0E442', 'fill-opacity': 0.35 },
    },
    {
      id: 'tk-districts-line',
      type: 'line',
      source: DISTRICTS_SOURCE,
      paint: {
        'line-color': '#5a5a5a',
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 10, 0.35, 14, 0.7],
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 15, 1.5],
        'line-dasharray': [3, 2],
      },
    },
    {
      id: 'tk-kommun-line',
      type: 'line',
      source: KOMMUN_SOURCE,
      paint: { 'line-color': '#333333', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.5, 14, 3] },
    },
    {
      id: DISTRICT_HIGHLIGHT_LINE,
      type: 'line',
      source: DISTRICTS_SOURCE,
      filter: districtHighlightFilter(highlightCode),
      paint: { 'line-color': '#1f1f1f', 'line-width': 3 },
    },
  ];
  if (textFont) {
    layers.push({
      id: 'tk-districts-label',
      type: 'symbol',
      source: DISTRICTS_SOURCE,
      minzoom: 12.5,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': textFont,
        'text-size': 12,
        'text-max-width': 8,
        // Polygon labels at their centre; MapLibre drops those that collide with the basemap's own.
        'symbol-placement': 'point',
      },
      paint: { 'text-color': '#444444', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    });
  }
  return layers;
}
