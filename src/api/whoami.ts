import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { defineApiFunction } from './define';

export const whoami = defineApiFunction(
  'whoami',
  z.object({}),
  z.object({ user_id: z.guid().nullable(), role: z.enum(ROLES) }),
  () => ({}),
);
