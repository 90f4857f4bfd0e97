import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Measure, ReferenceData } from '../../../api';
import type { Backend } from '../../../backend';
import type { Challenge } from '../../../domain/challenges';
import { CRITERIA, CRITERION_RATING_LABEL, MEASURE_STATUSES, SCORE_MAX, type CriterionRating, type MeasureStatus } from '../../../domain/measures';
import { measureHitLayers, measureLayers } from '../../../map/measure-layers';
import { Button, ErrorMessage, formatDate, formatNumber, nameOf, svOrEn, toLang } from '../../../ui';
import { bboxOf, toFeatureCollection } from '../lib/geo';
import type { SetOverlay } from '../types';
import { ChallengeFilters } from './challenge-filters';
import { useMeasures } from './use-measures';

export const MEASURES_OVERLAY = 'strategy-measures';
const LOCAL_FONT = ['sans-serif'];

export function MeasuresList({
  backend,
  reference,
  ready,
  setOverlay,
  onNavigate,
  onFitBounds,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  setOverlay: SetOverlay;
  onNavigate(sub: string): void;
  onFitBounds(bbox: [number, number, number, number]): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const [challenge, setChallenge] = useState<Challenge | ''>('');
  const [status, setStatus] = useState<MeasureStatus | ''>('');
  const query = useMeasures(backend, ready, challenge || null, status || null);
  const items = useMemo(() => query.data?.items ?? [], [query.data]);

  useEffect(() => {
    setOverlay(MEASURES_OVERLAY, {
      id: MEASURES_OVERLAY,
      label: t('measures.overlay'),
      data: toFeatureCollection(items, (m) => m.geometry, (m) => ({ id: m.id, label: m.title })),
      layers: measureLayers(MEASURES_OVERLAY, { textFont: LOCAL_FONT }),
      interactiveLayerIds: measureHitLayers(MEASURES_OVERLAY),
      onClick: (f) => {
        if (typeof f.properties.id === 'string') onNavigate(`measures/${f.properties.id}`);
      },
      legend: <p className="strategy-legend">{t('measures.legend')}</p>,
    });
  }, [items, setOverlay, t, onNavigate]);
  useEffect(() => () => setOverlay(MEASURES_OVERLAY, null), [setOverlay]);

  const challengeName = (c: string) => nameOf(reference?.challenges.find((x) => x.code === c), lang, c);

  return (
    <section className="strategy-measures strategy-printable" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} tabIndex={-1}>
        {t('measures.title')}
      </h3>
      <div className="strategy-toolbar">
        <Button variant="primary" onClick={() => onNavigate('measures/new')}>
          {t('measures.new')}
        </Button>
      </div>
      <ChallengeFilters reference={reference} challenge={challenge} onChallenge={setChallenge}>
        <label>
          {t('measures.filterStatus')}
          <select value={status} onChange={(e) => setStatus(e.target.value as MeasureStatus | '')}>
            <option value="">{t('measures.allStatuses')}</option>
            {MEASURE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`measures.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </ChallengeFilters>
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {!ready ? <p className="hint">{t('waiting')}</p> : query.isPending ? <p className="hint" role="status">{t('loading')}</p> : null}
      {query.data ? (
        <>
          <p role="status">
            {t('measures.count', { count: items.length, formatted: formatNumber(items.length, lang) })}.{' '}
            {t('measures.priorityNote')}
          </p>
          {items.length === 0 ? <p className="hint">{t('measures.empty')}</p> : null}
          <ol className="strategy-measure-list" data-testid="measure-list">
            {items.map((m) => (
              <MeasureItem
                key={m.id}
                measure={m}
                challengeName={challengeName(m.challenge)}
                onEdit={() => onNavigate(`measures/${m.id}`)}
                onEffect={() => onNavigate(`measures/${m.id}/effect`)}
                onShow={() => {
                  const b = bboxOf(m.geometry);
                  if (b) onFitBounds(b);
                }}
              />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

function MeasureItem({
  measure: m,
  challengeName,
  onEdit,
  onEffect,
  onShow,
}: {
  measure: Measure;
  challengeName: string;
  onEdit(): void;
  onEffect(): void;
  onShow(): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const headingId = useId();
  return (
    <li className="strategy-measure" data-measure-id={m.id}>
      <h4 id={headingId}>
        {m.title}
        {m.is_demo ? <span className="badge"> {t('measures.demo')}</span> : null}
      </h4>
      <p>
        {challengeName} · {t(`map:measureTypes.${m.type}`)} · <strong>{t(`measures.statuses.${m.status}`)}</strong> ·{' '}
        <span data-testid="measure-score">{t('measures.score', { score: m.score, max: SCORE_MAX })}</span>
      </p>
      <dl className="strategy-criteria">
        {CRITERIA.map((c) => (
          <div key={c.key}>
            <dt>{c.label[svOrEn(lang)]}</dt>
            <dd>
              {m[c.column]} – {CRITERION_RATING_LABEL[m[c.column] as CriterionRating]?.[svOrEn(lang)] ?? ''}
            </dd>
          </div>
        ))}
      </dl>
      <p className="strategy-meta">
        {m.department ? `${t('measures.department')}: ${m.department}. ` : ''}
        {m.planned_date ? `${t('measures.planned')}: ${formatDate(m.planned_date, lang)}. ` : ''}
        {m.done_date ? `${t('measures.done')}: ${formatDate(m.done_date, lang)}. ` : ''}
        {m.cost_sek != null ? `${t('measures.cost')}: ${t('measures.costValue', { formatted: formatNumber(m.cost_sek, lang) })}. ` : ''}
        {t('measures.reports', { count: m.report_count })}. {t(`measures.sources.${m.source_kind}`)}.
      </p>
      <div className="strategy-actions">
        <Button onClick={onEdit} aria-label={`${t('measures.edit')}: ${m.title}`}>
          {t('measures.edit')}
        </Button>
        <Button onClick={onShow} aria-label={`${t('measures.showOnMap')}: ${m.title}`}>
          {t('measures.showOnMap')}
        </Button>
        {m.status === 'done' ? (
          <Button onClick={onEffect} aria-label={`${t('measures.effect')}: ${m.title}`}>
            {t('measures.effect')}
          </Button>
        ) : null}
      </div>
    </li>
  );
}
