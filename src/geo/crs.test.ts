import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import {
  codeOfEpsg,
  crsFromCoordinates,
  crsFromMember,
  crsFromName,
  crsFromPrj,
  crsFromSource,
  fromWgs84,
  KNOWN_CRS,
  looksNorthingFirst,
  toWgs84,
} from './crs';

const esriTm = (name: string, datum: string, spheroid: string, lon0: number, k: number, x0: number) =>
  `PROJCS["${name}",GEOGCS["GCS_${datum}",DATUM["D_${datum}",SPHEROID[${spheroid}]],PRIMEM["Greenwich",0.0],` +
  `UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",${x0}],` +
  `PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${lon0}],PARAMETER["Scale_Factor",${k}],` +
  `PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
const GRS80 = '"GRS_1980",6378137.0,298.257222101';
const BESSEL = '"Bessel_1841",6377397.155,299.1528128';

describe('the crs member of GeoJSON, in every form seen in the wild', () => {
  it('reads names, URNs and URLs', () => {
    const forms = [
      'EPSG:3006',
      'epsg:3006',
      'urn:ogc:def:crs:EPSG::3006',
      'urn:ogc:def:crs:EPSG:6.18:3006',
      'urn:x-ogc:def:crs:EPSG:3006',
      'http://www.opengis.net/def/crs/EPSG/0/3006',
      'https://www.opengis.net/def/crs/EPSG/0/3006',
      'http://www.opengis.net/gml/srs/epsg.xml#3006',
    ];
    for (const name of forms) expect(crsFromMember({ type: 'name', properties: { name } })).toBe('EPSG:3006');
    for (const name of ['urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:OGC::CRS84', 'http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'CRS:84'])
      expect(crsFromMember({ type: 'name', properties: { name } })).toBe('EPSG:4326');
  });

  it("reads {type: 'EPSG', properties: {code}} as Malmö stad's GeoServer writes it, the code a number or a string", () => {
    expect(crsFromMember({ type: 'EPSG', properties: { code: 3006 } })).toBe('EPSG:3006');
    expect(crsFromMember({ type: 'EPSG', properties: { code: '3008' } })).toBe('EPSG:3008');
  });

  it('reads link members that name an EPSG code, and refuses one that does not, naming it', () => {
    expect(crsFromMember({ type: 'link', properties: { href: 'http://spatialreference.org/ref/epsg/3006/proj4/', type: 'proj4' } })).toBe('EPSG:3006');
    expect(crsFromMember({ type: 'link', properties: { href: 'https://epsg.io/3021', type: 'ogcwkt' } })).toBe('EPSG:3021');
    expect(() => crsFromMember({ type: 'link', properties: { href: 'data.crs', type: 'ogcwkt' } })).toThrow(/data\.crs/);
    expect(() => crsFromMember({ type: 'name', properties: {} })).toThrow(/unknown_crs/);
    expect(crsFromMember(null)).toBeNull();
  });

  it('knows SWEREF 99 (TM and the twelve local zones), RT90 (six zones), UTM 32/33 and their geographic aliases', () => {
    for (let n = 3006; n <= 3024; n++) expect(codeOfEpsg(n)).toBe(`EPSG:${n}`);
    for (const n of [25832, 25833, 32632, 32633, 3857]) expect(codeOfEpsg(n)).toBe(`EPSG:${n}`);
    expect(codeOfEpsg(4619)).toBe('EPSG:4326'); // SWEREF 99 geographic
    expect(codeOfEpsg(32631)).toBe('EPSG:32631'); // any other UTM zone north
    expect(codeOfEpsg(2154)).toBeNull();
    expect(crsFromName('3006')).toBe('EPSG:3006');
  });
});

describe('.prj and GeoPackage WKT', () => {
  it('tells every SWEREF 99 local zone by its parameters, whatever the name says', () => {
    const zones: Array<[number, number]> = [[3007, 12], [3008, 13.5], [3009, 15], [3010, 16.5], [3011, 18], [3012, 14.25], [3013, 15.75], [3014, 17.25], [3015, 18.75], [3016, 20.25], [3017, 21.75], [3018, 23.25]];
    for (const [epsg, lon0] of zones) expect(crsFromPrj(esriTm('Lokalt', 'SWEREF99', GRS80, lon0, 1, 150000)).code).toBe(`EPSG:${epsg}`);
    expect(crsFromPrj(esriTm('SWEREF99_TM', 'SWEREF99', GRS80, 15, 0.9996, 500000)).code).toBe('EPSG:3006');
  });

  it('tells every RT90 zone by its central meridian and marks the datum shift substituted when the .prj lacks one', () => {
    const zones: Array<[number, string, number]> = [
      [3019, 'RT90_75_gon_W', 11.30827777777778], [3020, 'RT90_5_gon_W', 13.55827777777778], [3021, 'RT90_25_gon_W', 15.80827777777778],
      [3022, 'RT90_0_gon', 18.05827777777778], [3023, 'RT90_25_gon_O', 20.30827777777778], [3024, 'RT90_5_gon_O', 22.55827777777778],
    ];
    for (const [epsg, name, lon0] of zones) {
      expect(crsFromPrj(esriTm(name, 'RT_1990', BESSEL, lon0, 1, 1500000))).toEqual({ code: `EPSG:${epsg}`, substituted: true });
    }
    // GDAL's WKT with TOWGS84 and the authority: the same system, nothing substituted.
    const gdal =
      'PROJCS["RT90 2.5 gon V",GEOGCS["RT90",DATUM["Rikets_koordinatsystem_1990",SPHEROID["Bessel 1841",6377397.155,299.1528128],' +
      'TOWGS84[414.1,41.3,603.1,-0.855,2.141,-7.023,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],' +
      'PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",15.8082777777778],' +
      'PARAMETER["scale_factor",1],PARAMETER["false_easting",1500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","3021"]]';
    expect(crsFromPrj(gdal)).toEqual({ code: 'EPSG:3021', substituted: false });
  });

  it('tells UTM by datum, reads WKT 2 and the closing EPSG authority, and builds any other system proj4 can', () => {
    expect(crsFromPrj(esriTm('WGS_1984_UTM_Zone_33N', 'WGS_1984', '"WGS_1984",6378137.0,298.257223563', 15, 0.9996, 500000)).code).toBe('EPSG:32633');
    expect(crsFromPrj(esriTm('ETRS_1989_UTM_Zone_32N', 'ETRS_1989', GRS80, 9, 0.9996, 500000)).code).toBe('EPSG:25832');
    const wkt2 =
      'PROJCRS["SWEREF99 TM",BASEGEOGCRS["SWEREF99",DATUM["SWEREF99",ELLIPSOID["GRS 1980",6378137,298.257222101]]],' +
      'CONVERSION["SWEREF99 TM",METHOD["Transverse Mercator"],PARAMETER["Latitude of natural origin",0],' +
      'PARAMETER["Longitude of natural origin",15],PARAMETER["Scale factor at natural origin",0.9996],' +
      'PARAMETER["False easting",500000],PARAMETER["False northing",0]],CS[Cartesian,2],ID["EPSG",3006]]';
    expect(crsFromPrj(wkt2).code).toBe('EPSG:3006');
    // Lambert-93 (France): none of ours, but proj4 builds it from the WKT.
    const lambert =
      'PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
      'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],' +
      'PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],' +
      'PARAMETER["Standard_Parallel_1",44.0],PARAMETER["Standard_Parallel_2",49.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]';
    const other = crsFromPrj(lambert);
    expect(other).toMatchObject({ code: 'WKT', name: 'RGF93_Lambert_93' });
    // Paris, Notre-Dame, in Lambert-93 (IGN): about 652,470 E, 6,861,600 N.
    const [lon, lat] = toWgs84({ code: 'WKT', wkt: other.def })([652_470, 6_861_600]);
    expect(lon).toBeCloseTo(2.35, 2);
    expect(lat).toBeCloseTo(48.853, 2);
    expect(() => crsFromPrj('<!DOCTYPE html><html>')).toThrow(/unknown_crs/);
  });

  it('reads what a GeoPackage or GML says: an EPSG code, a srsName, or WKT', () => {
    expect(crsFromSource({ epsg: 3006 })).toEqual({ code: 'EPSG:3006' });
    expect(crsFromSource({ srsName: 'urn:ogc:def:crs:EPSG::3008' })).toEqual({ code: 'EPSG:3008' });
    expect(crsFromSource({ epsg: 999999, wkt: esriTm('X', 'RT_1990', BESSEL, 15.80827777777778, 1, 1500000) })).toEqual({ code: 'EPSG:3021', substituted: true });
    expect(crsFromSource({})).toBeNull();
    expect(() => crsFromSource({ epsg: 2154 })).toThrow(/EPSG:2154/);
  });
});

describe('reprojection against published definitions', () => {
  // Lantmäteriet, "RT 90 – SWEREF 99" (lantmateriet.se, Geodata › GPS, geodesi och Swepos › Transformationer ›
  // RT 90 - SWEREF 99): the official transformation is a direct projection of SWEREF 99 latitude/longitude to
  // RT 90 2.5 gon V with Gauss-Krüger on GRS 80: central meridian 15°48′22.624306″ E, scale 1.00000561024,
  // false northing −667.711 m, false easting 1,500,064.274 m; mean error just under 0.07 m, max just over 0.2 m.
  const lantmaterietDirect = proj4(
    'WGS84',
    `+proj=tmerc +lat_0=0 +lon_0=${15 + 48 / 60 + 22.624306 / 3600} +k=1.00000561024 +x_0=1500064.274 +y_0=-667.711 +ellps=GRS80 +units=m +no_defs`,
  );
  const MALMO = [
    [12.9, 55.5],
    [13.0, 55.6],
    [13.2, 55.65],
  ];

  it('RT90 2.5 gon V (EPSG:3021 with its datum shift) agrees with Lantmäteriet within 0.2 m in Malmö', () => {
    for (const p of MALMO) {
      const ours = fromWgs84('EPSG:3021')(p);
      const published = lantmaterietDirect.forward(p);
      expect(Math.hypot(ours[0] - published[0]!, ours[1] - published[1]!)).toBeLessThan(0.2);
      const back = toWgs84('EPSG:3021')(published);
      expect(back[0]).toBeCloseTo(p[0]!, 5);
      expect(back[1]).toBeCloseTo(p[1]!, 5);
    }
  });

  it('an RT90 .prj read as written (no datum shift) is ~170 m off in Malmö: why the definition is substituted', () => {
    const asWritten = proj4(esriTm('RT90_25_gon_W', 'RT_1990', BESSEL, 15.80827777777778, 1, 1500000), 'WGS84');
    const published = lantmaterietDirect.forward(MALMO[1]!);
    const [lon, lat] = asWritten.forward(published);
    const offM = Math.hypot((lon! - MALMO[1]![0]!) * 111_320 * Math.cos((55.6 * Math.PI) / 180), (lat! - MALMO[1]![1]!) * 110_574);
    expect(offM).toBeGreaterThan(150);
    expect(offM).toBeLessThan(200);
  });

  it('SWEREF 99 local zones are Gauss-Krüger with scale 1: on the meridian, the northing is SWEREF 99 TM’s / 0.9996', () => {
    // Lantmäteriet's zone definitions: central meridian dd mm, scale 1, false easting 150,000 m; TM: 15°, 0.9996, 500,000 m.
    for (const zone of KNOWN_CRS.filter((c) => c.kind === 'sweref-local')) {
      const lon0 = Number(/lon_0=([\d.]+)/.exec(zone.def!)![1]);
      const [e, n] = fromWgs84(`EPSG:${zone.epsg}`)([lon0, 55.6]);
      const [, nTm] = fromWgs84('EPSG:3006')([15, 55.6]);
      expect(e).toBeCloseTo(150_000, 3);
      expect(n).toBeCloseTo(nTm / 0.9996, 3);
    }
  });

  it('SWEREF 99 TM is UTM 33 on GRS 80: ETRS89 / UTM 33N gives the same numbers, WGS 84 / UTM 33N within a millimetre', () => {
    const p = [13.0, 55.6];
    const a = fromWgs84('EPSG:3006')(p);
    const b = fromWgs84('EPSG:25833')(p);
    const c = fromWgs84('EPSG:32633')(p);
    expect(a).toEqual(b);
    expect(Math.hypot(a[0] - c[0], a[1] - c[1])).toBeLessThan(0.001);
  });
});

describe('guessing, and the axis order', () => {
  it('guesses from the values where the file says nothing: the system that puts them in Skåne', () => {
    expect(crsFromCoordinates([12.9, 55.5, 13.1, 55.6])).toBe('EPSG:4326');
    expect(crsFromCoordinates([370000, 6150000, 390000, 6170000])).toBe('EPSG:3006');
    expect(crsFromCoordinates([110000, 6150000, 140000, 6170000])).toBe('EPSG:3008');
    expect(crsFromCoordinates([1310000, 6160000, 1320000, 6170000])).toBe('EPSG:3021');
    expect(crsFromCoordinates([1440000, 7460000, 1460000, 7480000])).toBe('EPSG:3857');
  });

  it('sees a Swedish northing or latitude in the first place', () => {
    expect(looksNorthingFirst([6160000, 370000, 6170000, 390000])).toBe(true);
    expect(looksNorthingFirst([6160000, 1310000, 6170000, 1320000])).toBe(true); // RT90
    expect(looksNorthingFirst([55.5, 12.9, 55.6, 13.1])).toBe(true);
    expect(looksNorthingFirst([370000, 6160000, 390000, 6170000])).toBe(false);
    expect(looksNorthingFirst([12.9, 55.5, 13.1, 55.6])).toBe(false);
  });
});
