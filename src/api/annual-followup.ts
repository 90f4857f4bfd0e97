import { z } from 'zod';
import { effectCountsSchema } from './measure-effect';
import { measureSchema } from './save-measure';
import { challengeCode } from './common';
import { defineApiFunction } from './define';

/**
 * The yearly follow-up of one challenge: reports observed in the calendar year (Europe/Stockholm), the
 * measures placed (created) and done that year, and for each done measure the raw before/after counts
 * (12 months, comparison 'district') — the client computes rate ratios with src/analysis/effect.ts and the
 * open hotspots itself.
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
  }),
  (a) => ({ p_year: a.year, p_challenge: a.challenge }),
);
export type AnnualFollowup = z.infer<typeof annualFollowup.result>;
