import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteRiskSource, listRiskSources, type RiskSource } from '../../../api/risk-events';
import type { Backend } from '../../../backend';
import { apiQuery, invalidateAfterWrite } from '../../../hooks';
import { Button, ErrorMessage, formatNumber, toLang } from '../../../ui';
import { typeLabel } from './lib/type-label';

/** Sources per page: a large import makes one source per part, so the list can be long. */
export const SOURCES_PER_PAGE = 20;

/** The imported sources with their provenance and date range, page by page; each can be deleted (after a confirmation). */
export function RiskSources({ backend, ready }: { backend: Backend; ready: boolean }) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const query = useQuery({ ...apiQuery(backend, listRiskSources, { limit: SOURCES_PER_PAGE, offset }), enabled: ready, placeholderData: keepPreviousData });
  const total = query.data?.total ?? 0;
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [deleted, setDeleted] = useState<{ name: string; n: number } | null>(null);

  const remove = async (source: RiskSource) => {
    setBusy(true);
    setError(null);
    try {
      const result = await deleteRiskSource.call(backend, { id: source.id });
      setDeleted({ name: source.name, n: result.deleted_events });
      setConfirming(null);
      // The last source of a later page: step back a page rather than show an empty one.
      if (offset > 0 && query.data?.items.length === 1) setOffset(Math.max(0, offset - SOURCES_PER_PAGE));
      await invalidateAfterWrite(queryClient);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="risks-sources" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('risks.sources.title')}</h4>
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending && ready ? <p className="hint">{t('loading')}</p> : null}
      {query.data && query.data.items.length === 0 ? <p className="hint">{t('risks.sources.none')}</p> : null}
      {deleted ? <p role="status">{t('risks.sources.deleted', { name: deleted.name, count: deleted.n, formatted: formatNumber(deleted.n, lang) })}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      <ul className="risks-source-list" data-testid="risk-sources">
        {query.data?.items.map((s) => (
          <li key={s.id} data-testid="risk-source">
            <p>
              <strong>{s.name}</strong> {s.kind === 'demo' ? <span className="risks-demo">{t('risks.sources.demo')}</span> : null}
            </p>
            <p>
              {t(`risks.sources.kind.${s.kind}`)} · {t('risks.sources.range', { from: s.period_from, to: s.period_to })} ·{' '}
              {t('risks.sources.events', { count: s.row_count, formatted: formatNumber(s.row_count, lang) })}
            </p>
            <p className="hint">
              {t('risks.sources.provenance')}: {s.provenance}
              {s.licence ? ` · ${t('risks.sources.licence')}: ${s.licence}` : ''}
            </p>
            <p className="hint">
              {Object.entries(s.types)
                .sort((a, b) => b[1] - a[1])
                .map(([type, n]) => `${typeLabel(t, type)} ${formatNumber(n, lang)}`)
                .join(' · ')}
            </p>
            {confirming === s.id ? (
              <div role="group" aria-label={t('risks.sources.confirmLabel', { name: s.name })} className="risks-confirm">
                <p>{t('risks.sources.confirm', { name: s.name, count: s.row_count, formatted: formatNumber(s.row_count, lang) })}</p>
                <Button variant="primary" disabled={busy} onClick={() => void remove(s)} data-testid="risk-source-confirm">
                  {t('risks.sources.confirmDelete')}
                </Button>{' '}
                <Button variant="secondary" disabled={busy} onClick={() => setConfirming(null)}>
                  {t('risks.sources.cancel')}
                </Button>
              </div>
            ) : (
              <Button variant="secondary" onClick={() => setConfirming(s.id)} data-testid="risk-source-delete">
                {t('risks.sources.delete', { name: s.name })}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {total > SOURCES_PER_PAGE ? (
        <nav aria-label={t('risks.sources.pages')} className="risks-pages" data-testid="risk-sources-pages">
          <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - SOURCES_PER_PAGE))}>
            {t('risks.sources.previous')}
          </Button>{' '}
          <span aria-live="polite">
            {t('risks.sources.page', {
              from: formatNumber(offset + 1, lang),
              to: formatNumber(Math.min(offset + SOURCES_PER_PAGE, total), lang),
              total: formatNumber(total, lang),
            })}
          </span>{' '}
          <Button disabled={offset + SOURCES_PER_PAGE >= total} onClick={() => setOffset(offset + SOURCES_PER_PAGE)}>
            {t('risks.sources.next')}
          </Button>
        </nav>
      ) : null}
    </section>
  );
}
