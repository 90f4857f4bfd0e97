import type { ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import type { MeasureSeed } from '../../domain/measures';
import type { LonLat, MapOverlay } from '../../map/overlay';
import type { MapViewState } from '../../map';

/** What the shell hands every staff panel (docs/contracts-session2.md); declared here, checked structurally. */
export interface StaffPanelProps {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  active: boolean;
  subPath: string;
  onNavigate(subPath: string): void;
  view: MapViewState | null;
  onOverlays(overlays: MapOverlay[]): void;
  onMapClick(handler: ((p: LonLat) => void) | null): void;
  onFlyTo(target: { lon: number; lat: number; zoom?: number }): void;
  onFitBounds(bbox: [number, number, number, number]): void;
  onOpenReport(id: string): void;
  onCreateMeasure(seed: MeasureSeed): void;
  measureSeed: MeasureSeed | null;
}

/** A view inside the panel registers its map layers under a key; the panel merges them for the shell. */
export type SetOverlay = (key: string, overlay: MapOverlay | null) => void;
