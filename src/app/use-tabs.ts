import { useCallback, useMemo, useState } from 'react';
import type { Role } from '../domain/roles';
import { STAFF_TABS, type Route, type StaffTab, type Tab } from './route';
import { STAFF_TABS_FOR_ROLE } from './staff-panels';

const PUBLIC_TABS: readonly Tab[] = ['browse', 'report', 'mine'];
const isStaffTab = (tab: Tab): tab is StaffTab => (STAFF_TABS as readonly Tab[]).includes(tab);

export interface Tabs {
  /** The tabs this role sees, in order. */
  shown: readonly Tab[];
  /** The tab shown: the route's, or Utforska when the role cannot see the route's. */
  tab: Tab;
  staffShown: readonly StaffTab[];
  /** A staff area's place: its sub-route now, or the one it had when another tab was opened. */
  subPathOf(tab: StaffTab): string;
  selectTab(next: Tab, focus?: boolean): void;
  /** Per staff tab, one navigate function for the panel's lifetime (docs/architecture.md, decision 22). */
  staffNavigate: Record<StaffTab, (sub: string) => void>;
}

/** The tab bar: which tabs a role sees, which one is shown, and where each staff area was. */
export function useTabs(route: Route, navigate: (route: Route) => void, role: Role): Tabs {
  const shown = useMemo(() => [...PUBLIC_TABS, ...STAFF_TABS_FOR_ROLE[role]], [role]);
  const staffShown = useMemo(() => shown.filter(isStaffTab), [shown]);
  const tab: Tab = shown.includes(route.tab) ? route.tab : 'browse';

  // Each staff area keeps its place (its sub-route) when another tab is opened in between.
  const [lastSub, setLastSub] = useState<Partial<Record<Tab, string>>>({});
  if (isStaffTab(route.tab) && lastSub[route.tab] !== route.sub) {
    setLastSub({ ...lastSub, [route.tab]: route.sub });
  }

  const selectTab = useCallback(
    (next: Tab, focus = false) => {
      navigate({ tab: next, reportId: null, sub: lastSub[next] ?? '' });
      if (focus) requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
    },
    [navigate, lastSub],
  );
  const staffNavigate = useMemo(
    () =>
      Object.fromEntries(
        STAFF_TABS.map((key) => [key, (sub: string) => navigate({ tab: key, reportId: null, sub })]),
      ) as Record<StaffTab, (sub: string) => void>,
    [navigate],
  );
  const subPathOf = (key: StaffTab) => (route.tab === key ? route.sub : lastSub[key]) ?? '';

  return { shown, tab, staffShown, subPathOf, selectTab, staffNavigate };
}
