import { describe, expect, it } from 'vitest';
import { isPlausibleEmail, orderPersonas } from './persona-order';
import { isRole } from '../../domain/roles';

describe('personas', () => {
  it('orders personas and drops duplicates', () => {
    expect(
      orderPersonas([{ role: 'anon' }, { role: 'strategist' }, { role: 'resident' }, { role: 'crew' }, { role: 'planner' }, { role: 'crew' }]),
    ).toEqual(['resident', 'crew', 'planner', 'strategist', 'anon']);
  });
  it('recognises roles and e-mail addresses', () => {
    expect(isRole('planner')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isPlausibleEmail(' anna.andersson@malmo.se ')).toBe(true);
    expect(isPlausibleEmail('anna@')).toBe(false);
  });
});
