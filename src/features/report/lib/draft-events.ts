import type { Draft } from './draft';

/**
 * "Put this draft in the report form": sent when an unsent report from the outbox is taken back for
 * editing (from Mina rapporter). The draft and its photo are saved first, so a report panel that is not
 * mounted yet picks them up from storage instead.
 */
type Listener = (draft: Draft, photo: Blob | null) => void;
const listeners = new Set<Listener>();

export function onDraftReplaced(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function replaceDraft(draft: Draft, photo: Blob | null): void {
  listeners.forEach((l) => l(draft, photo));
}
