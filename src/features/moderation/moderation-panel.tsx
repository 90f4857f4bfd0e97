import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { moderateReport, moderationQueue, type ModerationItem, type ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import type { StaffPanelProps } from '../../contracts/staff-panel';
import { canModerate, type ModerationAction } from '../../domain/moderation';
import { isErrorCode } from '../../domain/errors';
import { Button, ErrorMessage, PhotoFigure, Spinner, formatDateTime, nameOf, toLang } from '../../ui';
import './moderation.css';

const PAGE = 50;

/**
 * Moderering: the held texts and photos, oldest first, each with what the screen found and Approve / Edit / Hide
 * (edit and hide with a required reason, shown to the reporter). User text is rendered as text, never as HTML.
 */
export function ModerationPanel({ backend, reference, ready, active }: StaffPanelProps) {
  const { t } = useTranslation('moderation');
  const identity = backend.identity();
  const allowed = canModerate(identity.role);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const queue = useQuery({
    queryKey: ['moderation_queue', identity.userId],
    queryFn: () => moderationQueue.call(backend, { limit: PAGE, offset: 0 }),
    enabled: ready && allowed && active,
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });

  const done = (message: string) => {
    setAnnouncement(message);
    headingRef.current?.focus();
  };

  return (
    <section className="moderation-panel" aria-labelledby="moderation-title">
      <h2 id="moderation-title" ref={headingRef} tabIndex={-1}>
        {t('title')}
      </h2>
      <p className="moderation-intro">{t('intro')}</p>
      <p role="status" className="moderation-announcement">
        {announcement}
      </p>
      {!allowed ? (
        <p>{t('notAllowed')}</p>
      ) : queue.isPending ? (
        <Spinner label={t('loading')} />
      ) : queue.isError ? (
        <ErrorMessage error={queue.error} onRetry={() => void queue.refetch()} />
      ) : (
        <>
          <p className="moderation-count">{t('count', { count: queue.data.total })}</p>
          {queue.data.items.length === 0 ? (
            <p>{t('empty')}</p>
          ) : (
            <ol className="moderation-queue" aria-label={t('listLabel')}>
              {queue.data.items.map((item) => (
                <QueueItem key={item.id} item={item} backend={backend} reference={reference} ready={ready} onDone={done} />
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function QueueItem({
  item,
  backend,
  reference,
  ready,
  onDone,
}: {
  item: ModerationItem;
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  onDone(message: string): void;
}) {
  const { t, i18n } = useTranslation('moderation');
  const lang = toLang(i18n.language);
  const id = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Exclude<ModerationAction, 'approve'> | null>(null);
  const [text, setText] = useState(item.description);
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const category = nameOf(reference?.categories.find((c) => c.code === item.category), lang, item.category);
  const mutation = useMutation({
    mutationFn: (input: { action: ModerationAction; description: string | null; reason: string | null }) =>
      moderateReport.call(backend, { reportId: item.id, ...input }),
    networkMode: backend.kind === 'local' ? 'always' : 'online',
    onSuccess: async (_r, input) => {
      await queryClient.invalidateQueries({ queryKey: ['moderation_queue'] });
      onDone(t(`done.${input.action}`, { category }));
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    if (!reason.trim()) {
      setLocalError('reason_required');
      return;
    }
    if (form === 'edit' && !text.trim()) {
      setLocalError('description_required');
      return;
    }
    setLocalError(null);
    mutation.mutate({ action: form, description: form === 'edit' ? text : null, reason });
  };
  const titleId = `${id}-title`;
  const reasonId = `${id}-reason`;
  const reasonErrorId = `${id}-reason-error`;

  return (
    <li className="moderation-item" aria-labelledby={titleId}>
      <h3 id={titleId} className="moderation-item-title">
        {category} · {formatDateTime(item.created_at, lang)}
      </h3>
      <p className="moderation-text user-text">{item.description}</p>
      <div className="moderation-reasons">
        <span id={`${id}-reasons-label`}>{t('reasons')}</span>
        <ul aria-labelledby={`${id}-reasons-label`}>
          {item.reasons.map((r) => (
            <li key={r} className={`moderation-reason is-${r}`}>
              {t(`reason.${r}`)}
            </li>
          ))}
        </ul>
      </div>
      {item.photo_path ? <PhotoFigure
          className="moderation-photo"
          path={item.photo_path}
          alt={t('photoAlt', { category })}
          load={(path) => backend.photoUrl(path)}
          enabled={ready}
          local={backend.kind === 'local'}
        /> : null}
      {form === null ? (
        <div className="moderation-actions" role="group" aria-label={t('actionsFor', { category })}>
          <Button variant="primary" busy={mutation.isPending} onClick={() => mutation.mutate({ action: 'approve', description: null, reason: null })}>
            {t('action.approve')}
          </Button>
          <Button onClick={() => setForm('edit')}>{t('action.edit')}</Button>
          <Button onClick={() => setForm('hide')}>{t('action.hide')}</Button>
        </div>
      ) : (
        <form className="moderation-form" onSubmit={submit} noValidate aria-label={t(`form.${form}`, { category })}>
          {form === 'edit' ? (
            <label>
              {t('form.text')}
              <textarea value={text} onChange={(e) => setText(e.target.value)} rows={4} maxLength={2000} autoFocus />
            </label>
          ) : null}
          <label htmlFor={reasonId}>{t('form.reason')}</label>
          <textarea
            id={reasonId}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            maxLength={2000}
            required
            aria-required="true"
            aria-invalid={localError === 'reason_required' || undefined}
            aria-describedby={localError ? reasonErrorId : undefined}
            autoFocus={form === 'hide'}
          />
          {localError ? (
            <p id={reasonErrorId} role="alert" className="field-error">
              {isErrorCode(localError) ? t(`errors:${localError}`) : localError}
            </p>
          ) : null}
          <div className="moderation-actions">
            <Button type="submit" variant="primary" busy={mutation.isPending}>
              {t(`form.submit.${form}`)}
            </Button>
            <Button
              onClick={() => {
                setForm(null);
                setLocalError(null);
                mutation.reset();
              }}
            >
              {t('form.cancel')}
            </Button>
          </div>
        </form>
      )}
      {mutation.isError ? <ErrorMessage error={mutation.error} /> : null}
    </li>
  );
}
