import { useTranslation } from 'react-i18next';
import type { FieldErrorCode } from '../lib/validation';

/** A field's error, referenced by the field's aria-describedby; announced as an alert when it appears. */
export function FieldError({ id, code }: { id: string; code: FieldErrorCode | undefined }) {
  const { t } = useTranslation(['report', 'errors']);
  if (!code) return null;
  const text = code === 'observed_required' ? t('report:details.observed_required') : t(`errors:${code}`);
  return (
    <p id={id} role="alert" className="report-field-error">
      {text}
    </p>
  );
}
