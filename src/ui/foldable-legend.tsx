import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const STORAGE_PREFIX = 'trygghetskartan.legend.';
const PHONE = '(max-width: 767px)';

function initiallyOpen(id: string): boolean {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_PREFIX + id);
    if (stored === 'open' || stored === 'folded') return stored === 'open';
  } catch {
    /* private mode: not remembered */
  }
  // A phone has no corner to spare: folded until asked for.
  return !(globalThis.matchMedia?.(PHONE).matches ?? false);
}

/**
 * A map legend with a disclosure button ("Dölj förklaring" / "Visa förklaring", aria-expanded): folded, only the
 * legend's title and the button are left over the map. The choice is remembered per legend.
 */
export function FoldableLegend({ id, children }: { id: string; children: ReactNode }) {
  const { t } = useTranslation('common');
  const bodyId = useId();
  const [open, setOpen] = useState(() => initiallyOpen(id));
  const toggle = () => {
    const next = !open;
    setOpen(next);
    try {
      globalThis.localStorage?.setItem(STORAGE_PREFIX + id, next ? 'open' : 'folded');
    } catch {
      /* not remembered */
    }
  };
  return (
    <div className="foldable-legend" data-open={open ? 'true' : 'false'}>
      <button type="button" className="foldable-legend-toggle" aria-expanded={open} aria-controls={bodyId} onClick={toggle}>
        {open ? t('legend.hide') : t('legend.show')}
      </button>
      <div id={bodyId} hidden={!open}>
        {children}
      </div>
    </div>
  );
}
