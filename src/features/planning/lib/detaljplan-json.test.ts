import { describe, expect, it } from 'vitest';
import { readDetaljplanJson } from './detaljplan-json';
import { PlanFileError } from './plan-file';

const square = (x: number, y: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

const part = (position: unknown, crs = 'EPSG:3006', typ = 'yta') => ({
  geometri: { typ, koordinatsystemPlan: crs, dimension: 2, position },
  geometrimetadata: { tidpunktForLagesbestamning: '2024-01-10T10:00:00Z' },
});

/** A delivery shaped by the published JSON schema of Nationell specifikation Detaljplan 4.1. */
const delivery = () => ({
  type: 'FeatureCollection',
  'feature:mediatyp': 'application/vnd.lm.detaljplan.v4+json',
  features: [
    {
      type: 'Feature',
      geometry: null,
      properties: {
        'feature:typ': 'användningsbestämmelse',
        objektidentitet: '3f0e8b2a-0000-4000-8000-000000000002',
        detaljplan: '3f0e8b2a-0000-4000-8000-000000000001',
        bestammelseformulering: 'Bostäder',
        bestammelsegeometri: [part(square(375000, 6164000, 100))],
      },
    },
    {
      type: 'Feature',
      geometry: null,
      properties: {
        'feature:typ': 'detaljplan',
        objektidentitet: '3f0e8b2a-0000-4000-8000-000000000001',
        versionGiltigFran: '2024-05-14T00:00:00Z',
        kommun: 'Malmö',
        beteckning: 'Dp 5678',
        namn: 'Detaljplan för del av Värnhem',
        syfte: 'Bostäder och förskola',
        status: 'laga kraft',
        typ: 'detaljplan',
        kvalitetsbeskrivning: { korrigeradeGranser: false, kontrolleratPlaneringsunderlag: false },
        plangeometri: [part(square(375000, 6164000, 200)), part(square(375300, 6164000, 50))],
        beslutsinformation: [
          {
            beslutstyp: 'antagande av ny detaljplan',
            datumAntagande: '2024-05-14',
            datumLagakraft: ['2024-06-11'],
            genomforandetid: 10,
          },
        ],
      },
    },
  ],
});

describe('readDetaljplanJson (Nationell specifikation Detaljplan 4.x)', () => {
  it('reads the plan boundary from plangeometri, the plan first, parts joined into a multipolygon', () => {
    const layers = readDetaljplanJson(delivery())!;
    expect(layers.map((l) => l.name)).toEqual(['detaljplan', 'användningsbestämmelse']);
    const [plan] = layers;
    expect(plan!.crs).toEqual({ epsg: 3006, srsName: 'EPSG:3006' });
    expect(plan!.features[0]!.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        square(375000, 6164000, 200).coordinates,
        square(375300, 6164000, 50).coordinates,
      ],
    });
  });

  it('keeps the scalar properties and the decision dates, drops nested objects', () => {
    const [plan, uses] = readDetaljplanJson(delivery())!;
    expect(plan!.features[0]!.properties).toMatchObject({
      'feature:typ': 'detaljplan',
      beteckning: 'Dp 5678',
      namn: 'Detaljplan för del av Värnhem',
      status: 'laga kraft',
      datumAntagande: '2024-05-14',
      datumLagakraft: '2024-06-11',
      genomforandetid: 10,
    });
    expect(plan!.fields).not.toContain('kvalitetsbeskrivning');
    expect(uses!.features[0]!.geometry).toEqual(square(375000, 6164000, 100));
  });

  it('says null for ordinary GeoJSON (read as GeoJSON instead)', () => {
    expect(
      readDetaljplanJson({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry: square(0, 0, 1), properties: {} }],
      }),
    ).toBeNull();
    expect(
      readDetaljplanJson({
        type: 'FeatureCollection',
        'feature:mediatyp': 'application/geo+json',
        features: [],
      }),
    ).toBeNull();
    expect(readDetaljplanJson('text')).toBeNull();
  });

  it('recognises a delivery without the media type by its detaljplan feature', () => {
    const withoutMediaType = { ...delivery(), 'feature:mediatyp': undefined };
    expect(readDetaljplanJson(withoutMediaType)?.[0]?.name).toBe('detaljplan');
  });

  it('refuses parts of one layer in two CRSs', () => {
    const mixed = delivery();
    mixed.features[1]!.properties.plangeometri = [
      part(square(0, 0, 1)),
      part(square(0, 0, 1), 'EPSG:3008'),
    ];
    expect(() => readDetaljplanJson(mixed)).toThrow(PlanFileError);
  });
});
