/** Local-mode photo storage: the Blob in IndexedDB under its storage path; shown through an object URL. */
import { createStore, get, set, type UseStore } from 'idb-keyval';

let store: UseStore | null = null;
const urls = new Map<string, string>();

function photos(): UseStore {
  store ??= createStore('trygghetskartan-photos', 'photos');
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
