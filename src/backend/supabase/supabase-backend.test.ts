import { describe, expect, it } from 'vitest';
import { identityFromWhoami, isAlreadyExists } from './supabase-backend';

describe('supabase adapter helpers', () => {
  it('reads whoami', () => {
    expect(identityFromWhoami({ user_id: 'u', role: 'crew' }, 'a@b.se')).toEqual({ userId: 'u', role: 'crew', label: 'a@b.se' });
    expect(identityFromWhoami({ user_id: null, role: 'anon' })).toEqual({ userId: null, role: 'anon' });
    expect(identityFromWhoami({ user_id: 'u', role: 'weird' })).toEqual({ userId: 'u', role: 'resident' });
    expect(identityFromWhoami(null)).toEqual({ userId: null, role: 'anon' });
  });
  it('treats "already exists" as success', () => {
    expect(isAlreadyExists({ message: 'The resource already exists', statusCode: '409' })).toBe(true);
    expect(isAlreadyExists({ message: 'Duplicate' })).toBe(true);
    expect(isAlreadyExists({ message: 'new row violates row-level security policy', statusCode: '403' })).toBe(false);
    expect(isAlreadyExists(null)).toBe(false);
  });
});
