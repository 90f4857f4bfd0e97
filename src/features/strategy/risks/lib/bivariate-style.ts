import type { BivariateClass } from '../../../../analysis/bivariate-units';
import { HIDES_REPORTS } from '../../../../map/hotspot-layers';
import type { OverlayLayer } from '../../../../map/overlay';

/**
 * How the four classes of the comparison (and "not significant") look on the map and in the legend.
 *
 * Colour: a 2 × 2 bivariate scheme on two Okabe–Ito hues that stay apart under the common colour-vision
 * deficiencies — orange for "perceived high" (#E69F00), blue for "actual high" (#0072B2); both high is their dark
 * mix (#3D2B56), both low a light grey (#DADADA); not significant has no fill. Colour is never the only cue: each
 * class has its own outline pattern (both high: solid 3 px; perceived high, actual low: long dashes; actual high,
 * perceived low: dots; both low: thin solid), the legend draws the same pattern, and the table beside the map
 * names every unit's class in words.
 */
export interface ClassStyle {
  fill: string;
  fillOpacity: number;
  line: string;
  width: number;
  /** MapLibre's line-dasharray (in line widths); null = solid. */
  dash: [number, number] | null;
}

export const CLASS_STYLES: Readonly<Record<BivariateClass, ClassStyle>> = {
  both_high: { fill: '#3D2B56', fillOpacity: 0.7, line: '#140B1F', width: 3, dash: null },
  perceived_high_actual_low: { fill: '#E69F00', fillOpacity: 0.7, line: '#5C3F00', width: 2.5, dash: [3, 1.5] },
  actual_high_perceived_low: { fill: '#0072B2', fillOpacity: 0.7, line: '#002E48', width: 2.5, dash: [0.5, 1.5] },
  both_low: { fill: '#DADADA', fillOpacity: 0.6, line: '#555555', width: 1, dash: null },
  not_significant: { fill: '#FFFFFF', fillOpacity: 0, line: '#9A9A9A', width: 0.3, dash: null },
};

/** The legend's and table's order: the two disagreements first, they are what the view is for. */
export const LEGEND_ORDER: readonly BivariateClass[] = [
  'perceived_high_actual_low',
  'actual_high_perceived_low',
  'both_high',
  'both_low',
  'not_significant',
];

/**
 * Layers for an overlay whose features carry `cls` (a class key): one fill, one outline per class (a dash pattern
 * cannot vary per feature). The report symbols step aside while it is shown (the units' reports are what it
 * counts, and clusters on top hid the classes).
 */
export function bivariateLayers(id: string): OverlayLayer[] {
  const fillColour = ['match', ['get', 'cls'], ...LEGEND_ORDER.flatMap((c) => [c, CLASS_STYLES[c].fill]), '#FFFFFF'];
  const fillOpacity = ['match', ['get', 'cls'], ...LEGEND_ORDER.flatMap((c) => [c, CLASS_STYLES[c].fillOpacity]), 0];
  return [
    {
      id: `${id}-fill`,
      type: 'fill',
      metadata: { [HIDES_REPORTS]: true },
      paint: { 'fill-color': fillColour as never, 'fill-opacity': fillOpacity as never },
    },
    ...LEGEND_ORDER.map(
      (c): OverlayLayer => ({
        id: `${id}-line-${c}`,
        type: 'line',
        filter: ['==', ['get', 'cls'], c] as never,
        layout: { 'line-cap': CLASS_STYLES[c].dash && CLASS_STYLES[c].dash![0] < 1 ? 'round' : 'butt' },
        paint: {
          'line-color': CLASS_STYLES[c].line,
          'line-width': CLASS_STYLES[c].width,
          ...(c === 'not_significant' ? { 'line-opacity': 0.5 } : {}),
          ...(CLASS_STYLES[c].dash ? { 'line-dasharray': ['literal', CLASS_STYLES[c].dash] as never } : {}),
        },
      }),
    ),
  ];
}

/** An SVG dash pattern for the legend's swatch, the same pattern as the map's outline (dash lengths × width). */
export function svgDash(c: BivariateClass): string | undefined {
  const s = CLASS_STYLES[c];
  return s.dash ? s.dash.map((d) => Math.max(1, d * s.width)).join(' ') : undefined;
}
