import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, localeOf, toLang, type Lang } from '../../../ui';
import { buildMonthlyChart, type MonthCount } from '../lib/monthly-chart';

const REPORTED = '#0072B2'; // Okabe–Ito blue bars
const RESOLVED = '#000000'; // black ticks: differ from the bars in shape as well as colour
const EVENTS = '#D55E00'; // Okabe–Ito vermillion diamonds on a dashed line: a third shape, not colour alone

/** Month labels: 'jan 2026' / 'Jan 2026'. */
export function monthLabel(month: string, lang: Lang): string {
  const d = new Date(`${month}-01T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return month;
  return new Intl.DateTimeFormat(localeOf(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** An SVG bar chart with a title for screen readers and the same numbers in a table right below. */
export function MonthlyChart({ rows, caption }: { rows: readonly MonthCount[]; caption: string }) {
  // rows may carry `events` (actual risk, a second series: diamonds on a dashed line, broken where a month has
  // no data) — see withEvents in lib/monthly-chart.ts.
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const partial = rows.filter((r) => r.events != null && r.eventsCoveredDays !== undefined);
  // The chart is drawn at the width it is shown at (one SVG unit per CSS pixel), so its 12 px labels are 12 px on
  // screen too, not scaled down to 7 px in a narrow panel.
  const figure = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = figure.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const shown = Math.round(entry?.contentRect.width ?? 0);
      if (shown > 0) setWidth(Math.max(240, shown));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const chart = buildMonthlyChart(rows, { width });
  // A month label ("sep. 2026") needs about 72 px; label every n-th month so that they never overlap.
  const labelsThatFit = Math.max(1, Math.floor((chart.plot.right - chart.plot.left) / 72));
  const labelEvery = Math.max(1, Math.ceil(chart.bars.length / labelsThatFit));
  return (
    <figure className="strategy-chart" ref={figure}>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        data-testid="monthly-chart"
      >
        <title id={`${id}-title`}>{caption}</title>
        <desc id={`${id}-desc`}>{t('dashboard.chartDesc')}</desc>
        {chart.ticks.map((tick) => (
          <g key={tick.value}>
            <line x1={chart.plot.left} x2={chart.plot.right} y1={tick.y} y2={tick.y} stroke="#D0D0D0" strokeWidth={1} />
            <text x={chart.plot.left - 6} y={tick.y + 4} textAnchor="end" fontSize={12} fill="#333">
              {formatNumber(tick.value, lang)}
            </text>
          </g>
        ))}
        {chart.bars.map((b, i) => (
          <g key={b.month} data-month={b.month} data-reported={b.reported} data-resolved={b.resolved}>
            <rect x={b.x} y={b.y} width={b.width} height={b.height} fill={REPORTED} />
            <line x1={b.x - 2} x2={b.x + b.width + 2} y1={b.resolvedY} y2={b.resolvedY} stroke={RESOLVED} strokeWidth={3} />
            {i % labelEvery === 0 ? (
              <text x={b.x + b.width / 2} y={chart.plot.bottom + 16} textAnchor="middle" fontSize={12} fill="#333">
                {monthLabel(b.month, lang)}
              </text>
            ) : null}
          </g>
        ))}
        {chart.hasEvents ? <EventsSeries bars={chart.bars} /> : null}
        <line x1={chart.plot.left} x2={chart.plot.right} y1={chart.plot.bottom} y2={chart.plot.bottom} stroke="#333" />
      </svg>
      <figcaption className="strategy-chart-key">
        <span className="strategy-key-bar" style={{ background: REPORTED }} aria-hidden="true" /> {t('dashboard.reported')}{' '}
        <span className="strategy-key-tick" style={{ background: RESOLVED }} aria-hidden="true" /> {t('dashboard.resolved')}
        {chart.hasEvents ? (
          <>
            {' '}
            <svg className="strategy-key-events" width="22" height="12" aria-hidden="true">
              <line x1="0" x2="22" y1="6" y2="6" stroke={EVENTS} strokeWidth={2} strokeDasharray="4 3" />
              <path d="M11 1 L16 6 L11 11 L6 6 Z" fill={EVENTS} stroke="#fff" strokeWidth={1} />
            </svg>{' '}
            {t('dashboard.events')}
          </>
        ) : null}
      </figcaption>
      <details className="strategy-table-toggle" open>
        <summary>{t('dashboard.showTable')}</summary>
        <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="monthly-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.month')}</th>
              <th scope="col">{t('dashboard.reported')}</th>
              <th scope="col">{t('dashboard.resolved')}</th>
              {chart.hasEvents ? <th scope="col">{t('dashboard.events')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {chart.rows.map((r) => (
              <tr key={r.month} data-month={r.month}>
                <th scope="row">{monthLabel(r.month, lang)}</th>
                <td>{formatNumber(r.reported, lang)}</td>
                <td>{formatNumber(r.resolved, lang)}</td>
                {chart.hasEvents ? (
                  <td data-events={r.events ?? 'none'} data-covered-days={r.eventsCoveredDays}>
                    {r.events == null ? t('dashboard.eventsNoData') : formatNumber(r.events, lang)}
                    {r.eventsCoveredDays === undefined ? null : <span>*</span>}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table></div>
        {partial.length > 0 ? (
          <p className="hint" data-testid="monthly-partial">
            {t('dashboard.eventsPartial', {
              months: partial.map((r) => t('dashboard.eventsPartialMonth', { month: monthLabel(r.month, lang), days: r.eventsCoveredDays })).join(', '),
            })}
          </p>
        ) : null}
      </details>
    </figure>
  );
}

/** The events series: a dashed line through the months with data (broken at a month without) and a diamond each. */
function EventsSeries({ bars }: { bars: ReturnType<typeof buildMonthlyChart>['bars'] }) {
  const runs: string[] = [];
  let run: string[] = [];
  for (const b of bars) {
    if (b.eventsY === null) {
      if (run.length > 1) runs.push(run.join(' '));
      run = [];
    } else run.push(`${run.length === 0 ? 'M' : 'L'}${b.x + b.width / 2} ${b.eventsY}`);
  }
  if (run.length > 1) runs.push(run.join(' '));
  return (
    <g data-testid="events-series">
      {runs.map((d) => (
        <path key={d} d={d} fill="none" stroke={EVENTS} strokeWidth={2} strokeDasharray="4 3" />
      ))}
      {bars.map((b) =>
        b.eventsY === null ? null : (
          <path
            key={b.month}
            data-month={b.month}
            data-events={b.events ?? 0}
            d={`M${b.x + b.width / 2} ${b.eventsY - 5} l5 5 l-5 5 l-5 -5 Z`}
            fill={EVENTS}
            stroke="#fff"
            strokeWidth={1}
          />
        ),
      )}
    </g>
  );
}
