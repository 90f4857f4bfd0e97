import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { trendChart } from '../lib/trend';

/** Monthly reports inside vs in the buffer ring: an SVG line chart described by the table below it. */
export function TrendChart({ monthly }: { monthly: ReadonlyArray<{ month: string; inside: number; ring: number }> }) {
  const { t } = useTranslation('planning');
  const id = useId();
  if (monthly.length === 0) return <p className="hint">{t('evidence.noTrend')}</p>;
  const chart = trendChart(monthly);
  return (
    <figure className="plan-trend" aria-labelledby={`${id}-cap`}>
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-cap`}
        aria-describedby={`${id}-table`}
      >
        {chart.levels.map((l) => (
          <g key={l.value}>
            <line x1={28} x2={chart.width - 8} y1={l.y} y2={l.y} stroke="#D0D0D0" strokeWidth={0.5} />
            <text x={24} y={l.y + 3} fontSize={9} textAnchor="end">
              {l.value}
            </text>
          </g>
        ))}
        {chart.ticks.map((tick) => (
          <text key={tick.label} x={tick.x} y={chart.height - 6} fontSize={8} textAnchor="middle">
            {tick.label}
          </text>
        ))}
        <polyline points={chart.ring} fill="none" stroke="#0072B2" strokeWidth={1.5} strokeDasharray="4 2" />
        <polyline points={chart.inside} fill="none" stroke="#1A1A1A" strokeWidth={2} />
      </svg>
      <figcaption id={`${id}-cap`}>
        {t('evidence.trendCaption')} <span className="plan-key plan-key-inside" aria-hidden="true" /> {t('evidence.inside')}{' '}
        <span className="plan-key plan-key-ring" aria-hidden="true" /> {t('evidence.ring')}
      </figcaption>
      <details>
        <summary>{t('evidence.trendTable')}</summary>
        <table className="plan-table" id={`${id}-table`}>
          <thead>
            <tr>
              <th scope="col">{t('evidence.month')}</th>
              <th scope="col">{t('evidence.inside')}</th>
              <th scope="col">{t('evidence.ring')}</th>
            </tr>
          </thead>
          <tbody>
            {monthly.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.month}</th>
                <td>{m.inside}</td>
                <td>{m.ring}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
