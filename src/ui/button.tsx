import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'link';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Shows a busy state and sets aria-busy; the button stays focusable. */
  busy?: boolean;
}

/** A native <button> (type="button" unless told otherwise) with the shared styles. */
export function Button({ variant = 'secondary', busy = false, className, type, children, ...rest }: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, busy ? 'is-busy' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type ?? 'button'} className={classes} aria-busy={busy || undefined} {...rest}>
      {children}
    </button>
  );
}
