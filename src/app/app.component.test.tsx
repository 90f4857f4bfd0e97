import { act, fireEvent, render, screen } from '@testing-library/react';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../backend';
import type { StaffPanelProps } from '../contracts/staff-panel';
import type { MapController, MapOverlay } from '../map';
import { STAFF_TABS, type StaffTab } from './route';

/**
 * The shell and its staff panels: the callbacks a panel gets keep their identity, so that a panel which reports
 * overlays from an effect (as Planering does) does not re-render the shell into a new callback, a new overlay and
 * the same effect again. That circle kept the Planering panel, hidden or not, re-rendering for as long as it was
 * mounted (two cores in Chromium, "Maximum update depth exceeded" in development).
 */

// The map is MapLibre in a canvas: here a stand-in view that never mounts the (real) controller and shows how
// many overlays the shell has given it.
vi.mock('../map/map-view', async (importOriginal) => {
  const original = await importOriginal<typeof import('../map/map-view')>();
  return {
    ...original,
    MapView: ({ controller }: { controller: MapController }) => {
      const { overlays } = useSyncExternalStore(controller.subscribe, controller.getUiState);
      return <div data-testid="map" data-overlays={overlays.length} />;
    },
  };
});

/** Renders of each stand-in panel, and the props of each render. */
const seen = Object.fromEntries(STAFF_TABS.map((key) => [key, [] as StaffPanelProps[]])) as Record<StaffTab, StaffPanelProps[]>;
/** More renders than this and the panel stops feeding its overlay back (a loop would otherwise never end). */
const LOOP_GUARD = 60;

/** A staff panel that does what Planering does: an overlay memoised on onNavigate, handed up from an effect. */
function panelLike(key: StaffTab) {
  return function StandInPanel(props: StaffPanelProps) {
    seen[key].push(props);
    const looping = seen[key].length > LOOP_GUARD;
    const { onNavigate, onOverlays } = props;
    const overlay = useMemo<MapOverlay>(
      () => ({
        id: `${key}-layer`,
        label: key,
        data: { type: 'FeatureCollection', features: [] },
        layers: [],
        onClick: () => onNavigate('x'),
      }),
      [onNavigate],
    );
    useEffect(() => {
      if (!looping) onOverlays([overlay]);
    }, [overlay, onOverlays, looping]);
    return <p>{key} panel</p>;
  };
}

vi.mock('./staff-panels', async (importOriginal) => {
  const original = await importOriginal<typeof import('./staff-panels')>();
  return {
    ...original,
    STAFF_PANELS: { crew: panelLike('crew'), plan: panelLike('plan'), strategy: panelLike('strategy'), moderation: panelLike('moderation') },
    PublicMeasures: () => null,
    CrewOutboxRunner: () => null,
  };
});

const { App } = await import('./app');

/** A backend that starts at once for a planner and answers nothing (the panels here ask for nothing). */
function plannerBackend(): Backend {
  return {
    kind: 'supabase',
    isDemo: false,
    start: async () => undefined,
    rpc: () => Promise.reject(new TypeError('Failed to fetch')),
    identity: () => ({ userId: '55555555-5555-4555-8555-555555555555', role: 'planner' }),
    onIdentityChange: () => () => undefined,
    uploadPhoto: async () => undefined,
    photoUrl: async (path) => `blob:photo/${path}`,
    subscribeReports: () => () => undefined,
  };
}

const CALLBACKS = ['onNavigate', 'onOverlays', 'onMapClick', 'onFlyTo', 'onFitBounds', 'onOpenReport', 'onCreateMeasure'] as const;

beforeEach(() => {
  for (const key of Object.keys(seen) as StaffTab[]) seen[key] = [];
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
  window.location.hash = '#/plan';
});
afterEach(() => {
  vi.unstubAllGlobals();
  window.location.hash = '';
});

describe('the shell and a staff panel that reports overlays from an effect', () => {
  it('settles: the panel renders a few times, not in a loop, and its overlay reaches the map', async () => {
    const errors = vi.spyOn(console, 'error');
    render(<App backend={plannerBackend()} />);
    await screen.findByText('plan panel');
    await act(() => new Promise((r) => setTimeout(r, 50)));

    expect(seen.plan.length, 'renders of the Planering panel').toBeLessThan(10);
    expect(screen.getByTestId('map').dataset.overlays).toBe('1');
    expect(errors.mock.calls.filter((c) => String(c[0]).includes('Maximum update depth'))).toEqual([]);
  });

  it('gives a panel the same callbacks on every render, also after a tab switch and a sub-route', async () => {
    render(<App backend={plannerBackend()} />);
    await screen.findByText('plan panel');
    fireEvent.click(screen.getByRole('tab', { name: 'Strategi' }));
    await screen.findByText('strategy panel');
    fireEvent.click(screen.getByRole('tab', { name: 'Planering' }));
    await act(async () => {
      seen.plan.at(-1)!.onNavigate('new');
      await new Promise((r) => setTimeout(r, 50));
    });

    const first = seen.plan[0]!;
    const last = seen.plan.at(-1)!;
    expect(last.subPath).toBe('new');
    for (const name of CALLBACKS) expect(last[name], name).toBe(first[name]);
  });
});
