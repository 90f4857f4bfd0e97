import { z } from 'zod';
import { effectCountsSchema } from './measure-effect';
import { measureSchema } from './save-measure';
import { challengeCode } from './common';
import { defineApiFunction } from './define';

/** A year's events of actual risk: `total` is null when the sources cover no day of the year (never 0 then). */
const followupRiskYearSchema = z.object({
  total: z.number().nullable(),
  /** Days of the year inside some source's range (holding events of the types), of `days`. */
  covered_days: z.number(),
  days: z.number(),
});

/**
 * A follow-up's actual risk for one challenge (app.followup_risk): the events of its risk types (families or exact
 * types) in the whole city in the year and the year before, by type (null for a year no source covers), and the
 * sources holding events of those types that overlap the two years, with their provenance and range ('YYYY-MM-DD',
 * inclusive). Null when the challenge has no risk types.
 */
export const followupRiskSchema = z.object({
  types: z.array(z.string()),
  year: followupRiskYearSchema,
  previous_year: followupRiskYearSchema,
  by_type: z.array(
    z.object({ type: z.string(), year: z.number().nullable(), previous_year: z.number().nullable() }),
  ),
  sources: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      provenance: z.string(),
      period_from: z.string(),
      period_to: z.string(),
    }),
  ),
});
export type FollowupRisk = z.infer<typeof followupRiskSchema>;

/**
 * The yearly follow-up of one challenge: reports observed in the calendar year (Europe/Stockholm), the
 * measures placed (created) and done that year, and for each done measure the raw before/after counts
 * (12 months, comparison 'district') — the client computes rate ratios with src/analysis/effect.ts and the
 * open hotspots itself. `risk`: the challenge's actual risk by the risk types in force at the year's end
 * (followupRiskSchema), null without risk types.
 */
export const annualFollowup = defineApiFunction(
  'annual_followup',
  z.object({
    year: z
      .number({ message: 'invalid_year' })
      .int({ message: 'invalid_year' })
      .min(2000, { message: 'invalid_year' })
      .max(2100, { message: 'invalid_year' }),
    challenge: challengeCode('invalid_challenge'),
  }),
  z.object({
    year: z.number(),
    challenge: z.string(),
    reported: z.object({
      total: z.number(),
      by_category: z.array(z.object({ code: z.string(), n: z.number() })),
      by_month: z.array(
        z.object({ month: z.string(), reported: z.number(), resolved: z.number() }),
      ),
    }),
    measures: z.object({ placed: z.array(measureSchema), done: z.array(measureSchema) }),
    effects: z.array(effectCountsSchema),
    risk: followupRiskSchema.nullable(),
  }),
  (a) => ({ p_year: a.year, p_challenge: a.challenge }),
);
export type AnnualFollowup = z.infer<typeof annualFollowup.result>;
