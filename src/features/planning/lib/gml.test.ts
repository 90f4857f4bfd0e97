import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readPlanGml, xmlDeclaredEncoding } from './gml';
import { PlanFileError } from './plan-file';
import { epsgFromSrsName, srsNameUsesAuthorityAxisOrder } from './source-layer';

const FIXTURES = join(__dirname, '../../../../tests/fixtures/plans/gml');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A one-feature GML 3.2 document around a geometry. */
const wrap = (geometry: string, collectionAttrs = '') => `<?xml version="1.0"?>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:app="urn:x" ${collectionAttrs}>
  <gml:featureMember><app:Plan><app:namn>P</app:namn><app:geom>${geometry}</app:geom></app:Plan></gml:featureMember>
</gml:FeatureCollection>`;

function refusal(text: string): PlanFileError {
  try {
    readPlanGml(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanFileError);
    return error as PlanFileError;
  }
  throw new Error('not refused');
}

describe('readPlanGml: a detaljplan in the national exchange format (hand-made fixture)', () => {
  const layers = readPlanGml(fixture('detaljplan-vaernhem.gml'));

  it('puts the plan (its boundary) first, then the other feature types in document order', () => {
    expect(layers.map((l) => l.name)).toEqual(['Detaljplan', 'Användningsbestämmelse', 'Gräns']);
    expect(layers.map((l) => l.features.length)).toEqual([1, 2, 1]);
  });

  it('reads the plan boundary as a multipolygon with its hole, in file order (northing first for the EPSG URN)', () => {
    const plan = layers[0]!;
    expect(plan.crs).toEqual({ epsg: 3006, srsName: 'urn:ogc:def:crs:EPSG::3006' });
    const geometry = plan.features[0]!.geometry as MultiPolygon;
    expect(geometry.type).toBe('MultiPolygon');
    expect(geometry.coordinates).toHaveLength(1);
    expect(geometry.coordinates[0]![0]![1]).toEqual([6164000, 375200]);
    expect(geometry.coordinates[0]![1]![0]).toEqual([6164050, 375150]);
  });

  it('reads the simple properties (text, escaped characters, å/ä/ö), the gml:id and nil as null', () => {
    const plan = layers[0]!;
    expect(plan.features[0]!.properties).toEqual({
      gml_id: 'dp-1',
      name: 'Detaljplan för del av Värnhem (Kv. Gåsen) i Malmö',
      planbeteckning: 'Dp 5678',
      kommun: '1280',
      status: 'antagen',
      datumAntagande: '2024-05-14',
      syfte: 'Bostäder & förskola vid Värnhemstorget',
      genomförandetid: null,
    });
    expect(layers[1]!.fields).toEqual(['gml_id', 'beteckning', 'användning']);
  });

  it('reads a gml:Surface of one PolygonPatch as a polygon, and lines as lines', () => {
    const [bostader, gata] = layers[1]!.features;
    expect(bostader!.geometry?.type).toBe('Polygon');
    expect((bostader!.geometry as Polygon).coordinates[0]).toHaveLength(5);
    expect(gata!.properties.beteckning).toBe('GATA');
    expect(layers[2]!.features[0]!.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [6164000, 375120],
        [6164150, 375120],
      ],
    });
  });
});

describe('readPlanGml: srsName, srsDimension and the ways GML spells coordinates', () => {
  it('reads 3D positions (kept), a CRS stated on the envelope only, gml:pos runs and a Ring of curve segments', () => {
    const [layer] = readPlanGml(fixture('plangrans-3d-epsg.gml'));
    expect(layer!.name).toBe('Plangräns');
    expect(layer!.crs).toEqual({ epsg: 3006, srsName: 'EPSG:3006' });
    expect((layer!.features[0]!.geometry as Polygon).coordinates).toEqual([
      [
        [375000, 6163000, 10],
        [375100, 6163000, 11],
        [375100, 6163100, 12],
        [375000, 6163100, 13],
        [375000, 6163000, 10],
      ],
    ]);
  });

  it('understands every srsName form', () => {
    for (const name of [
      'EPSG:3006',
      'urn:ogc:def:crs:EPSG::3006',
      'urn:ogc:def:crs:EPSG:6.18:3006',
      'urn:x-ogc:def:crs:EPSG:3006',
      'http://www.opengis.net/def/crs/EPSG/0/3006',
      'https://www.opengis.net/def/crs/EPSG/0/3006',
      'http://www.opengis.net/gml/srs/epsg.xml#3006',
    ]) {
      expect(epsgFromSrsName(name), name).toBe(3006);
      const polygon = `<gml:Polygon srsName="${name}"><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`;
      expect(readPlanGml(wrap(polygon))[0]!.crs).toEqual({ epsg: 3006, srsName: name });
    }
    expect(epsgFromSrsName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(4326);
    expect(epsgFromSrsName('urn:ogc:def:crs:EPSG::3006')).toBe(3006);
    expect(srsNameUsesAuthorityAxisOrder('urn:ogc:def:crs:EPSG::3006')).toBe(true);
    expect(srsNameUsesAuthorityAxisOrder('http://www.opengis.net/def/crs/EPSG/0/3006')).toBe(true);
    expect(srsNameUsesAuthorityAxisOrder('EPSG:3006')).toBe(false);
  });

  it('leaves the CRS empty when the file states none', () => {
    const polygon = `<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`;
    expect(readPlanGml(wrap(polygon))[0]!.crs).toEqual({});
  });

  it('reads srsDimension 3 on the polygon for the posList inside it', () => {
    const polygon = `<gml:Polygon srsName="EPSG:3006" srsDimension="3"><gml:exterior><gml:LinearRing><gml:posList>0 0 5 1 0 5 1 1 5 0 0 5</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`;
    const geometry = readPlanGml(wrap(polygon))[0]!.features[0]!.geometry as Polygon;
    expect(geometry.coordinates[0]).toEqual([
      [0, 0, 5],
      [1, 0, 5],
      [1, 1, 5],
      [0, 0, 5],
    ]);
  });

  it('reads GML 2: gml:coordinates, outerBoundaryIs/innerBoundaryIs and gml:MultiPolygon', () => {
    const gml2 = `<?xml version="1.0"?>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml" xmlns:app="urn:x">
  <gml:featureMember><app:planomrade><app:geom>
    <gml:MultiPolygon srsName="EPSG:3008"><gml:polygonMember><gml:Polygon>
      <gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>0,0 10,0 10,10 0,10 0,0</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs>
      <gml:innerBoundaryIs><gml:LinearRing><gml:coordinates>2,2 2,3 3,3 2,2</gml:coordinates></gml:LinearRing></gml:innerBoundaryIs>
    </gml:Polygon></gml:polygonMember></gml:MultiPolygon>
  </app:geom></app:planomrade></gml:featureMember>
</gml:FeatureCollection>`;
    const [layer] = readPlanGml(gml2);
    expect(layer!.crs.epsg).toBe(3008);
    const geometry = layer!.features[0]!.geometry as MultiPolygon;
    expect(geometry.coordinates[0]!.map((ring) => ring.length)).toEqual([5, 4]);
    expect(geometry.coordinates[0]![0]![1]).toEqual([10, 0]);
  });
});

describe('readPlanGml: refusals', () => {
  it('refuses text that is not XML', () => {
    expect(refusal('{"type":"FeatureCollection"}').code).toBe('invalid_file');
    expect(refusal('<a><b></a>').detail).toMatch(/^not XML/);
  });

  it('refuses a DOCTYPE (no entity expansion of any kind)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><a>&x;&x;</a>`;
    expect(refusal(bomb).detail).toBe('GML with a DOCTYPE');
  });

  it('refuses XML without any feature geometry', () => {
    expect(refusal('<?xml version="1.0"?><gml:FeatureCollection xmlns:gml="x"/>').code).toBe(
      'no_layers',
    );
    expect(refusal('<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>').detail).toBe(
      'kml',
    );
  });

  it('refuses arcs and other curve segments, naming them', () => {
    const arc = `<gml:Curve srsName="EPSG:3006"><gml:segments><gml:Arc><gml:posList>0 0 1 1 2 0</gml:posList></gml:Arc></gml:segments></gml:Curve>`;
    const error = refusal(wrap(arc));
    expect(error.code).toBe('unsupported_geometry');
    expect(error.detail).toBe('Arc');
    expect(error.layer).toBe('Plan');
  });

  it('refuses a posList that does not divide into its dimension', () => {
    const polygon = `<gml:Polygon srsDimension="3"><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`;
    expect(refusal(wrap(polygon)).detail).toMatch(/8 numbers in a posList of dimension 3/);
  });

  it('refuses a coordinate that is not a number', () => {
    const point = `<gml:Point><gml:pos>1 x</gml:pos></gml:Point>`;
    expect(refusal(wrap(point)).detail).toMatch(/"x" is not a number/);
  });
});

describe('xmlDeclaredEncoding', () => {
  const bytes = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

  it('reads the XML declaration, a UTF-16 byte-order mark, or says nothing (UTF-8)', () => {
    expect(xmlDeclaredEncoding(bytes(`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`))).toBe(
      'iso-8859-1',
    );
    expect(
      xmlDeclaredEncoding(bytes(`\xEF\xBB\xBF<?xml version='1.0' encoding='UTF-8'?><a/>`)),
    ).toBe('utf-8');
    expect(xmlDeclaredEncoding(Uint8Array.of(0xff, 0xfe, 0x3c, 0))).toBe('utf-16le');
    expect(xmlDeclaredEncoding(bytes(`<?xml version="1.0"?><a encoding="x"/>`))).toBeNull();
    expect(xmlDeclaredEncoding(bytes(`<a/>`))).toBeNull();
  });

  it('gives an encoding that decodes å, ä and ö right', () => {
    const latin1 = Uint8Array.of(
      ...bytes(`<?xml version="1.0" encoding="ISO-8859-1"?><a>`),
      0xe5,
      0xe4,
      0xf6,
      ...bytes('</a>'),
    );
    const text = new TextDecoder(xmlDeclaredEncoding(latin1) ?? 'utf-8').decode(latin1);
    expect(text).toContain('<a>åäö</a>');
  });
});

describe('readPlanGml: KML (Google Earth), which planners also send', () => {
  const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Planer</name><Folder>
  <Placemark>
    <name>Dp 5678 Värnhem</name>
    <ExtendedData><Data name="status"><value>antagen</value></Data></ExtendedData>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>
      13.01,55.60,0 13.02,55.60,0 13.02,55.61,0 13.01,55.60,0
    </coordinates></LinearRing></outerBoundaryIs></Polygon>
  </Placemark>
  <Placemark>
    <name>Dp 5701 i två delar</name>
    <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="status">samråd</SimpleData></SchemaData></ExtendedData>
    <MultiGeometry>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>13,55.5 13.1,55.5 13.1,55.6 13,55.5</coordinates></LinearRing></outerBoundaryIs></Polygon>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>13.2,55.5 13.3,55.5 13.3,55.6 13.2,55.5</coordinates></LinearRing></outerBoundaryIs></Polygon>
    </MultiGeometry>
  </Placemark>
</Folder></Document></kml>`;

  it('reads each Placemark as a feature, in WGS 84 longitude/latitude, with its name and ExtendedData', () => {
    const [layer] = readPlanGml(kml);
    expect(layer!.name).toBe('Placemark');
    expect(layer!.crs).toEqual({ epsg: 4326, srsName: 'urn:ogc:def:crs:OGC:1.3:CRS84' });
    expect(layer!.features.map((f) => f.properties)).toEqual([
      { name: 'Dp 5678 Värnhem', status: 'antagen' },
      { name: 'Dp 5701 i två delar', status: 'samråd' },
    ]);
    expect((layer!.features[0]!.geometry as Polygon).coordinates[0]![1]).toEqual([13.02, 55.6, 0]);
    const twoParts = layer!.features[1]!.geometry as MultiPolygon;
    expect(twoParts.type).toBe('MultiPolygon');
    expect(twoParts.coordinates).toHaveLength(2);
  });
});
