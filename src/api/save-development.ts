import { z } from 'zod';
import { defineApiFunction } from './define';
import { developmentInputSchema, developmentSchema } from './list-developments';

/** Inserts (new id) or updates (existing id) one development, e.g. an outline drawn on the map. */
export const saveDevelopment = defineApiFunction(
  'save_development',
  developmentInputSchema.extend({ id: z.guid({ message: 'development_not_found' }) }),
  developmentSchema,
  (a) => ({
    p_id: a.id,
    p_name: a.name,
    p_plan_id: a.planId ?? null,
    p_phase: a.phase,
    p_expected_completion: a.expectedCompletion ?? null,
    p_link: a.link ?? null,
    p_geometry: a.geometry,
  }),
);
