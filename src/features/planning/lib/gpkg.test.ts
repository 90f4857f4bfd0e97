import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readGeoPackage } from './gpkg';
import { PlanFileError } from './plan-file';
import type { SourceLayer } from './source-layer';
import { readWkb, UnsupportedGeometryError } from './wkb';

const FIXTURES = join(__dirname, '../../../../tests/fixtures/plans/gpkg');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const layer = (layers: SourceLayer[], name: string) => {
  const found = layers.find((l) => l.name === name);
  if (!found) throw new Error(`no layer ${name} in ${layers.map((l) => l.name).join(', ')}`);
  return found;
};

async function refusal(bytes: Uint8Array): Promise<PlanFileError> {
  const error = await readGeoPackage(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlanFileError);
  return error as PlanFileError;
}

describe('readGeoPackage: our fixtures (make-fixtures.mjs)', () => {
  it('lists the feature layers in file order, with names in Swedish, and leaves attribute tables out', async () => {
    const layers = await readGeoPackage(fixture('planomraden.gpkg'));
    expect(layers.map((l) => l.name)).toEqual([
      'planområden',
      'detaljplaner_wgs84',
      'kvarter',
      'plangräns_3d',
    ]);
  });

  it('reads the CRS from gpkg_spatial_ref_sys: the EPSG code and the WKT definition', async () => {
    const layers = await readGeoPackage(fixture('planomraden.gpkg'));
    const sweref = layer(layers, 'planområden').crs;
    expect(sweref.epsg).toBe(3006);
    expect(sweref.wkt).toMatch(/^PROJCS\["SWEREF99 TM"/);
    expect(layer(layers, 'detaljplaner_wgs84').crs.epsg).toBe(4326);
  });

  it('reads polygons with holes in the file CRS, little- and big-endian, with and without an envelope', async () => {
    const plans = layer(await readGeoPackage(fixture('planomraden.gpkg')), 'planområden');
    expect(plans.features).toHaveLength(4);
    const [withHole, bigEndian, noGeometry, empty] = plans.features.map((f) => f.geometry);
    expect(withHole).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [375000, 6164000],
          [375200, 6164000],
          [375200, 6164150],
          [375000, 6164150],
          [375000, 6164000],
        ],
        [
          [375050, 6164050],
          [375050, 6164100],
          [375100, 6164100],
          [375100, 6164050],
          [375050, 6164050],
        ],
      ],
    });
    expect(bigEndian).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [374000, 6165000],
          [374300, 6165000],
          [374300, 6165100],
          [374000, 6165100],
          [374000, 6165000],
        ],
      ],
    });
    expect(noGeometry).toBeNull();
    expect(empty).toBeNull(); // the blob's empty flag
  });

  it('reads attributes with their names and types, skipping the fid, the geometry and binary columns', async () => {
    const plans = layer(await readGeoPackage(fixture('planomraden.gpkg')), 'planområden');
    expect(plans.fields).toEqual([
      'namn',
      'plan_nr',
      'antal_bostäder',
      'area_ha',
      'antagen',
      'antagen_datum',
    ]);
    expect(plans.features[0]!.properties).toEqual({
      namn: 'Värnhemstorget – ändring',
      plan_nr: 'Dp 5678',
      antal_bostäder: 120,
      area_ha: 2.5,
      antagen: true,
      antagen_datum: '2024-05-14',
    });
    expect(plans.features[1]!.properties).toMatchObject({
      namn: 'Östra Hamnen',
      antal_bostäder: null,
      antagen: false,
    });
  });

  it('reads a WGS84 layer as longitude, latitude (the GeoPackage order is always x, y)', async () => {
    const wgs = layer(await readGeoPackage(fixture('planomraden.gpkg')), 'detaljplaner_wgs84');
    expect((wgs.features[0]!.geometry as Polygon).coordinates[0]![0]).toEqual([12.975, 55.56]);
    expect(wgs.features[0]!.properties).toEqual({ namn: 'Hyllie centrum' });
  });

  it('reads a multipolygon with a hole in its second part', async () => {
    const blocks = layer(await readGeoPackage(fixture('planomraden.gpkg')), 'kvarter');
    const geometry = blocks.features[0]!.geometry;
    expect(geometry?.type).toBe('MultiPolygon');
    if (geometry?.type !== 'MultiPolygon') return;
    expect(geometry.coordinates.map((p) => p.length)).toEqual([1, 2]);
    expect(geometry.coordinates[1]![1]![0]).toEqual([375500, 6164040]);
  });

  it('keeps Z as the third coordinate and drops M (XYZ, XYZM and XYM blobs, 48- and 64-byte envelopes)', async () => {
    const threeD = layer(await readGeoPackage(fixture('planomraden.gpkg')), 'plangräns_3d');
    const [z, zm, m] = threeD.features.map((f) => (f.geometry as Polygon).coordinates[0]!);
    expect(z![0]).toEqual([375000, 6163000, 10]);
    expect(z![2]).toEqual([375100, 6163100, 12]);
    expect(zm![1]).toEqual([375100, 6163200, 21]);
    expect(m![1]).toEqual([375100, 6163400]);
  });

  it('reads a GeoPackage that QGIS left in WAL mode (header bytes 18–19 = 2)', async () => {
    const bytes = fixture('planomraden.gpkg');
    bytes[18] = 2;
    bytes[19] = 2;
    const layers = await readGeoPackage(bytes);
    expect(layer(layers, 'planområden').features).toHaveLength(4);
    expect(bytes[18]).toBe(2); // the caller's bytes are not changed
  });
});

describe('readGeoPackage: refusals', () => {
  it('refuses a file that is not SQLite', async () => {
    const error = await refusal(
      new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'),
    );
    expect(error.code).toBe('invalid_file');
    expect(error.detail).toMatch(/not a GeoPackage/);
  });

  it('refuses an SQLite database without the GeoPackage tables', async () => {
    const error = await refusal(fixture('vanlig.sqlite'));
    expect(error.code).toBe('invalid_file');
    expect(error.detail).toMatch(/not a GeoPackage \(no gpkg_contents\)/);
  });

  it('refuses a truncated file', async () => {
    const error = await refusal(fixture('planomraden.gpkg').slice(0, 3000));
    expect(error.code).toBe('invalid_file');
  });

  it('refuses a GeoPackage with no feature layer', async () => {
    const error = await refusal(fixture('utan-lager.gpkg'));
    expect(error.code).toBe('no_layers');
    expect(error.detail).toBe('planhandlingar (attributes)');
  });

  it('refuses curves, naming the type and the layer', async () => {
    const error = await refusal(fixture('kurvor.gpkg'));
    expect(error.code).toBe('unsupported_geometry');
    expect(error.detail).toBe('CurvePolygon');
    expect(error.layer).toBe('kurvor');
  });
});

describe('readGeoPackage: a GeoPackage written by GDAL (geopackage-js test fixture)', () => {
  it('reads every simple-feature type in 2D and 3D, with the CRS each layer declares', async () => {
    const layers = await readGeoPackage(fixture('gdal_sample.gpkg'));
    expect(layers).toHaveLength(16);
    const byName = Object.fromEntries(layers.map((l) => [l.name, l]));
    expect(byName.polygon2d!.crs.epsg).toBe(32631);
    expect(byName.linestring2d!.crs.epsg).toBe(4326);
    expect(byName.point2d!.crs).toEqual({}); // srs_id 0: undefined geographic
    const types = (l: SourceLayer) => [...new Set(l.features.map((f) => f.geometry?.type ?? null))];
    expect(types(byName.point2d!)).toContain('Point');
    expect(types(byName.polygon2d!)).toContain('Polygon');
    expect(types(byName.multipolygon3d!)).toContain('MultiPolygon');
    expect(types(byName.geomcollection2d!)).toContain('GeometryCollection');
    const polygon3d = byName.polygon3d!.features.find((f) => f.geometry)!.geometry as Polygon;
    expect(polygon3d.coordinates[0]![0]).toHaveLength(3);
  });
});

describe('readWkb', () => {
  const le = (type: number, ...doubles: number[]) => {
    const view = new DataView(new ArrayBuffer(5 + doubles.length * 8));
    view.setUint8(0, 1);
    view.setUint32(1, type, true);
    doubles.forEach((d, i) => view.setFloat64(5 + i * 8, d, true));
    return new Uint8Array(view.buffer);
  };

  it('reads ISO and EWKB Z points alike', () => {
    expect(readWkb(le(1001, 1, 2, 3))).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(readWkb(le(0x80000001, 1, 2, 3))).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
  });

  it('reads the point of NaNs as empty', () => {
    expect(readWkb(le(1, NaN, NaN))).toBeNull();
  });

  it('refuses curve types by name and corrupt counts without allocating them', () => {
    expect(() => readWkb(le(8))).toThrow(UnsupportedGeometryError);
    const huge = new DataView(new ArrayBuffer(9));
    huge.setUint8(0, 1);
    huge.setUint32(1, 2, true);
    huge.setUint32(5, 0xffffffff, true);
    expect(() => readWkb(new Uint8Array(huge.buffer))).toThrow(/past the end/);
  });
});
