import { describe, expect, it } from 'vitest';
import { validateStyleMin, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { deltaE, hexToRgb, simulate, type Deficiency } from './color-vision';
import { DEVELOPMENT_PHASE_KEYS, DEVELOPMENT_PHASE_STYLE, developmentLayers, draftLayers, evidenceLayers } from './development-layers';
import type { OverlayLayer } from './overlay';

function styleWith(id: string, layers: OverlayLayer[]): StyleSpecification {
  const poly = { type: 'Polygon', coordinates: [[[13, 55.6], [13.01, 55.6], [13.01, 55.61], [13, 55.6]]] };
  const features = [
    { type: 'Feature', geometry: poly, properties: { phase: 'adopted', selected: true, kind: 'buffer', ok: false } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [13, 55.6] }, properties: { kind: 'report', inside: true } },
  ];
  return {
    version: 8,
    sources: { [id]: { type: 'geojson', data: { type: 'FeatureCollection', features } as never } },
    layers: layers.map((l) => ({ ...l, source: id }) as LayerSpecification),
  };
}

describe('development layers', () => {
  it.each([
    ['plan-developments', developmentLayers('plan-developments')],
    ['plan-evidence', evidenceLayers('plan-evidence')],
    ['plan-draft', draftLayers('plan-draft')],
  ] as const)('%s is a valid style with unique ids prefixed by the overlay id', (id, layers) => {
    expect(validateStyleMin(styleWith(id, [...layers])).map((e) => e.message)).toEqual([]);
    for (const l of layers) expect(l.id.startsWith(`${id}-`)).toBe(true);
    expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
  });

  it('every phase has its own outline pattern, so phase is not told by colour alone', () => {
    const patterns = DEVELOPMENT_PHASE_KEYS.map((p) => JSON.stringify(DEVELOPMENT_PHASE_STYLE[p].dash));
    expect(new Set(patterns).size).toBe(DEVELOPMENT_PHASE_KEYS.length);
    const lineLayers = developmentLayers('x').filter((l) => l.id.startsWith('x-line-'));
    expect(lineLayers).toHaveLength(DEVELOPMENT_PHASE_KEYS.length);
  });

  it('phase colours stay distinguishable under simulated colour-vision deficiencies', () => {
    const colours = DEVELOPMENT_PHASE_KEYS.map((p) => DEVELOPMENT_PHASE_STYLE[p].color);
    for (const d of ['protanopia', 'deuteranopia', 'tritanopia'] as Deficiency[])
      for (let i = 0; i < colours.length; i++)
        for (let j = i + 1; j < colours.length; j++)
          expect(deltaE(simulate(hexToRgb(colours[i]!), d), simulate(hexToRgb(colours[j]!), d))).toBeGreaterThan(8);
  });
});
