import { describe, expect, it } from 'vitest';
import { validateStyleMin, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { fieldMarkerLayers, pointGeoJSON, selectedCellGeoJSON, selectedCellLayers, workListGeoJSON, workListLayers } from './crew-layers';

/** The layers with their source, in a minimal style, as the map controller installs them. */
function validate(id: string, layers: ReturnType<typeof workListLayers>, data: unknown) {
  const style: StyleSpecification = {
    version: 8,
    sources: { [id]: { type: 'geojson', data: data as never } },
    layers: layers.map((l) => ({ ...l, source: id }) as LayerSpecification),
  };
  return validateStyleMin(style).map((e) => e.message);
}

describe('crew layers', () => {
  it('are valid MapLibre layers with ids under their overlay', () => {
    const list = workListGeoJSON([{ id: 'a', lon: 13, lat: 55.6, status: 'new', assigned_to_me: true }]);
    expect(validate('crew-worklist', workListLayers('crew-worklist'), list)).toEqual([]);
    expect(validate('crew-cell', selectedCellLayers('crew-cell'), selectedCellGeoJSON(2477, 34341, 100))).toEqual([]);
    expect(validate('crew-field', fieldMarkerLayers('crew-field'), pointGeoJSON(13, 55.6))).toEqual([]);
    for (const [id, layers] of [['crew-worklist', workListLayers('crew-worklist')], ['crew-cell', selectedCellLayers('crew-cell')]] as const)
      for (const l of layers) expect(l.id.startsWith(`${id}-`)).toBe(true);
    expect(list.features[0]!.properties).toEqual({ id: 'a', status: 'new', mine: 1 });
  });

  it('outlines the selected cell as a closed hexagon', () => {
    const ring = (selectedCellGeoJSON(2477, 34341, 100).features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring).toHaveLength(7);
    expect(ring[0]).toEqual(ring[6]);
  });
});
