import { describe, expect, it } from 'vitest';
import { noteRequired, reopenDeadline, type StatusRule } from './status-rules';

// The rules as seed.sql fills app.statuses.
const statuses: StatusRule[] = [
  { code: 'new', note_required: false, reopen_days: null },
  { code: 'confirmed', note_required: false, reopen_days: null },
  { code: 'in_progress', note_required: false, reopen_days: null },
  { code: 'resolved', note_required: false, reopen_days: 30 },
  { code: 'not_actionable', note_required: true, reopen_days: null },
  { code: 'duplicate', note_required: true, reopen_days: null },
  { code: 'referred', note_required: true, reopen_days: null },
];

describe('status rules', () => {
  it('requires a note where the contract does', () => {
    expect(noteRequired(statuses, 'confirmed', false)).toBe(false);
    expect(noteRequired(statuses, 'resolved', false)).toBe(false);
    for (const to of ['not_actionable', 'referred', 'duplicate']) expect(noteRequired(statuses, to, false)).toBe(true);
    expect(noteRequired(statuses, 'confirmed', true)).toBe(true);
  });
  it('reads the rule from the data, not from a list of its own', () => {
    const changed = statuses.map((s) => (s.code === 'resolved' ? { ...s, note_required: true } : s));
    expect(noteRequired(changed, 'resolved', false)).toBe(true);
    expect(noteRequired([], 'referred', false)).toBe(false);
  });
  it('reopen deadline is 30 days after the latest resolution', () => {
    const updates = [
      { to_status: 'resolved', created_at: '2026-01-01T10:00:00Z' },
      { to_status: 'confirmed', created_at: '2026-01-05T10:00:00Z' },
      { to_status: 'resolved', created_at: '2026-01-10T10:00:00Z' },
    ];
    expect(reopenDeadline(statuses, updates, 'resolved')?.toISOString()).toBe('2026-02-09T10:00:00.000Z');
    expect(reopenDeadline(statuses, [], 'resolved')).toBeNull();
  });
  it('has no reopen deadline for a status that cannot be reopened, and follows reopen_days', () => {
    const updates = [{ to_status: 'referred', created_at: '2026-01-10T10:00:00Z' }];
    expect(reopenDeadline(statuses, updates, 'referred')).toBeNull();
    const week = statuses.map((s) => (s.code === 'referred' ? { ...s, reopen_days: 7 } : s));
    expect(reopenDeadline(week, updates, 'referred')?.toISOString()).toBe('2026-01-17T10:00:00.000Z');
  });
});
