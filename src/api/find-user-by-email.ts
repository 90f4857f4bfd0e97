import { z } from 'zod';
import { defineApiFunction } from './define';

/** Admins only: the id of the one account with exactly this e-mail address (nothing else about it). */
export const findUserByEmail = defineApiFunction(
  'find_user_by_email',
  z.object({
    email: z
      .string()
      .trim()
      .min(3, { message: 'invalid_email' })
      .max(320, { message: 'invalid_email' })
      .refine((s) => s.includes('@'), { message: 'invalid_email' }),
  }),
  z.object({ user_id: z.guid() }),
  (a) => ({ p_email: a.email }),
);
