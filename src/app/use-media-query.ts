import { useCallback, useSyncExternalStore } from 'react';

/** Phones: the panel is a bottom sheet and the header's tools sit in a menu (the same width as in styles.css). */
export const PHONE_QUERY = '(max-width: 767px)';
/** Wide enough for a staff workspace beside the map. */
export const WIDE_QUERY = '(min-width: 1024px)';

/** Whether a media query matches now; re-renders when it changes. False where matchMedia is missing (tests). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = globalThis.matchMedia?.(query);
      list?.addEventListener('change', onChange);
      return () => list?.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => globalThis.matchMedia?.(query).matches ?? false, () => false);
}
