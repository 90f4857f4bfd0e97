import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { Challenge } from '../domain/challenges';
import { UNKNOWN_CHALLENGE_COLOR, challengeStyleAt, shapeIconId } from './palette';
import type { ReportFeatureCollection } from './report-items';

export const REPORTS_SOURCE = 'tk-reports';
export const REPORTS_CIRCLE_LAYER = 'tk-reports-circle';
export const REPORTS_SHAPE_LAYER = 'tk-reports-shape';
export const SELECTED_OUTER_LAYER = 'tk-selected-outer';
export const SELECTED_INNER_LAYER = 'tk-selected-inner';
/** Layers a click or tap should hit. */
export const REPORT_HIT_LAYERS = [REPORTS_CIRCLE_LAYER];

const EMPTY: ReportFeatureCollection = { type: 'FeatureCollection', features: [] };

export function reportSources(data: ReportFeatureCollection = EMPTY): Record<string, GeoJSONSourceSpecification> {
  return { [REPORTS_SOURCE]: { type: 'geojson', data: data as GeoJSONSourceSpecification['data'] } };
}

/** A value per challenge by its position in `codes`; `fallback` for any other code (a 'match' needs one pair). */
function byChallenge(
  codes: readonly Challenge[],
  value: (position: number) => string,
  fallback: string,
): ExpressionSpecification | string {
  if (codes.length === 0) return fallback;
  const pairs = codes.flatMap((c, i) => [c, value(i)]);
  return ['match', ['get', 'challenge'], ...pairs, fallback] as unknown as ExpressionSpecification;
}

/** The circle colour of each challenge in `codes` (the period's challenges in order); grey for another code. */
export const challengeColorExpression = (codes: readonly Challenge[]) =>
  byChallenge(codes, (i) => challengeStyleAt(i).color, UNKNOWN_CHALLENGE_COLOR);

/** The shape drawn on each challenge in `codes`; none for another code. */
export const challengeIconExpression = (codes: readonly Challenge[]) =>
  byChallenge(codes, (i) => shapeIconId(challengeStyleAt(i).shape!), '');

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
  /** The challenges' codes in the period's order (reference data): position gives colour and shape. */
  challenges?: readonly Challenge[];
}

export function reportLayers({ textFont = null, challenges = [] }: ReportLayerOptions = {}): LayerSpecification[] {
  const layers: LayerSpecification[] = [
    {
      id: REPORTS_CIRCLE_LAYER,
      type: 'circle',
      source: REPORTS_SOURCE,
      paint: {
        'circle-color': challengeColorExpression(challenges),
        'circle-radius': reportRadius,
        'circle-opacity': ['case', ['==', ['get', 'single'], 1], 1, 0.85],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['case', ['==', ['get', 'single'], 1], 1.5, 2],
      },
    },
    {
      id: REPORTS_SHAPE_LAYER,
      type: 'symbol',
      source: REPORTS_SOURCE,
      // With a count label, cells carry the number; without glyphs they carry the shape like singles do.
      ...(textFont ? { filter: ['==', ['get', 'single'], 1] as FilterSpecification } : {}),
      layout: {
        'icon-image': challengeIconExpression(challenges),
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
