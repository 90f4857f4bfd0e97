/** Local-mode photo storage: the Blob in IndexedDB under its storage path; shown through an object URL. */
import { createStore, delMany, get, keys, set, type UseStore } from 'idb-keyval';

/** The IndexedDB database: local mode's stand-in for the Storage bucket. */
export const PHOTO_DATABASE = 'trygghetskartan-photos';

let store: UseStore | null = null;
const urls = new Map<string, string>();

function photos(): UseStore {
  store ??= createStore(PHOTO_DATABASE, 'photos');
  return store;
}

export async function putPhoto(path: string, blob: Blob): Promise<void> {
  // Like Storage with upsert: false, a second upload of the same path keeps the first (retries are idempotent).
  if ((await get(path, photos())) !== undefined) return;
  await set(path, blob, photos());
}

export async function photoObjectUrl(path: string): Promise<string | null> {
  const cached = urls.get(path);
  if (cached) return cached;
  const blob = await get<Blob>(path, photos());
  if (!blob) return null;
  const url = URL.createObjectURL(blob);
  urls.set(path, url);
  return url;
}

/** Revokes every object URL handed out (after "delete my data": the page must not keep showing the photos). */
export function forgetPhotoUrls(): void {
  urls.forEach((url) => URL.revokeObjectURL(url));
  urls.clear();
}

/**
 * Removes every stored photo whose path `referenced` does not return: after "delete my data" the files the
 * database no longer names (the user's `<uid>/…` photos, their unattached uploads) go, as their bytes would on
 * Supabase, and the id-free photos of reports that stay anonymous are kept. Resolves to the number removed.
 */
export async function removeUnreferencedPhotos(referenced: (paths: string[]) => Promise<Set<string>>): Promise<number> {
  const paths = (await keys(photos())).map(String);
  if (paths.length === 0) return 0;
  const keep = await referenced(paths);
  const drop = paths.filter((p) => !keep.has(p));
  await delMany(drop, photos());
  return drop.length;
}
