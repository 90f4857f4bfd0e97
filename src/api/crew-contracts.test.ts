import { describe, expect, it } from 'vitest';
import { recordingBackend } from './recording-backend.test-helper';
import { changeStatus } from './change-status';
import { changeStatusMany } from './change-status-many';
import { claimReport } from './claim-report';
import { hotspotCells } from './hotspot-cells';
import { workList } from './work-list';

const ID = '0b6a4a4e-2f7e-4c58-9d35-0f1e1d7c2a11';
const UID = '5f0c8a3e-6d1b-4e2f-8a9c-7b3d2e1f0a22';

describe('crew contracts', () => {
  it('hotspot_cells sends the cell size, filters as ISO strings and parses the cell tuples', async () => {
    const answer = { cell_m: 100, total: 3, cells: [[2502, 34296, 3, 1, 2]] };
    const { backend, calls } = recordingBackend(answer);
    const from = new Date('2026-09-01T00:00:00Z');
    expect(await hotspotCells.call(backend, { cellM: 100, challenges: ['renhallning'], from, recentFrom: from })).toEqual(answer);
    expect(calls[0]).toEqual({
      fn: 'hotspot_cells',
      args: {
        p_cell_m: 100, p_challenges: ['renhallning'], p_categories: null, p_from: '2026-09-01T00:00:00.000Z',
        p_to: null, p_recent_from: '2026-09-01T00:00:00.000Z',
      },
    });
  });

  it('hotspot_cells refuses a cell size outside 50–500 m and an unknown challenge before calling', async () => {
    const { backend, calls } = recordingBackend({});
    await expect(hotspotCells.call(backend, { cellM: 49 })).rejects.toMatchObject({ code: 'invalid_cell_size' });
    await expect(hotspotCells.call(backend, { cellM: 501 })).rejects.toMatchObject({ code: 'invalid_cell_size' });
    await expect(hotspotCells.call(backend, { cellM: 100, challenges: ['x' as never] })).rejects.toMatchObject({ code: 'invalid_filter' });
    expect(calls).toHaveLength(0);
  });

  it('hotspot_cells rejects a malformed answer as unexpected', async () => {
    const { backend } = recordingBackend({ cell_m: 100, total: 1, cells: [[1, 2, 3]] });
    await expect(hotspotCells.call(backend, { cellM: 100 })).rejects.toMatchObject({ code: 'unexpected' });
  });

  it('work_list has the documented defaults and validates the items', async () => {
    const item = {
      id: ID, category: 'litter', challenge: 'renhallning', status: 'new', lon: 13, lat: 55.6, district_code: 11312,
      district_name: 'Gamla staden', observed_at: '2026-11-01T10:00:00+00:00', created_at: '2026-11-01T10:05:00+00:00',
      supports: 2, description: 'Skräp', source: 'resident', has_photo: false, assigned_to_me: false, assigned: true,
      assignee: UID, due_on: '2026-12-10',
      q: 2502, r: 34296,
    };
    const { backend, calls } = recordingBackend({ total: 1, items: [item] });
    expect((await workList.call(backend, {})).items[0]).toEqual(item);
    expect(calls[0]?.args).toEqual({ p_district_codes: null, p_statuses: null, p_challenges: null, p_limit: 500, p_cell_m: 100, p_categories: null });
    await expect(workList.call(backend, { limit: 5001 })).rejects.toMatchObject({ code: 'invalid_filter' });
    const bad = recordingBackend({ total: 1, items: [{ ...item, reporter_id: UID, status: 'open' }] });
    await expect(workList.call(bad.backend, {})).rejects.toMatchObject({ code: 'unexpected' });
  });

  it('claim_report sends release false by default and maps already_claimed', async () => {
    const { backend, calls } = recordingBackend({ id: ID, assigned_to: UID, assigned_at: '2026-12-01T10:00:00Z', status: 'in_progress' });
    expect((await claimReport.call(backend, { reportId: ID })).assigned_to).toBe(UID);
    expect(calls[0]?.args).toEqual({ p_report_id: ID, p_release: false });
    const taken = recordingBackend(new Error('already_claimed'));
    await expect(claimReport.call(taken.backend, { reportId: ID })).rejects.toMatchObject({ code: 'already_claimed' });
  });

  it('change_status_many refuses more than 500 ids before calling', async () => {
    const { backend, calls } = recordingBackend({ changed: 1, ids: [ID] });
    expect(await changeStatusMany.call(backend, { reportIds: [ID], toStatus: 'resolved' })).toEqual({ changed: 1, ids: [ID] });
    expect(calls[0]?.args).toEqual({ p_report_ids: [ID], p_to_status: 'resolved', p_note: null });
    await expect(
      changeStatusMany.call(backend, { reportIds: Array.from({ length: 501 }, () => ID), toStatus: 'resolved' }),
    ).rejects.toMatchObject({ code: 'too_many' });
    expect(calls).toHaveLength(1);
  });

  it('change_status sends p_photo_path only with a photo, and checks its shape', async () => {
    const { backend, calls } = recordingBackend({ id: ID, status: 'resolved', status_group: 'closed', updated_at: '2026-12-01T10:00:00Z' });
    const path = `${UID}/updates/${ID}.jpg`;
    await changeStatus.call(backend, { reportId: ID, toStatus: 'resolved', photoPath: path });
    expect(calls[0]?.args).toMatchObject({ p_photo_path: path });
    await changeStatus.call(backend, { reportId: ID, toStatus: 'resolved' });
    expect(calls[1]?.args).not.toHaveProperty('p_photo_path');
    await expect(
      changeStatus.call(backend, { reportId: ID, toStatus: 'resolved', photoPath: `${UID}/${ID}.jpg` }),
    ).rejects.toMatchObject({ code: 'invalid_photo_path' });
    expect(calls).toHaveLength(2);
  });
});
