/**
 * The one contract between the app shell and the staff areas' panels (docs/contracts-session2.md): a type
 * only, so that the shell and the features can share it without the features importing the app.
 */
import type { ReferenceData } from '../api';
import type { Backend } from '../backend';
import type { MeasureSeed } from '../domain/measures';
import type { LonLat, MapOverlay, MapViewState } from '../map';

/**
 * Every callback (`on…`) keeps its identity for as long as the panel is mounted, so a panel may put them in
 * memo and effect dependencies: a new function per render fed back through `onOverlays` was a render loop
 * (guarded by src/app/app.component.test.tsx).
 */
export interface StaffPanelProps {
  backend: Backend;
  reference: ReferenceData | undefined;
  /** The database is ready. */
  ready: boolean;
  /** This panel's tab is the one shown. */
  active: boolean;
  /** The route after '#/<tab>/', '' when none. */
  subPath: string;
  onNavigate(subPath: string): void;
  view: MapViewState | null;
  /** Replaces this panel's overlays on the map. */
  onOverlays(overlays: MapOverlay[]): void;
  /** Captures map clicks (drawing, placing); null releases them. */
  onMapClick(handler: ((p: LonLat) => void) | null): void;
  onFlyTo(target: { lon: number; lat: number; zoom?: number }): void;
  /** [west, south, east, north] */
  onFitBounds(bbox: [number, number, number, number]): void;
  onOpenReport(id: string): void;
  /** Crew and planning: hand a hotspot cell or a development to Strategi as a new measure. */
  onCreateMeasure(seed: MeasureSeed): void;
  /** Strategy: the seed handed over, until the new-measure form is left. */
  measureSeed: MeasureSeed | null;
}
