import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changeStatus, type ReferenceData, type ReportDetail } from '../../api';
import type { Backend } from '../../backend';
import { invalidateAfterWrite, useIdentity } from '../../hooks';
import { ApiError } from '../../domain/errors';
import { isStaff } from '../../domain/roles';
import { noteRequired, reopenDeadline } from '../../domain/status-rules';
import { Button, ErrorMessage, nameOf, StatusSelect, toLang } from '../../ui';
import { staffTargets, parseReportRef } from './status-rules';

function useChangeStatus(backend: Backend, reportId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { toStatus: string; note: string | null; duplicateOf: string | null }) =>
      changeStatus.call(backend, { reportId, ...v }),
    networkMode: backend.kind === 'local' ? 'always' : 'online',
    // Everything showing reports may differ (status, lists, map); reference data does not.
    onSuccess: () => invalidateAfterWrite(queryClient),
  });
}

/**
 * The status actions of the report detail: for staff, "Ändra status" with exactly the transitions their
 * role may make from the current status (list_categories().transitions); for the reporter, "Fortfarande
 * ett problem" on their resolved report within that status' reopen_days (30). The database decides again
 * (change_status), from the same data.
 */
export function StatusActions({
  backend,
  reference,
  detail,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  detail: ReportDetail;
}) {
  const identity = useIdentity(backend);
  if (!reference) return null;
  if (isStaff(identity.role)) {
    const targets = staffTargets(reference.transitions, detail.status, identity.role);
    return targets.length > 0 ? (
      <StaffStatusForm key={`${detail.id}:${detail.status}`} backend={backend} reference={reference} detail={detail} targets={targets} />
    ) : null;
  }
  if (detail.is_mine && identity.userId) {
    const reopen = reference.transitions.find((t) => t.from === detail.status && t.roles.includes('resident'));
    if (reopen) {
      return (
        <ReopenForm key={`${detail.id}:${detail.status}`} backend={backend} reference={reference} detail={detail} to={reopen.to} />
      );
    }
  }
  return null;
}

function StaffStatusForm({
  backend,
  reference,
  detail,
  targets,
}: {
  backend: Backend;
  reference: ReferenceData;
  detail: ReportDetail;
  targets: string[];
}) {
  const { t, i18n } = useTranslation('browse');
  const lang = toLang(i18n.language);
  const uid = useId();
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const [clientError, setClientError] = useState<ApiError | null>(null);
  const change = useChangeStatus(backend, detail.id);
  const required = noteRequired(reference.statuses, to, false);
  const statusName = (code: string) => nameOf(reference.statuses.find((s) => s.code === code), lang, code);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    if (!to) return setClientError(new ApiError('transition_not_allowed'));
    if (required && !note.trim()) return setClientError(new ApiError('note_required'));
    let dup: string | null = null;
    if (to === 'duplicate') {
      dup = parseReportRef(duplicateOf);
      if (!dup || dup === detail.id) return setClientError(new ApiError('duplicate_of_invalid'));
    }
    change.mutate({ toStatus: to, note: note.trim() || null, duplicateOf: dup });
  };

  return (
    <form className="status-change" aria-labelledby={`${uid}-title`} onSubmit={onSubmit} noValidate>
      <h3 id={`${uid}-title`}>{t('status.title')}</h3>
      <p className="hint">{t('status.current', { status: statusName(detail.status) })}</p>
      <StatusSelect
        label={t('status.to')}
        id={`${uid}-to`}
        value={to}
        onChange={setTo}
        names={reference.statuses}
        statuses={targets}
        leading={[{ value: '', label: t('status.choose') }]}
      />
      {to === 'duplicate' ? (
        <div className="field">
          <label htmlFor={`${uid}-dup`}>{t('status.duplicateOf')}</label>
          <input
            id={`${uid}-dup`}
            value={duplicateOf}
            onChange={(e) => setDuplicateOf(e.target.value)}
            aria-describedby={`${uid}-dup-hint`}
            autoComplete="off"
            spellCheck={false}
          />
          <p className="hint" id={`${uid}-dup-hint`}>
            {t('status.duplicateOfHint')}
          </p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${uid}-note`}>{required ? t('status.noteRequired') : t('status.noteOptional')}</label>
        <textarea
          id={`${uid}-note`}
          value={note}
          maxLength={2000}
          rows={3}
          aria-required={required || undefined}
          onChange={(e) => setNote(e.target.value)}
        />
        <p className="hint">{t('status.notePublic')}</p>
      </div>
      <ErrorMessage error={clientError ?? change.error} />
      {change.isSuccess ? (
        <p role="status">{t('status.changed', { status: statusName(change.data.status) })}</p>
      ) : null}
      <Button type="submit" variant="primary" busy={change.isPending}>
        {t('status.submit')}
      </Button>
    </form>
  );
}

function ReopenForm({
  backend,
  reference,
  detail,
  to,
}: {
  backend: Backend;
  reference: ReferenceData;
  detail: ReportDetail;
  to: string;
}) {
  const { t } = useTranslation('browse');
  const uid = useId();
  const [note, setNote] = useState('');
  const [clientError, setClientError] = useState<ApiError | null>(null);
  const change = useChangeStatus(backend, detail.id);
  const [openedAt] = useState(() => Date.now());
  const deadline = reopenDeadline(reference.statuses, detail.updates, detail.status);
  const days = reference.statuses.find((s) => s.code === detail.status)?.reopen_days ?? 0;
  if (!deadline || deadline.getTime() < openedAt) {
    return <p className="hint">{t('status.reopenExpired', { days })}</p>;
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    if (!note.trim()) return setClientError(new ApiError('note_required'));
    change.mutate({ toStatus: to, note: note.trim(), duplicateOf: null });
  };
  return (
    <form className="status-change" aria-labelledby={`${uid}-title`} onSubmit={onSubmit} noValidate>
      <h3 id={`${uid}-title`}>{t('status.reopenTitle')}</h3>
      <p className="hint">{t('status.reopenHint', { days })}</p>
      <div className="field">
        <label htmlFor={`${uid}-note`}>{t('status.reopenNote')}</label>
        <textarea
          id={`${uid}-note`}
          value={note}
          maxLength={2000}
          rows={3}
          aria-required
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <ErrorMessage error={clientError ?? change.error} />
      <Button type="submit" variant="primary" busy={change.isPending}>
        {t('status.reopen')}
      </Button>
    </form>
  );
}
