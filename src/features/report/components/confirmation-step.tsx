import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubmittedReport } from '../../../api';
import type { ReportReference } from '../lib/shipped-reference';
import type { Backend } from '../../../backend/backend';
import { Button, ErrorCodeMessage, nameOf } from '../../../ui';
import type { ReportOutboxItem } from '../outbox/report-outbox';
import { OutboxActions, OutboxStateBadge } from './outbox-item-view';
import { StepSection } from './step-section';
import { useLang } from './use-lang';

export function ConfirmationStep({
  headingRef,
  reference,
  result,
  onNewReport,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  reference: ReportReference;
  result: SubmittedReport;
  onNewReport(): void;
}) {
  const { t } = useTranslation('report');
  const lang = useLang();
  const category = nameOf(
    reference.categories.find((c) => c.code === result.category),
    lang,
    result.category,
  );
  return (
    <StepSection step="done" title={t('done.title')} headingRef={headingRef}>
      <ul className="report-summary">
        <li>{t('done.category', { category })}</li>
        <li>
          {result.district
            ? t('done.district', { name: result.district.name, stadsdel: result.district.stadsdel })
            : t('done.noDistrict')}
        </li>
      </ul>
      <p>
        <a className="report-link" href={`#/report/${result.id}`}>
          {t('done.follow')}
        </a>
      </p>
      <p className="report-hint">{t('done.mine')}</p>
      <div className="report-actions">
        <Button variant="primary" className="report-btn" onClick={onNewReport}>
          {t('done.newReport')}
        </Button>
      </div>
    </StepSection>
  );
}

/**
 * The confirmation of a report that went to the outbox (no network): its live state, and once sent the
 * usual confirmation. A failed item keeps its data and offers retry / edit / discard.
 */
export function QueuedConfirmation({
  headingRef,
  backend,
  reference,
  item,
  ready,
  onNewReport,
  onEdit,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  backend: Backend;
  reference: ReportReference;
  item: ReportOutboxItem | null;
  /** The database has started: until then a queued report waits for it, not for the network. */
  ready: boolean;
  onNewReport(): void;
  onEdit(): void;
}) {
  const { t } = useTranslation('report');
  if (item?.state === 'sent' && item.result) {
    return <ConfirmationStep headingRef={headingRef} reference={reference} result={item.result} onNewReport={onNewReport} />;
  }
  return (
    <StepSection
      step="done"
      title={t(item?.state === 'failed' ? 'outbox.failedTitle' : ready ? 'outbox.queuedTitle' : 'outbox.startingTitle')}
      headingRef={headingRef}
    >
      {item ? (
        <div data-outbox-id={item.id}>
          <p role="status" className="report-status">
            <OutboxStateBadge item={item} ready={ready} />
          </p>
          {item.state === 'failed' ? (
            <>
              <ErrorCodeMessage code={item.error} />
              <p className="report-hint">{t('outbox.failedHint')}</p>
            </>
          ) : (
            <p className="report-hint">{t(ready ? 'outbox.queuedHint' : 'outbox.startingHint')}</p>
          )}
          <OutboxActions backend={backend} item={item} ready={ready} onEdit={onEdit} onDiscarded={onNewReport} />
        </div>
      ) : null}
      <div className="report-actions">
        <Button variant="secondary" className="report-btn" onClick={onNewReport}>
          {t('done.newReport')}
        </Button>
      </div>
    </StepSection>
  );
}
