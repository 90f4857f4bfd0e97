import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { measureEffect, type EffectCounts, type EffectEvents, type Measure } from '../../../api';
import type { Backend } from '../../../backend';
import { apiQuery } from '../../../hooks';
import { EFFECT_MIN_AREA_TOTAL, EFFECT_MIN_COUNT, rateRatioEffect } from '../../../analysis/effect';
import { EFFECT_COMPARISONS, type EffectComparison } from '../../../domain/measures';
import { measureLayers } from '../../../map/measure-layers';
import { Button, ErrorMessage, formatDate, formatNumber, toLang } from '../../../ui';
import { checkDataWindow } from '../lib/data-window';
import { bboxOf, toFeatureCollection } from '../lib/geo';
import type { SetOverlay } from '../types';
import { riskTypesLabel } from '../risks/lib/type-label';

export const EFFECT_AREA_OVERLAY = 'strategy-effect-area';

const MONTH_CHOICES = [3, 6, 12, 24, 36] as const;

/** The four counts the rate ratio needs: reports or events, in the area and the comparison, before and after. */
type FourCounts = Pick<EffectCounts, 'area' | 'comparison'> | Pick<EffectEvents, 'area' | 'comparison'>;

/** The rate ratio, its interval and the verdict sentence for one set of counts (also used by the follow-up). */
export function EffectSummary({
  counts,
  testId = 'effect',
  kind = 'reports',
}: {
  counts: FourCounts;
  testId?: string;
  /** What was counted: the verdicts say "reports" or "events". */
  kind?: 'reports' | 'events';
}) {
  const verdicts = kind === 'events' ? 'effect.eventVerdicts' : 'effect.verdicts';
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
      <p className="strategy-verdict" data-testid={`${testId}-verdict`} data-verdict={effect.verdict}>
        <strong>{t('effect.verdictTitle')}:</strong> {t(`${verdicts}.${effect.verdict}`)}
      </p>
      {effect.verdict !== 'too_few' ? (
        <p>
          {t('effect.rr')}: <strong>{f2(effect.rateRatio)}</strong>; {t('effect.ci')}: {f2(effect.ciLow)}–{f2(effect.ciHigh)}
        </p>
      ) : (
        <p data-testid={`${testId}-too-few`}>
          {t(kind === 'events' ? 'effect.eventsTooFewWhy' : 'effect.tooFewWhy', {
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

/**
 * Is a window inside the events' data? Events are only known inside their sources' date ranges, so the before
 * window is checked against the first covered day as the reports' is (checkDataWindow), and the after window
 * against the last: an after window reaching past it counts too few events.
 */
function eventsCoverage(c: EffectCounts, events: EffectEvents) {
  const before = checkDataWindow(c.before, events.data, c.months_before, MONTH_CHOICES);
  const last = events.data.last == null ? null : Date.parse(events.data.last);
  const after =
    last == null || last < Date.parse(c.after.from) ? 'none' : last < Date.parse(c.after.to) - 86_400_000 ? 'partial' : 'inside';
  return { before, after };
}

/** Offers the longest window the data cover ("Använd N månader"), for the reports' warning and the events'. */
function FitWindowButton({ fitting, months, onChoose }: { fitting: number | null; months: number; onChoose(months: number): void }) {
  const { t } = useTranslation('strategy');
  if (fitting === null || fitting === months) return null;
  return <Button onClick={() => onChoose(fitting)}>{t('effect.useMonths', { n: fitting })}</Button>;
}

/**
 * The rate ratio for the reports and for the events of actual risk side by side (the same areas and windows),
 * then the events' counts and their data window. Either ratio is left out, with the reason, when its data do not
 * cover the windows.
 */
function EventsEffect({
  counts,
  events,
  months,
  onChoose,
}: {
  counts: EffectCounts;
  events: EffectEvents;
  months: number;
  /** Picks a window length, as the reports' warning does. */
  onChoose(months: number): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const reportsCoverage = checkDataWindow(counts.before, counts.data, counts.months_before, MONTH_CHOICES);
  const coverage = eventsCoverage(counts, events);
  const eventsUsable = coverage.before.state !== 'none' && coverage.after !== 'none';
  const f2 = (x: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(x);
  const row = (label: string, c: FourCounts, usable: boolean, kind: 'reports' | 'events') => {
    const e = rateRatioEffect({
      areaBefore: c.area.before,
      areaAfter: c.area.after,
      comparisonBefore: c.comparison.before,
      comparisonAfter: c.comparison.after,
    });
    return (
      <tr data-kind={kind} data-verdict={usable ? e.verdict : 'no_data'}>
        <th scope="row">{label}</th>
        <td>{usable && e.verdict !== 'too_few' ? f2(e.rateRatio) : '–'}</td>
        <td>{usable && e.verdict !== 'too_few' ? `${f2(e.ciLow)}–${f2(e.ciHigh)}` : '–'}</td>
        <td>{usable ? t(`effect.${kind === 'events' ? 'eventVerdicts' : 'verdicts'}.${e.verdict}`) : t('effect.eventsNoVerdict')}</td>
      </tr>
    );
  };
  return (
    <div className="strategy-effect-events">
      <h4>{t('effect.sideBySide')}</h4>
      <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="effect-ratios">
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">{t('effect.series')}</span></th>
            <th scope="col">{t('effect.rrShort')}</th>
            <th scope="col">{t('effect.ci')}</th>
            <th scope="col">{t('effect.verdictTitle')}</th>
          </tr>
        </thead>
        <tbody>
          {row(t('effect.seriesReports'), counts, reportsCoverage.state !== 'none', 'reports')}
          {row(t('effect.seriesEvents', { types: riskTypesLabel(t, events.types) }), events, eventsUsable, 'events')}
        </tbody>
      </table></div>
      <h4>{t('effect.eventsTitle', { types: riskTypesLabel(t, events.types) })}</h4>
      <p data-testid="effect-events-data-window">
        {events.data.first && events.data.last
          ? t('effect.eventsDataWindow', { first: formatDate(events.data.first, lang), last: formatDate(events.data.last, lang) })
          : t('effect.eventsDataNone')}
      </p>
      {coverage.before.state === 'partial' && events.data.first ? (
        <div className="strategy-warning" data-testid="effect-events-window-warning">
          <p>
            {t('effect.eventsBeforePartial', {
              from: formatDate(counts.before.from, lang),
              first: formatDate(events.data.first, lang),
              with: formatNumber(coverage.before.monthsWithData, lang),
              asked: formatNumber(coverage.before.monthsAsked, lang),
            })}
          </p>
          <FitWindowButton fitting={coverage.before.longestFitting} months={months} onChoose={onChoose} />
        </div>
      ) : null}
      {coverage.after === 'partial' && events.data.last ? (
        <p className="strategy-warning" data-testid="effect-events-after-warning">
          {t('effect.eventsAfterPartial', { to: formatDate(counts.after.to, lang), last: formatDate(events.data.last, lang) })}
        </p>
      ) : null}
      <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="effect-events-table">
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">{t('effect.area')}</span></th>
            <th scope="col">{t('effect.before')}</th>
            <th scope="col">{t('effect.after')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('effect.area')}</th>
            <td>{formatNumber(events.area.before, lang)}</td>
            <td>{formatNumber(events.area.after, lang)}</td>
          </tr>
          <tr>
            <th scope="row">
              {counts.comparison.name ? t('effect.comparisonNamed', { name: counts.comparison.name }) : t('effect.comparisonArea')}
            </th>
            <td>{formatNumber(events.comparison.before, lang)}</td>
            <td>{formatNumber(events.comparison.after, lang)}</td>
          </tr>
        </tbody>
      </table></div>
      {eventsUsable ? (
        <EffectSummary counts={events} testId="effect-events" kind="events" />
      ) : (
        <p className="strategy-verdict" data-testid="effect-events-refused">
          {/* Why, with the dates, as the reports' refusal says it. */}
          {coverage.before.state === 'none' && events.data.first && Date.parse(events.data.first) < Date.parse(counts.after.to)
            ? t('effect.eventsBeforeNone', {
                from: formatDate(counts.before.from, lang),
                to: formatDate(counts.before.to, lang),
                first: formatDate(events.data.first, lang),
              })
            : coverage.before.state !== 'none' && coverage.after === 'none' && events.data.last
              ? t('effect.eventsAfterNone', { from: formatDate(counts.after.from, lang), last: formatDate(events.data.last, lang) })
              : t('effect.eventsRefused')}
        </p>
      )}
    </div>
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
              <FitWindowButton fitting={coverage.longestFitting} months={months} onChoose={choose} />
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
          {c.events ? <EventsEffect counts={c} events={c.events} months={months} onChoose={choose} /> : null}
        </>
      ) : null}
      <HowWeCompute />
    </section>
  );
}
