import { z } from 'zod';
import { defineApiFunction } from './define';

/** Deletes a development with its report links and assessments. */
export const deleteDevelopment = defineApiFunction(
  'delete_development',
  z.object({ id: z.guid({ message: 'development_not_found' }) }),
  z.object({ id: z.guid() }),
  (a) => ({ p_id: a.id }),
);
