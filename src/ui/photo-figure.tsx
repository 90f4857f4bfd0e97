import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Spinner } from './progress';

interface PhotoFigureProps<K extends QueryKey> {
  /** The query of the stored photo's URL (photoUrlOptions in src/hooks: loaded once per path). */
  url: UseQueryOptions<string, Error, string, K>;
  alt: string;
  enabled: boolean;
  className?: string;
}

/** A stored photo with its text alternative, a spinner while its URL loads and a translated failure. */
export function PhotoFigure<K extends QueryKey>({ url, alt, enabled, className = 'photo' }: PhotoFigureProps<K>) {
  const { t } = useTranslation('common');
  const photo = useQuery({ ...url, enabled });
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
