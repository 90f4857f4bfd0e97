import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteMyData } from '../../api';
import type { Backend } from '../../backend';
import { clearLocalData } from '../../offline';
import { Button, ErrorMessage } from '../../ui';
import { forgetUserQueries, useIdentity } from '../../hooks';

/**
 * Everything "Radera mina uppgifter" does, in order:
 * 1. the storage service's files of the resident's photos named under their id (the SQL below deletes only the
 *    rows: on Supabase the bytes would stay);
 * 2. `api.delete_my_data`: the link to their reports and their supports go (the reports stay, anonymous);
 * 3. this browser forgets them: the session ends, every local store is emptied (outboxes with any unsent
 *    report, drafts, caches: src/offline/local-data.ts; local mode's photo store keeps only what its database
 *    still names, as Supabase Storage does) and a new anonymous resident
 *    continues; the query cache is reset so nothing fetched for them stays on screen.
 */
export async function forgetInThisBrowser(backend: Backend): Promise<void> {
  if (backend.forgetUser) {
    await backend.forgetUser(async (keep) => void (await clearLocalData(keep)));
  } else {
    await clearLocalData();
  }
}

/**
 * GDPR: a resident removes the link between themselves and everything they filed or supported. The reports
 * stay (anonymous), their supports go, and the browser forgets them. Staff are not offered this: their updates
 * are the city's records.
 */
export function DeleteMyData({ backend }: { backend: Backend }) {
  const { t } = useTranslation('auth');
  const identity = useIdentity(backend);
  const queryClient = useQueryClient();
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation({
    mutationFn: async () => {
      const photoFiles = (await backend.removeMyPhotoFiles?.()) ?? 0;
      const result = await deleteMyData.call(backend, {});
      return { ...result, photoFiles };
    },
    // Awaited before the mutation counts as done, so the confirmation appears only once the browser has forgotten.
    onSuccess: async () => {
      setConfirming(false);
      await forgetInThisBrowser(backend);
      // Everything fetched for the user goes; reference data is the same for everyone (and the shell unmounts
      // this tab, confirmation and all, while it has none).
      void forgetUserQueries(queryClient);
    },
  });
  // After a delete in Supabase mode the user is anonymous until the next write: keep the confirmation visible.
  if (identity.role !== 'resident' && !mutation.isSuccess) return null;

  return (
    <section className="delete-my-data" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('deleteData.title')}</h3>
      {!mutation.isSuccess && <p>{t('deleteData.explain')}</p>}
      {mutation.isSuccess ? null : confirming ? (
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
      {/* Present from the start, so screen readers announce the confirmation when it is filled in. */}
      <div role="status" aria-live="polite">
        {mutation.isSuccess && (
          <>
            <p>
              {t('deleteData.done', {
                reports: mutation.data.reports_unlinked,
                supports: mutation.data.supports_deleted,
              })}
            </p>
            {mutation.data.photoFiles > 0 && <p>{t('deleteData.photoFiles', { count: mutation.data.photoFiles })}</p>}
            <p>{t('deleteData.thisDevice')}</p>
          </>
        )}
      </div>
      {mutation.isError && <ErrorMessage error={mutation.error} />}
    </section>
  );
}
