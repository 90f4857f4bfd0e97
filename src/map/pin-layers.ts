import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSourceSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';

export const PIN_SOURCE = 'tk-pin';
/** The place "Visa på kartan" flew to, marked until the report's own dot has loaded beneath it. */
export const LOCATED_SOURCE = 'tk-located';
export const PIN_LAYER_IDS = ['tk-pin-ring', 'tk-pin-ring-halo', 'tk-pin-centre'] as const;

export function pinGeoJSON(pin: { lon: number; lat: number } | null | undefined): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: pin ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [pin.lon, pin.lat] }, properties: {} }] : [],
  };
}

export function pinSources(pin: { lon: number; lat: number } | null = null): Record<string, GeoJSONSourceSpecification> {
  return { [PIN_SOURCE]: { type: 'geojson', data: pinGeoJSON(pin) as GeoJSONSourceSpecification['data'] } };
}

/** A hollow target (ring + centre dot): unlike the filled report dots, and it shows what lies under it. */
export function pinLayers(): LayerSpecification[] {
  return [
    {
      id: 'tk-pin-ring',
      type: 'circle',
      source: PIN_SOURCE,
      paint: {
        'circle-radius': 16,
        'circle-color': '#ffffff',
        'circle-opacity': 0.35,
        'circle-stroke-color': '#000000',
        'circle-stroke-width': 3,
      },
    },
    {
      id: 'tk-pin-ring-halo',
      type: 'circle',
      source: PIN_SOURCE,
      paint: { 'circle-radius': 19, 'circle-opacity': 0, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
    {
      id: 'tk-pin-centre',
      type: 'circle',
      source: PIN_SOURCE,
      paint: { 'circle-radius': 3.5, 'circle-color': '#000000', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
    },
  ];
}

/** The shown report's place: the selected report's double ring (white outside, black inside), with no dot inside. */
export function locatedLayers(): LayerSpecification[] {
  const ring = (id: string, radius: number, color: string, width: number): LayerSpecification => ({
    id,
    type: 'circle',
    source: LOCATED_SOURCE,
    paint: { 'circle-radius': radius, 'circle-opacity': 0, 'circle-stroke-color': color, 'circle-stroke-width': width },
  });
  return [ring('tk-located-outer', 14, '#ffffff', 5), ring('tk-located-inner', 13, '#000000', 2.5)];
}
