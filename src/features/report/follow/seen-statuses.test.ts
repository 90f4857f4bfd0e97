import { describe, expect, it } from 'vitest';
import { nextSeen, unseenChanges } from '../lib/seen-statuses';
import { notAboutOwnReports } from './use-my-reports-live';

describe('seen statuses', () => {
  it('a report never seen is a baseline, not a change; a different status than the one seen is', () => {
    const reports = [
      { id: 'a', status: 'resolved' },
      { id: 'b', status: 'new' },
      { id: 'c', status: 'confirmed' },
    ];
    expect(unseenChanges(reports, { a: 'new', b: 'new' }).map((r) => r.id)).toEqual(['a']);
    expect(nextSeen({ a: 'new', b: 'new' }, reports, () => false)).toEqual({ a: 'new', b: 'new', c: 'confirmed' });
    expect(nextSeen({ a: 'new', b: 'new' }, reports, (id) => id === 'a')).toEqual({ a: 'resolved', b: 'new', c: 'confirmed' });
  });

  it('returns the same object when nothing changed (the store then publishes nothing)', () => {
    const seen = { a: 'new' };
    expect(nextSeen(seen, [{ id: 'a', status: 'resolved' }], () => false)).toBe(seen);
    expect(nextSeen(seen, [{ id: 'a', status: 'new' }], () => true)).toBe(seen);
  });

  it('keeps reports not listed (one sent from this browser may not be listed yet)', () => {
    expect(nextSeen({ a: 'new', z: 'new' }, [{ id: 'a', status: 'confirmed' }], () => true)).toEqual({ a: 'confirmed', z: 'new' });
  });
});

describe('which live changes Mina rapporter follows', () => {
  it('ignores updates of other reports; never an insert or a "refetch everything"', () => {
    const ignore = notAboutOwnReports(['a']);
    expect(ignore({ id: 'b', kind: 'update' })).toBe(true);
    expect(ignore({ id: 'a', kind: 'update' })).toBe(false);
    expect(ignore({ id: 'b', kind: 'insert' })).toBe(false);
    expect(ignore({ id: null, kind: 'update' })).toBe(false);
  });
});
