import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { moderateReport, moderationQueue, type ModerationItem, type PhotoAction, type ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import { apiKey, invalidateAfterWrite, photoUrlOptions } from '../../hooks';
import type { StaffPanelProps } from '../../contracts/staff-panel';
import { canModerate, type ModerationAction } from '../../domain/moderation';
import { isErrorCode } from '../../domain/errors';
import { Button, ErrorMessage, PhotoFigure, Spinner, formatDateTime, nameOf, toLang } from '../../ui';
import './moderation.css';

const PAGE = 50;

/**
 * Moderering: the held texts and photos, oldest first, each with what the screen found and Approve / Edit / Hide
 * for the text and, when there is a photo, its own decision (approve or hide it: a face or a plate in the picture
 * can be hidden while the text is published, and the other way round). Edit, hide and a hidden photo need a reason,
 * shown to the reporter. The queue is paged ("Visa fler"). User text is rendered as text, never as HTML.
 */
export function ModerationPanel({ backend, reference, ready, active }: StaffPanelProps) {
  const { t } = useTranslation('moderation');
  const identity = backend.identity();
  const allowed = canModerate(identity.role);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const queue = useInfiniteQuery({
    queryKey: apiKey(moderationQueue, { limit: PAGE, user: identity.userId }),
    queryFn: ({ pageParam }) => moderationQueue.call(backend, { limit: PAGE, offset: pageParam }),
    initialPageParam: 0,
    // The next page starts after what is loaded; a decision shrinks the queue, and a refetch reads every loaded
    // page again from its offset, so nothing is skipped (an item may show twice for a moment: deduplicated below).
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return last.items.length > 0 && loaded < last.total ? loaded : undefined;
    },
    enabled: ready && allowed && active,
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });
  const pages = queue.data?.pages;
  const total = pages?.[pages.length - 1]?.total ?? 0;
  const items = useMemo(() => {
    const seen = new Set<string>();
    return (pages ?? []).flatMap((p) => p.items).filter((i) => !seen.has(i.id) && !!seen.add(i.id));
  }, [pages]);

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
          <p className="moderation-count">{t('count', { count: total })}</p>
          {items.length === 0 ? (
            <p>{t('empty')}</p>
          ) : (
            <ol className="moderation-queue" aria-label={t('listLabel')}>
              {items.map((item) => (
                <QueueItem key={item.id} item={item} backend={backend} reference={reference} ready={ready} onDone={done} />
              ))}
            </ol>
          )}
          {items.length > 0 && items.length < total ? (
            <div className="moderation-more">
              <p>{t('shown', { shown: items.length, total })}</p>
              <Button busy={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
                {t('more')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

type Decision = { action: ModerationAction | null; photo: PhotoAction | null };

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
  /** The decision whose form (reason, edited text) is open; null = the action buttons. */
  const [form, setForm] = useState<Decision | null>(null);
  const hasPhoto = !!item.photo_path;
  const [photo, setPhoto] = useState<PhotoAction>(item.photo_moderation === 'hidden' ? 'hide' : 'approve');
  const [text, setText] = useState(item.description);
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const category = nameOf(reference?.categories.find((c) => c.code === item.category), lang, item.category);
  const mutation = useMutation({
    mutationFn: (input: Decision & { description: string | null; reason: string | null }) =>
      moderateReport.call(backend, { reportId: item.id, ...input }),
    networkMode: backend.kind === 'local' ? 'always' : 'online',
    onSuccess: async (_r, input) => {
      // A decision changes the queue and what the public map shows.
      await invalidateAfterWrite(queryClient);
      const parts = [
        input.action ? t(`done.${input.action}`, { category }) : '',
        input.photo ? t(`done.photo.${input.photo}`, { category }) : '',
      ];
      onDone(parts.filter(Boolean).join(' '));
    },
  });

  /** The text is already public (approved or edited) and only the photo waits: "approve" keeps the text as it is. */
  const textDecided = item.moderation === 'approved' || item.moderation === 'edited';
  const decide = (action: ModerationAction) => {
    const decision: Decision = {
      action: action === 'approve' && textDecided && item.photo_moderation === 'held' ? null : action,
      photo: hasPhoto ? photo : null,
    };
    if (action === 'approve' && decision.photo !== 'hide') {
      mutation.mutate({ ...decision, description: null, reason: null });
    } else {
      setForm(decision);
    }
  };
  const formKind =
    form?.action === 'edit' ? 'edit' : form?.action === 'hide' ? (form.photo === 'approve' ? 'hideText' : 'hide') : 'photo';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    if (!reason.trim()) {
      setLocalError('reason_required');
      return;
    }
    if (form.action === 'edit' && !text.trim()) {
      setLocalError('description_required');
      return;
    }
    setLocalError(null);
    mutation.mutate({ ...form, description: form.action === 'edit' ? text : null, reason });
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
          url={photoUrlOptions(backend, item.photo_path)}
          alt={t('photoAlt', { category })}
          enabled={ready}
        /> : null}
      {hasPhoto && form === null ? (
        <fieldset className="moderation-photo-choice">
          <legend>{t('photo.legend')}</legend>
          {(['approve', 'hide'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name={`${id}-photo`}
                value={value}
                checked={photo === value}
                onChange={() => setPhoto(value)}
              />
              {t(`photo.${value}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      {form === null ? (
        <div className="moderation-actions" role="group" aria-label={t('actionsFor', { category })}>
          <Button variant="primary" busy={mutation.isPending} onClick={() => decide('approve')}>
            {t('action.approve')}
          </Button>
          <Button onClick={() => decide('edit')}>{t('action.edit')}</Button>
          <Button onClick={() => decide('hide')}>{t('action.hide')}</Button>
        </div>
      ) : (
        <form className="moderation-form" onSubmit={submit} noValidate aria-label={t(`form.${formKind}`, { category })}>
          {form.photo === 'hide' ? <p className="moderation-form-note">{t('photo.hiddenNote')}</p> : null}
          {form.action === 'edit' ? (
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
            autoFocus={form.action !== 'edit'}
          />
          {localError ? (
            <p id={reasonErrorId} role="alert" className="field-error">
              {isErrorCode(localError) ? t(`errors:${localError}`) : localError}
            </p>
          ) : null}
          <div className="moderation-actions">
            <Button type="submit" variant="primary" busy={mutation.isPending}>
              {t(`form.submit.${formKind}`)}
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
