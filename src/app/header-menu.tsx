import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * On a phone the header's tools (language, role) sit behind one "Meny" button: a disclosure (aria-expanded) that
 * Escape and a tap outside close, and that gives focus back to its button. On wider screens the tools are shown
 * in the header and the button is hidden (styles.css).
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const { t } = useTranslation('common');
  const [open, setOpen] = useState(false);
  const contentId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  return (
    <div
      ref={root}
      className="header-menu"
      data-open={open ? 'true' : 'false'}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="btn btn-secondary header-menu-toggle"
        aria-expanded={open}
        aria-controls={contentId}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true" className="header-menu-icon">
          ☰
        </span>
        {t('menu.button')}
      </button>
      <div id={contentId} className="header-menu-content" role="group" aria-label={t('menu.label')}>
        {children}
      </div>
    </div>
  );
}
