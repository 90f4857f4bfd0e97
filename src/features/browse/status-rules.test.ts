import { describe, expect, it } from 'vitest';
import { noteRequired, parseReportRef, reopenDeadline, staffTargets } from './status-rules';

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
  it('requires a note where the contract does', () => {
    expect(noteRequired('confirmed', false)).toBe(false);
    expect(noteRequired('resolved', false)).toBe(false);
    for (const to of ['not_actionable', 'referred', 'duplicate']) expect(noteRequired(to, false)).toBe(true);
    expect(noteRequired('confirmed', true)).toBe(true);
  });
  it('reopen deadline is 30 days after the latest resolution', () => {
    const updates = [
      { to_status: 'resolved', created_at: '2026-01-01T10:00:00Z' },
      { to_status: 'confirmed', created_at: '2026-01-05T10:00:00Z' },
      { to_status: 'resolved', created_at: '2026-01-10T10:00:00Z' },
    ];
    expect(reopenDeadline(updates, 'resolved')?.toISOString()).toBe('2026-02-09T10:00:00.000Z');
    expect(reopenDeadline([], 'resolved')).toBeNull();
  });
  it('reads a report id from an id or a link', () => {
    const id = '0b6a2d8e-4a53-4d1e-9c9e-1f2a3b4c5d6e';
    expect(parseReportRef(` ${id.toUpperCase()} `)).toBe(id);
    expect(parseReportRef(`https://x.example/#/report/${id}`)).toBe(id);
    expect(parseReportRef('nope')).toBeNull();
  });
});
