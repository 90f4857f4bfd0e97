import { z } from 'zod';
import { defineApiFunction } from './define';

/** Deletes an action plan and its activities (the measures they linked stay). */
export const deleteActionPlan = defineApiFunction(
  'delete_action_plan',
  z.object({ id: z.guid({ message: 'action_plan_not_found' }) }),
  z.object({ id: z.guid(), deleted_activities: z.number() }),
  (a) => ({ p_id: a.id }),
);
