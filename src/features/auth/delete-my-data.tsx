import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteMyData } from '../../api';
import type { Backend } from '../../backend';
import { Button, ErrorMessage } from '../../ui';
import { useIdentity } from './use-identity';

/**
 * GDPR: a resident removes the link between themselves and everything they filed or supported. The reports
 * stay (anonymous), their supports go. Staff are not offered this: their updates are the city's records.
 */
export function DeleteMyData({ backend }: { backend: Backend }) {
  const { t } = useTranslation('auth');
  const identity = useIdentity(backend);
  const queryClient = useQueryClient();
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation({
    mutationFn: () => deleteMyData.call(backend, {}),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries();
    },
  });
  if (identity.role !== 'resident') return null;

  return (
    <section className="delete-my-data" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('deleteData.title')}</h3>
      <p>{t('deleteData.explain')}</p>
      {confirming ? (
        <div role="group" aria-labelledby={headingId}>
          <p>{t('deleteData.confirmText')}</p>
          <Button onClick={() => mutation.mutate()} disabled={mutation.isPending}>
            {t('deleteData.confirm')}
          </Button>{' '}
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            {t('deleteData.cancel')}
          </Button>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          {t('deleteData.start')}
        </Button>
      )}
      {mutation.isSuccess && (
        <p role="status">
          {t('deleteData.done', {
            reports: mutation.data.reports_unlinked,
            supports: mutation.data.supports_deleted,
          })}
        </p>
      )}
      {mutation.isError && <ErrorMessage error={mutation.error} />}
    </section>
  );
}
