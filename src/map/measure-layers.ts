import type { OverlayLayer } from './overlay';

/**
 * Measures on the map. Bluish green (Okabe–Ito #009E73) is kept free of the challenge colours and
 * of the hotspot vermillion/blue, so a measure never reads as a report or a hotspot. Shape carries the
 * meaning too: areas get a dashed outline, points a ring with a white core, and every feature a text label
 * (e.g. "Åtgärdat") so colour is never the only cue.
 */
export const MEASURE_COLOR = '#009E73';
export const MEASURE_HALO = '#FFFFFF';

export interface MeasureLayerOptions {
  /** Font stack for the label; null draws no text (then the panel's list is the text equivalent). */
  textFont: string[] | null;
  /** Feature property holding the label text. */
  labelProperty?: string;
}

export function measureLayers(id: string, { textFont, labelProperty = 'label' }: MeasureLayerOptions): OverlayLayer[] {
  const isArea: never = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false] as never;
  const isLine: never = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false] as never;
  const isPoint: never = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false] as never;
  const layers: OverlayLayer[] = [
    { id: `${id}-area`, type: 'fill', filter: isArea, paint: { 'fill-color': MEASURE_COLOR, 'fill-opacity': 0.18 } },
    {
      id: `${id}-outline`,
      type: 'line',
      filter: isArea,
      paint: { 'line-color': MEASURE_COLOR, 'line-width': 2.5, 'line-dasharray': [2, 1] },
    },
    {
      id: `${id}-line`,
      type: 'line',
      filter: isLine,
      paint: { 'line-color': MEASURE_COLOR, 'line-width': 4, 'line-dasharray': [2, 1] },
    },
    {
      id: `${id}-point`,
      type: 'circle',
      filter: isPoint,
      paint: {
        'circle-radius': 8,
        'circle-color': MEASURE_HALO,
        'circle-stroke-color': MEASURE_COLOR,
        'circle-stroke-width': 4,
      },
    },
  ];
  if (textFont) {
    layers.push({
      id: `${id}-label`,
      type: 'symbol',
      layout: {
        'text-field': ['get', labelProperty],
        'text-font': textFont,
        'text-size': 12,
        'text-offset': [0, 1.4],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#00573F', 'text-halo-color': MEASURE_HALO, 'text-halo-width': 1.5 },
    });
  }
  return layers;
}

/** Layers a click should hit, for `MapOverlay.interactiveLayerIds`. */
export function measureHitLayers(id: string): string[] {
  return [`${id}-area`, `${id}-line`, `${id}-point`];
}
