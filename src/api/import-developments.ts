import { z } from 'zod';
import { defineApiFunction } from './define';
import { developmentInputSchema } from './list-developments';

/** At most this many features per import (the database refuses more with `too_many_features`). */
export const MAX_IMPORT_FEATURES = 2000;

/**
 * Stores every feature or none. The database validates each again and, on the first bad one, raises its code
 * with the 0-based index of the feature in the exception DETAIL (`feature 3`).
 */
export const importDevelopments = defineApiFunction(
  'import_developments',
  z.object({
    features: z.array(developmentInputSchema).max(MAX_IMPORT_FEATURES, { message: 'too_many_features' }),
  }),
  z.object({ inserted: z.number(), ids: z.array(z.guid()) }),
  (a) => ({
    p_features: a.features.map((f) => ({
      name: f.name,
      plan_id: f.planId ?? null,
      phase: f.phase,
      expected_completion: f.expectedCompletion ?? null,
      link: f.link ?? null,
      geometry: f.geometry,
    })),
  }),
);
export type ImportedDevelopments = z.infer<typeof importDevelopments.result>;
