import { z } from 'zod';
import { defineApiFunction } from './define';

/** The people a report can be assigned to (crew and admins), by e-mail; `me` marks the caller. */
export const crewColleagues = defineApiFunction(
  'crew_colleagues',
  z.object({}),
  z.object({ items: z.array(z.object({ id: z.guid(), email: z.string().nullable(), me: z.boolean() })) }),
  () => ({}),
);
export type CrewColleagues = z.infer<typeof crewColleagues.result>;
