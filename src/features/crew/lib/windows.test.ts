import { describe, expect, it } from 'vitest';
import { analysisWindow } from './windows';
import { UPDATE_PHOTO_PATH } from '../../../api/change-status';
import { targetSize } from '../../../ui/photo-encode';
import { updatePhotoPath } from './photo';

describe('analysisWindow', () => {
  it('splits 180 days into 28 recent + 152 baseline days ending just after now', () => {
    const now = new Date('2026-12-01T10:15:30Z');
    const w = analysisWindow(now, 180, 28);
    expect(w.to.toISOString()).toBe('2026-12-01T10:17:00.000Z');
    expect((w.to.getTime() - w.from.getTime()) / 86_400_000).toBe(180);
    expect((w.to.getTime() - w.recentFrom.getTime()) / 86_400_000).toBe(28);
    expect(w.baselineDays).toBe(152);
  });
  it('refuses a recent part as long as the window', () => {
    expect(() => analysisWindow(new Date(), 28, 28)).toThrow(RangeError);
  });
});

describe('photo helpers', () => {
  it('scales the longest edge down to 1600 px, never up', () => {
    // the shared re-encoder's maths (src/ui/photo-encode.ts)
    expect(targetSize(4000, 3000)).toMatchObject({ width: 1600, height: 1200 });
    expect(targetSize(800, 600)).toMatchObject({ width: 800, height: 600 });
  });
  it('builds the update photo path change_status accepts', () => {
    const uid = '11111111-2222-4333-8444-555555555555';
    expect(updatePhotoPath(uid, 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee')).toBe(`${uid}/updates/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee.jpg`);
    expect(UPDATE_PHOTO_PATH.test(updatePhotoPath(uid))).toBe(true);
  });
});
