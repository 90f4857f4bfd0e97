import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapOverlay } from './overlay';
import { BUILT_IN_GROUPS, type BuiltInGroup } from './overlay-sync';

interface LayerSwitcherProps {
  overlays: ReadonlyArray<MapOverlay>;
  hidden: ReadonlySet<string>;
  onToggle(id: string, show: boolean): void;
}

/** "Lager": one checkbox per layer group — the built-in reports and district outlines, then each overlay. */
export function LayerSwitcher({ overlays, hidden, onToggle }: LayerSwitcherProps): JSX.Element {
  const { t } = useTranslation('map');
  const builtIn = Object.keys(BUILT_IN_GROUPS) as BuiltInGroup[];
  return (
    <details className="tk-layers">
      <summary>{t('layers.title')}</summary>
      <fieldset>
        <legend className="visually-hidden">{t('layers.legend')}</legend>
        {builtIn.map((group) => (
          <label key={group}>
            <input type="checkbox" checked={!hidden.has(group)} onChange={(e) => onToggle(group, e.target.checked)} />{' '}
            {t(`layers.${group}`)}
          </label>
        ))}
        {overlays.map((o) => (
          <label key={o.id}>
            <input
              type="checkbox"
              checked={(o.visible ?? true) && !hidden.has(o.id)}
              disabled={o.visible === false}
              onChange={(e) => onToggle(o.id, e.target.checked)}
            />{' '}
            {o.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** The legends of the overlays currently shown, each under its overlay's name. */
export function OverlayLegends({ overlays, hidden }: Omit<LayerSwitcherProps, 'onToggle'>): JSX.Element | null {
  const { t } = useTranslation('map');
  const shown = overlays.filter((o) => o.legend && (o.visible ?? true) && !hidden.has(o.id));
  if (shown.length === 0) return null;
  return (
    <section className="tk-legends" aria-label={t('layers.legendsLabel')}>
      {shown.map((o) => (
        <div key={o.id} className="tk-legend">
          <h2 className="tk-legend-title">{o.label}</h2>
          {o.legend}
        </div>
      ))}
    </section>
  );
}
