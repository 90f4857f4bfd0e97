/**
 * Hash routes: #/ (explore), #/new (report), #/mine (my reports), #/report/<id> (detail, in explore), and the
 * staff areas #/crew/…, #/plan/…, #/strategy/…, #/moderation, #/admin whose rest (`sub`) belongs to the area's panel.
 */
export const TABS = ['browse', 'report', 'mine', 'crew', 'plan', 'strategy', 'moderation', 'admin'] as const;
export type Tab = (typeof TABS)[number];
export type StaffTab = Extract<Tab, 'crew' | 'plan' | 'strategy' | 'moderation' | 'admin'>;
export const STAFF_TABS: readonly StaffTab[] = ['crew', 'plan', 'strategy', 'moderation', 'admin'];
export type Route = { tab: Tab; reportId: string | null; sub: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUB = /^[\w\-./:]*$/;

const route = (tab: Tab, reportId: string | null = null, sub = ''): Route => ({ tab, reportId, sub });

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
    if (UUID.test(decoded)) return route('browse', decoded.toLowerCase());
  }
  if (head === 'new' && !id) return route('report');
  if (head === 'mine' && !id) return route('mine');
  if ((STAFF_TABS as readonly string[]).includes(head ?? '')) {
    const sub = path.slice((head ?? '').length + 1);
    return route(head as StaffTab, null, SUB.test(sub) ? sub : '');
  }
  return route('browse');
}

export function formatRoute(r: Route): string {
  if (r.reportId) return `#/report/${encodeURIComponent(r.reportId)}`;
  if (r.tab === 'report') return '#/new';
  if (r.tab === 'mine') return '#/mine';
  if ((STAFF_TABS as readonly string[]).includes(r.tab)) return r.sub ? `#/${r.tab}/${r.sub}` : `#/${r.tab}`;
  return '#/';
}

/** Roving focus over the tabs shown: ArrowLeft/Right wrap, Home/End jump. Null for other keys. */
export function nextTab(current: Tab, key: string, shown: readonly Tab[] = ['browse', 'report', 'mine']): Tab | null {
  const i = shown.indexOf(current);
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return shown[(i + 1) % shown.length] ?? null;
    case 'ArrowLeft':
    case 'ArrowUp':
      return shown[(i - 1 + shown.length) % shown.length] ?? null;
    case 'Home':
      return shown[0] ?? null;
    case 'End':
      return shown[shown.length - 1] ?? null;
    default:
      return null;
  }
}
