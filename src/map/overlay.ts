import type { ReactNode } from 'react';
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';

export interface LonLat {
  lon: number;
  lat: number;
}

/** A MapLibre layer spec without `source`: the map view adds the overlay's own source. */
export type OverlayLayer = LayerSpecification extends infer L
  ? L extends { source: unknown }
    ? Omit<L, 'source'>
    : never
  : never;

/**
 * A layer group a feature puts on the map (hotspots, developments, measures, a choropleth …). Features hand
 * overlays to the app shell, which passes them to `MapView`; the map view owns the MapLibre sources and layers.
 */
export interface MapOverlay {
  /** Unique; prefixed with the feature ('crew-hotspots', 'plan-developments', …). Also the source id. */
  id: string;
  /** Translated; shown in the map's layer switcher. */
  label: string;
  /** GeoJSON in WGS84. */
  data: FeatureCollection;
  /** Layer ids must start with `${id}-`. */
  layers: OverlayLayer[];
  /** Default true. The layer switcher can hide it. */
  visible?: boolean;
  /** 'reports' (default): under the report symbols; 'labels': under the basemap's labels too. */
  below?: 'reports' | 'labels';
  /** Layers whose features are clickable (they get a pointer cursor and `onClick`). */
  interactiveLayerIds?: string[];
  onClick?(feature: { properties: Record<string, unknown>; layerId: string; lonLat: LonLat }): void;
  /** Shown in the map's legend box while the overlay is visible. */
  legend?: ReactNode;
}
