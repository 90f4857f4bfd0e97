import { useTranslation } from 'react-i18next';
import { Button } from './button';
import { errorCodeOf } from './error-code';

/** Shows any error as a translated `errors:<code>` message in an alert, with an optional retry button. */
export function ErrorMessage({
  error,
  onRetry,
  className,
}: {
  error: unknown;
  onRetry?: () => void;
  className?: string;
}) {
  const { t } = useTranslation(['errors', 'common']);
  if (error == null) return null;
  const code = errorCodeOf(error);
  return (
    <div role="alert" className={`error-message${className ? ` ${className}` : ''}`} data-error-code={code}>
      <p>{t(`errors:${code}`, { defaultValue: t('errors:unexpected') })}</p>
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          {t('common:retry')}
        </Button>
      ) : null}
    </div>
  );
}

/** The translated message of a stored error code (e.g. an outbox item's), any code of the errors namespace. */
export function ErrorCodeMessage({ code }: { code: string | null }) {
  const { t } = useTranslation(['errors']);
  if (!code) return null;
  return (
    <div role="alert" className="error-message" data-error-code={code}>
      <p>{t(`errors:${code}`, { defaultValue: t('errors:unexpected') })}</p>
    </div>
  );
}
