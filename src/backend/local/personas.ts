import type { Role } from '../../domain/roles';

/** A demo persona of local mode. The staff personas have fixed ids; the resident's is made per browser. */
export interface Persona {
  role: Role;
  userId: string | null;
  label: string;
  /** Residents are anonymous Supabase users; staff sign in with e-mail. */
  isAnonymous: boolean;
  email?: string;
}

export const STAFF_PERSONAS = [
  {
    role: 'crew',
    userId: '00000000-0000-4000-8000-00000000c001',
    label: 'Renhållning (crew)',
    isAnonymous: false,
    email: 'crew@demo.trygghetskartan.local',
  },
  {
    role: 'planner',
    userId: '00000000-0000-4000-8000-00000000c002',
    label: 'Planner',
    isAnonymous: false,
    email: 'planner@demo.trygghetskartan.local',
  },
  {
    role: 'strategist',
    userId: '00000000-0000-4000-8000-00000000c003',
    label: 'Strategist',
    isAnonymous: false,
    email: 'strategist@demo.trygghetskartan.local',
  },
  {
    role: 'moderator',
    userId: '00000000-0000-4000-8000-00000000c005',
    label: 'Moderator',
    isAnonymous: false,
    email: 'moderator@demo.trygghetskartan.local',
  },
  {
    role: 'admin',
    userId: '00000000-0000-4000-8000-00000000c004',
    label: 'Administrator',
    isAnonymous: false,
    email: 'admin@demo.trygghetskartan.local',
  },
] as const satisfies readonly Persona[];

export const ANON_PERSONA: Persona = { role: 'anon', userId: null, label: 'Anonymous', isAnonymous: true };

export function residentPersona(userId: string): Persona {
  return { role: 'resident', userId, label: 'Resident', isAnonymous: true };
}

/** All personas, the default (resident) first. */
export function allPersonas(residentId: string): Persona[] {
  return [residentPersona(residentId), ...STAFF_PERSONAS, ANON_PERSONA];
}

export const RESIDENT_ID_KEY = 'trygghetskartan.local.residentId';
export const PERSONA_KEY = 'trygghetskartan.local.persona';

/** The resident's id for this browser: made once, kept in localStorage so "my reports" survives reloads. */
export function residentIdFrom(storage: Pick<Storage, 'getItem' | 'setItem'> | null, makeId: () => string): string {
  const existing = storage?.getItem(RESIDENT_ID_KEY);
  if (existing && /^[0-9a-f-]{36}$/i.test(existing)) return existing;
  const id = makeId();
  try {
    storage?.setItem(RESIDENT_ID_KEY, id);
  } catch {
    // Private mode or quota: the id lasts for this session only.
  }
  return id;
}

/** A new resident id for this browser, replacing the stored one (after "delete my data": a new visitor). */
export function replaceResidentId(storage: Pick<Storage, 'setItem'> | null, makeId: () => string): string {
  const id = makeId();
  try {
    storage?.setItem(RESIDENT_ID_KEY, id);
  } catch {
    // Private mode or quota: the id lasts for this session only.
  }
  return id;
}
