import type { OverlayLayer } from './overlay';

/**
 * Hot/cold spot cells (Gi* classes −3 … +3, issue 4). Features carry `cls` (number −3 … 3).
 *
 * Colour: vermillion shades for hot, blue shades for cold (Okabe–Ito hues, which stay apart under the common
 * colour-vision deficiencies), grey for "not significant". Colour is never the only cue: the outline width
 * grows with the confidence (1, 2, 3.5 px), hot cells have a solid outline and cold cells a dashed one, and the
 * panel lists every significant cell with its class in text.
 */
export const HOTSPOT_CLASS_COLORS: Readonly<Record<string, string>> = {
  '3': '#8F3A00',
  '2': '#D55E00',
  '1': '#F4B183',
  '0': '#BDBDBD',
  '-1': '#A9D0EA',
  '-2': '#0072B2',
  '-3': '#00456C',
};

/** Outline width (px) per |class|. */
export const HOTSPOT_OUTLINE_WIDTHS = [0.4, 1, 2, 3.5] as const;

export function hotspotColor(cls: number): string {
  return HOTSPOT_CLASS_COLORS[String(cls)] ?? HOTSPOT_CLASS_COLORS['0']!;
}

const byClass = (pick: (cls: number) => string | number) =>
  ['match', ['get', 'cls'], ...[3, 2, 1, -1, -2, -3].flatMap((c) => [c, pick(c)]), pick(0)] as never;

/**
 * Layer metadata by which an overlay asks the map to hide the report symbols while it is shown (MapController): the
 * hexagons are the reports counted, and clusters of every challenge on top of them hid the cells.
 */
export const HIDES_REPORTS = 'tk:hides-reports';

/**
 * Layers for the overlay `id`: fill, hot outline (solid), cold outline (dashed), grey outline for class 0. With
 * `hidesReports`, the report symbols step aside while the hexagons are shown (the crew's hotspot map).
 */
export function hotspotLayers(id: string, { hidesReports = false }: { hidesReports?: boolean } = {}): OverlayLayer[] {
  const width = byClass((c) => HOTSPOT_OUTLINE_WIDTHS[Math.abs(c)]!);
  return [
    {
      id: `${id}-fill`,
      type: 'fill',
      ...(hidesReports ? { metadata: { [HIDES_REPORTS]: true } } : {}),
      paint: {
        'fill-color': byClass(hotspotColor),
        // Non-significant cells are a faint wash so the zeros read as "analysed, nothing found".
        'fill-opacity': ['case', ['==', ['get', 'cls'], 0], 0.12, 0.62] as never,
      },
    },
    {
      id: `${id}-hot`,
      type: 'line',
      filter: ['>', ['get', 'cls'], 0],
      paint: { 'line-color': '#3A1A00', 'line-width': width },
    },
    {
      id: `${id}-cold`,
      type: 'line',
      filter: ['<', ['get', 'cls'], 0],
      paint: { 'line-color': '#002A42', 'line-width': width, 'line-dasharray': ['literal', [2, 1.5]] as never },
    },
    {
      id: `${id}-none`,
      type: 'line',
      filter: ['==', ['get', 'cls'], 0],
      minzoom: 13,
      paint: { 'line-color': '#8C8C8C', 'line-width': 0.4, 'line-opacity': 0.6 },
    },
  ];
}

/**
 * Emerging hot spots: features carry `category` ('new' | 'intensifying' | 'persistent' |
 * 'diminishing'). Okabe–Ito hues per category, and a second cue per category in the outline: new = thick
 * solid, intensifying = thick double-dash, persistent = thin solid, diminishing = dotted.
 */
export const EMERGING_COLORS: Readonly<Record<string, string>> = {
  new: '#E69F00',
  intensifying: '#D55E00',
  persistent: '#CC79A7',
  diminishing: '#56B4E9',
};

export function emergingLayers(id: string): OverlayLayer[] {
  const color = [
    'match',
    ['get', 'category'],
    ...Object.entries(EMERGING_COLORS).flat(),
    '#BDBDBD',
  ] as never;
  const line = (suffix: string, category: string, width: number, dash?: number[]): OverlayLayer => ({
    id: `${id}-${suffix}`,
    type: 'line',
    filter: ['==', ['get', 'category'], category],
    paint: {
      'line-color': '#1A1A1A',
      'line-width': width,
      ...(dash ? { 'line-dasharray': ['literal', dash] as never } : {}),
    },
  });
  return [
    { id: `${id}-fill`, type: 'fill', paint: { 'fill-color': color, 'fill-opacity': 0.6 } },
    line('new', 'new', 3),
    line('intensifying', 'intensifying', 3, [3, 1, 1, 1]),
    line('persistent', 'persistent', 1.2),
    line('diminishing', 'diminishing', 2, [0.5, 1.5]),
  ];
}
