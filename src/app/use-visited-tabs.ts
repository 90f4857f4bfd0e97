import { useState } from 'react';
import { TABS, type Tab } from './route';

/** Utforska is shown first; every other tab (a new staff tab too) waits for its first visit. */
const NO_VISITS = Object.fromEntries(TABS.map((tab) => [tab, tab === 'browse'])) as Record<Tab, boolean>;

/** Panels are mounted on first visit and kept (hidden) so a half-written report survives tab switches. */
export function useVisitedTabs(tab: Tab): Record<Tab, boolean> {
  const [visited, setVisited] = useState(NO_VISITS);
  if (!visited[tab]) setVisited({ ...visited, [tab]: true });
  return visited;
}
