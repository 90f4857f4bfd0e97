import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { MapOverlay } from './overlay';
import { REPORTS_CIRCLE_LAYER } from './report-layers';

/** Built-in layer groups the layer switcher can hide, by layer id prefix. */
export const BUILT_IN_GROUPS = {
  reports: ['tk-reports-', 'tk-selected-'],
  districts: ['tk-districts-'],
} as const;
export type BuiltInGroup = keyof typeof BUILT_IN_GROUPS;

/**
 * Brings the map's overlay sources and layers in line with `overlays`: adds what is new, updates data that
 * changed (by reference), shows/hides, and removes overlays that are gone. `applied` remembers the data last
 * set per overlay; pass a fresh Map after a style (re)load, which drops every source and layer.
 */
export function syncOverlays(
  m: MapLibreMap,
  overlays: ReadonlyArray<MapOverlay>,
  hidden: ReadonlySet<string>,
  applied: Map<string, { data: unknown; layers: unknown; layerIds: string[] }>,
): void {
  const wanted = new Set(overlays.map((o) => o.id));
  for (const [id, entry] of applied) {
    if (wanted.has(id)) continue;
    for (const layerId of entry.layerIds) if (m.getLayer(layerId)) m.removeLayer(layerId);
    if (m.getSource(id)) m.removeSource(id);
    applied.delete(id);
  }
  const styleLayers = m.getStyle().layers;
  const firstLabel = styleLayers.find((l) => l.type === 'symbol' && !l.id.startsWith('tk-'))?.id;
  const firstReport = m.getLayer(REPORTS_CIRCLE_LAYER) ? REPORTS_CIRCLE_LAYER : undefined;
  for (const overlay of overlays) {
    const entry = applied.get(overlay.id);
    const source = m.getSource<GeoJSONSource>(overlay.id);
    if (!source) m.addSource(overlay.id, { type: 'geojson', data: overlay.data });
    else if (entry?.data !== overlay.data) source.setData(overlay.data);
    const layerIds = overlay.layers.map((l) => l.id);
    if (entry?.layers !== overlay.layers) {
      // A new spec list replaces the overlay's layers (MapLibre cannot diff a layer in place).
      for (const old of entry?.layerIds ?? []) if (m.getLayer(old)) m.removeLayer(old);
      const before = overlay.below === 'labels' ? firstLabel : firstReport;
      for (const layer of overlay.layers) {
        if (!layer.id.startsWith(`${overlay.id}-`)) throw new Error(`overlay layer ${layer.id} must start with ${overlay.id}-`);
        if (m.getLayer(layer.id)) m.removeLayer(layer.id);
        m.addLayer({ ...layer, source: overlay.id } as Parameters<MapLibreMap['addLayer']>[0], before);
      }
    }
    const visible = (overlay.visible ?? true) && !hidden.has(overlay.id);
    for (const id of layerIds) m.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
    applied.set(overlay.id, { data: overlay.data, layers: overlay.layers, layerIds });
  }
}

/** Shows or hides the built-in report and district layers. */
export function syncBuiltInGroups(m: MapLibreMap, hidden: ReadonlySet<string>): void {
  for (const [group, prefixes] of Object.entries(BUILT_IN_GROUPS)) {
    const visibility = hidden.has(group) ? 'none' : 'visible';
    for (const layer of m.getStyle().layers) {
      if (prefixes.some((p) => layer.id.startsWith(p))) m.setLayoutProperty(layer.id, 'visibility', visibility);
    }
  }
}
