import { del, get, set } from 'idb-keyval';
import { DRAFT_PHOTO_KEY, DRAFT_STORAGE_KEY, parseDraft, serializeDraft, type Draft } from './draft';

/** Reads the saved draft; null when there is none or it does not validate (then it is removed). */
export function loadDraft(): Draft | null {
  try {
    const raw = localStorage.getItem(DRAFT_STORAGE_KEY);
    const draft = parseDraft(raw);
    if (raw && !draft) localStorage.removeItem(DRAFT_STORAGE_KEY);
    return draft;
  } catch {
    return null;
  }
}

export function saveDraft(draft: Draft): void {
  try {
    localStorage.setItem(DRAFT_STORAGE_KEY, serializeDraft(draft));
  } catch {
    /* storage full or disabled (private mode): the draft just does not survive a reload */
  }
}

export async function loadDraftPhoto(): Promise<Blob | null> {
  try {
    const v = await get<unknown>(DRAFT_PHOTO_KEY);
    return v instanceof Blob && v.size > 0 ? v : null;
  } catch {
    return null;
  }
}

export async function saveDraftPhoto(blob: Blob | null): Promise<void> {
  try {
    if (blob) await set(DRAFT_PHOTO_KEY, blob);
    else await del(DRAFT_PHOTO_KEY);
  } catch {
    /* IndexedDB unavailable: the photo does not survive a reload */
  }
}

/** Removes the draft and its photo (after a successful submit, or when the user starts over). */
export async function clearDraft(): Promise<void> {
  try {
    localStorage.removeItem(DRAFT_STORAGE_KEY);
  } catch {
    /* ignore */
  }
  await saveDraftPhoto(null);
}
