import type { FeatureCollection } from 'geojson';
import type { OverlayLayer } from '../../../map';
import { cellPolygon } from './hotspot-geojson';

/**
 * The crew's own map layers (pure specs; the map controller adds the source): the work list as points, the selected
 * hotspot cell as a ring, and the marker of a field report just made. Each is readable without colour: the
 * selection is a double outline (white outside, black inside) that shows on any fill, the list's points say their
 * status by shape of the ring (claimed: thick ring), and every fact is also text in the panel.
 */

/** Work-list point colours by status (Okabe–Ito: apart under the common colour-vision deficiencies). */
export const WORK_LIST_COLORS: Readonly<Record<string, string>> = { new: '#E69F00', confirmed: '#56B4E9', in_progress: '#009E73' };
export const WORK_LIST_OTHER_COLOR = '#999999';

/** Work-list points: coloured by status, the caller's claims with a thick black ring. */
export function workListLayers(id: string): OverlayLayer[] {
  return [
    {
      id: `${id}-points`,
      type: 'circle',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 16, 9] as never,
        'circle-color': ['match', ['get', 'status'], ...Object.entries(WORK_LIST_COLORS).flat(), WORK_LIST_OTHER_COLOR] as never,
        'circle-stroke-color': '#000000',
        'circle-stroke-width': ['case', ['==', ['get', 'mine'], 1], 3, 1] as never,
      },
    },
  ];
}

export function workListGeoJSON(items: readonly { id: string; lon: number; lat: number; status: string; assigned_to_me: boolean }[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items.map((it) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [it.lon, it.lat] },
      properties: { id: it.id, status: it.status, mine: it.assigned_to_me ? 1 : 0 },
    })),
  };
}

/** The selected cell: a white casing under a black line, so it stands out on every hotspot colour. */
export function selectedCellLayers(id: string): OverlayLayer[] {
  return [
    { id: `${id}-casing`, type: 'line', paint: { 'line-color': '#ffffff', 'line-width': 7 } },
    { id: `${id}-line`, type: 'line', paint: { 'line-color': '#000000', 'line-width': 3 } },
  ];
}

export function selectedCellGeoJSON(q: number, r: number, size: number): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: cellPolygon(q, r, size), properties: { q, r } }],
  };
}

/** A field report just made: a large marker (white ring, black centre) at its place until the next one. */
export function fieldMarkerLayers(id: string): OverlayLayer[] {
  return [
    {
      id: `${id}-ring`,
      type: 'circle',
      paint: { 'circle-radius': 12, 'circle-color': '#ffffff', 'circle-stroke-color': '#000000', 'circle-stroke-width': 3 },
    },
    { id: `${id}-dot`, type: 'circle', paint: { 'circle-radius': 5, 'circle-color': '#000000' } },
  ];
}

export function pointGeoJSON(lon: number, lat: number, properties: Record<string, unknown> = {}): FeatureCollection {
  return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties }] };
}
