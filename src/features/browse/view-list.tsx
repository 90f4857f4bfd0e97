import { useTranslation } from 'react-i18next';
import type { ChallengeInfo, ReferenceData, ReportsInView } from '../../api';
import { challengeCodes } from '../../domain/challenges';
import { ChallengeSwatch } from './challenge-swatch';
import { ErrorMessage, formatNumber, nameOf, Spinner, toLang, VisuallyHidden } from '../../ui';
import { clusterZoom, LIST_LIMIT, listEntries } from './filter-model';
import type { ReportsInViewState } from './use-reports-in-view';

export interface ViewListProps {
  reference: ReferenceData | undefined;
  /** The period's challenges as the map draws them: names, and by their order each swatch's colour and shape. */
  challenges: readonly ChallengeInfo[];
  state: ReportsInViewState;
  /** What the map shows before the database is ready; listed the same way, marked as not yet live. */
  early?: ReportsInView | null;
  ready: boolean;
  hasView: boolean;
  zoom: number | undefined;
  selectedId: string | null;
  onOpenReport: (id: string) => void;
  onFlyTo: (target: { lon: number; lat: number; zoom: number }) => void;
}

/** The text equivalent of the map: how many reports are in view and a list of what is drawn. */
export function ViewList({ reference, challenges, state, early, ready, hasView, zoom, selectedId, onOpenReport, onFlyTo }: ViewListProps) {
  const { t, i18n } = useTranslation('browse');
  const lang = toLang(i18n.language);
  const { query, outside, filterKey } = state;
  const data = query.data ?? early ?? undefined;
  const isEarly = !query.data && !!early;
  const categoryName = (code: string | null) =>
    nameOf(reference?.categories.find((c) => c.code === code), lang, t('list.unknownCategory'));
  const statusName = (code: string | null) =>
    nameOf(reference?.statuses.find((s) => s.code === code), lang, t('list.unknownStatus'));
  const challengeName = (code: string) => nameOf(challenges.find((c) => c.code === code), lang, code);
  const challengeOrder = challengeCodes(challenges);

  let status: string;
  if (!ready && !isEarly) status = t('list.waiting');
  else if (!hasView) status = t('list.noView');
  else if (outside) status = t('list.outside');
  else if (!filterKey) status = t('filters.noChallenge');
  else if (!data) status = query.isError ? '' : t('list.loading');
  else status = t('list.total', { count: data.total, formatted: formatNumber(data.total, lang) });

  const { entries, hidden } = data && filterKey && !outside ? listEntries(data.items) : { entries: [], hidden: 0 };

  return (
    <section className="view-list" aria-labelledby="view-list-title">
      <h2 id="view-list-title">{t('list.title')}</h2>
      {/* Only the count is live; the "updating" hint is visual so panning does not chatter. */}
      <div className="view-total-row">
        <p role="status" className="view-total">
          {status}
        </p>
        {isEarly ? <span className="muted">{t('list.early')}</span> : null}
        {query.isFetching && data ? (
          <span className="muted" aria-hidden="true">
            {t('list.updating')}
          </span>
        ) : null}
      </div>
      {query.isPending && query.isFetching ? <Spinner label={t('list.loading')} /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {data && entries.length === 0 && filterKey && !outside && data.total === 0 ? <p>{t('list.empty')}</p> : null}
      {entries.length > 0 ? (
        <ul className="entry-list">
          {entries.map((e) =>
            e.kind === 'report' ? (
              <li key={e.id}>
                <button
                  type="button"
                  className="entry"
                  aria-current={selectedId === e.id ? 'true' : undefined}
                  onClick={() => onOpenReport(e.id)}
                >
                  <ChallengeSwatch challenge={e.challenge} challenges={challengeOrder} />
                  <span className="entry-text">
                    <span className="entry-main">
                      {t('list.report', { category: categoryName(e.category), status: statusName(e.status) })}
                      <VisuallyHidden>,</VisuallyHidden>
                    </span>
                    <span className="entry-sub">{challengeName(e.challenge)}</span>
                  </span>
                </button>
              </li>
            ) : (
              <li key={e.key}>
                <button
                  type="button"
                  className="entry entry-cluster"
                  onClick={() => onFlyTo({ lon: e.lon, lat: e.lat, zoom: clusterZoom(zoom) })}
                >
                  <ChallengeSwatch challenge={e.challenge} challenges={challengeOrder} cluster />
                  <span className="entry-text">
                    <span className="entry-main">
                      {t('list.cluster', { count: e.count, formatted: formatNumber(e.count, lang) })}
                      <VisuallyHidden>,</VisuallyHidden>
                    </span>
                    <span className="entry-sub">{t('list.clusterChallenge', { challenge: challengeName(e.challenge) })}</span>
                  </span>
                </button>
              </li>
            ),
          )}
        </ul>
      ) : null}
      {hidden > 0 ? <p className="hint">{t('list.hidden', { count: hidden, limit: LIST_LIMIT })}</p> : null}
    </section>
  );
}
