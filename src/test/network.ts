/**
 * The browser's network state as the app reads it: `navigator.onLine` and the `online` / `offline` events
 * (the outboxes and TanStack Query's onlineManager listen to them). Real network loss stays in e2e.
 */
export function setBrowserOnline(online: boolean): void {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}
