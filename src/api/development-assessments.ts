import { z } from 'zod';
import { isoDate } from './common';
import { defineApiFunction } from './define';
import { assessmentFactorSchema } from './save-assessment';

/** Every version of a development's assessment, newest first. */
export const developmentAssessments = defineApiFunction(
  'development_assessments',
  z.object({ developmentId: z.guid({ message: 'development_not_found' }) }),
  z.object({
    items: z.array(
      z.object({
        version: z.number(),
        created_at: isoDate,
        /** The author's role when saving (crew/planner/strategist/admin); never an e-mail. */
        author_label: z.string(),
        /** Only staff can call this function, and staff may see who wrote it. */
        author_id: z.guid().nullable(),
        is_mine: z.boolean(),
        factors: z.array(assessmentFactorSchema),
      }),
    ),
  }),
  (a) => ({ p_development_id: a.developmentId }),
);
export type DevelopmentAssessments = z.infer<typeof developmentAssessments.result>;
export type DevelopmentAssessment = DevelopmentAssessments['items'][number];
