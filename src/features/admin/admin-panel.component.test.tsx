import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../backend';
import type { StaffPanelProps } from '../../contracts/staff-panel';
import { freshBrowserState } from '../../test/browser-state';
import { ADMIN_ID, recordingBackend, refusal, type Answer } from '../../test/recording-backend';
import { REFERENCE } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { AdminPanel } from './admin-panel';
import en from './locales/en.json';
import sv from './locales/sv.json';

const CREW_ID = 'c4e00000-0000-4000-8000-0000000000c1';
const NEW_ID = 'f0000000-0000-4000-8000-0000000000f1';
const GRANTED_AT = '2026-11-03T09:15:00Z';

const STAFF = {
  total: 2,
  items: [
    { user_id: ADMIN_ID, email: 'admin@malmo.se', role: 'admin', granted_at: GRANTED_AT, granted_by: null, granted_by_email: null },
    { user_id: CREW_ID, email: 'crew@malmo.se', role: 'crew', granted_at: GRANTED_AT, granted_by: ADMIN_ID, granted_by_email: 'admin@malmo.se' },
  ],
};
const EVENTS = {
  total: 1,
  items: [
    { id: 1, at: GRANTED_AT, actor_id: ADMIN_ID, actor_email: 'admin@malmo.se', user_id: CREW_ID, user_email: 'crew@malmo.se', from_role: null, to_role: 'crew' },
  ],
};

function setup(
  identity: Identity = { userId: ADMIN_ID, role: 'admin' },
  answers: Record<string, Answer> = {},
) {
  const rb = recordingBackend({
    identity,
    answers: {
      list_staff: { value: STAFF },
      staff_role_events: { value: EVENTS },
      find_user_by_email: (args) => {
        const id = ({ 'ny@malmo.se': NEW_ID, 'crew@malmo.se': CREW_ID } as Record<string, string>)[String(args.p_email)];
        return id ? { user_id: id } : Promise.reject(refusal('user_not_found'));
      },
      set_staff_role: (args) => ({ user_id: args.p_user_id, role: args.p_role }),
      ...answers,
    },
  });
  const noop = () => {};
  const props: StaffPanelProps = {
    backend: rb.backend, reference: REFERENCE, ready: true, active: true, subPath: '', onNavigate: noop, view: null,
    onOverlays: noop, onMapClick: noop, onFlyTo: noop, onFitBounds: noop, onOpenReport: noop, onCreateMeasure: noop,
    measureSeed: null,
  };
  return { rb, ...renderWithProviders(<AdminPanel {...props} />) };
}

/** Flattened keys of a locale file. */
const keys = (o: Record<string, unknown>, p = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`]));

beforeEach(() => freshBrowserState());

describe('Roller och behörigheter', () => {
  it('sv and en have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(sv).sort());
  });

  it('lists the staff in a table with role names, when and by whom; no actions on the own row', async () => {
    const { rb } = setup();
    const table = await screen.findByRole('table', { name: 'Personal och deras roller' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe('admin@malmo.se (Du)');
    expect(within(rows[0]!).getByText('Administratör')).toBeTruthy();
    expect(within(rows[0]!).getByText('Databasägaren')).toBeTruthy();
    expect(within(rows[0]!).queryAllByRole('button')).toEqual([]);
    expect(within(rows[1]!).getByText('Driftpersonal')).toBeTruthy();
    expect(within(rows[1]!).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Ändra roll för crew@malmo.se',
      'Ta bort roll för crew@malmo.se',
    ]);
    expect(screen.getByText('2 personer med roll')).toBeTruthy();
    expect(rb.callsTo('list_staff')[0]!.args).toEqual({ p_role: null, p_limit: 50, p_offset: 0 });
    const audit = await screen.findByRole('table', { name: 'Rolländringar, senaste först' });
    expect(within(audit).getByText('Ingen roll → Driftpersonal')).toBeTruthy();
  });

  it('grants a role by e-mail: looks the user up, sets the role, announces it and reloads the lists', { timeout: 20_000 }, async () => {
    const { rb, user } = setup();
    await screen.findByRole('table', { name: 'Personal och deras roller' });
    await user.type(screen.getByRole('textbox', { name: 'E-postadress eller användar-id' }), 'ny@malmo.se');
    const select = screen.getByRole('combobox', { name: 'Ny roll' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Driftpersonal', 'Planerare', 'Strateg', 'Moderator', 'Administratör', 'Ingen roll (ta bort rollen)',
    ]);
    await user.selectOptions(select, 'Planerare');
    await user.click(screen.getByRole('button', { name: 'Spara rollen' }));
    expect(await screen.findByText('ny@malmo.se har nu rollen Planerare.')).toBeTruthy();
    expect(rb.callsTo('find_user_by_email').map((c) => c.args)).toEqual([{ p_email: 'ny@malmo.se' }]);
    expect(rb.callsTo('set_staff_role').map((c) => c.args)).toEqual([{ p_user_id: NEW_ID, p_role: 'planner' }]);
    await waitFor(() => expect(rb.callsTo('list_staff').length).toBeGreaterThan(1));
    await waitFor(() => expect(rb.callsTo('staff_role_events').length).toBeGreaterThan(1));
  });

  it('a user id is used as it is, without a lookup', { timeout: 20_000 }, async () => {
    const { rb, user } = setup();
    await user.type(screen.getByRole('textbox', { name: 'E-postadress eller användar-id' }), NEW_ID.toUpperCase());
    await user.click(screen.getByRole('button', { name: 'Spara rollen' }));
    await screen.findByText(`${NEW_ID.toUpperCase()} har nu rollen Driftpersonal.`);
    expect(rb.callsTo('find_user_by_email')).toEqual([]);
    expect(rb.callsTo('set_staff_role').map((c) => c.args)).toEqual([{ p_user_id: NEW_ID, p_role: 'crew' }]);
  });

  it('removing a role asks first; Cancel sends nothing, the confirmation sends null', { timeout: 20_000 }, async () => {
    const { rb, user } = setup();
    const table = await screen.findByRole('table', { name: 'Personal och deras roller' });
    await user.click(within(table).getByRole('button', { name: 'Ta bort roll för crew@malmo.se' }));
    expect((screen.getByRole('textbox', { name: 'E-postadress eller användar-id' }) as HTMLInputElement).value).toBe('crew@malmo.se');
    const question = screen.getByRole('group', { name: 'Ta bort rollen?' });
    const confirm = within(question).getByRole('button', { name: 'Ja, ta bort rollen' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    await user.click(within(question).getByRole('button', { name: 'Avbryt' }));
    expect(screen.queryByRole('group', { name: 'Ta bort rollen?' })).toBeNull();
    expect(rb.callsTo('set_staff_role')).toEqual([]);
    // Again, and confirm (with the keyboard: Enter on the focused confirmation).
    await user.click(screen.getByRole('button', { name: 'Spara rollen' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Ja, ta bort rollen'));
    await user.keyboard('{Enter}');
    expect(await screen.findByText('crew@malmo.se har inte längre någon roll.')).toBeTruthy();
    expect(rb.callsTo('set_staff_role').map((c) => c.args)).toEqual([{ p_user_id: CREW_ID, p_role: null }]);
  });

  it('shows translated errors: own role, unknown address, a malformed entry, an empty field', { timeout: 20_000 }, async () => {
    const { rb, user } = setup(undefined, { set_staff_role: { error: refusal('cannot_change_own_role') } });
    const who = screen.getByRole('textbox', { name: 'E-postadress eller användar-id' });
    await user.click(screen.getByRole('button', { name: 'Spara rollen' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Skriv en e-postadress eller ett användar-id.');
    expect(who.getAttribute('aria-invalid')).toBe('true');
    await user.type(who, 'okänd');
    await user.click(screen.getByRole('button', { name: 'Spara rollen' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Skriv en hel e-postadress, till exempel namn@malmo.se.');
    await user.clear(who);
    await user.type(who, 'borta@malmo.se');
    await user.click(screen.getByRole('button', { name: 'Spara rollen' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Ingen användare har den e-postadressen.');
    await user.clear(who);
    await user.type(who, ADMIN_ID);
    await user.click(screen.getByRole('button', { name: 'Spara rollen' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Du kan inte ändra eller ta bort din egen roll/);
    expect(rb.callsTo('set_staff_role')).toHaveLength(1);
  });

  it('is for admins only: anyone else gets a sentence and no call', () => {
    const { rb } = setup({ userId: CREW_ID, role: 'crew' });
    expect(screen.getByText('Bara administratörer hanterar roller.')).toBeTruthy();
    expect(rb.calls).toEqual([]);
  });
});
