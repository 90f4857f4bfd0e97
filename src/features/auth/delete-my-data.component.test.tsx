import { screen, within } from '@testing-library/react';
import { createStore, get, set } from 'idb-keyval';
import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listCategories, myReports } from '../../api';
import type { Backend } from '../../backend';
import { apiKey } from '../../hooks';
import { idbStorage, type OutboxItem } from '../../offline';
import { freshBrowserState } from '../../test/browser-state';
import { recordingBackend, RESIDENT_ID } from '../../test/recording-backend';
import { renderWithProviders } from '../../test/render';
import { DeleteMyData } from './delete-my-data';

const NEW_RESIDENT = '99999999-9999-4999-8999-999999999999';

function outboxItem(id: string, owner: string): OutboxItem<unknown, unknown> {
  return { id, owner, payload: { description: 'Mörk gångtunnel' }, blob: null, state: 'failed', attempts: 1, nextAttemptAt: 0, error: 'network', result: null, createdAt: 1, updatedAt: 1 };
}

/** What a resident's browser holds before the delete: an unsent report, a crew item, a draft and its photo, ids. */
async function fillBrowser() {
  await idbStorage('reports').put(outboxItem('aaaaaaaa-0000-4000-8000-000000000001', RESIDENT_ID));
  await idbStorage('crew').put(outboxItem('aaaaaaaa-0000-4000-8000-000000000002', RESIDENT_ID));
  await set('tk.report-draft.v1.photo', 'jpeg bytes', createStore('keyval-store', 'keyval'));
  await set('p/aaaaaaaa-0000-4000-8000-000000000003.jpg', 'jpeg bytes', createStore('trygghetskartan-photos', 'photos'));
  localStorage.setItem('tk.report-draft.v1', '{"description":"Mörk gångtunnel"}');
  localStorage.setItem('trygghetskartan.local.residentId', RESIDENT_ID);
  localStorage.setItem('trygghetskartan.lang', 'sv');
  sessionStorage.setItem('trygghetskartan.local.persona', 'resident');
}

function setup() {
  const rb = recordingBackend({ answers: { delete_my_data: { value: { reports_unlinked: 2, supports_deleted: 1 } } } });
  const steps: string[] = [];
  const removeMyPhotoFiles = vi.fn(async () => {
    steps.push('photo files');
    return 3;
  });
  const forgetUser = vi.fn(async (clearLocalData: () => Promise<void>) => {
    steps.push(`forget after ${rb.callsTo('delete_my_data').length} delete call`);
    await clearLocalData();
    rb.setIdentity({ userId: NEW_RESIDENT, role: 'resident' });
  });
  const backend: Backend = { ...rb.backend, removeMyPhotoFiles, forgetUser };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(apiKey(myReports, { user: RESIDENT_ID }), [{ id: 'r1', description: 'Mörk gångtunnel' }]);
  queryClient.setQueryData(apiKey(listCategories, {}, 'reference'), { challenges: [] });
  return { rb, backend, steps, removeMyPhotoFiles, forgetUser, queryClient };
}

async function confirmDelete(user: ReturnType<typeof renderWithProviders>['user']) {
  await user.click(screen.getByRole('button', { name: 'Radera mina uppgifter' }));
  expect(screen.getByText(/även rapporter som inte har skickats än/)).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Ja, radera mina uppgifter' }));
  return screen.findByText(/Du fortsätter som en ny anonym besökare/);
}

describe('Radera mina uppgifter', () => {
  beforeEach(() => {
    freshBrowserState();
    sessionStorage.clear();
  });

  it('removes the photo files, deletes the data, then the browser forgets the resident and empties every local store', async () => {
    await fillBrowser();
    const { rb, backend, steps, forgetUser, queryClient } = setup();
    const { user } = renderWithProviders(<DeleteMyData backend={backend} />, { queryClient });

    const done = await confirmDelete(user);
    const status = done.closest('[role="status"]') as HTMLElement;
    expect(within(status).getByText(/2 rapporter är inte längre kopplade till dig och 1 stöd är borttagna/)).toBeTruthy();
    expect(within(status).getByText(/3 fotofiler under ditt id är raderade/)).toBeTruthy();
    expect(status.getAttribute('aria-live')).toBe('polite');

    // The files first (afterwards their rows are gone and the user could not list them), then SQL, then the browser.
    expect(steps).toEqual(['photo files', 'forget after 1 delete call']);
    expect(rb.callsTo('delete_my_data')).toHaveLength(1);
    expect(forgetUser).toHaveBeenCalledTimes(1);

    expect(await idbStorage('reports').all()).toEqual([]);
    expect(await idbStorage('crew').all()).toEqual([]);
    expect(await get('tk.report-draft.v1.photo', createStore('keyval-store', 'keyval'))).toBeUndefined();
    expect(await get('p/aaaaaaaa-0000-4000-8000-000000000003.jpg', createStore('trygghetskartan-photos', 'photos'))).toBeUndefined();
    // Only the language preference stays.
    expect(Object.keys(localStorage)).toEqual(['trygghetskartan.lang']);
    expect(sessionStorage.length).toBe(0);
    expect(queryClient.getQueryData(apiKey(myReports, { user: RESIDENT_ID }))).toBeUndefined();
    // Reference data says nothing about the user (and the shell shows this tab only while it has it).
    expect(queryClient.getQueryData(apiKey(listCategories, {}, 'reference'))).toEqual({ challenges: [] });
  });

  it('keeps the confirmation when the new identity is anonymous (Supabase until the next write)', async () => {
    const { rb, backend } = setup();
    const anonymous: Backend = {
      ...backend,
      forgetUser: async (clearLocalData) => {
        rb.setIdentity({ userId: null, role: 'anon' });
        await clearLocalData();
      },
    };
    const { user } = renderWithProviders(<DeleteMyData backend={anonymous} />);
    await confirmDelete(user);
    expect(screen.queryByRole('button', { name: 'Radera mina uppgifter' })).toBeNull();
  });

  it('shows the error and keeps the local data when the delete fails', async () => {
    await fillBrowser();
    const { rb, backend, forgetUser } = setup();
    rb.answer('delete_my_data', { error: new TypeError('Failed to fetch') });
    const { user } = renderWithProviders(<DeleteMyData backend={backend} />);
    await user.click(screen.getByRole('button', { name: 'Radera mina uppgifter' }));
    await user.click(screen.getByRole('button', { name: 'Ja, radera mina uppgifter' }));
    await screen.findByRole('alert');
    expect(forgetUser).not.toHaveBeenCalled();
    expect(await idbStorage('reports').all()).toHaveLength(1);
    expect(localStorage.getItem('tk.report-draft.v1')).not.toBeNull();
  });
});
