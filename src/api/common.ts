import { z } from 'zod';
import { CHALLENGE_CODE_PATTERN } from '../domain/challenges';

export const districtSchema = z.object({
  code: z.number(),
  name: z.string(),
  stadsdel: z.string(),
  stadsomrade: z.string(),
});
export type District = z.infer<typeof districtSchema>;

/**
 * A challenge code: any code of a strategy period (no fixed list; the database knows which exist). `message` is the
 * stable error code an argument that is not a code fails with.
 */
export const challengeCode = (message = 'invalid_challenge') => z.string().regex(CHALLENGE_CODE_PATTERN, { message });
export const challengeCodeSchema = challengeCode();
export const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp');
