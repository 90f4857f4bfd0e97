import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Spinner } from './progress';

interface PhotoFigureProps {
  /** The stored photo's path (bucket name); its URL is loaded once per path and cached as ['photo_url', path]. */
  path: string;
  alt: string;
  /** Turns a path into a URL (the backend's photoUrl). */
  load(path: string): Promise<string>;
  enabled: boolean;
  /** Local mode answers without a network, so the query must not pause while offline. */
  local: boolean;
  className?: string;
}

/** A stored photo with its text alternative, a spinner while its URL loads and a translated failure. */
export function PhotoFigure({ path, alt, load, enabled, local, className = 'photo' }: PhotoFigureProps) {
  const { t } = useTranslation('common');
  const photo = useQuery({
    queryKey: ['photo_url', path],
    queryFn: () => load(path),
    enabled,
    staleTime: Infinity,
    networkMode: local ? 'always' : 'online',
  });
  return (
    <figure className={className}>
      {photo.data ? (
        <img src={photo.data} alt={alt} loading="lazy" />
      ) : photo.isError ? (
        <p>{t('photo.failed')}</p>
      ) : (
        <Spinner label={t('photo.loading')} />
      )}
    </figure>
  );
}
