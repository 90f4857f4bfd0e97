import { lazy, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import type { Backend } from '../backend';
import type { StaffPanelProps } from '../contracts/staff-panel';
import type { MapOverlay } from '../map';
import type { Role } from '../domain/roles';
import type { StaffTab } from './route';

/** Which staff tabs a role sees. Everyone on staff may propose measures, so Strategi is always there. */
export const STAFF_TABS_FOR_ROLE: Record<Role, readonly StaffTab[]> = {
  anon: [],
  resident: [],
  crew: ['crew', 'strategy'],
  planner: ['plan', 'strategy'],
  strategist: ['plan', 'strategy'],
  moderator: ['moderation', 'strategy'],
  admin: ['crew', 'plan', 'strategy', 'moderation', 'admin'],
};

// Staff code is loaded only when a staff tab is opened (one chunk per area): residents never download it. The
// imports are typed: a renamed export, or a panel whose props leave `StaffPanelProps`, fails `tsc`.
const loadCrew = () => import('../features/crew');
const loadStrategy = () => import('../features/strategy');

export const STAFF_PANELS: Record<StaffTab, LazyExoticComponent<ComponentType<StaffPanelProps>>> = {
  crew: lazy(async () => ({ default: (await loadCrew()).CrewPanel })),
  plan: lazy(async () => ({ default: (await import('../features/planning')).PlanningPanel })),
  strategy: lazy(async () => ({ default: (await loadStrategy()).StrategyPanel })),
  moderation: lazy(async () => ({ default: (await import('../features/moderation')).ModerationPanel })),
  // Roller och behörigheter: admins only (the database refuses everyone else too).
  admin: lazy(async () => ({ default: (await import('../features/admin')).AdminPanel })),
};

/**
 * The crew's offline outbox keeps sending whichever tab is open (a crew member who reloads onto the map must not
 * leave their queued status changes waiting): mounted for every role with the crew tab.
 */
export const CrewOutboxRunner: LazyExoticComponent<ComponentType<{ backend: Backend; ready: boolean }>> = lazy(
  async () => ({ default: (await loadCrew()).CrewOutboxRunner }),
);

interface PublicMeasuresProps {
  backend: Backend;
  ready: boolean;
  onOverlays(overlays: MapOverlay[]): void;
}

/** Completed measures ("Åtgärdat") on everyone's map: the strategy area's overlay, loaded after start-up. */
export const PublicMeasures: LazyExoticComponent<ComponentType<PublicMeasuresProps>> = lazy(async () => {
  const { usePublicMeasuresOverlay } = await loadStrategy();
  function PublicMeasuresOverlay({ backend, ready, onOverlays }: PublicMeasuresProps) {
    const overlay = usePublicMeasuresOverlay(backend, ready);
    useEffect(() => onOverlays(overlay ? [overlay] : []), [overlay, onOverlays]);
    return null;
  }
  return { default: PublicMeasuresOverlay };
});
