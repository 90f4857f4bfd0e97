import { describe, expect, it } from 'vitest';
import { recordingBackend } from './recording-backend.test-helper';
import { changeStatus } from './change-status';
import { deleteMyData } from './delete-my-data';
import { setStaffRole } from './set-staff-role';

const ID = '0b6a4a4e-2f7e-4c58-9d35-0f1e1d7c2a11';
const OTHER = '5f0c8a3e-6d1b-4e2f-8a9c-7b3d2e1f0a22';

describe('issue 3 contracts', () => {
  it('change_status sends named arguments (nulls for the optional ones) and parses the result', async () => {
    const answer = {
      id: ID,
      status: 'confirmed',
      status_group: 'open',
      updated_at: '2026-12-01T10:00:00Z',
    };
    const { backend, calls } = recordingBackend(answer);
    expect(await changeStatus.call(backend, { reportId: ID, toStatus: 'confirmed' })).toEqual(
      answer,
    );
    expect(calls[0]).toEqual({
      fn: 'change_status',
      args: { p_report_id: ID, p_to_status: 'confirmed', p_note: null, p_duplicate_of: null },
    });
    await changeStatus.call(backend, {
      reportId: ID,
      toStatus: 'duplicate',
      note: 'Samma',
      duplicateOf: OTHER,
    });
    expect(calls[1]?.args).toMatchObject({ p_note: 'Samma', p_duplicate_of: OTHER });
  });

  it('change_status maps database codes and validates before sending', async () => {
    const { backend, calls } = recordingBackend(new Error('reopen_expired'));
    await expect(
      changeStatus.call(backend, { reportId: ID, toStatus: 'confirmed', note: 'x' }),
    ).rejects.toMatchObject({
      code: 'reopen_expired',
    });
    await expect(
      changeStatus.call(backend, { reportId: ID, toStatus: 'resolved', note: 'x'.repeat(2001) }),
    ).rejects.toMatchObject({
      code: 'note_too_long',
    });
    await expect(
      changeStatus.call(backend, { reportId: 'nope', toStatus: 'resolved' }),
    ).rejects.toMatchObject({
      code: 'report_not_found',
    });
    expect(calls).toHaveLength(1);
  });

  it('set_staff_role accepts a staff role or null and rejects anything else as invalid_role', async () => {
    const { backend, calls } = recordingBackend({ user_id: ID, role: null });
    expect(await setStaffRole.call(backend, { userId: ID, role: null })).toEqual({
      user_id: ID,
      role: null,
    });
    expect(calls[0]).toEqual({ fn: 'set_staff_role', args: { p_user_id: ID, p_role: null } });
    await expect(
      setStaffRole.call(backend, { userId: ID, role: 'boss' as never }),
    ).rejects.toMatchObject({
      code: 'invalid_role',
    });
  });

  it('delete_my_data returns the counts', async () => {
    const { backend } = recordingBackend({ reports_unlinked: 2, supports_deleted: 1 });
    expect(await deleteMyData.call(backend, {})).toEqual({
      reports_unlinked: 2,
      supports_deleted: 1,
    });
  });
});
