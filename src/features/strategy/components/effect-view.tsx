import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { measureEffect, type EffectCounts, type Measure } from '../../../api';
import type { Backend } from '../../../backend';
import { apiQuery } from '../../../hooks';
import { EFFECT_MIN_AREA_TOTAL, EFFECT_MIN_COUNT, rateRatioEffect } from '../../../analysis/effect';
import { EFFECT_COMPARISONS, type EffectComparison } from '../../../domain/measures';
import { measureLayers } from '../../../map/measure-layers';
import { Button, ErrorMessage, formatDate, formatNumber, toLang } from '../../../ui';
import { checkDataWindow } from '../lib/data-window';
import { bboxOf, toFeatureCollection } from '../lib/geo';
import type { SetOverlay } from '../types';

export const EFFECT_AREA_OVERLAY = 'strategy-effect-area';

const MONTH_CHOICES = [3, 6, 12, 24, 36] as const;

/** The rate ratio, its interval and the verdict sentence for one set of counts (also used by the follow-up). */
export function EffectSummary({ counts }: { counts: EffectCounts }) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const effect = rateRatioEffect({
    areaBefore: counts.area.before,
    areaAfter: counts.area.after,
    comparisonBefore: counts.comparison.before,
    comparisonAfter: counts.comparison.after,
  });
  const f2 = (x: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(x);
  return (
    <div className="strategy-effect-summary">
      <p className="strategy-verdict" data-testid="effect-verdict" data-verdict={effect.verdict}>
        <strong>{t('effect.verdictTitle')}:</strong> {t(`effect.verdicts.${effect.verdict}`)}
      </p>
      {effect.verdict !== 'too_few' ? (
        <p>
          {t('effect.rr')}: <strong>{f2(effect.rateRatio)}</strong>; {t('effect.ci')}: {f2(effect.ciLow)}–{f2(effect.ciHigh)}
        </p>
      ) : (
        <p data-testid="effect-too-few">
          {t('effect.tooFewWhy', {
            min: EFFECT_MIN_COUNT,
            minArea: EFFECT_MIN_AREA_TOTAL,
            a0: formatNumber(counts.area.before, lang),
            a1: formatNumber(counts.area.after, lang),
            aSum: formatNumber(counts.area.before + counts.area.after, lang),
            c0: formatNumber(counts.comparison.before, lang),
            c1: formatNumber(counts.comparison.after, lang),
          })}
        </p>
      )}
    </div>
  );
}

export function EffectCountsTable({ counts }: { counts: EffectCounts }) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const km2 = (x: number) => formatNumber(Math.round(x * 100) / 100, lang);
  return (
    <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="effect-table">
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">{t('effect.area')}</span>
          </th>
          <th scope="col">{t('effect.before')}</th>
          <th scope="col">{t('effect.after')}</th>
          <th scope="col">{t('effect.km2')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t('effect.area')}</th>
          <td>{formatNumber(counts.area.before, lang)}</td>
          <td>{formatNumber(counts.area.after, lang)}</td>
          <td>{km2(counts.area.km2)}</td>
        </tr>
        <tr>
          <th scope="row">
            {counts.comparison.name ? t('effect.comparisonNamed', { name: counts.comparison.name }) : t('effect.comparisonArea')}
          </th>
          <td>{formatNumber(counts.comparison.before, lang)}</td>
          <td>{formatNumber(counts.comparison.after, lang)}</td>
          <td>{km2(counts.comparison.km2)}</td>
        </tr>
      </tbody>
    </table></div>
  );
}

export function HowWeCompute() {
  const { t } = useTranslation('strategy');
  return (
    <details className="strategy-how">
      <summary>{t('effect.howTitle')}</summary>
      <p>{t('effect.how1')}</p>
      <p>{t('effect.how2')}</p>
      <p>{t('effect.how3')}</p>
    </details>
  );
}

export function EffectView({
  backend,
  ready,
  measure,
  setOverlay,
  onFitBounds,
  onBack,
}: {
  backend: Backend;
  ready: boolean;
  measure: Measure;
  setOverlay: SetOverlay;
  onFitBounds(bbox: [number, number, number, number]): void;
  onBack(): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const [months, setMonths] = useState(12);
  // The window the view shortened on its own (the default 12 months reached beyond the first report), or null;
  // once the user picks a length the view never changes it again.
  const [shortenedFrom, setShortenedFrom] = useState<number | null>(null);
  const [userChoseMonths, setUserChoseMonths] = useState(false);
  const [comparison, setComparison] = useState<EffectComparison>('district');
  const done = measure.status === 'done';
  const query = useQuery({
    ...apiQuery(backend, measureEffect, { id: measure.id, months, comparison }),
    enabled: ready && done,
  });
  const c = query.data;
  // The measure's own place on the map while its effect is shown (the counts table is the text equivalent).
  useEffect(() => {
    setOverlay(EFFECT_AREA_OVERLAY, {
      id: EFFECT_AREA_OVERLAY,
      label: t('effect.areaOverlay'),
      data: toFeatureCollection([measure], (m) => m.geometry, (m) => ({ label: m.title })),
      layers: measureLayers(EFFECT_AREA_OVERLAY, { textFont: null }),
    });
    const b = bboxOf(measure.geometry);
    if (b) onFitBounds(b);
    return () => setOverlay(EFFECT_AREA_OVERLAY, null);
  }, [measure, setOverlay, onFitBounds, t]);
  const mo = (x: number) => formatNumber(Math.round(x * 10) / 10, lang);
  const coverage = c ? checkDataWindow(c.before, c.data, c.months_before, MONTH_CHOICES) : null;
  const fitTo = !userChoseMonths && shortenedFrom === null && coverage?.state === 'partial' ? coverage.longestFitting : null;
  // Adjusted while rendering (React's pattern for state that follows data): the next render asks for fitTo.
  if (fitTo !== null) {
    setShortenedFrom(months);
    setMonths(fitTo);
  }
  const choose = (m: number) => {
    setUserChoseMonths(true);
    setMonths(m);
  };
  return (
    <section className="strategy-effect strategy-printable" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} tabIndex={-1}>
        {t('effect.title')}: {measure.title}
      </h3>
      <div className="strategy-no-print">
        <Button onClick={onBack}>{t('effect.back')}</Button>
      </div>
      {!done ? <p>{t('effect.notDone')}</p> : null}
      <fieldset className="strategy-filters">
        <legend className="visually-hidden">{t('effect.title')}</legend>
        <label>
          {t('effect.months')}
          <select value={months} onChange={(e) => choose(Number(e.target.value))}>
            {MONTH_CHOICES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('effect.comparison')}</legend>
          {EFFECT_COMPARISONS.map((k) => (
            <label key={k}>
              <input type="radio" name={`${id}-cmp`} checked={comparison === k} onChange={() => setComparison(k)} />{' '}
              {t(`effect.comparisons.${k}`)}
            </label>
          ))}
        </fieldset>
      </fieldset>
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {done && query.isPending ? <p role="status">{t('loading')}</p> : null}
      {c ? (
        <>
          <p>
            {t('effect.windows', {
              beforeFrom: formatDate(c.before.from, lang),
              beforeTo: formatDate(c.before.to, lang),
              afterFrom: formatDate(c.after.from, lang),
              afterTo: formatDate(c.after.to, lang),
              monthsBefore: mo(c.months_before),
              monthsAfter: mo(c.months_after),
            })}{' '}
            {measure.geometry.type === 'Point' || measure.geometry.type === 'LineString' ? t('effect.buffer', { m: c.buffer_m }) : null}
          </p>
          <p data-testid="effect-data-window">
            {c.data.first && c.data.last
              ? t('effect.dataWindow', { first: formatDate(c.data.first, lang), last: formatDate(c.data.last, lang) })
              : t('effect.dataNone')}
          </p>
          {shortenedFrom !== null && !userChoseMonths && c.data.first ? (
            <p className="hint" data-testid="effect-window-shortened">
              {t('effect.shortened', { asked: shortenedFrom, n: months, first: formatDate(c.data.first, lang) })}
            </p>
          ) : null}
          {coverage?.state === 'partial' && c.data.first ? (
            <div className="strategy-warning" data-testid="effect-window-warning">
              <p>
                {t('effect.beforePartial', {
                  from: formatDate(c.before.from, lang),
                  first: formatDate(c.data.first, lang),
                  with: mo(coverage.monthsWithData),
                  asked: mo(coverage.monthsAsked),
                })}
              </p>
              {coverage.longestFitting !== null && coverage.longestFitting !== months ? (
                <Button onClick={() => choose(coverage.longestFitting!)}>{t('effect.useMonths', { n: coverage.longestFitting })}</Button>
              ) : null}
            </div>
          ) : null}
          <EffectCountsTable counts={c} />
          {coverage?.state === 'none' ? (
            <p className="strategy-verdict" data-testid="effect-refused">
              {c.data.first
                ? t('effect.beforeNone', {
                    from: formatDate(c.before.from, lang),
                    to: formatDate(c.before.to, lang),
                    first: formatDate(c.data.first, lang),
                  })
                : t('effect.dataNone')}
            </p>
          ) : (
            <EffectSummary counts={c} />
          )}
        </>
      ) : null}
      <HowWeCompute />
    </section>
  );
}
