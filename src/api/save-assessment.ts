import { z } from 'zod';
import { isoDate } from './common';
import { ASSESSMENT_FACTORS } from '../domain/assessment-factors';
import { defineApiFunction } from './define';

/** Factor codes (BoTryggt2030 + CPTED): the list in src/domain, equal to app.assessment_factors() in SQL. */
export const ASSESSMENT_FACTOR_CODES = ASSESSMENT_FACTORS;
export type AssessmentFactorCode = (typeof ASSESSMENT_FACTOR_CODES)[number];

export const assessmentFactorSchema = z.object({
  factor: z.enum(ASSESSMENT_FACTOR_CODES, { message: 'invalid_factor' }),
  /** 1 (poor) – 5 (good), or null when not rated yet. */
  rating: z
    .number({ message: 'invalid_rating' })
    .int({ message: 'invalid_rating' })
    .min(1, { message: 'invalid_rating' })
    .max(5, { message: 'invalid_rating' })
    .nullable(),
  note: z.string().max(2000, { message: 'note_too_long' }).nullable(),
  /** Reports that support the rating (must exist). */
  report_ids: z.array(z.guid({ message: 'report_not_found' })).max(1000, { message: 'report_not_found' }),
});
export type AssessmentFactor = z.infer<typeof assessmentFactorSchema>;

/** Saves a new version of the development's assessment (earlier versions are never changed). */
export const saveAssessment = defineApiFunction(
  'save_assessment',
  z.object({
    developmentId: z.guid({ message: 'development_not_found' }),
    factors: z
      .array(assessmentFactorSchema)
      .refine((fs) => new Set(fs.map((f) => f.factor)).size === fs.length, { message: 'invalid_factor' }),
  }),
  z.object({ version: z.number(), created_at: isoDate }),
  (a) => ({ p_development_id: a.developmentId, p_factors: a.factors }),
);
export type SavedAssessment = z.infer<typeof saveAssessment.result>;
