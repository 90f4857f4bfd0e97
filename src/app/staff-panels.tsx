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
  admin: ['crew', 'plan', 'strategy', 'moderation'],
};

type Module = Record<string, unknown>;

// Staff code is loaded only when a staff tab is opened: residents never download it.
const modules = import.meta.glob<Module>([
  '../features/crew/index.ts',
  '../features/planning/index.ts',
  '../features/strategy/index.ts',
  '../features/moderation/index.ts',
]);

const FEATURE: Record<StaffTab, { path: string; component: string }> = {
  crew: { path: '../features/crew/index.ts', component: 'CrewPanel' },
  plan: { path: '../features/planning/index.ts', component: 'PlanningPanel' },
  strategy: { path: '../features/strategy/index.ts', component: 'StrategyPanel' },
  moderation: { path: '../features/moderation/index.ts', component: 'ModerationPanel' },
};

function Missing() {
  return null;
}

async function load(path: string): Promise<Module> {
  const importer = modules[path];
  return importer ? importer() : {};
}

export const STAFF_PANELS = Object.fromEntries(
  Object.entries(FEATURE).map(([tab, { path, component }]) => [
    tab,
    lazy(async () => ({
      default: ((await load(path))[component] as ComponentType<StaffPanelProps> | undefined) ?? Missing,
    })),
  ]),
) as Record<StaffTab, LazyExoticComponent<ComponentType<StaffPanelProps>>>;

/**
 * The crew's offline outbox keeps sending whichever tab is open (a crew member who reloads onto the map must not
 * leave their queued status changes waiting): mounted for every role with the crew tab.
 */
export const CrewOutboxRunner = lazy(async () => ({
  default: ((await load(FEATURE.crew.path)).CrewOutboxRunner ?? Missing) as ComponentType<{ backend: Backend; ready: boolean }>,
}));

interface PublicMeasuresProps {
  backend: Backend;
  ready: boolean;
  onOverlays(overlays: MapOverlay[]): void;
}

/** Completed measures ("Åtgärdat") on everyone's map: the strategy area's overlay, loaded after start-up. */
export const PublicMeasures = lazy(async () => {
  const m = await load(FEATURE.strategy.path);
  const useOverlay = m.usePublicMeasuresOverlay as
    | ((backend: Backend, ready: boolean) => MapOverlay | null)
    | undefined;
  if (!useOverlay) return { default: Missing as ComponentType<PublicMeasuresProps> };
  function PublicMeasuresOverlay({ backend, ready, onOverlays }: PublicMeasuresProps) {
    const overlay = useOverlay!(backend, ready);
    useEffect(() => onOverlays(overlay ? [overlay] : []), [overlay, onOverlays]);
    return null;
  }
  return { default: PublicMeasuresOverlay };
});
