import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { reportDetail, supportReport, type ChallengeInfo, type ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import { challengeCodes } from '../../domain/challenges';
import type { ReportChange } from '../../backend';
import { apiQuery, invalidateAfterWrite, photoUrlOptions, useReportsChanged } from '../../hooks';
import { ChallengeSwatch } from './challenge-swatch';
import { StatusActions } from './status-change';
import { Button, ErrorMessage, formatDateTime, formatRelative, nameOf, PhotoFigure, Spinner, toLang } from '../../ui';

export interface ReportDetailPanelProps {
  backend: Backend;
  reference: ReferenceData | undefined;
  /** The period's challenges as the map draws them (the swatch's colour and shape); default: the reference data's. */
  challenges?: readonly ChallengeInfo[];
  reportId: string;
  ready: boolean;
  onClose: () => void;
  onLocate?: (p: { lon: number; lat: number }) => void;
}

/** One report as text: names, status, dates, district, description, photo, support (+1) and history. */
export function ReportDetailPanel({ backend, reference, challenges, reportId, ready, onClose, onLocate }: ReportDetailPanelProps) {
  const { t, i18n } = useTranslation('browse');
  const lang = toLang(i18n.language);
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const detail = useQuery({ ...apiQuery(backend, reportDetail, { id: reportId }), enabled: ready });
  // Live: a status change, a note or a +1 by someone else shows while the report is open (the crews' feed).
  const otherReport = useCallback((change: ReportChange) => change.id !== null && change.id !== reportId, [reportId]);
  useReportsChanged(backend, ready, { ignore: otherReport });
  const support = useMutation({
    mutationFn: () => supportReport.call(backend, { reportId }),
    onSuccess: async () => {
      // Everything that shows counts may change; the reference data does not.
      await invalidateAfterWrite(queryClient);
    },
  });

  // Opening (or switching) the detail moves focus to its heading.
  useEffect(() => {
    headingRef.current?.focus();
    support.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reportId]);

  const d = detail.data;
  const category = reference?.categories.find((c) => c.code === d?.category);
  const challenge = reference?.challenges.find((c) => c.code === d?.challenge);
  const statusName = (code: string | null) =>
    code ? nameOf(reference?.statuses.find((s) => s.code === code), lang, code) : '';
  const categoryName = nameOf(category, lang, d?.category ?? '');
  const supported = d?.supported_by_me === true;

  return (
    <article
      className="report-detail"
      aria-labelledby="report-detail-title"
      aria-busy={detail.isFetching || undefined}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="panel-header">
        <h2 id="report-detail-title" ref={headingRef} tabIndex={-1} className="panel-title">
          {d ? categoryName : t('detail.loadingTitle')}
        </h2>
        <Button variant="ghost" className="panel-close" onClick={onClose}>
          {t('detail.close')}
        </Button>
      </div>
      {!ready || detail.isPending ? <Spinner label={t('common:loading')} /> : null}
      {detail.isError ? <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {d ? (
        <>
          <dl className="facts">
            <div>
              <dt>{t('detail.challenge')}</dt>{' '}
              <dd>
                <ChallengeSwatch challenge={d.challenge} challenges={challengeCodes(challenges ?? reference?.challenges)} />
                {nameOf(challenge, lang, d.challenge)}
              </dd>
            </div>
            <div>
              <dt>{t('detail.category')}</dt>{' '}
              <dd>{categoryName}</dd>
            </div>
            <div>
              <dt>{t('detail.status')}</dt>{' '}
              <dd>
                <span className={`status-badge status-${d.status_group}`}>{statusName(d.status)}</span>
              </dd>
            </div>
            <div>
              <dt>{t('detail.observed')}</dt>{' '}
              <dd>
                <time dateTime={d.observed_at}>{formatDateTime(d.observed_at, lang)}</time>{' '}
                <span className="muted">({formatRelative(d.observed_at, lang)})</span>
              </dd>
            </div>
            {d.is_dark ? (
              <div>
                <dt>{t('detail.light')}</dt>{' '}
                <dd>{t('detail.dark')}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('detail.created')}</dt>{' '}
              <dd>
                <time dateTime={d.created_at}>{formatDateTime(d.created_at, lang)}</time>
              </dd>
            </div>
            <div>
              <dt>{t('detail.district')}</dt>{' '}
              <dd>
                {d.district
                  ? t('detail.districtValue', { name: d.district.name, stadsdel: d.district.stadsdel })
                  : t('detail.noDistrict')}
              </dd>
            </div>
            <div>
              <dt>{t('detail.source')}</dt>{' '}
              <dd>{t(`detail.source_${d.source}`, { defaultValue: d.source })}</dd>
            </div>
          </dl>
          {d.is_mine ? <p className="note">{t('detail.mine')}</p> : null}
          <h3>{t('detail.description')}</h3>
          {/* User text: rendered as text only; whitespace kept by CSS. */}
          {d.description !== null ? (
            <p className="user-text">{d.description}</p>
          ) : (
            <p className="report-moderation-note">{t(d.moderation === 'hidden' ? 'detail.moderation.hidden' : 'detail.moderation.pending')}</p>
          )}
          {d.precise && d.moderation !== 'approved' ? (
            <p className="report-moderation-note">
              {t(`detail.moderation.own.${d.moderation}`)}
              {d.moderation_reason ? ` ${t('detail.moderation.reason', { reason: d.moderation_reason })}` : ''}
            </p>
          ) : null}
          {d.photo_path ? (
            <PhotoFigure
              url={photoUrlOptions(backend, d.photo_path)}
              alt={t('detail.photoAlt', { category: categoryName })}
              enabled={ready}
            />
          ) : null}
          {!d.precise ? <p className="hint">{t('detail.approximate')}</p> : null}
          {onLocate ? (
            <Button variant="link" onClick={() => onLocate({ lon: d.lon, lat: d.lat })}>
              {t('detail.showOnMap')}
            </Button>
          ) : null}
          <div className="support">
            <p aria-live="polite">
              {d.support_count === 0
                ? t('detail.supportCount_zero')
                : t('detail.supportCount', { count: d.support_count })}
            </p>
            {/* Never on one's own report (api.support_report refuses it: own_report); the note above says it is theirs. */}
            {/* aria-disabled instead of disabled: the button keeps focus after the +1 and still explains itself. */}
            {d.is_mine ? null : (
              <Button
                variant={supported ? 'secondary' : 'primary'}
                aria-disabled={supported || support.isPending || undefined}
                aria-describedby={supported ? 'support-done' : undefined}
                busy={support.isPending}
                className={supported ? 'is-done' : undefined}
                onClick={() => {
                  if (!supported && !support.isPending) support.mutate();
                }}
              >
                {supported ? <span aria-hidden="true">✓ </span> : null}
                {t('detail.support')}
                {supported ? null : <span aria-hidden="true"> {t('detail.supportPlus')}</span>}
              </Button>
            )}
            {supported ? (
              <p className="hint" id="support-done">
                {t('detail.supported')}
              </p>
            ) : null}
            {support.isSuccess ? <p role="status">{t('detail.supportThanks')}</p> : null}
            {support.isError ? <ErrorMessage error={support.error} /> : null}
          </div>
          <h3>{t('detail.history')}</h3>
          {d.updates.length === 0 ? (
            <p>{t('detail.historyEmpty')}</p>
          ) : (
            <ol className="history">
              {d.updates.map((u, i) => (
                <li key={`${u.created_at}-${i}`}>
                  <time dateTime={u.created_at}>{formatDateTime(u.created_at, lang)}</time>:{' '}
                  {u.from_status
                    ? t('detail.historyItem', { from: statusName(u.from_status), to: statusName(u.to_status) })
                    : t('detail.historyCreated', { to: statusName(u.to_status) })}
                  {u.note ? <p className="user-text">{u.note}</p> : null}
                  {u.photo_path ? (
                    <PhotoFigure
                      url={photoUrlOptions(backend, u.photo_path)}
                      alt={t('detail.updatePhotoAlt', { status: statusName(u.to_status) })}
                      enabled={ready}
                    />
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          <StatusActions backend={backend} reference={reference} detail={d} />
        </>
      ) : null}
    </article>
  );
}
