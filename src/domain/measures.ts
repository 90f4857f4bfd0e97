import { z } from 'zod';
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { CHALLENGE_CODE_PATTERN, type Challenge } from './challenges';
import type { Role } from './roles';

/**
 * Measures (åtgärder) of the safety strategy: the register, the four priority criteria and the score.
 * The database (app.measures, api.save_measure) enforces the same rules; keep the two in step — the db suite
 * checks that measureScore and the stored score agree.
 */

export type ChallengeCode = Challenge;

export const MEASURE_TYPES = [
  'lighting',
  'vegetation_trimming',
  'extra_cleaning',
  'traffic_calming',
  'new_bins',
  'safe_crossing',
  'graffiti_removal',
  'place_activation',
  'other',
] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const MEASURE_STATUSES = [
  'proposed',
  'planned',
  'in_progress',
  'done',
  'cancelled',
] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const MEASURE_SOURCE_KINDS = ['manual', 'hotspot', 'development'] as const;
export type MeasureSourceKind = (typeof MEASURE_SOURCE_KINDS)[number];

export const MEASURE_TITLE_MAX = 200;
export const MEASURE_TEXT_MAX = 200; // department, source_ref
export const MEASURE_DESCRIPTION_MAX = 2000;
export const MEASURE_REPORTS_MAX = 500;

/**
 * A point or a line has no area to count reports in, so measure_effect buffers it by this many metres
 * (in SWEREF 99 TM). Polygons are used as drawn.
 */
export const MEASURE_EFFECT_BUFFER_M = 100;
export const EFFECT_MONTHS_MIN = 1;
export const EFFECT_MONTHS_MAX = 36;
export const EFFECT_COMPARISONS = ['district', 'city'] as const;
export type EffectComparison = (typeof EFFECT_COMPARISONS)[number];

/** The three district levels of the dashboard; by_district's `code` is the name (stadsområde, stadsdel) or do_kod as text. */
export const DISTRICT_LEVELS = ['stadsomrade', 'stadsdel', 'delomrade'] as const;
export type DistrictLevel = (typeof DISTRICT_LEVELS)[number];

/** The strategy's four priority criteria, each rated 0 (no), 1 (partly) or 2 (yes). */
export const CRITERIA = [
  {
    key: 'preventive',
    column: 'crit_preventive',
    label: { sv: 'Förebyggande med långsiktig effekt', en: 'Preventive, with long-term effect' },
  },
  {
    key: 'research',
    column: 'crit_research',
    label: {
      sv: 'Rekommenderas av forskning och myndigheter',
      en: 'Recommended by researchers and authorities',
    },
  },
  {
    key: 'vulnerable',
    column: 'crit_vulnerable',
    label: { sv: 'Hjälper de mest utsatta grupperna', en: 'Helps the most vulnerable groups' },
  },
  {
    key: 'quick',
    column: 'crit_quick',
    label: { sv: 'Ger snabb, synlig effekt', en: 'Gives a quick, visible effect' },
  },
] as const;
export type CriterionKey = (typeof CRITERIA)[number]['key'];
export type CriterionColumn = (typeof CRITERIA)[number]['column'];
export const CRITERION_RATINGS = [0, 1, 2] as const;
export type CriterionRating = (typeof CRITERION_RATINGS)[number];
export const CRITERION_RATING_LABEL: Record<CriterionRating, { sv: string; en: string }> = {
  0: { sv: 'Nej', en: 'No' },
  1: { sv: 'Delvis', en: 'Partly' },
  2: { sv: 'Ja', en: 'Yes' },
};
export type CriteriaRatings = Record<CriterionColumn, CriterionRating>;
export const SCORE_MAX = CRITERIA.length * 2;

/**
 * The priority score: the plain sum of the four ratings (0–8). Equal weights because the strategy names the
 * criteria without ranking them; the same expression is the generated column app.measures.score.
 */
export function measureScore(c: CriteriaRatings): number {
  return c.crit_preventive + c.crit_research + c.crit_vulnerable + c.crit_quick;
}

/** Proposals in priority order: score descending, then the oldest first (same as api.list_measures). */
export function compareByPriority(
  a: { score: number; created_at: string },
  b: { score: number; created_at: string },
): number {
  return b.score - a.score || Date.parse(a.created_at) - Date.parse(b.created_at);
}

/**
 * Who may save a measure: strategist and admin anything; crew and planner only a `proposed` measure that stays
 * `proposed` (they propose, the strategist decides). `current` is null for a new measure.
 */
export function maySaveMeasure(
  role: Role,
  current: MeasureStatus | null,
  next: MeasureStatus,
): boolean {
  if (role === 'strategist' || role === 'admin') return true;
  if (role === 'crew' || role === 'planner')
    return (current === null || current === 'proposed') && next === 'proposed';
  return false;
}

/** What crew and planning hand to Strategi to start a measure in one step (see docs/contracts-session2.md). */
export interface MeasureSeed {
  source_kind: 'hotspot' | 'development';
  source_ref: string;
  challenge: ChallengeCode | null;
  geometry: Polygon | MultiPolygon | Point;
  title: string;
  report_ids: string[];
}

const position = z.tuple([z.number().finite(), z.number().finite()]);
const ring = z.array(position).min(4);
/** Shape-level check of a measure's GeoJSON; validity (self-intersection) and "inside Malmö" are the database's. */
export const measureGeometrySchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Point'), coordinates: position }),
    z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) }),
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
    z.object({
      type: z.literal('MultiPolygon'),
      coordinates: z.array(z.array(ring).min(1)).min(1),
    }),
  ],
  { message: 'invalid_geometry' },
);
export type MeasureGeometry = Point | LineString | Polygon | MultiPolygon;

const isoDay = z
  .string({ message: 'invalid_date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'invalid_date' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { message: 'invalid_date' });
const rating = z
  .number({ message: 'invalid_criteria' })
  .int({ message: 'invalid_criteria' })
  .min(0, { message: 'invalid_criteria' })
  .max(2, { message: 'invalid_criteria' });

/** A measure as the client saves it (the `p_measure` jsonb of api.save_measure). */
export const measureInputSchema = z
  .object({
    title: z
      .string({ message: 'title_required' })
      .trim()
      .min(1, { message: 'title_required' })
      .max(MEASURE_TITLE_MAX, { message: 'text_too_long' }),
    description: z
      .string()
      .trim()
      .max(MEASURE_DESCRIPTION_MAX, { message: 'description_too_long' })
      .default(''),
    // Any code of the strategy period: the database refuses one that is not a challenge of a period.
    challenge: z.string({ message: 'invalid_challenge' }).regex(CHALLENGE_CODE_PATTERN, { message: 'invalid_challenge' }),
    type: z.enum(MEASURE_TYPES, { message: 'invalid_measure_type' }),
    department: z.string().trim().max(MEASURE_TEXT_MAX, { message: 'text_too_long' }).default(''),
    status: z.enum(MEASURE_STATUSES, { message: 'invalid_measure_status' }).default('proposed'),
    planned_date: isoDay.nullable().default(null),
    done_date: isoDay.nullable().default(null),
    cost_sek: z
      .number({ message: 'invalid_cost' })
      .finite({ message: 'invalid_cost' })
      .min(0, { message: 'invalid_cost' })
      .nullable()
      .default(null),
    geometry: measureGeometrySchema,
    crit_preventive: rating.default(0),
    crit_research: rating.default(0),
    crit_vulnerable: rating.default(0),
    crit_quick: rating.default(0),
    source_kind: z.enum(MEASURE_SOURCE_KINDS, { message: 'invalid_source_kind' }).default('manual'),
    source_ref: z
      .string()
      .trim()
      .max(MEASURE_TEXT_MAX, { message: 'text_too_long' })
      .nullable()
      .default(null),
    report_ids: z
      .array(z.guid({ message: 'report_not_found' }))
      .max(MEASURE_REPORTS_MAX, { message: 'too_many_reports' })
      .default([]),
  })
  .refine((m) => m.status !== 'done' || m.done_date !== null, {
    message: 'done_date_required',
    path: ['done_date'],
  })
  // A day of slack for time zones; the database checks the same against its current_date.
  .refine(
    (m) =>
      m.done_date === null || Date.parse(`${m.done_date}T00:00:00Z`) <= Date.now() + 86_400_000,
    {
      message: 'invalid_date',
      path: ['done_date'],
    },
  );
export type MeasureInput = z.input<typeof measureInputSchema>;
export type MeasureValues = z.output<typeof measureInputSchema>;
