import { VisuallyHidden } from './visually-hidden';

/**
 * A determinate progress bar when `fraction` (0…1) is known, indeterminate otherwise.
 * The stage text is visible and is also the aria-valuetext.
 */
export function Progress({ fraction, label, text }: { fraction?: number; label: string; text: string }) {
  const known = typeof fraction === 'number' && Number.isFinite(fraction);
  const percent = known ? Math.round(Math.min(1, Math.max(0, fraction)) * 100) : undefined;
  return (
    <div className="progress">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={percent !== undefined ? `${text} (${percent} %)` : text}
        className={`progress-track${known ? '' : ' is-indeterminate'}`}
      >
        <div className="progress-bar" style={known ? { width: `${percent}%` } : undefined} />
      </div>
      <p className="progress-text">
        {text}
        {percent !== undefined ? ` – ${percent} %` : ''}
      </p>
    </div>
  );
}

/** A small spinner with a text for screen readers, inside a polite status region. */
export function Spinner({ label }: { label: string }) {
  return (
    <span role="status" className="spinner-wrap">
      <span className="spinner" aria-hidden="true" />
      <VisuallyHidden>{label}</VisuallyHidden>
    </span>
  );
}
