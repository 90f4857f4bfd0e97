import { useCallback, useSyncExternalStore } from 'react';
import { formatRoute, parseRoute, type Route } from './route';

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
const getHash = () => window.location.hash;

/** The current hash route and a navigate function (pushes a history entry unless `replace`). */
export function useHashRoute(): [Route, (route: Route, opts?: { replace?: boolean }) => void] {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  const route = parseRoute(hash);
  const navigate = useCallback((next: Route, opts?: { replace?: boolean }) => {
    const target = formatRoute(next);
    if (target === window.location.hash || (target === '#/' && window.location.hash === '')) return;
    if (opts?.replace) {
      window.history.replaceState(null, '', target);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      window.location.hash = target;
    }
  }, []);
  return [route, navigate];
}
