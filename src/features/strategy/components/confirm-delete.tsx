import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorMessage } from '../../../ui';

/**
 * A delete behind a confirmation step. The keyboard follows the step: to "Yes, delete" when asked, back to
 * "Delete" after a cancel. Its texts are `${texts}.delete`, `.deleteConfirm`, `.deleteConfirmLabel`, `.deleteYes` and
 * `.deleteCancel` of the strategy namespace, given `values`; its test ids start with `testId`.
 */
export function ConfirmDelete({
  texts,
  values,
  testId,
  remove,
  onDeleted,
  className = '',
}: {
  texts: 'plan' | 'period';
  values: Record<string, string>;
  testId: string;
  remove(): Promise<unknown>;
  onDeleted(): void;
  className?: string;
}) {
  const { t } = useTranslation('strategy');
  const [confirming, setConfirming] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) asked.current = true;
    if (asked.current) box.current?.querySelector('button')?.focus();
  }, [confirming]);
  const mutation = useMutation({ mutationFn: remove, onSuccess: onDeleted });
  return (
    <div className={`strategy-delete ${className}`.trim()} ref={box}>
      {confirming ? (
        <div role="group" aria-label={t(`${texts}.deleteConfirmLabel`, values)} data-testid={`${testId}-confirm`}>
          <p>{t(`${texts}.deleteConfirm`, values)}</p>
          <div className="strategy-actions">
            <Button variant="primary" busy={mutation.isPending} onClick={() => mutation.mutate()} data-testid={`${testId}-yes`}>
              {t(`${texts}.deleteYes`)}
            </Button>
            <Button onClick={() => setConfirming(false)} disabled={mutation.isPending}>
              {t(`${texts}.deleteCancel`)}
            </Button>
          </div>
        </div>
      ) : (
        <Button onClick={() => setConfirming(true)} data-testid={testId}>
          {t(`${texts}.delete`)}
        </Button>
      )}
      {mutation.isError ? <ErrorMessage error={mutation.error} /> : null}
    </div>
  );
}
