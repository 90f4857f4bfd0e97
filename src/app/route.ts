/** Hash routes: #/ (explore), #/new (report), #/mine (my reports), #/report/<id> (detail, in explore). */
export type Tab = 'browse' | 'report' | 'mine';
export type Route = { tab: Tab; reportId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const [head, id, ...rest] = path.split('/');
  if (head === 'report' && id && rest.length === 0) {
    let decoded = id;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      /* keep as is */
    }
    if (UUID.test(decoded)) return { tab: 'browse', reportId: decoded.toLowerCase() };
  }
  if (head === 'new' && !id) return { tab: 'report', reportId: null };
  if (head === 'mine' && !id) return { tab: 'mine', reportId: null };
  return { tab: 'browse', reportId: null };
}

export function formatRoute(route: Route): string {
  if (route.reportId) return `#/report/${encodeURIComponent(route.reportId)}`;
  if (route.tab === 'report') return '#/new';
  if (route.tab === 'mine') return '#/mine';
  return '#/';
}

export const TABS: readonly Tab[] = ['browse', 'report', 'mine'];

/** Roving focus for the tab list: ArrowLeft/Right wrap, Home/End jump. Null for other keys. */
export function nextTab(current: Tab, key: string): Tab | null {
  const i = TABS.indexOf(current);
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return TABS[(i + 1) % TABS.length] ?? null;
    case 'ArrowLeft':
    case 'ArrowUp':
      return TABS[(i - 1 + TABS.length) % TABS.length] ?? null;
    case 'Home':
      return TABS[0] ?? null;
    case 'End':
      return TABS[TABS.length - 1] ?? null;
    default:
      return null;
  }
}
