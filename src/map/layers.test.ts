import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expression, validateStyleMin, type LayerSpecification, type SourceSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { labelFont, LOCAL_FONT, offlineStyle } from './basemap';
import { districtHighlightFilter, districtLayers, districtSources } from './district-layers';
import { pinGeoJSON, pinLayers, pinSources } from './pin-layers';
import { reportItemsToGeoJSON } from './report-items';
import { CHALLENGE_PALETTE, CHALLENGE_SHAPES, UNKNOWN_CHALLENGE_COLOR } from './palette';
import { challengeColorExpression, challengeIconExpression, reportLayers, reportSources, selectedReportFilter, selectedReportLayers } from './report-layers';
import { shapeIcon } from './shape-icons';

const GLYPHS = 'https://example.org/fonts/{fontstack}/{range}.pbf';

/** Wrap layers and their sources in a minimal style so the whole set is validated in context. */
function styleOf(sources: Record<string, SourceSpecification>, layers: LayerSpecification[], glyphs?: string): StyleSpecification {
  return { version: 8, ...(glyphs ? { glyphs } : {}), sources, layers };
}

const messages = (style: StyleSpecification) => validateStyleMin(style).map((e) => e.message);

/** A revised period's challenges in order: today's four and a fifth. */
const FIVE = ['renhallning', 'planering', 'trafik', 'befintlig_stad', 'belysning'];

/** What a data-driven style value gives for a report of this challenge. */
function valueFor(value: unknown, challenge: string): unknown {
  if (typeof value === 'string') return value;
  const parsed = expression.createExpression(value, 'layers[0].paint.circle-color');
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const feature = { type: 'Point', properties: { challenge } } as unknown as Parameters<typeof parsed.value.evaluate>[1];
  return parsed.value.evaluate({ zoom: 12 }, feature);
}

describe('offline style', () => {
  const style = offlineStyle('http://localhost:5173/');

  it('is a valid MapLibre style', () => {
    expect(messages(style)).toEqual([]);
  });

  it('uses only bundled data: no glyphs, no sprite, no remote sources', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const source of Object.values(style.sources)) {
      expect(source.type).toBe('geojson');
      expect((source as { data: string }).data).toMatch(/^http:\/\/localhost:5173\/data\/malmo_.*\.geojson$/);
    }
    expect(labelFont(style)).toEqual(LOCAL_FONT);
  });

  it('labels are drawn with local fonts only, and can be switched off', () => {
    const labelled = style.layers.filter((l) => l.type === 'symbol');
    expect(labelled.map((l) => l.type === 'symbol' && l.layout?.['text-font'])).toEqual([LOCAL_FONT]);
    const bare = offlineStyle('/', { labels: false });
    expect(bare.layers.some((l) => l.type === 'symbol')).toBe(false);
    expect(messages(bare)).toEqual([]);
  });

  it('points at files that exist in public/data', () => {
    for (const source of Object.values(style.sources)) {
      const file = (source as { data: string }).data.split('/data/')[1]!;
      const json = JSON.parse(readFileSync(new URL(`../../public/data/${file}`, import.meta.url), 'utf8'));
      expect(json.type).toBe('FeatureCollection');
    }
  });
});

describe('report colours and shapes follow the challenge list given at run time', () => {
  it('each of five challenges gets its position\'s colour and shape; another code is grey without a shape', () => {
    const colours = FIVE.map((c) => valueFor(challengeColorExpression(FIVE), c));
    expect(colours).toEqual(CHALLENGE_PALETTE.slice(0, 5));
    const icons = FIVE.map((c) => valueFor(challengeIconExpression(FIVE), c));
    expect(icons).toEqual(CHALLENGE_SHAPES.slice(0, 5).map((s) => `tk-shape-${s}`));
    expect(valueFor(challengeColorExpression(FIVE), 'gammal')).toBe(UNKNOWN_CHALLENGE_COLOR);
    expect(valueFor(challengeIconExpression(FIVE), 'gammal')).toBe('');
  });

  it('with no list yet every report is grey (a match with no pairs would be an invalid style)', () => {
    expect(challengeColorExpression([])).toBe(UNKNOWN_CHALLENGE_COLOR);
    expect(messages(styleOf(reportSources(), reportLayers({ challenges: [] })))).toEqual([]);
  });
});

describe('layer sets are valid in a style', () => {
  it.each([
    ['districts, no glyphs', districtSources('/'), districtLayers(), undefined],
    ['districts, glyphs + highlight', districtSources('/'), districtLayers({ textFont: ['Noto Sans Regular'], highlightCode: 10101 }), GLYPHS],
    ['reports, no glyphs', reportSources(), reportLayers(), undefined],
    ['reports, glyphs', reportSources(), reportLayers({ textFont: ['Noto Sans Regular'] }), GLYPHS],
    ['reports, five challenges', reportSources(), reportLayers({ challenges: FIVE }), undefined],
    ['reports, five challenges, glyphs', reportSources(), reportLayers({ textFont: ['X'], challenges: FIVE }), GLYPHS],
    ['selected', reportSources(), selectedReportLayers('abc'), undefined],
    ['pin', pinSources({ lon: 13, lat: 55.6 }), pinLayers(), undefined],
  ] as const)('%s', (_name, sources, layers, glyphs) => {
    expect(messages(styleOf({ ...sources }, [...layers], glyphs))).toEqual([]);
  });

  it('all layer sets together have unique ids', () => {
    const all = [
      ...offlineStyle('/').layers,
      ...reportLayers({ textFont: ['X'] }),
      ...selectedReportLayers(),
      ...pinLayers(),
    ].map((l) => l.id);
    expect(new Set(all).size).toBe(all.length);
  });

  it('the validator is real: a bad paint value is reported', () => {
    const bad = styleOf(pinSources(), [{ id: 'x', type: 'circle', source: 'tk-pin', paint: { 'circle-color': 'not-a-colour' } }]);
    expect(messages(bad).length).toBeGreaterThan(0);
  });

  // validateStyleMin does not check this, and MapLibre would fetch glyphs from nowhere: check it ourselves.
  it('no text layer exists without a font (glyph source)', () => {
    const layers = [...districtLayers(), ...reportLayers(), ...selectedReportLayers(), ...pinLayers()];
    expect(layers.filter((l) => l.type === 'symbol' && l.layout && 'text-field' in l.layout)).toEqual([]);
  });

  it('reports with data validate, and filters are valid for null and real values', () => {
    const fc = reportItemsToGeoJSON([[13, 55.6, 1, 'trafik', 'id-1', null, null]]);
    const style = styleOf(reportSources(fc), [
      ...reportLayers(),
      ...selectedReportLayers(null),
      { id: 'f1', type: 'fill', source: 'd', filter: districtHighlightFilter(null) },
    ], undefined);
    style.sources.d = districtSources('/')['tk-districts']!;
    expect(messages(style)).toEqual([]);
    expect(selectedReportFilter(null)).not.toEqual(selectedReportFilter('id-1'));
  });
});

describe('helpers', () => {
  it('labelFont reuses a basemap font stack when the style has glyphs', () => {
    const style = {
      glyphs: GLYPHS,
      layers: [{ id: 'x', type: 'symbol', source: 's', layout: { 'text-font': ['Noto Sans Bold'] } }] as LayerSpecification[],
    };
    expect(labelFont(style)).toEqual(['Noto Sans Bold']);
    expect(labelFont({ glyphs: GLYPHS, layers: [] })).toEqual(['Noto Sans Regular']);
  });

  it('pinGeoJSON is empty without a pin', () => {
    expect(pinGeoJSON(null).features).toHaveLength(0);
    expect(pinGeoJSON({ lon: 1, lat: 2 }).features[0]!.geometry.coordinates).toEqual([1, 2]);
  });

  it('shape icons differ from each other and have transparent corners', () => {
    const shapes = (['dot', 'square', 'triangle', 'diamond'] as const).map((s) => shapeIcon(s, 14, 2));
    for (const img of shapes) {
      expect(img.data.length).toBe(img.width * img.height * 4);
      expect(img.data[3]).toBe(0); // top-left corner alpha
      const centre = ((img.height / 2) * img.width + img.width / 2) * 4;
      expect(img.data[centre + 3]).toBe(255);
      expect(img.data[centre]).toBe(255);
    }
    const keys = shapes.map((s) => Buffer.from(s.data).toString('base64'));
    expect(new Set(keys).size).toBe(4);
  });

  it('every challenge shape is a distinct image with a transparent corner and white in it', () => {
    const shapes = CHALLENGE_SHAPES.map((s) => shapeIcon(s, 14, 2));
    for (const img of shapes) {
      expect(img.data[3]).toBe(0);
      let white = 0;
      for (let o = 0; o < img.data.length; o += 4) if (img.data[o] === 255 && img.data[o + 3] === 255) white++;
      expect(white).toBeGreaterThan(20);
    }
    expect(new Set(shapes.map((s) => Buffer.from(s.data).toString('base64'))).size).toBe(CHALLENGE_SHAPES.length);
  });
});
