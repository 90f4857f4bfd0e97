import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Backend } from '../../backend';
import { Spinner } from '../../ui';

/** A stored photo (bucket path) with its text alternative; loads its URL once per path. */
export function PhotoFigure({ backend, path, alt, ready }: { backend: Backend; path: string; alt: string; ready: boolean }) {
  const { t } = useTranslation('browse');
  const photo = useQuery({
    queryKey: ['photo_url', path],
    queryFn: () => backend.photoUrl(path),
    enabled: ready,
    staleTime: Infinity,
    // Local mode's database is in the browser: it answers without network, so queries must not pause.
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });
  return (
    <figure className="photo">
      {photo.data ? (
        <img src={photo.data} alt={alt} loading="lazy" />
      ) : photo.isError ? (
        <p>{t('detail.photoFailed')}</p>
      ) : (
        <Spinner label={t('detail.photoLoading')} />
      )}
    </figure>
  );
}
