import { useTranslation } from 'react-i18next';
import type { Backend } from '../../../backend/backend';
import { ErrorCodeMessage, ErrorMessage, formatDate, nameOf, VisuallyHidden } from '../../../ui';
import { SHIPPED_REFERENCE, type ReportReference } from '../lib/shipped-reference';
import { useMyReports } from '../api/my-reports';
import { useReportOutboxItems } from '../outbox/report-outbox';
import { OutboxActions, OutboxStateBadge } from './outbox-item-view';
import { useIdentity } from '../../../hooks';
import { useLang } from './use-lang';
import { useMyReportsLive } from '../follow/use-my-reports-live';
import '../report.css';

/** The resident's own reports: category, status (in the current language), date and support count. */
export function MyReportsPanel({
  backend,
  reference = SHIPPED_REFERENCE,
  ready = true,
  onOpenReport,
  onEditDraft,
}: {
  backend: Backend;
  /** The database's reference data once loaded; until then the copy shipped with the build. */
  reference?: ReportReference | undefined;
  /** The backend has started; until then an unsent report waits for the database, not the network. */
  ready?: boolean;
  onOpenReport(id: string): void;
  /** An unsent report was put back into the report form: show the report tab. */
  onEditDraft?(): void;
}) {
  const { t } = useTranslation('report');
  const lang = useLang();
  const identity = useIdentity(backend);
  const q = useMyReports(backend, identity.userId);
  // A crew's status change (or a moderator's decision) shows here as it happens, without a reload.
  useMyReportsLive(backend, ready && identity.userId !== null, q.data?.map((r) => r.id) ?? []);
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
              <Pause />
              <span className="report-mine-description">{item.payload.description}</span>
              <Pause />
              <span className="report-meta">
                <OutboxStateBadge item={item} ready={ready} />
                <Pause />
                <span>{t('outbox.created', { date: formatDate(new Date(item.createdAt).toISOString(), lang) })}</span>
              </span>
              {item.state === 'failed' ? <ErrorCodeMessage code={item.error} /> : null}
              <OutboxActions backend={backend} item={item} ready={ready} onEdit={onEditDraft} />
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
                    <Pause />
                    <span className="report-mine-description">{r.description}</span>
                    <Pause />
                    <span className="report-meta">
                      <span className={`report-status-badge is-${r.status_group}`}>
                        {t('mine.status', { status })}
                      </span>
                      <Pause />
                      <span>{t('mine.created', { date: formatDate(r.created_at, lang) })}</span>
                      <Pause />
                      <span>{t('mine.supports', { count: r.support_count })}</span>
                      {r.last_update_at ? (
                        <>
                          <Pause />
                          <span>{t('mine.updated', { date: formatDate(r.last_update_at, lang) })}</span>
                        </>
                      ) : null}
                      <Pause />
                      <span className={`report-moderation is-${r.moderation}`}>
                        {t(`mine.moderation.${r.moderation}`)}
                      </span>
                      {r.photo_moderation === 'held' && r.moderation !== 'held' ? (
                        <>
                          <Pause />
                          <span className="report-moderation is-held">{t('mine.moderation.photoHeld')}</span>
                        </>
                      ) : null}
                    </span>
                    {r.moderation_reason ? (
                      <span className="report-moderation-reason">
                        <Pause />
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

/**
 * Between the parts of an entry: they are laid out apart, but a button's accessible name (and a list item read as
 * one line) would run them together ("Mörk platsOffline-test"); a hidden comma keeps them apart when read.
 */
function Pause() {
  // A no-break space: an ordinary one at the end of the (blockified) hidden item would collapse away.
  return <VisuallyHidden>{',\u00a0'}</VisuallyHidden>;
}
