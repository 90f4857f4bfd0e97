import { describe, expect, it } from 'vitest';
import { validateStyleMin, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { CHOROPLETH_COLORS, CHOROPLETH_OUTLINE_WIDTHS, choroplethLayers } from './choropleth-layers';
import { deltaE, hexToRgb, simulate, type Deficiency } from './color-vision';
import { measureHitLayers, measureLayers, MEASURE_COLOR } from './measure-layers';
import { CHALLENGE_PALETTE } from './palette';
import type { OverlayLayer } from './overlay';

function styleWith(id: string, layers: OverlayLayer[], features: unknown[]): StyleSpecification {
  return {
    version: 8,
    sources: { [id]: { type: 'geojson', data: { type: 'FeatureCollection', features } as never } },
    layers: layers.map((l) => ({ ...l, source: id }) as LayerSpecification),
  };
}
const square = { type: 'Polygon', coordinates: [[[13, 55.6], [13.01, 55.6], [13.01, 55.61], [13, 55.6]]] };

describe('choropleth and measure layers', () => {
  it.each([
    ['strategy-choropleth', choroplethLayers('strategy-choropleth', 5), { cls: 4 }],
    ['strategy-choropleth', choroplethLayers('strategy-choropleth', 2), { cls: -1 }],
    ['strategy-public-measures', measureLayers('strategy-public-measures', { textFont: ['sans-serif'] }), { label: 'Åtgärdat' }],
    ['strategy-draft', measureLayers('strategy-draft', { textFont: null }), {}],
  ] as const)('%s is a valid style with ids prefixed by the overlay id', (id, layers, props) => {
    const features = [{ type: 'Feature', geometry: square, properties: props }];
    expect(validateStyleMin(styleWith(id, [...layers], features)).map((e) => e.message)).toEqual([]);
    for (const l of layers) expect(l.id.startsWith(`${id}-`)).toBe(true);
    expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
  });

  it('clicks hit only layers that exist', () => {
    const ids = measureLayers('m', { textFont: null }).map((l) => l.id);
    for (const hit of measureHitLayers('m')) expect(ids).toContain(hit);
  });

  it('choropleth classes get darker and wider step by step, and neighbours stay apart under colour-vision deficiencies', () => {
    const lightness = CHOROPLETH_COLORS.map((c) => {
      const [r, g, b] = hexToRgb(c);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    });
    for (let k = 1; k < lightness.length; k++) {
      expect(lightness[k]!).toBeLessThan(lightness[k - 1]!);
      expect(CHOROPLETH_OUTLINE_WIDTHS[k]!).toBeGreaterThan(CHOROPLETH_OUTLINE_WIDTHS[k - 1]!);
    }
    for (const d of ['protanopia', 'deuteranopia', 'tritanopia'] as Deficiency[])
      for (let k = 1; k < CHOROPLETH_COLORS.length; k++)
        expect(deltaE(simulate(hexToRgb(CHOROPLETH_COLORS[k]!), d), simulate(hexToRgb(CHOROPLETH_COLORS[k - 1]!), d))).toBeGreaterThan(10);
  });

  it('the measure colour is not mistaken for a challenge colour under colour-vision deficiencies', () => {
    for (const d of ['protanopia', 'deuteranopia', 'tritanopia'] as Deficiency[])
      for (const c of CHALLENGE_PALETTE)
        expect(deltaE(simulate(hexToRgb(MEASURE_COLOR), d), simulate(hexToRgb(c), d))).toBeGreaterThan(10);
  });
});
