import { useState } from 'react';
import type { Tab } from './route';

const NO_VISITS: Record<Tab, boolean> = { browse: true, report: false, mine: false, crew: false, plan: false, strategy: false, moderation: false };

/** Panels are mounted on first visit and kept (hidden) so a half-written report survives tab switches. */
export function useVisitedTabs(tab: Tab): Record<Tab, boolean> {
  const [visited, setVisited] = useState(NO_VISITS);
  if (!visited[tab]) setVisited({ ...visited, [tab]: true });
  return visited;
}
