import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';

/** A titled section; `focusHeading` moves focus to the heading when the panel (or its key) appears. */
export function Panel({
  title,
  headingLevel = 2,
  focusHeading = false,
  focusKey,
  onClose,
  closeLabel,
  children,
  className,
  headingId,
}: {
  title: ReactNode;
  headingLevel?: 2 | 3;
  focusHeading?: boolean;
  focusKey?: unknown;
  onClose?: () => void;
  closeLabel?: string;
  children: ReactNode;
  className?: string;
  headingId?: string;
}) {
  const { t } = useTranslation('common');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading) headingRef.current?.focus();
  }, [focusHeading, focusKey]);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-labelledby={headingId}>
      <div className="panel-header">
        <Heading id={headingId} ref={headingRef} tabIndex={-1} className="panel-title">
          {title}
        </Heading>
        {onClose ? (
          <Button variant="ghost" className="panel-close" onClick={onClose}>
            {closeLabel ?? t('close')}
          </Button>
        ) : null}
      </div>
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** A modal dialog on the native <dialog> element (focus trap, Esc and inert background come from the browser). */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('common');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-label={title} onClose={onClose} onCancel={onClose}>
      <div className="panel-header">
        <h2 className="panel-title">{title}</h2>
        <Button variant="ghost" onClick={onClose}>
          {t('close')}
        </Button>
      </div>
      <div className="panel-body">{children}</div>
    </dialog>
  );
}
