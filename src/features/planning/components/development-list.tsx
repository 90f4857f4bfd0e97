import { useTranslation } from 'react-i18next';
import type { Development } from '../../../api';
import { DEVELOPMENT_PHASE_STYLE } from '../../../map/development-layers';
import { formatNumber, toLang } from '../../../ui';

/** The text equivalent of the developments layer, and the keyboard path to select one. */
export function DevelopmentList({
  items,
  selectedId,
  onSelect,
}: {
  items: Development[];
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const { t, i18n } = useTranslation('planning');
  const lang = toLang(i18n.language);
  if (items.length === 0) return <p className="hint">{t('list.empty')}</p>;
  return (
    <ul className="entry-list" aria-label={t('list.title')} data-testid="plan-list">
      {items.map((d) => (
        <li key={d.id}>
          <button
            type="button"
            className="entry"
            aria-current={d.id === selectedId ? 'true' : undefined}
            onClick={() => onSelect(d.id)}
          >
            <PhaseSwatch phase={d.phase} />
            <span className="entry-text">
              <span className="entry-main">{d.name}</span>
              <span className="entry-sub">
                {t(`phase.${d.phase}`)}
                {d.plan_id ? ` · ${d.plan_id}` : ''} ·{' '}
                {t('list.counts', {
                  inside: formatNumber(d.reports_inside, lang),
                  near: formatNumber(d.reports_near, lang),
                })}
                {d.is_demo ? ` · ${t('list.demo')}` : ''}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A swatch with the phase's fill and outline pattern, as in the map (decorative: the phase is in text). */
export function PhaseSwatch({ phase }: { phase: keyof typeof DEVELOPMENT_PHASE_STYLE }) {
  const style = DEVELOPMENT_PHASE_STYLE[phase];
  return (
    <svg className="plan-swatch" width="22" height="16" viewBox="0 0 22 16" aria-hidden="true">
      <rect
        x="1.5"
        y="1.5"
        width="19"
        height="13"
        fill={style.color}
        fillOpacity={0.5}
        stroke="#1A1A1A"
        strokeWidth="1.5"
        strokeDasharray={style.dash ? style.dash.map((d) => d * 1.5).join(' ') : undefined}
      />
    </svg>
  );
}

/** Legend for the map's legend box: every phase with its swatch and name. */
export function PhaseLegend() {
  const { t } = useTranslation('planning');
  return (
    <div className="plan-legend">
      <strong>{t('legend.title')}</strong>
      <ul>
        {(Object.keys(DEVELOPMENT_PHASE_STYLE) as Array<keyof typeof DEVELOPMENT_PHASE_STYLE>).map((p) => (
          <li key={p}>
            <PhaseSwatch phase={p} /> {t(`phase.${p}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
