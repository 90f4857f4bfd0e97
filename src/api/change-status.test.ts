import { describe, expect, it } from 'vitest';
import { recordingBackend } from './recording-backend.test-helper';
import { changeStatus } from './change-status';

const ID = '0b6a4a4e-2f7e-4c58-9d35-0f1e1d7c2a11';
const UPDATE = '3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('change_status p_update_id (the crew outbox)', () => {
  it('sends p_update_id only when given, and checks it is a uuid', async () => {
    const { backend, calls } = recordingBackend({ id: ID, status: 'resolved', status_group: 'closed', updated_at: '2026-12-01T10:00:00Z' });
    await changeStatus.call(backend, { reportId: ID, toStatus: 'resolved', updateId: UPDATE });
    expect(calls[0]?.args).toMatchObject({ p_report_id: ID, p_update_id: UPDATE });
    await changeStatus.call(backend, { reportId: ID, toStatus: 'resolved', updateId: null });
    expect(calls[1]?.args).not.toHaveProperty('p_update_id');
    await expect(changeStatus.call(backend, { reportId: ID, toStatus: 'resolved', updateId: 'x' })).rejects.toMatchObject({ code: 'id_conflict' });
    expect(calls).toHaveLength(2);
  });
});
