import { describe, expect, it } from 'vitest';
import { parseReportRef, staffTargets } from './status-rules';

const transitions = [
  { from: 'new', to: 'confirmed', roles: ['crew', 'admin'] },
  { from: 'new', to: 'referred', roles: ['crew', 'planner', 'admin'] },
  { from: 'resolved', to: 'confirmed', roles: ['resident', 'admin'] },
];

describe('status rules', () => {
  it('offers exactly the role\'s transitions from the current status', () => {
    expect(staffTargets(transitions, 'new', 'crew')).toEqual(['confirmed', 'referred']);
    expect(staffTargets(transitions, 'new', 'planner')).toEqual(['referred']);
    expect(staffTargets(transitions, 'resolved', 'crew')).toEqual([]);
    expect(staffTargets(transitions, 'new', 'strategist')).toEqual([]);
  });
  it('reads a report id from an id or a link', () => {
    const id = '0b6a2d8e-4a53-4d1e-9c9e-1f2a3b4c5d6e';
    expect(parseReportRef(` ${id.toUpperCase()} `)).toBe(id);
    expect(parseReportRef(`https://x.example/#/report/${id}`)).toBe(id);
    expect(parseReportRef('nope')).toBeNull();
  });
});
