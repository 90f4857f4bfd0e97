import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDateTimeLocal, toDateTimeLocal } from './datetime';

describe('datetime-local helpers', () => {
  it('formats and parses local time', () => {
    const d = new Date(2024, 5, 7, 9, 5);
    expect(toDateTimeLocal(d)).toBe('2024-06-07T09:05');
    expect(parseDateTimeLocal('2024-06-07T09:05')?.getTime()).toBe(d.getTime());
  });

  it('rejects empty and impossible dates', () => {
    expect(parseDateTimeLocal('')).toBeNull();
    expect(parseDateTimeLocal('2024-02-31T10:00')).toBeNull();
    expect(parseDateTimeLocal('yesterday')).toBeNull();
  });

  it('round-trips any minute (outside DST gaps)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 0, 1), noInvalidDate: true }), (d) => {
        const s = toDateTimeLocal(d);
        const back = parseDateTimeLocal(s);
        // A wall-clock time inside a DST gap does not exist; everything else must round-trip.
        if (back) expect(toDateTimeLocal(back)).toBe(s);
      }),
    );
  });
});
