import { z } from 'zod';
import { MEASURE_STATUSES } from '../domain/measures';
import { challengeCode } from './common';
import { effectCountsSchema } from './measure-effect';
import { followupRiskSchema } from './annual-followup';
import { defineApiFunction } from './define';
import { arabicNameSchema } from './list-categories';

/**
 * The strategy as data (issue 15, supabase/migrations/…_strategy_periods.sql): a strategy period holds its
 * challenge map (thematic areas, challenges with the four criteria's scores and the reasoning, which are
 * prioritised), which challenge each category belongs to, and per prioritised challenge an action plan per year.
 * The period in force at a time is the published period with the latest `starts_on` on or before it; a report
 * keeps the challenge of the period in force when it was filed.
 *
 * The rules mirror the SQL's so a bad draft is refused before it is sent; the database checks them again
 * (and those that need the whole period: unknown category, a category on a non-prioritised challenge, …).
 */

/** A challenge or area code as stored: lower-case letters, digits and '_', 2–40 characters. */
/** A name in the period's map (sv or en): trimmed, 1–200 characters. */
const nameSchema = z.string().trim().min(1, { message: 'name_required' }).max(200, { message: 'name_too_long' });
/** An Arabic name in the period's map (what residents read in the Arabic interface): '', null or absent = none. */
const arabicNameInput = z.string().trim().max(200, { message: 'name_too_long' }).nullish();
const codeSchema = challengeCode('invalid_code');
/** A challenge code read back (a report may carry an older period's code): any string. */
const storedCode = z.string();
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'invalid_date' });
/** One of the four criteria: 0–3, or null = not scored. */
const scoreSchema = z
  .number({ message: 'invalid_score' })
  .int({ message: 'invalid_score' })
  .min(0, { message: 'invalid_score' })
  .max(3, { message: 'invalid_score' })
  .nullable();

export const STRATEGY_PERIOD_STATUSES = ['draft', 'published'] as const;
export const ACTIVITY_STATUSES = ['planned', 'started', 'done'] as const;
export const STRATEGY_MAX_CHALLENGES = 30;
export const STRATEGY_MAX_AREAS = 20;
export const ACTION_PLAN_MAX_ACTIVITIES = 100;
export const ACTION_PLAN_MAX_INDICATORS = 30;
/** The event families a challenge may name as a whole as its actual risk (app.risk_type_family). */
export const RISK_FAMILIES = ['injury', 'police', 'event'] as const;
export const RISK_TYPES_MAX = 20;

/**
 * A challenge's actual risk (app.risk_types_ok): event types of app.risk_events, exact ('injury_severe',
 * 'police:ran') or whole families ('injury'); at most 20, no repeats.
 */
export const riskTypesSchema = z
  .array(
    z.string().regex(/^(injury|police|event|injury_(fatal|severe|slight|unknown)|(police|event):[a-z0-9_]{1,40})$/, {
      message: 'invalid_risk_types',
    }),
    { message: 'invalid_risk_types' },
  )
  .max(RISK_TYPES_MAX, { message: 'invalid_risk_types' })
  .refine((types) => new Set(types).size === types.length, { message: 'invalid_risk_types' });

/** One row of list_strategy_periods: `challenges` and `prioritised` are counts. */
export const strategyPeriodSummarySchema = z.object({
  id: z.guid(),
  name: z.string(),
  status: z.enum(STRATEGY_PERIOD_STATUSES),
  starts_on: z.string().nullable(),
  ends_on: z.string().nullable(),
  based_on: z.guid().nullable(),
  in_force: z.boolean(),
  challenges: z.number(),
  prioritised: z.number(),
  created_at: z.string(),
  published_at: z.string().nullable(),
});
export type StrategyPeriodSummary = z.infer<typeof strategyPeriodSummarySchema>;

export const periodAreaSchema = z.object({
  code: z.string(),
  name_sv: z.string(),
  name_en: z.string(),
  /** Absent when the area has no Arabic name. */
  name_ar: arabicNameSchema,
  sort: z.number(),
});
export type PeriodArea = z.infer<typeof periodAreaSchema>;

export const periodChallengeSchema = z.object({
  code: storedCode,
  name_sv: z.string(),
  name_en: z.string(),
  /** Absent when the challenge has no Arabic name (residents then read the Swedish one). */
  name_ar: arabicNameSchema,
  description_sv: z.string(),
  description_en: z.string(),
  /** Absent when the challenge has no Arabic description. */
  description_ar: arabicNameSchema,
  /** The thematic area's code; null = not placed. */
  area: z.string().nullable(),
  prioritised: z.boolean(),
  sort: z.number(),
  crit_preventive: z.number().nullable(),
  crit_research: z.number().nullable(),
  crit_vulnerable: z.number().nullable(),
  crit_quick: z.number().nullable(),
  reasoning: z.string(),
  /** The crew's field report offers this challenge's categories first and its hot spots by default. */
  crew_focus: z.boolean(),
  /** The dashboard also counts other challenges' reports linked to a planned development. */
  counts_development_links: z.boolean(),
  /** The actual-risk event types that are this challenge's actual risk (families or exact types); [] = none. */
  risk_types: z.array(z.string()),
});
export type PeriodChallenge = z.infer<typeof periodChallengeSchema>;

export const periodCategorySchema = z.object({ category: z.string(), challenge: storedCode });
export type PeriodCategory = z.infer<typeof periodCategorySchema>;

/** One indicator of an action plan; the numbers are null until known. */
export const indicatorSchema = z.object({
  name: z
    .string({ message: 'invalid_indicators' })
    .trim()
    .min(1, { message: 'invalid_indicators' })
    .max(200, { message: 'invalid_indicators' }),
  unit: z.string({ message: 'invalid_indicators' }).max(50, { message: 'invalid_indicators' }),
  baseline: z.number({ message: 'invalid_indicators' }).nullable(),
  target: z.number({ message: 'invalid_indicators' }).nullable(),
  actual: z.number({ message: 'invalid_indicators' }).nullable(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const actionPlanActivitySchema = z.object({
  id: z.guid(),
  title: z.string(),
  measure_id: z.guid().nullable(),
  /** The linked measure's title (null without one). */
  measure_title: z.string().nullable(),
  status: z.enum(ACTIVITY_STATUSES),
  note: z.string(),
});
export type ActionPlanActivity = z.infer<typeof actionPlanActivitySchema>;

export const actionPlanSchema = z.object({
  id: z.guid(),
  period_id: z.guid(),
  challenge: storedCode,
  year: z.number(),
  department: z.string(),
  target: z.string(),
  indicators: z.array(indicatorSchema),
  activities: z.array(actionPlanActivitySchema),
});
export type ActionPlan = z.infer<typeof actionPlanSchema>;

export const strategyPeriodDetailSchema = z.object({
  period: strategyPeriodSummarySchema.extend({ published_by: z.guid().nullable() }),
  areas: z.array(periodAreaSchema),
  challenges: z.array(periodChallengeSchema),
  categories: z.array(periodCategorySchema),
  action_plans: z.array(actionPlanSchema),
});
export type StrategyPeriodDetail = z.infer<typeof strategyPeriodDetailSchema>;

/** Published periods for everyone; drafts too for strategists and admins. Latest start first, drafts first. */
export const listStrategyPeriods = defineApiFunction(
  'list_strategy_periods',
  z.object({}),
  z.array(strategyPeriodSummarySchema),
  () => ({}),
);

export const getStrategyPeriod = defineApiFunction(
  'get_strategy_period',
  z.object({ id: z.guid({ message: 'period_not_found' }) }),
  strategyPeriodDetailSchema,
  (a) => ({ p_id: a.id }),
);

/** A new draft copying `from`'s areas, challenges and categories (not its action plans). */
export const draftStrategyPeriod = defineApiFunction(
  'draft_strategy_period',
  z.object({
    from: z.guid({ message: 'period_not_found' }),
    name: z
      .string({ message: 'name_required' })
      .trim()
      .min(1, { message: 'name_required' })
      .max(200, { message: 'name_too_long' }),
  }),
  z.object({ id: z.guid() }),
  (a) => ({ p_from: a.from, p_name: a.name }),
);

export const periodInputSchema = z.object({
  name: z
    .string({ message: 'name_required' })
    .trim()
    .min(1, { message: 'name_required' })
    .max(200, { message: 'name_too_long' }),
  areas: z
    .array(
      z.object({
        code: codeSchema,
        name_sv: nameSchema,
        name_en: nameSchema,
        name_ar: arabicNameInput,
        sort: z.number().int(),
      }),
    )
    .max(STRATEGY_MAX_AREAS, { message: 'too_many_areas' }),
  challenges: z
    .array(
      z.object({
        code: codeSchema,
        name_sv: nameSchema,
        name_en: nameSchema,
        name_ar: arabicNameInput,
        description_sv: z.string().max(2000, { message: 'text_too_long' }).default(''),
        description_en: z.string().max(2000, { message: 'text_too_long' }).default(''),
        description_ar: z.string().trim().max(2000, { message: 'text_too_long' }).nullish(),
        area: codeSchema.nullable().default(null),
        prioritised: z.boolean(),
        sort: z.number().int(),
        crit_preventive: scoreSchema.default(null),
        crit_research: scoreSchema.default(null),
        crit_vulnerable: scoreSchema.default(null),
        crit_quick: scoreSchema.default(null),
        reasoning: z.string().max(4000, { message: 'text_too_long' }).default(''),
        crew_focus: z.boolean().default(false),
        counts_development_links: z.boolean().default(false),
        risk_types: riskTypesSchema.default([]),
      }),
    )
    .min(1, { message: 'no_prioritised_challenge' })
    .max(STRATEGY_MAX_CHALLENGES, { message: 'too_many_challenges' }),
  /** Every active category needs exactly one row, on a prioritised challenge of this period. */
  categories: z
    .array(z.object({ category: z.string(), challenge: codeSchema }))
    .max(500, { message: 'too_many' }),
});
export type PeriodInput = z.input<typeof periodInputSchema>;

/**
 * Saves a draft wholesale (name, areas, challenges, categories; action plans are saved one by one) and returns
 * it as get_strategy_period does. Refused: period_not_draft, unknown_category, unknown_area, unknown_challenge,
 * duplicate_code, challenge_not_prioritised (a category or the crew focus on a challenge that is not),
 * category_without_challenge, no_prioritised_challenge, crew_focus_not_unique, invalid_score, invalid_code,
 * too_many_challenges, too_many_areas, invalid_risk_types.
 */
export const saveStrategyPeriod = defineApiFunction(
  'save_strategy_period',
  z.object({ id: z.guid({ message: 'period_not_found' }), period: periodInputSchema }),
  strategyPeriodDetailSchema,
  (a) => ({ p_id: a.id, p_period: a.period }),
);

/**
 * Publishes a draft from `starts_on` (after the start of the period in force; the latest published period's
 * `ends_on` becomes the day before). Refused as save is, and invalid_start_date.
 */
export const publishStrategyPeriod = defineApiFunction(
  'publish_strategy_period',
  z.object({ id: z.guid({ message: 'period_not_found' }), startsOn: dateOnly }),
  strategyPeriodSummarySchema,
  (a) => ({ p_id: a.id, p_starts_on: a.startsOn }),
);

export const actionPlanInputSchema = z.object({
  /** Generated by the client for a new plan (a retry updates the same row). */
  id: z.guid({ message: 'invalid_action_plan' }),
  period_id: z.guid({ message: 'period_not_found' }),
  challenge: codeSchema,
  year: z
    .number({ message: 'invalid_year' })
    .int({ message: 'invalid_year' })
    .min(2000, { message: 'invalid_year' })
    .max(2100, { message: 'invalid_year' }),
  department: z
    .string({ message: 'department_required' })
    .trim()
    .min(1, { message: 'department_required' })
    .max(200, { message: 'name_too_long' }),
  target: z.string().max(4000, { message: 'text_too_long' }).default(''),
  indicators: z
    .array(indicatorSchema)
    .max(ACTION_PLAN_MAX_INDICATORS, { message: 'invalid_indicators' })
    .default([]),
  /** Replaces the plan's activities; an activity without an id is new. */
  activities: z
    .array(
      z.object({
        id: z.guid({ message: 'invalid_activity' }).optional(),
        title: z
          .string()
          .trim()
          .min(1, { message: 'title_required' })
          .max(300, { message: 'text_too_long' }),
        measure_id: z.guid({ message: 'measure_not_found' }).nullable().default(null),
        status: z.enum(ACTIVITY_STATUSES, { message: 'invalid_activity' }).default('planned'),
        note: z.string().max(2000, { message: 'text_too_long' }).default(''),
      }),
    )
    .max(ACTION_PLAN_MAX_ACTIVITIES, { message: 'too_many' })
    .default([]),
});
export type ActionPlanInput = z.input<typeof actionPlanInputSchema>;

/**
 * Creates or updates one action plan (unique per period, challenge and year) with its activities. The challenge
 * must be prioritised in the period; linked measures must exist.
 */
export const saveActionPlan = defineApiFunction(
  'save_action_plan',
  z.object({ plan: actionPlanInputSchema }),
  actionPlanSchema,
  (a) => ({ p_plan: a.plan }),
);

export const followupActivitySchema = z.object({
  id: z.guid(),
  title: z.string(),
  status: z.enum(ACTIVITY_STATUSES),
  note: z.string(),
  /** The linked measure; `effect` is its before/after counts (12 months, comparison 'district') once done. */
  measure: z
    .object({
      id: z.guid(),
      title: z.string(),
      status: z.enum(MEASURE_STATUSES),
      done_date: z.string().nullable(),
      effect: effectCountsSchema.nullable(),
    })
    .nullable(),
});

export const followupPlanSchema = z.object({
  id: z.guid(),
  department: z.string(),
  challenge: storedCode,
  target: z.string(),
  indicators: z.array(indicatorSchema),
  activities: z.array(followupActivitySchema),
  /** The challenge's reports (stored challenge, duplicates excluded) observed in the year and the year before. */
  reports: z.object({ year: z.number(), previous_year: z.number() }),
  /** The challenge's actual risk by this period's risk types for it; null without risk types. */
  risk: followupRiskSchema.nullable(),
});
export type FollowupPlan = z.infer<typeof followupPlanSchema>;

/** The action plans' follow-up for one year of one period, ordered by department and challenge. */
export const actionPlanFollowup = defineApiFunction(
  'action_plan_followup',
  z.object({
    period: z.guid({ message: 'period_not_found' }),
    year: z
      .number({ message: 'invalid_year' })
      .int({ message: 'invalid_year' })
      .min(2000, { message: 'invalid_year' })
      .max(2100, { message: 'invalid_year' }),
  }),
  z.object({
    period: z.object({
      id: z.guid(),
      name: z.string(),
      starts_on: z.string().nullable(),
      ends_on: z.string().nullable(),
    }),
    year: z.number(),
    plans: z.array(followupPlanSchema),
  }),
  (a) => ({ p_period: a.period, p_year: a.year }),
);
export type ActionPlanFollowup = z.infer<typeof actionPlanFollowup.result>;
