import { z } from 'zod';
import { defineApiFunction } from './define';

/** Deletes a draft strategy period with its challenge map and action plans; a published period is never deleted. */
export const deleteStrategyPeriod = defineApiFunction(
  'delete_strategy_period',
  z.object({ id: z.guid({ message: 'period_not_found' }) }),
  z.object({ id: z.guid() }),
  (a) => ({ p_id: a.id }),
);
