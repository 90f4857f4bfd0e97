/**
 * The last thing said about the resident's reports (the polite live region's text): an external store, so that the
 * effect that notices a change only tells it, and the region re-renders alone. Publishes only on change.
 */
let message = '';
const listeners = new Set<() => void>();

export const announcer = {
  say(text: string): void {
    if (text === message) return;
    message = text;
    listeners.forEach((l) => l());
  },
  message: (): string => message,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
