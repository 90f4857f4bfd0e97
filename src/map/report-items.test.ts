import { describe, expect, it } from 'vitest';
import { reportItemsToGeoJSON, type MapReportItem } from './report-items';

describe('reportItemsToGeoJSON', () => {
  it('turns singles and cells into point features', () => {
    const items: MapReportItem[] = [
      [13.0, 55.6, 1, 'trafik', 'a1', 'speeding', 'new'],
      [13.01, 55.61, 12, 'renhallning', null, null, null],
    ];
    const fc = reportItemsToGeoJSON(items);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(2);
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [13.0, 55.6] },
      properties: { count: 1, challenge: 'trafik', id: 'a1', category: 'speeding', status: 'new', single: 1 },
    });
    expect(fc.features[1]!.properties).toEqual({
      count: 12,
      challenge: 'renhallning',
      id: '',
      category: '',
      status: '',
      single: 0,
    });
  });

  it('skips rows that cannot be drawn and tolerates an unknown challenge', () => {
    const items = [
      [Number.NaN, 55.6, 1, 'trafik', 'x', null, null],
      [13, 55.6, 0, 'trafik', null, null, null],
      [13, 55.6, 3, 'Not a code!', null, null, null],
      [13, 55.6, 2, 'en_aldre_utmaning', null, null, null],
    ] as unknown as MapReportItem[];
    const fc = reportItemsToGeoJSON(items);
    expect(fc.features).toHaveLength(2);
    expect(fc.features[0]!.properties.challenge).toBe('unknown');
    // A well-formed code the period does not list (an older challenge) is kept; the style draws it grey.
    expect(fc.features[1]!.properties.challenge).toBe('en_aldre_utmaning');
  });

  it('returns an empty collection for no items', () => {
    expect(reportItemsToGeoJSON([])).toEqual({ type: 'FeatureCollection', features: [] });
  });
});
