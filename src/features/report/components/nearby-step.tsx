import { useEffect, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { NearbyReport } from '../../../api';
import type { ReportReference } from '../lib/shipped-reference';
import { Button, ErrorMessage, formatDate, nameOf } from '../../../ui';
import { StepSection } from './step-section';
import { useLang } from './use-lang';

export function NearbyStep({
  headingRef,
  reference,
  radius,
  reports,
  loading,
  error,
  supportError,
  supportingId,
  ownIds,
  supportedId,
  onSupport,
  onOpenReport,
  onNext,
  onBack,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  reference: ReportReference;
  radius: number | null;
  reports: NearbyReport[] | undefined;
  loading: boolean;
  error: unknown;
  supportError: unknown;
  supportingId: string | null;
  /** The resident's own reports: no "+1" on those. */
  ownIds: ReadonlySet<string>;
  /** The report the user just supported (shows the thanks and the two ways on). */
  supportedId: string | null;
  onSupport(id: string): void;
  onOpenReport(id: string): void;
  onNext(): void;
  onBack(): void;
}) {
  const { t } = useTranslation('report');
  const lang = useLang();
  const thanksRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (supportedId) thanksRef.current?.focus();
  }, [supportedId]);

  const statusName = (code: string) =>
    nameOf(
      reference.statuses.find((s) => s.code === code),
      lang,
      code,
    );

  return (
    <StepSection step="nearby" title={t('nearby.title')} headingRef={headingRef}>
      {loading ? (
        <p role="status" className="report-status">
          {t('nearby.loading')}
        </p>
      ) : null}
      {error ? (
        <>
          <ErrorMessage error={error} />
          <p className="report-hint">{t('nearby.failed')}</p>
        </>
      ) : null}

      {supportedId ? (
        <div ref={thanksRef} tabIndex={-1} className="report-thanks">
          <p className="report-thanks-title">{t('nearby.thanks')}</p>
          <p className="report-hint">{t('nearby.thanksHint')}</p>
          <div className="report-actions">
            <Button variant="primary" className="report-btn" onClick={() => onOpenReport(supportedId)}>
              {t('nearby.openReport')}
            </Button>
            <Button className="report-btn" onClick={onNext}>
              {t('nearby.fileAnyway')}
            </Button>
          </div>
        </div>
      ) : null}

      {reports && reports.length > 0 ? (
        <>
          <p className="report-nearby-count">
            {t('nearby.count', { count: reports.length, radius: radius ?? '' })}
          </p>
          {!supportedId ? <p className="report-hint">{t('nearby.intro')}</p> : null}
          <ErrorMessage error={supportError} />
          <ul className="report-nearby-list">
            {reports.map((r) => {
              const descId = `report-nearby-${r.id}-desc`;
              return (
                <li key={r.id} className="report-nearby-item">
                  <p id={descId} className="report-nearby-description">
                    {r.description ?? t('nearby.descriptionPending')}
                  </p>
                  <p className="report-meta">
                    <span>{t('nearby.status', { status: statusName(r.status) })}</span>
                    <span>{t('nearby.observed', { date: formatDate(r.observed_at, lang) })}</span>
                    <span>{t('nearby.distance', { distance: Math.round(r.distance_m) })}</span>
                    <span>{t('nearby.supports', { count: r.support_count })}</span>
                  </p>
                  {ownIds.has(r.id) ? (
                    <p className="report-hint">{t('nearby.ownReport')}</p>
                  ) : r.supported_by_me ? (
                    <p className="report-hint">{t('nearby.alreadySupported')}</p>
                  ) : (
                    <Button
                      className="report-btn"
                      aria-describedby={descId}
                      busy={supportingId === r.id}
                      onClick={() => {
                        if (supportingId === null) onSupport(r.id);
                      }}
                    >
                      {t('nearby.support')}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}

      {reports && reports.length === 0 && !loading ? (
        <p role="status" className="report-status">
          {t('nearby.none')}
        </p>
      ) : null}

      {!supportedId ? (
        <div className="report-actions">
          <Button className="report-btn" onClick={onBack}>
            {t('back')}
          </Button>
          <Button variant="primary" className="report-btn" onClick={onNext}>
            {t('next')}
          </Button>
        </div>
      ) : null}
    </StepSection>
  );
}
