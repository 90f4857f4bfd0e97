import type { OverlayLayer } from './overlay';

/**
 * A classed choropleth of one district level. Single-hue vermillion ramp (the contract's "hot"
 * colour), light → dark, which stays ordered under every colour-vision deficiency because only lightness
 * changes. Colour is never the only cue: the outline gets wider with the class, and the panel lists every
 * district with its number and class.
 */
export const CHOROPLETH_COLORS = ['#FDE7D6', '#F9BE93', '#EE8E4F', '#D55E00', '#8A3C00'] as const;
/** Outline width per class (px), the second cue next to lightness. */
export const CHOROPLETH_OUTLINE_WIDTHS = [0.5, 1, 1.75, 2.5, 3.5] as const;
export const CHOROPLETH_NO_DATA = '#FFFFFF';

/**
 * Layer specs for an overlay whose features carry a numeric `cls` property (0 … classes−1, or −1 for none).
 * `id` is the overlay id; every layer id starts with it.
 */
export function choroplethLayers(id: string, classes: number = CHOROPLETH_COLORS.length): OverlayLayer[] {
  const n = Math.min(Math.max(classes, 1), CHOROPLETH_COLORS.length);
  const colours: (number | string)[] = [];
  const widths: number[] = [];
  for (let k = 0; k < n; k++) {
    colours.push(k, CHOROPLETH_COLORS[k]!);
    widths.push(k, CHOROPLETH_OUTLINE_WIDTHS[k]!);
  }
  return [
    {
      id: `${id}-fill`,
      type: 'fill',
      paint: {
        'fill-color': ['match', ['get', 'cls'], ...colours, CHOROPLETH_NO_DATA] as never,
        'fill-opacity': 0.72,
      },
    },
    {
      id: `${id}-outline`,
      type: 'line',
      paint: {
        'line-color': '#3A1A00',
        'line-width': ['match', ['get', 'cls'], ...widths, 0.5] as never,
      },
    },
  ];
}

/** The colour of class k (for the legend and the table's swatches). */
export function choroplethColor(k: number): string {
  return CHOROPLETH_COLORS[k] ?? CHOROPLETH_NO_DATA;
}
