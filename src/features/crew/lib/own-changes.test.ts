import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { WorkList } from '../../../api';
import { crewListKey, isOwn, markOwn, patchWorkLists } from './own-changes';

const item = (id: string, status: WorkList['items'][number]['status']): WorkList['items'][number] => ({
  id,
  category: 'litter',
  challenge: 'renhallning',
  status,
  lon: 13,
  lat: 55.6,
  district_code: null,
  district_name: null,
  observed_at: '2026-11-01T10:00:00Z',
  created_at: '2026-11-01T10:00:00Z',
  supports: 0,
  description: 'x',
  source: 'resident',
  has_photo: false,
  assigned_to_me: false,
  assigned: false,
  assignee: null,
  due_on: null,
  q: 1,
  r: 2,
});

describe('own changes', () => {
  it('remembers ids for 15 s', () => {
    markOwn(['a'], 1000);
    expect(isOwn('a', 1000 + 14_000)).toBe(true);
    expect(isOwn('a', 1000 + 16_000)).toBe(false);
    expect(isOwn('b', 1000)).toBe(false);
    expect(isOwn(null)).toBe(false);
  });

  it('patches cached lists and drops items that leave the status filter', () => {
    const qc = new QueryClient();
    const open = crewListKey({ districtCodes: null, statuses: ['new', 'confirmed', 'in_progress'], cellM: 100 });
    const resolvedOnly = crewListKey({ districtCodes: null, statuses: ['resolved'], cellM: 100 });
    qc.setQueryData(open, { total: 3, items: [item('a', 'new'), item('b', 'confirmed'), item('c', 'new')] });
    qc.setQueryData(resolvedOnly, { total: 1, items: [item('z', 'resolved')] });
    patchWorkLists(qc, new Set(['a']), { assigned: true, assigned_to_me: true });
    patchWorkLists(qc, new Set(['b']), { status: 'resolved' });
    const after = qc.getQueryData<WorkList>(open)!;
    expect(after.total).toBe(2);
    expect(after.items.map((i) => [i.id, i.assigned_to_me])).toEqual([
      ['a', true],
      ['c', false],
    ]);
    // a list that never had the item is left as it was (it is refetched when shown)
    expect(qc.getQueryData<WorkList>(resolvedOnly)!.items.map((i) => i.id)).toEqual(['z']);
  });
});
