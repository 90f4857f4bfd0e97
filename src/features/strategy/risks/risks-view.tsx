import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffPanelProps } from '../types';
import { RiskComparison } from './risk-comparison';
import { RiskImport } from './risk-import';
import { RiskSources } from './risk-sources';
import './risks.css';

export type RisksViewProps = Pick<StaffPanelProps, 'backend' | 'reference' | 'active' | 'onOverlays' | 'onFitBounds'> & {
  /** The database is ready (the panel's `ready`); true when left out. */
  ready?: boolean;
};

/**
 * Strategi › Faktiska risker (#/strategy/risks): actual risks beside perceived ones (issue 15). Three parts: the
 * comparison (a bivariate map with its legend and table), the import of event files, and the imported sources.
 * `onOverlays` gets this view's one overlay (id 'strategy-risks') or none; a panel merging several views' layers
 * passes e.g. `(list) => setOverlay('risks', list[0] ?? null)`.
 */
export function RisksView({ backend, reference, active, onOverlays, onFitBounds, ready = true }: RisksViewProps) {
  const { t } = useTranslation('strategy');
  const id = useId();
  return (
    <section className="strategy-risks" aria-labelledby={`${id}-h`} data-testid="risks-view">
      <h3 id={`${id}-h`} tabIndex={-1}>
        {t('risks.title')}
      </h3>
      <p>{t('risks.intro')}</p>
      <RiskComparison backend={backend} reference={reference} ready={ready} active={active} onOverlays={onOverlays} onFitBounds={onFitBounds} />
      <RiskImport backend={backend} />
      <RiskSources backend={backend} ready={ready} />
    </section>
  );
}
