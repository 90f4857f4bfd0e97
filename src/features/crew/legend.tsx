import { useTranslation } from 'react-i18next';
import { DENSITY_COLORS } from '../../map/density-layers';
import { EMERGING_COLORS, hotspotColor } from '../../map/hotspot-layers';
import { WORK_LIST_COLORS, WORK_LIST_OTHER_COLOR } from './lib/crew-layers';

const CLASSES = [3, 2, 1, 0, -1, -2, -3] as const;

/** A small swatch that repeats the map's second cue: outline width, and solid (hot) vs dashed (cold). */
export function ClassSwatch({ cls }: { cls: number }) {
  const width = [0.5, 1, 2, 3.5][Math.abs(cls)] ?? 1;
  return (
    <span
      aria-hidden="true"
      className="crew-swatch"
      style={{
        background: hotspotColor(cls),
        borderWidth: `${Math.max(1, width)}px`,
        borderStyle: cls < 0 ? 'dashed' : 'solid',
        opacity: cls === 0 ? 0.5 : 1,
      }}
    />
  );
}

export function HotspotLegend() {
  const { t } = useTranslation('crew');
  return (
    <div className="crew-legend">
      <p className="crew-legend-title">{t('legend.hotspots')}</p>
      <ul>
        {CLASSES.map((c) => (
          <li key={c}>
            <ClassSwatch cls={c} /> {t(`class.${c}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function EmergingSwatch({ category }: { category: string }) {
  const dash = category === 'diminishing' ? 'dotted' : category === 'intensifying' ? 'dashed' : 'solid';
  const width = category === 'persistent' ? 1 : 3;
  return (
    <span
      aria-hidden="true"
      className="crew-swatch"
      style={{ background: EMERGING_COLORS[category] ?? '#bdbdbd', borderStyle: dash, borderWidth: `${width}px` }}
    />
  );
}

export function EmergingLegend() {
  const { t } = useTranslation('crew');
  return (
    <div className="crew-legend">
      <p className="crew-legend-title">{t('legend.emerging')}</p>
      <ul>
        {Object.keys(EMERGING_COLORS).map((c) => (
          <li key={c}>
            <EmergingSwatch category={c} /> {t(`emerging.${c}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function DensityLegend({ breaks }: { breaks: number[] }) {
  const { t } = useTranslation('crew');
  const fmt = (x: number) => (x >= 10 ? Math.round(x).toString() : x.toFixed(1));
  return (
    <div className="crew-legend">
      <p className="crew-legend-title">{t('legend.density')}</p>
      <p className="crew-legend-note">{t('density.notATest')}</p>
      <ul>
        {DENSITY_COLORS.map((c, k) => (
          <li key={c}>
            <span aria-hidden="true" className="crew-swatch" style={{ background: c }} />{' '}
            {k === 0
              ? t('density.levelBelow', { value: fmt(breaks[0] ?? 0) })
              : t('density.levelAbove', { value: fmt(breaks[k - 1] ?? 0) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The work list's points: one swatch per status shown, and the ring that marks the caller's claims. */
export function WorkListLegend({ statuses }: { statuses: readonly { code: string; label: string }[] }) {
  const { t } = useTranslation('crew');
  return (
    <div className="crew-legend">
      <p className="crew-legend-title">{t('legend.workList')}</p>
      <ul>
        {statuses.map((s) => (
          <li key={s.code}>
            <span aria-hidden="true" className="crew-swatch crew-swatch-round" style={{ background: WORK_LIST_COLORS[s.code] ?? WORK_LIST_OTHER_COLOR }} />{' '}
            {s.label}
          </li>
        ))}
        <li>
          <span aria-hidden="true" className="crew-swatch crew-swatch-round crew-swatch-mine" /> {t('legend.mine')}
        </li>
      </ul>
    </div>
  );
}

export function FieldMarkerLegend() {
  const { t } = useTranslation('crew');
  return (
    <div className="crew-legend">
      <p className="crew-legend-title">
        <span aria-hidden="true" className="crew-swatch crew-swatch-round crew-swatch-field" /> {t('legend.fieldReport')}
      </p>
    </div>
  );
}
