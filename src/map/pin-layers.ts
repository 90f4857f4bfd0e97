import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSourceSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';

export const PIN_SOURCE = 'tk-pin';

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
