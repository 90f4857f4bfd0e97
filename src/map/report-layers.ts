import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { CHALLENGES } from '../domain/challenges';
import { CHALLENGE_COLORS, UNKNOWN_CHALLENGE_COLOR, challengeIconId } from './palette';
import type { ReportFeatureCollection } from './report-items';

export const REPORTS_SOURCE = 'tk-reports';
export const REPORTS_CIRCLE_LAYER = 'tk-reports-circle';
export const SELECTED_OUTER_LAYER = 'tk-selected-outer';
export const SELECTED_INNER_LAYER = 'tk-selected-inner';
/** Layers a click or tap should hit. */
export const REPORT_HIT_LAYERS = [REPORTS_CIRCLE_LAYER];

const EMPTY: ReportFeatureCollection = { type: 'FeatureCollection', features: [] };

export function reportSources(data: ReportFeatureCollection = EMPTY): Record<string, GeoJSONSourceSpecification> {
  return { [REPORTS_SOURCE]: { type: 'geojson', data: data as GeoJSONSourceSpecification['data'] } };
}

function byChallenge(values: Record<string, string>, fallback: string): ExpressionSpecification {
  const pairs = CHALLENGES.flatMap((c) => [c, values[c]!]);
  return ['match', ['get', 'challenge'], ...pairs, fallback] as unknown as ExpressionSpecification;
}

export const challengeColorExpression = (): ExpressionSpecification => byChallenge(CHALLENGE_COLORS, UNKNOWN_CHALLENGE_COLOR);

/** Area grows with the count (radius ~ sqrt), so a cell of 100 does not look 100 times a single. */
export const reportRadius: DataDrivenPropertyValueSpecification<number> = [
  'interpolate',
  ['linear'],
  ['sqrt', ['get', 'count']],
  1,
  7,
  3,
  12,
  10,
  19,
  32,
  30,
];

export interface ReportLayerOptions {
  /** Font stack from a glyph source; without one, cells show the challenge shape instead of a count. */
  textFont?: string[] | null;
}

export function reportLayers({ textFont = null }: ReportLayerOptions = {}): LayerSpecification[] {
  const layers: LayerSpecification[] = [
    {
      id: REPORTS_CIRCLE_LAYER,
      type: 'circle',
      source: REPORTS_SOURCE,
      paint: {
        'circle-color': challengeColorExpression(),
        'circle-radius': reportRadius,
        'circle-opacity': ['case', ['==', ['get', 'single'], 1], 1, 0.85],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['case', ['==', ['get', 'single'], 1], 1.5, 2],
      },
    },
    {
      id: 'tk-reports-shape',
      type: 'symbol',
      source: REPORTS_SOURCE,
      // With a count label, cells carry the number; without glyphs they carry the shape like singles do.
      ...(textFont ? { filter: ['==', ['get', 'single'], 1] as FilterSpecification } : {}),
      layout: {
        'icon-image': byChallenge(Object.fromEntries(CHALLENGES.map((c) => [c, challengeIconId(c)])), ''),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': ['case', ['==', ['get', 'single'], 1], 0.75, 1],
      },
    },
  ];
  if (textFont) {
    layers.push({
      id: 'tk-reports-count',
      type: 'symbol',
      source: REPORTS_SOURCE,
      filter: ['==', ['get', 'single'], 0],
      layout: {
        'text-field': [
          'case',
          ['>=', ['get', 'count'], 10000],
          ['concat', ['to-string', ['round', ['/', ['get', 'count'], 1000]]], 'k'],
          ['to-string', ['get', 'count']],
        ],
        'text-font': textFont,
        'text-size': 12,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff', 'text-halo-color': 'rgba(0,0,0,0.75)', 'text-halo-width': 1.2 },
    });
  }
  return layers;
}

/** Matches only the single report with this id; matches nothing for null (cells have id ''). */
export function selectedReportFilter(id: string | null | undefined): FilterSpecification {
  return ['all', ['==', ['get', 'single'], 1], ['==', ['get', 'id'], id || '\u0000none']];
}

/** A double ring (white outside, black inside) around the selected report: visible on any fill colour. */
export function selectedReportLayers(selectedId: string | null = null): LayerSpecification[] {
  const ring = (id: string, radiusGap: number, color: string, width: number): LayerSpecification => ({
    id,
    type: 'circle',
    source: REPORTS_SOURCE,
    filter: selectedReportFilter(selectedId),
    paint: {
      'circle-radius': ['+', reportRadius, radiusGap] as DataDrivenPropertyValueSpecification<number>,
      'circle-opacity': 0,
      'circle-stroke-color': color,
      'circle-stroke-width': width,
    },
  });
  return [ring(SELECTED_OUTER_LAYER, 6, '#ffffff', 5), ring(SELECTED_INNER_LAYER, 5, '#000000', 2.5)];
}
