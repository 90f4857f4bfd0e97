import { z } from 'zod';
import { CHALLENGES } from '../domain/challenges';

export const districtSchema = z.object({
  code: z.number(),
  name: z.string(),
  stadsdel: z.string(),
  stadsomrade: z.string(),
});
export type District = z.infer<typeof districtSchema>;

export const challengeCodeSchema = z.enum(CHALLENGES);
export const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp');
