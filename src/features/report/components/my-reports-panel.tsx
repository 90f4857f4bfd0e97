import { useTranslation } from 'react-i18next';
import type { ReferenceData } from '../../../api';
import type { Backend } from '../../../backend/backend';
import { ErrorCodeMessage, ErrorMessage, formatDate, nameOf } from '../../../ui';
import { useMyReports } from '../api/my-reports';
import { useReportOutboxItems } from '../outbox/report-outbox';
import { OutboxActions, OutboxStateBadge } from './outbox-item-view';
import { useIdentity } from '../../../hooks';
import { useLang } from './use-lang';
import '../report.css';

/** The resident's own reports: category, status (in the current language), date and support count. */
export function MyReportsPanel({
  backend,
  reference,
  onOpenReport,
  onEditDraft,
}: {
  backend: Backend;
  reference: ReferenceData;
  onOpenReport(id: string): void;
  /** An unsent report was put back into the report form: show the report tab. */
  onEditDraft?(): void;
}) {
  const { t } = useTranslation('report');
  const lang = useLang();
  const identity = useIdentity(backend);
  const q = useMyReports(backend, identity.userId);
  // Reports still in this browser's outbox (not yet on the server), shown until the server lists them.
  const outboxItems = useReportOutboxItems(backend);
  const serverIds = new Set(q.data?.map((r) => r.id) ?? []);
  const unsent = outboxItems.filter((i) => i.owner === identity.userId && !serverIds.has(i.id));

  return (
    <section className="report-mine" aria-labelledby="report-mine-title">
      <h2 id="report-mine-title" className="report-panel-title">
        {t('mine.title')}
      </h2>
      {q.isPending ? (
        <p role="status" className="report-status">
          {t('mine.loading')}
        </p>
      ) : null}
      {unsent.length > 0 ? (
        <ul className="report-mine-list report-outbox-list" aria-label={t('outbox.listLabel')}>
          {unsent.map((item) => (
            <li key={item.id} className="report-mine-item" data-outbox-id={item.id}>
              <span className="report-mine-category">
                {nameOf(
                  reference.categories.find((c) => c.code === item.payload.category),
                  lang,
                  item.payload.category,
                )}
              </span>
              <span className="report-mine-description">{item.payload.description}</span>
              <span className="report-meta">
                <OutboxStateBadge item={item} />
                <span>{t('outbox.created', { date: formatDate(new Date(item.createdAt).toISOString(), lang) })}</span>
              </span>
              {item.state === 'failed' ? <ErrorCodeMessage code={item.error} /> : null}
              <OutboxActions backend={backend} item={item} onEdit={onEditDraft} />
            </li>
          ))}
        </ul>
      ) : null}
      {q.isError ? <ErrorMessage error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.isSuccess && q.data.length === 0 && unsent.length === 0 ? <p className="report-hint">{t('mine.empty')}</p> : null}
      {q.isSuccess && q.data.length > 0 ? (
        <>
          <p className="report-hint">{t('mine.count', { count: q.data.length })}</p>
          <ul className="report-mine-list">
            {q.data.map((r) => {
              const category = nameOf(
                reference.categories.find((c) => c.code === r.category),
                lang,
                r.category,
              );
              const status = nameOf(
                reference.statuses.find((s) => s.code === r.status),
                lang,
                r.status,
              );
              return (
                <li key={r.id} className="report-mine-item">
                  <button type="button" className="report-mine-open" onClick={() => onOpenReport(r.id)}>
                    <span className="report-mine-category">{category}</span>
                    <span className="report-mine-description">{r.description}</span>
                    <span className="report-meta">
                      <span className={`report-status-badge is-${r.status_group}`}>
                        {t('mine.status', { status })}
                      </span>
                      <span>{t('mine.created', { date: formatDate(r.created_at, lang) })}</span>
                      <span>{t('mine.supports', { count: r.support_count })}</span>
                      {r.last_update_at ? (
                        <span>{t('mine.updated', { date: formatDate(r.last_update_at, lang) })}</span>
                      ) : null}
                      <span className={`report-moderation is-${r.moderation}`}>
                        {t(`mine.moderation.${r.moderation}`)}
                      </span>
                      {r.photo_moderation === 'held' && r.moderation !== 'held' ? (
                        <span className="report-moderation is-held">{t('mine.moderation.photoHeld')}</span>
                      ) : null}
                    </span>
                    {r.moderation_reason ? (
                      <span className="report-moderation-reason">
                        {t('mine.moderation.reason', { reason: r.moderation_reason })}
                      </span>
                    ) : null}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
