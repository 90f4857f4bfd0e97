import { z } from 'zod';
import { defineApiFunction } from './define';

/** Unlinks the caller from their reports (they stay, anonymous) and deletes their supports. */
export const deleteMyData = defineApiFunction(
  'delete_my_data',
  z.object({}),
  z.object({
    reports_unlinked: z.number().int().nonnegative(),
    supports_deleted: z.number().int().nonnegative(),
  }),
  () => ({}),
);
export type DeletedData = z.infer<typeof deleteMyData.result>;
