import type { OverlayLayer } from './overlay';

/**
 * Planned developments, styled by phase. Features carry `phase` and `selected` (boolean).
 *
 * Colour: Okabe–Ito hues (distinct under the common colour-vision deficiencies; vermillion and blue are left
 * to hot/cold spots). Colour is never the only cue: each phase has its own outline dash pattern, named in
 * the legend, and the panel lists every development with its phase in text.
 */
export const DEVELOPMENT_PHASE_STYLE = {
  planning: { color: '#56B4E9', dash: [0.6, 1.6] }, // dotted
  consultation: { color: '#E69F00', dash: [3, 2] }, // dashed
  adopted: { color: '#009E73', dash: [7, 2] }, // long dash
  under_construction: { color: '#CC79A7', dash: [4, 1.5, 0.8, 1.5] }, // dash-dot
  completed: { color: '#7F7F7F', dash: null }, // solid
} as const satisfies Record<string, { color: string; dash: number[] | null }>;
export type DevelopmentPhaseKey = keyof typeof DEVELOPMENT_PHASE_STYLE;
export const DEVELOPMENT_PHASE_KEYS = Object.keys(DEVELOPMENT_PHASE_STYLE) as DevelopmentPhaseKey[];

const OUTLINE = '#1A1A1A';

export function developmentLayers(id: string): OverlayLayer[] {
  const fillColor = [
    'match',
    ['get', 'phase'],
    ...DEVELOPMENT_PHASE_KEYS.flatMap((p) => [p, DEVELOPMENT_PHASE_STYLE[p].color]),
    '#BDBDBD',
  ] as never;
  return [
    {
      id: `${id}-fill`,
      type: 'fill',
      paint: {
        'fill-color': fillColor,
        'fill-opacity': ['case', ['boolean', ['get', 'selected'], false], 0.45, 0.28] as never,
      },
    },
    // One line layer per phase: a constant dash pattern per layer works on every MapLibre version.
    ...DEVELOPMENT_PHASE_KEYS.map(
      (phase): OverlayLayer => ({
        id: `${id}-line-${phase}`,
        type: 'line',
        filter: ['==', ['get', 'phase'], phase],
        paint: {
          'line-color': OUTLINE,
          'line-width': 2,
          ...(DEVELOPMENT_PHASE_STYLE[phase].dash
            ? { 'line-dasharray': ['literal', DEVELOPMENT_PHASE_STYLE[phase].dash] as never }
            : {}),
        },
      }),
    ),
    {
      id: `${id}-selected`,
      type: 'line',
      filter: ['==', ['get', 'selected'], true],
      paint: { 'line-color': '#000000', 'line-width': 4.5, 'line-opacity': 0.85 },
    },
  ];
}

/**
 * The evidence around the selected development: the buffer (`kind: 'buffer'`, a polygon) and the reports
 * (`kind: 'report'`, points with `inside`). Inside reports are filled dark dots, ring reports hollow
 * circles — told apart by shape, not colour; the panel's tables carry the same counts.
 */
export function evidenceLayers(id: string): OverlayLayer[] {
  return [
    {
      id: `${id}-buffer-fill`,
      type: 'fill',
      filter: ['==', ['get', 'kind'], 'buffer'],
      paint: { 'fill-color': '#F0E442', 'fill-opacity': 0.12 },
    },
    {
      id: `${id}-buffer-line`,
      type: 'line',
      filter: ['==', ['get', 'kind'], 'buffer'],
      paint: { 'line-color': '#333333', 'line-width': 1.5, 'line-dasharray': ['literal', [1.5, 1.5]] as never },
    },
    {
      id: `${id}-ring`,
      type: 'circle',
      filter: ['all', ['==', ['get', 'kind'], 'report'], ['==', ['get', 'inside'], false]],
      paint: {
        'circle-radius': 4,
        'circle-color': '#FFFFFF',
        'circle-stroke-color': '#1A1A1A',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: `${id}-inside`,
      type: 'circle',
      filter: ['all', ['==', ['get', 'kind'], 'report'], ['==', ['get', 'inside'], true]],
      paint: {
        'circle-radius': 4.5,
        'circle-color': '#1A1A1A',
        'circle-stroke-color': '#FFFFFF',
        'circle-stroke-width': 1,
      },
    },
  ];
}

/**
 * An outline being drawn or an import preview: features with `kind` 'outline' (polygon or line while the
 * ring is open), 'vertex' (points, with `n` = 1-based number) and, for previews, `ok` (boolean). Rejected
 * preview features are drawn dashed, accepted solid.
 */
export function draftLayers(id: string): OverlayLayer[] {
  return [
    {
      id: `${id}-fill`,
      type: 'fill',
      filter: ['all', ['==', ['get', 'kind'], 'outline'], ['==', ['geometry-type'], 'Polygon']],
      paint: { 'fill-color': '#009E73', 'fill-opacity': 0.2 },
    },
    {
      id: `${id}-line-ok`,
      type: 'line',
      filter: ['all', ['==', ['get', 'kind'], 'outline'], ['!=', ['get', 'ok'], false]],
      paint: { 'line-color': '#00513B', 'line-width': 2.5 },
    },
    {
      id: `${id}-line-rejected`,
      type: 'line',
      filter: ['all', ['==', ['get', 'kind'], 'outline'], ['==', ['get', 'ok'], false]],
      paint: { 'line-color': '#8F3A00', 'line-width': 2.5, 'line-dasharray': ['literal', [2, 2]] as never },
    },
    {
      id: `${id}-vertex`,
      type: 'circle',
      filter: ['==', ['get', 'kind'], 'vertex'],
      paint: {
        'circle-radius': 5,
        'circle-color': '#FFFFFF',
        'circle-stroke-color': '#00513B',
        'circle-stroke-width': 2,
      },
    },
  ];
}
