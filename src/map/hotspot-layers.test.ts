import { describe, expect, it } from 'vitest';
import { validateStyleMin, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { deltaE, hexToRgb, simulate, type Deficiency } from './color-vision';
import { densityLayers, DENSITY_COLORS } from './density-layers';
import { EMERGING_COLORS, emergingLayers, HIDES_REPORTS, HOTSPOT_CLASS_COLORS, hotspotLayers } from './hotspot-layers';
import type { OverlayLayer } from './overlay';

function styleWith(id: string, layers: OverlayLayer[], features: unknown[]): StyleSpecification {
  return {
    version: 8,
    sources: { [id]: { type: 'geojson', data: { type: 'FeatureCollection', features } as never } },
    layers: layers.map((l) => ({ ...l, source: id }) as LayerSpecification),
  };
}
const hex = (q: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[[13, 55.6], [13.001, 55.6], [13.001, 55.601], [13, 55.6]]] },
  properties: q,
});

describe('hotspot, emerging and density layers', () => {
  it.each([
    ['crew-hotspots', hotspotLayers('crew-hotspots'), { cls: 3 }],
    ['crew-emerging', emergingLayers('crew-emerging'), { category: 'new' }],
    ['crew-density', densityLayers('crew-density'), { level: 2 }],
  ] as const)('%s is a valid style with ids prefixed by the overlay id', (id, layers, props) => {
    expect(validateStyleMin(styleWith(id, [...layers], [hex(props)])).map((e) => e.message)).toEqual([]);
    for (const l of layers) expect(l.id.startsWith(`${id}-`)).toBe(true);
    expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
  });

  it('hot and cold shades stay apart from each other and from grey under simulated colour-vision deficiencies', () => {
    const pairs: [string, string][] = [
      [HOTSPOT_CLASS_COLORS['2']!, HOTSPOT_CLASS_COLORS['-2']!],
      [HOTSPOT_CLASS_COLORS['3']!, HOTSPOT_CLASS_COLORS['-3']!],
      [HOTSPOT_CLASS_COLORS['2']!, HOTSPOT_CLASS_COLORS['0']!],
      [HOTSPOT_CLASS_COLORS['-2']!, HOTSPOT_CLASS_COLORS['0']!],
    ];
    for (const d of ['protanopia', 'deuteranopia', 'tritanopia'] as Deficiency[])
      for (const [a, b] of pairs) expect(deltaE(simulate(hexToRgb(a), d), simulate(hexToRgb(b), d))).toBeGreaterThan(15);
  });

  it('each palette has distinct colours', () => {
    for (const colours of [Object.values(HOTSPOT_CLASS_COLORS), Object.values(EMERGING_COLORS), [...DENSITY_COLORS]])
      expect(new Set(colours).size).toBe(colours.length);
  });

  it('the crew\'s hexagons ask the map to hide the report symbols; other uses do not', () => {
    const marked = (layers: OverlayLayer[]) => layers.filter((l) => (l.metadata as Record<string, unknown> | undefined)?.[HIDES_REPORTS] === true);
    expect(marked(hotspotLayers('crew-hotspots', { hidesReports: true })).map((l) => l.id)).toEqual(['crew-hotspots-fill']);
    expect(marked(hotspotLayers('plan-hotspots'))).toEqual([]);
    // Still a valid style with the metadata.
    expect(validateStyleMin(styleWith('crew-hotspots', hotspotLayers('crew-hotspots', { hidesReports: true }), []))).toEqual([]);
  });
});
