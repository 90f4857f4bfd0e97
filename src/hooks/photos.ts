import { queryOptions } from '@tanstack/react-query';
import type { Backend } from '../backend';
import { queryKey } from './query-keys';

/** A stored photo's URL (the backend's photoUrl), loaded once per path. */
export function photoUrlOptions(backend: Backend, path: string) {
  return queryOptions({
    queryKey: queryKey('photos', 'photo_url', { path }),
    queryFn: () => backend.photoUrl(path),
    staleTime: Infinity,
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });
}
