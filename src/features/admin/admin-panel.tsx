import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findUserByEmail } from '../../api/find-user-by-email';
import { listStaff, type StaffMember } from '../../api/list-staff';
import { setStaffRole } from '../../api/set-staff-role';
import { staffRoleEvents, type StaffRoleEvent } from '../../api/staff-role-events';
import type { Backend } from '../../backend';
import type { StaffPanelProps } from '../../contracts/staff-panel';
import { ApiError } from '../../domain/errors';
import { STAFF_ROLES, type StaffRole } from '../../domain/roles';
import { apiKey, invalidateAfterWrite, useIdentity } from '../../hooks';
import { Button, ErrorMessage, Spinner, formatDateTime, toLang } from '../../ui';
import { registerAdminTranslations } from './translations';
import './admin.css';

registerAdminTranslations();

const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The form's role choice: a staff role, or '' for "no role" (revoke). */
type RoleChoice = StaffRole | '';

/**
 * Roller och behörigheter (admins): the staff with their role and who granted it when, a form to give, change or
 * remove a role (a removal is confirmed first), and the audit of every change. The database decides (admins only,
 * never one's own role); this screen only asks.
 */
export function AdminPanel({ backend, ready, active }: StaffPanelProps) {
  const { t } = useTranslation('admin');
  const identity = useIdentity(backend);
  const allowed = identity.role === 'admin';
  const enabled = ready && allowed && active;
  const [prefill, setPrefill] = useState<{ who: string; role: RoleChoice; seq: number } | null>(
    null,
  );

  return (
    <section className="admin-panel" aria-labelledby="admin-title">
      <h2 id="admin-title">{t('title')}</h2>
      <p className="admin-intro">{t('intro')}</p>
      {!allowed ? (
        <p>{t('notAllowed')}</p>
      ) : (
        <>
          <RoleForm backend={backend} prefill={prefill} />
          <StaffTable
            backend={backend}
            enabled={enabled}
            me={identity.userId}
            onEdit={(member, role) => {
              setPrefill((p) => ({
                who: member.email ?? member.user_id,
                role,
                seq: (p?.seq ?? 0) + 1,
              }));
            }}
          />
          <AuditList backend={backend} enabled={enabled} />
        </>
      )}
    </section>
  );
}

/** "Who" as typed: a user id is used as it is, anything else is looked up as an e-mail address. */
async function resolveUser(backend: Backend, who: string): Promise<string> {
  const value = who.trim();
  if (UUID.test(value)) return value.toLowerCase();
  if (!value.includes('@')) throw new ApiError('invalid_email');
  return (await findUserByEmail.call(backend, { email: value })).user_id;
}

function RoleForm({
  backend,
  prefill,
}: {
  backend: Backend;
  prefill: { who: string; role: RoleChoice; seq: number } | null;
}) {
  const { t } = useTranslation('admin');
  const id = useId();
  const queryClient = useQueryClient();
  const whoRef = useRef<HTMLInputElement>(null);
  const [who, setWho] = useState('');
  const [role, setRole] = useState<RoleChoice>('crew');
  const [seenPrefill, setSeenPrefill] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  // A row's "Change" or "Remove" fills the form (adjusting state during render, React's pattern for derived state).
  if (prefill && prefill.seq !== seenPrefill) {
    setSeenPrefill(prefill.seq);
    setWho(prefill.who);
    setRole(prefill.role);
    setConfirming(prefill.role === '');
    setLocalError(null);
    setAnnouncement('');
  }

  // After a row's "Change", focus goes to the form (a removal focuses its confirmation button instead).
  const prefillSeq = prefill?.seq ?? 0;
  const prefillRole = prefill?.role;
  useEffect(() => {
    if (prefillSeq > 0 && prefillRole !== '') whoRef.current?.focus();
  }, [prefillSeq, prefillRole]);

  const mutation = useMutation({
    mutationFn: async (input: { who: string; role: RoleChoice }) => {
      const userId = await resolveUser(backend, input.who);
      return setStaffRole.call(backend, { userId, role: input.role === '' ? null : input.role });
    },
    networkMode: backend.kind === 'local' ? 'always' : 'online',
    onSuccess: async (result, input) => {
      setConfirming(false);
      await invalidateAfterWrite(queryClient);
      const name = input.who.trim();
      setAnnouncement(
        result.role
          ? t('form.done', { who: name, role: t(`role.${result.role}`) })
          : t('form.revoked', { who: name }),
      );
    },
    onError: () => setConfirming(false),
  });

  const personas = backend.personas
    ?.list()
    .filter((p): p is { role: typeof p.role; userId: string } => !!p.userId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAnnouncement('');
    mutation.reset();
    if (!who.trim()) {
      setLocalError('whoRequired');
      whoRef.current?.focus();
      return;
    }
    setLocalError(null);
    if (role === '' && !confirming) {
      setConfirming(true);
      return;
    }
    mutation.mutate({ who, role });
  };

  const whoErrorId = `${id}-who-error`;
  const confirmId = `${id}-confirm`;
  // The confirmation takes focus when it appears, so a keyboard or screen-reader user lands on the question.
  useEffect(() => {
    if (confirming) document.getElementById(confirmId)?.focus();
  }, [confirming, confirmId]);
  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('form.title')}</h3>
      <form className="admin-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        {personas && personas.length > 0 ? (
          <div className="admin-field">
            <label htmlFor={`${id}-persona`}>{t('form.persona')}</label>
            <select
              id={`${id}-persona`}
              value={personas.some((p) => p.userId === who) ? who : ''}
              onChange={(e) => {
                setWho(e.currentTarget.value);
                setLocalError(null);
              }}
            >
              <option value="">{t('form.personaNone')}</option>
              {personas.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {t('form.personaOption', { role: personaRoleName(t, p.role), id: p.userId })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="admin-field">
          <label htmlFor={`${id}-who`}>{t('form.who')}</label>
          <input
            id={`${id}-who`}
            ref={whoRef}
            type="text"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            value={who}
            maxLength={320}
            required
            aria-required="true"
            aria-invalid={localError ? true : undefined}
            aria-describedby={`${id}-who-hint${localError ? ` ${whoErrorId}` : ''}`}
            onChange={(e) => {
              setWho(e.currentTarget.value);
              setConfirming(false);
            }}
          />
          <p id={`${id}-who-hint`} className="admin-hint">
            {t('form.whoHint')}
          </p>
          {localError ? (
            <p id={whoErrorId} role="alert" className="field-error">
              {t(`form.${localError}`)}
            </p>
          ) : null}
        </div>
        <div className="admin-field">
          <label htmlFor={`${id}-role`}>{t('form.role')}</label>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(e) => {
              setRole(e.currentTarget.value as RoleChoice);
              setConfirming(false);
            }}
          >
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
            <option value="">{t('form.revoke')}</option>
          </select>
        </div>
        {confirming ? (
          <div className="admin-confirm" role="group" aria-labelledby={`${id}-confirm-title`}>
            <p id={`${id}-confirm-title`} className="admin-confirm-title">
              {t('form.confirmTitle')}
            </p>
            <p>{t('form.confirmText', { who: who.trim() })}</p>
            <div className="admin-actions">
              <Button id={confirmId} type="submit" variant="primary" busy={mutation.isPending}>
                {t('form.confirm')}
              </Button>
              <Button
                onClick={() => {
                  setConfirming(false);
                  whoRef.current?.focus();
                }}
              >
                {t('form.cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <div className="admin-actions">
            <Button type="submit" variant="primary" busy={mutation.isPending}>
              {t('form.submit')}
            </Button>
          </div>
        )}
        {mutation.isError ? <ErrorMessage error={mutation.error} /> : null}
        <p role="status" className="admin-announcement">
          {announcement}
        </p>
      </form>
    </section>
  );
}

type TFunction = ReturnType<typeof useTranslation<'admin'>>['t'];

/** A persona's role in the form's persona list: staff roles by name, the others (resident) by their own key. */
function personaRoleName(t: TFunction, role: string): string {
  return isStaffRole(role) ? t(`role.${role}`) : t(`persona.${role}`, { defaultValue: role });
}

function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** Items of every loaded page, each once (a write between pages may shift an item onto the next page). */
function usePaged<T>(pages: { items: T[]; total: number }[] | undefined, key: (item: T) => string) {
  return useMemo(() => {
    const seen = new Set<string>();
    const items = (pages ?? [])
      .flatMap((p) => p.items)
      .filter((i) => !seen.has(key(i)) && !!seen.add(key(i)));
    return { items, total: pages?.[pages.length - 1]?.total ?? 0 };
  }, [pages, key]);
}

const nextOffset = (last: { items: unknown[]; total: number }, pages: { items: unknown[] }[]) => {
  const loaded = pages.reduce((n, p) => n + p.items.length, 0);
  return last.items.length > 0 && loaded < last.total ? loaded : undefined;
};

const memberKey = (m: StaffMember) => `${m.user_id}:${m.role}`;
const eventKey = (e: StaffRoleEvent) => String(e.id);

function StaffTable({
  backend,
  enabled,
  me,
  onEdit,
}: {
  backend: Backend;
  enabled: boolean;
  me: string | null;
  onEdit(member: StaffMember, role: RoleChoice): void;
}) {
  const { t, i18n } = useTranslation('admin');
  const lang = toLang(i18n.language);
  const id = useId();
  const query = useInfiniteQuery({
    queryKey: apiKey(listStaff, { limit: PAGE, user: me }),
    queryFn: ({ pageParam }) => listStaff.call(backend, { limit: PAGE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: nextOffset,
    enabled,
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });
  const { items, total } = usePaged(query.data?.pages, memberKey);
  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('staff.title')}</h3>
      {query.isPending ? (
        <Spinner label={t('loading')} />
      ) : query.isError ? (
        <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <p>{t('staff.empty')}</p>
      ) : (
        <>
          <p className="admin-count">{t('staff.count', { count: total })}</p>
          <div className="table-scroll">
            <table className="admin-table">
              <caption className="visually-hidden">{t('staff.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.person')}</th>
                  <th scope="col">{t('staff.role')}</th>
                  <th scope="col">{t('staff.granted')}</th>
                  <th scope="col">{t('staff.grantedBy')}</th>
                  <th scope="col">{t('staff.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => {
                  const name = m.email ?? m.user_id;
                  const isMe = m.user_id === me;
                  return (
                    <tr key={memberKey(m)} data-user-id={m.user_id}>
                      <th scope="row" data-label={t('staff.person')} className="admin-person">
                        <span>
                          {name}
                          {isMe ? <span className="admin-you"> ({t('staff.you')})</span> : null}
                        </span>
                      </th>
                      <td data-label={t('staff.role')}>{t(`role.${m.role}`)}</td>
                      <td data-label={t('staff.granted')}>{formatDateTime(m.granted_at, lang)}</td>
                      <td data-label={t('staff.grantedBy')} className="admin-person">
                        {m.granted_by ? (m.granted_by_email ?? m.granted_by) : t('staff.owner')}
                      </td>
                      <td data-label={t('staff.actions')}>
                        {isMe ? (
                          <span className="admin-hint">{t('staff.ownRole')}</span>
                        ) : (
                          <div className="admin-actions">
                            <Button
                              aria-label={t('staff.change', { who: name })}
                              onClick={() => onEdit(m, m.role)}
                            >
                              {t('staff.changeShort')}
                            </Button>
                            <Button
                              aria-label={t('staff.remove', { who: name })}
                              onClick={() => onEdit(m, '')}
                            >
                              {t('staff.removeShort')}
                            </Button>
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <More
            shown={items.length}
            total={total}
            busy={query.isFetchingNextPage}
            onMore={() => void query.fetchNextPage()}
          />
        </>
      )}
    </section>
  );
}

function AuditList({ backend, enabled }: { backend: Backend; enabled: boolean }) {
  const { t, i18n } = useTranslation('admin');
  const lang = toLang(i18n.language);
  const id = useId();
  const query = useInfiniteQuery({
    queryKey: apiKey(staffRoleEvents, { limit: PAGE }),
    queryFn: ({ pageParam }) => staffRoleEvents.call(backend, { limit: PAGE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: nextOffset,
    enabled,
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });
  const { items, total } = usePaged(query.data?.pages, eventKey);
  const roleName = (r: StaffRole | null) => t(`role.${r ?? 'none'}`);
  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('audit.title')}</h3>
      {query.isPending ? (
        <Spinner label={t('loading')} />
      ) : query.isError ? (
        <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <>
          <p className="admin-count">{t('audit.count', { count: total })}</p>
          <div className="table-scroll">
            <table className="admin-table" data-testid="admin-audit">
              <caption className="visually-hidden">{t('audit.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.user')}</th>
                  <th scope="col">{t('audit.change')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td data-label={t('audit.when')}>{formatDateTime(e.at, lang)}</td>
                    <td data-label={t('audit.actor')} className="admin-person">
                      {e.actor_id ? (e.actor_email ?? e.actor_id) : t('staff.owner')}
                    </td>
                    <td data-label={t('audit.user')} className="admin-person">
                      {e.user_email ?? e.user_id}
                    </td>
                    <td data-label={t('audit.change')}>
                      {t('audit.fromTo', { from: roleName(e.from_role), to: roleName(e.to_role) })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <More
            shown={items.length}
            total={total}
            busy={query.isFetchingNextPage}
            onMore={() => void query.fetchNextPage()}
          />
        </>
      )}
    </section>
  );
}

function More({
  shown,
  total,
  busy,
  onMore,
}: {
  shown: number;
  total: number;
  busy: boolean;
  onMore(): void;
}) {
  const { t } = useTranslation('admin');
  if (shown >= total) return null;
  return (
    <div className="admin-more">
      <p>{t('shown', { shown, total })}</p>
      <Button busy={busy} onClick={onMore}>
        {t('more')}
      </Button>
    </div>
  );
}
