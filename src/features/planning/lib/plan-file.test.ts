import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readDbf, dbfRecords } from './dbf';
import { guessMapping, validateFeatures } from './plan-features';
import { parsePlanFile, readPlanSource, resolvePlanFile, PlanFileError, type ParsedPlanFile } from './plan-file';
import { sniffFormat } from './plan-formats';
import { withSanity, isImportableCandidate } from './outline-sanity';
import { decoderFor, encodingOfLabel, encodingOfLdid } from '../../../geo/text-encoding';

const DIR = join(__dirname, '../../../../tests/fixtures/plans');
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const read = (name: string, options = {}) => parsePlanFile(bytesOf(name), options);
const boundary = JSON.parse(readFileSync(join(__dirname, '../../../../public/data/malmo_kommun.geojson'), 'utf8'))
  .features[0] as Feature<Polygon | MultiPolygon>;

/** The names the generator wrote (make-plans.mjs), as a planner must see them. */
const SWEDISH = ['Västra hamnen, Kajplats 7', 'Södra Innerstaden – Möllan', 'Östra Hamnen, Håkanstorp'];
const names = (p: ParsedPlanFile, field = 'NAMN') => p.features.map((f) => f.properties[field]);
const firstCorner = (p: ParsedPlanFile, i = 0): Position => {
  const g = p.features[i]!.geometry as Polygon | MultiPolygon;
  return g.type === 'Polygon' ? g.coordinates[0]![0]! : g.coordinates[0]![0]![0]!;
};
/** The south-west corner of the first plan as drawn (WGS 84) before it was projected into the file's CRS. */
const VASTRA_HAMNEN_SW = [12.975, 55.61];
const expectAt = (p: ParsedPlanFile, [lon, lat]: number[], digits = 6) => {
  const [x, y] = firstCorner(p);
  expect(x).toBeCloseTo(lon!, digits);
  expect(y).toBeCloseTo(lat!, digits);
};
async function failure(promise: Promise<unknown>): Promise<PlanFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PlanFileError) return error;
    throw error;
  }
  throw new Error('did not fail');
}

describe('text encodings of .dbf attributes', () => {
  it('reads the LDID byte: 0x57 (ANSI) is Windows-1252, so å, ä, ö and – come out right without a .cpg', async () => {
    const p = await read('sv-latin1-ldid.zip');
    expect(p.encoding).toEqual({ name: 'windows-1252', source: 'ldid' });
    expect(names(p)).toEqual(SWEDISH);
  });

  it('falls back to Windows-1252 when nothing is declared and the bytes are not UTF-8', async () => {
    const p = await read('sv-latin1-undeclared.zip');
    expect(p.encoding).toEqual({ name: 'windows-1252', source: 'fallback' });
    expect(names(p)).toEqual(SWEDISH);
  });

  it('does not believe a .cpg that says UTF-8 over Latin-1 bytes, and says so', async () => {
    const p = await read('sv-latin1-lying-cpg.zip');
    expect(p.encoding).toEqual({ name: 'windows-1252', source: 'fallback', declared: 'utf-8' });
    expect(p.notes).toEqual([{ code: 'encoding_fallback', detail: 'cpg: UTF-8' }]);
    expect(names(p)).toEqual(SWEDISH);
    expect(names(p).join('')).not.toContain('\uFFFD');
  });

  it("honours GeoServer's .cst, a UTF-8 .cpg (over the ANSI byte) and DOS code page 850 by its LDID", async () => {
    expect((await read('sv-latin1-cst.zip')).encoding).toEqual({ name: 'windows-1252', source: 'cst' });
    expect(names(await read('sv-latin1-cst.zip'))).toEqual(SWEDISH);
    const utf8 = await read('sv-utf8-cpg.zip');
    expect(utf8.encoding).toEqual({ name: 'utf-8', source: 'cpg' });
    expect(names(utf8)).toEqual(SWEDISH);
    const dos = await read('sv-cp850-ldid.zip');
    expect(dos.encoding).toEqual({ name: 'ibm850', source: 'ldid' });
    // Code page 850 has no en dash: the generator wrote a hyphen.
    expect(names(dos)).toEqual(SWEDISH.map((n) => n.replace('–', '-')));
  });

  it('re-reads with the encoding the planner chooses', async () => {
    const source = await readPlanSource(bytesOf('sv-latin1-ldid.zip'));
    const asUtf8 = resolvePlanFile(source, { encoding: 'utf-8' });
    expect(asUtf8.encoding).toEqual({ name: 'utf-8', source: 'user' });
    expect(String(names(asUtf8)[0])).toContain('\uFFFD'); // what the planner saw before, and can go back from
    expect(names(resolvePlanFile(source, { encoding: 'windows-1252' }))).toEqual(SWEDISH);
  });

  it('reads the upstream parser suites: mbostock Latin-1 (LDID) and UTF-8 (.cpg), pyshp Latin-1 (nothing declared)', async () => {
    // mbostock/shapefile test/latin1-property and utf8-property; pyshp tests/shapefiles/latin1 (README: 'Ñandú').
    expect(names(await read('upstream-mbostock-latin1.zip'), 'name')).toEqual(['México']);
    expect(names(await read('upstream-mbostock-utf8.zip'), '☃')).toEqual(['ηελλο ςορλδ']);
    const pyshp = await read('upstream-pyshp-latin1.zip');
    expect(pyshp.encoding?.source).toBe('fallback');
    expect(names(pyshp, 'Name')).toEqual(['Ñandú']);
  });

  it("reads shapefile-js's code page 1250 .cpg ('ANSI 1250') and ignores an HTML page saved as .cpg, saying so", async () => {
    const cp1250 = await read('upstream-shapefilejs-codepage.zip');
    expect(cp1250.encoding).toEqual({ name: 'windows-1250', source: 'cpg' });
    expect(names(cp1250, 'field')).toEqual(['??', 'Hněvošický háj']);
    const html = await read('upstream-shapefilejs-htmlcpg.zip');
    expect(html.notes.map((n) => n.code)).toEqual(['cpg_ignored']);
    expect(html.encoding).toEqual({ name: 'utf-8', source: 'default' });
    expect(names(html, 'field')).toEqual(['💩', 'Hněvošický háj']);
  });

  it('maps .cpg labels and LDID bytes as ESRI and GDAL write them', () => {
    expect(['UTF-8', 'utf8', '65001', '1252', 'ANSI 1252', 'CP1252', '8859_1', 'ISO-8859-1', 'ISO88591', 'LATIN1'].map(encodingOfLabel)).toEqual([
      'utf-8', 'utf-8', 'utf-8', 'windows-1252', 'windows-1252', 'windows-1252', 'windows-1252', 'windows-1252', 'windows-1252', 'windows-1252',
    ]);
    expect(['850', 'OEM', 'ANSI 1250', 'SYSTEM', '<html>', ''].map(encodingOfLabel)).toEqual(['ibm850', 'ibm437', 'windows-1250', null, null, null]);
    expect([0x57, 0x03, 0x58, 0x59, 0x02, 0x01, 0x66, 0xc8, 0x00].map(encodingOfLdid)).toEqual([
      'windows-1252', 'windows-1252', 'windows-1252', 'windows-1252', 'ibm850', 'ibm437', 'ibm865', 'windows-1250', null,
    ]);
    // å ä ö Å Ä Ö in code page 437/850/865 (the DOS pages share them).
    const dos = Uint8Array.from([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99]);
    expect(['ibm437', 'ibm850', 'ibm865'].map((e) => decoderFor(e)(dos))).toEqual(['åäöÅÄÖ', 'åäöÅÄÖ', 'åäöÅÄÖ']);
  });

  it('reads dBase values by type: numbers, dates as ISO text, logicals, blanks as null', () => {
    const table = readDbf(bytesOf('upstream/mbostock-shapefile/null.dbf'));
    const { fields, records } = dbfRecords(table, 'utf-8');
    expect(fields.length).toBeGreaterThan(0);
    expect(records).toHaveLength(9);
  });
});

describe('layers of a zip', () => {
  it('lists every layer by base name across folders and case, ignores __MACOSX, and never pairs parts of different layers', async () => {
    const source = await readPlanSource(bytesOf('sv-two-layers.zip'));
    expect(source.format).toBe('shapefile');
    const first = resolvePlanFile(source);
    expect(first.layers).toEqual(['planer/detaljplaner', 'planer/Program', 'ensam/utan-dbf']);
    expect(first.layer).toBe(0);
    expect(first.fields).toEqual(['NAMN', 'PLANNR', 'SKEDE']);
    expect(names(first)).toEqual(SWEDISH);
    // Program.SHP with PROGRAM.DBF: its own table, never the other layer's.
    const program = resolvePlanFile(source, { layer: 1 });
    expect(program.fields).toEqual(['PROGRAM', 'AR']);
    expect(names(program, 'PROGRAM')).toEqual(['Program för Nyhamnen']);
    expect(program.features).toHaveLength(1);
  });

  it('refuses a layer whose .shp has no .dbf of its own, naming the layer', async () => {
    const source = await readPlanSource(bytesOf('sv-two-layers.zip'));
    const error = (() => {
      try {
        resolvePlanFile(source, { layer: 2 });
      } catch (e) {
        return e as PlanFileError;
      }
    })();
    expect(error).toMatchObject({ code: 'shapefile_incomplete', detail: '.dbf', layer: 'ensam/utan-dbf' });
    // mbostock's polygonm.shp comes without a .dbf: the complete layer beside it is opened first.
    const upstream = await readPlanSource(bytesOf('upstream-mbostock-polygonm-without-dbf.zip'));
    expect(resolvePlanFile(upstream).layers).toEqual(['polygonm', 'polygons']);
    expect(resolvePlanFile(upstream).layer).toBe(1);
    expect(() => resolvePlanFile(upstream, { layer: 0 })).toThrow(/shapefile_incomplete/);
  });

  it('refuses a broken zip (cut off in transfer) and a file that only claims to be one, with their own codes', async () => {
    expect(await failure(read('sv-broken.zip'))).toMatchObject({ code: 'broken_zip' });
    // shapefile-js's badzip.zip is a .dbf renamed.
    expect(await failure(read('upstream/shapefile-js/badzip.zip'))).toMatchObject({ code: 'invalid_file' });
    expect(await failure(parsePlanFile(new TextEncoder().encode('hello')))).toMatchObject({ code: 'invalid_file' });
  });

  it('tells formats by content, not by name', () => {
    expect(sniffFormat(bytesOf('sv-latin1-ldid.zip'))).toBe('zip');
    expect(sniffFormat(new TextEncoder().encode('SQLite format 3\0rest'))).toBe('geopackage');
    expect(sniffFormat(new TextEncoder().encode('\uFEFF  <?xml version="1.0"?><x/>'))).toBe('gml');
    expect(sniffFormat(new TextEncoder().encode('\n{"type":"FeatureCollection"}'))).toBe('json');
  });
});

describe('geometries as real exports have them', () => {
  it('keeps null shapes as features without geometry (refused by name later), and drops Z and M', async () => {
    const p = await read('sv-3008-polygonz-null.zip');
    expect(p.crs).toEqual({ code: 'EPSG:3008', source: 'prj' });
    expect(p.features.map((f) => f.geometry?.type ?? null)).toEqual(['Polygon', null, 'Polygon', 'MultiPolygon']);
    expect(firstCorner(p)).toHaveLength(2);
    expectAt(p, VASTRA_HAMNEN_SW);
    const candidates = validateFeatures(p.features, guessMapping(p.fields), boundary);
    expect(candidates.map((c) => c.problems)).toEqual([[], ['not_polygon'], [], []]);
    expect(candidates[1]!.name).toBe('Utan geometri');
    // mbostock's null.shp: point records with null shapes between them.
    const upstream = await read('upstream-mbostock-null.zip');
    expect(upstream.features.some((f) => f.geometry === null)).toBe(true);
  });

  it("reads shapefile-js's PolyLineZ (not an area: each refused as such)", async () => {
    const p = await read('upstream-shapefilejs-polylinez.zip');
    expect(p.features[0]!.geometry!.type).toMatch(/LineString/);
    expect(validateFeatures(p.features, guessMapping(p.fields), boundary)[0]!.problems).toContain('not_polygon');
  });
});

describe('coordinate systems of real files', () => {
  it('reads every SWEREF 99 local zone (12 00 … 23 15) to the same place, whatever the crs member spelling', async () => {
    for (let code = 3007; code <= 3018; code++) {
      const p = await read(`sv-zone-${code}.geojson`);
      expect(p.crs).toEqual({ code: `EPSG:${code}`, source: 'crs-member' });
      expectAt(p, VASTRA_HAMNEN_SW, 6);
    }
  });

  it("reads Malmö stad's GeoServer export: {type: 'EPSG', code: '3006'} with the northing first, swapped and shown", async () => {
    const p = await read('sv-geoserver-northing-first.geojson');
    expect(p.crs).toEqual({ code: 'EPSG:3006', source: 'crs-member' });
    expect(p.axesSwapped).toBe(true);
    expect(p.axesSource).toBe('detected');
    expectAt(p, VASTRA_HAMNEN_SW);
    // The planner can turn the swap off (and sees the outlines land far away, refused).
    const unswapped = resolvePlanFile(await readPlanSource(bytesOf('sv-geoserver-northing-first.geojson')), { swapAxes: false });
    expect(unswapped.axesSource).toBe('user');
    expect(validateFeatures(unswapped.features, guessMapping(unswapped.fields), boundary)[0]!.problems).toContain('outside_malmo');
  });

  it('swaps latitude-first WGS 84 too', async () => {
    const p = await read('sv-latlon-wgs84.geojson');
    expect(p.axesSwapped).toBe(true);
    expect(firstCorner(p)).toEqual(VASTRA_HAMNEN_SW);
  });

  it('substitutes the EPSG definition for an RT90 .prj without a datum shift, and says so', async () => {
    const p = await read('sv-rt90-prj.zip');
    expect(p.crs).toEqual({ code: 'EPSG:3021', source: 'prj', substituted: true });
    expect(p.notes).toEqual([{ code: 'rt90_substituted', detail: 'EPSG:3021' }]);
    expectAt(p, VASTRA_HAMNEN_SW, 5); // within a metre
    expect(names(p)).toEqual(SWEDISH);
  });

  it('reads UTM 32N from a .prj and UTM 33N from a link member', async () => {
    const utm32 = await read('sv-utm32-prj.zip');
    expect(utm32.crs).toEqual({ code: 'EPSG:25832', source: 'prj' });
    expectAt(utm32, VASTRA_HAMNEN_SW);
    const utm33 = await read('sv-link-32633.geojson');
    expect(utm33.crs).toEqual({ code: 'EPSG:32633', source: 'crs-member' });
    expectAt(utm33, VASTRA_HAMNEN_SW);
  });

  it('guesses from the coordinates when the file says nothing or its .prj is an HTML page, and shows it as a guess', async () => {
    const none = await read('sv-no-crs-3006.geojson');
    expect(none.crs).toEqual({ code: 'EPSG:3006', source: 'coordinates' });
    expectAt(none, VASTRA_HAMNEN_SW);
    const html = await read('sv-html-prj.zip');
    expect(html.notes.map((n) => n.code)).toEqual(['prj_ignored']);
    expect(html.crs).toEqual({ code: 'EPSG:3006', source: 'coordinates' });
    const upstream = await read('upstream-shapefilejs-htmlprj.zip');
    expect(upstream.notes.map((n) => n.code)).toEqual(['prj_ignored']);
    expect(upstream.crs.code).toBe('EPSG:4326');
  });

  it('takes the CRS the planner chooses over what the file says', async () => {
    const source = await readPlanSource(bytesOf('sv-no-crs-3006.geojson'));
    const wrong = resolvePlanFile(source, { crs: 'EPSG:3008' });
    expect(wrong.crs).toEqual({ code: 'EPSG:3008', source: 'user' });
    expect(firstCorner(wrong)[0]).toBeGreaterThan(16); // far east of Malmö: visibly wrong on the map
  });

  it('refuses a crs member it cannot read, naming it, unless the planner chooses one', async () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [374000, 6164000] } }],
    });
    const source = await readPlanSource(new TextEncoder().encode(text));
    expect(() => resolvePlanFile(source)).toThrow(/unknown_crs: urn:ogc:def:crs:EPSG::2154/);
    expect(resolvePlanFile(source, { crs: 'EPSG:3006' }).crs.source).toBe('user');
  });
});

describe('sane outlines', () => {
  it('refuses a district-sized outline and one reaching 2 km beyond Malmö by name; tolerates 300 m at the edge', async () => {
    const p = await read('sv-sanity.geojson');
    const candidates = withSanity(validateFeatures(p.features, guessMapping(p.fields), boundary), boundary);
    expect(candidates.map((c) => [c.name, c.problems])).toEqual([
      ['Hela Husie', ['outline_too_large']],
      ['Över gränsen mot Staffanstorp', ['beyond_malmo']],
      ['Vid kommungränsen', []],
    ]);
    expect(candidates.map((c) => isImportableCandidate(c, false))).toEqual([false, false, true]);
  });

  it('accepts every Swedish fixture outline as it is', async () => {
    for (const name of ['sv-latin1-ldid.zip', 'sv-rt90-prj.zip', 'sv-geoserver-northing-first.geojson', 'sv-utm32-prj.zip']) {
      const p = await read(name);
      const candidates = withSanity(validateFeatures(p.features, guessMapping(p.fields), boundary), boundary);
      expect(candidates.map((c) => c.problems)).toEqual([[], [], []]);
      // The hole of the second plan survives the trip.
      expect(booleanPointInPolygon([13.009, 55.5875], candidates[1]!.geometry!)).toBe(false);
    }
  });
});

describe('GeoPackage and detaljplan GML, told by content and read through the same pipeline', () => {
  it('lists the layers of a GeoPackage, reads its CRS from the file and å/ä/ö as stored', async () => {
    const p = await read('gpkg/planomraden.gpkg');
    expect(p.format).toBe('geopackage');
    expect(p.layers).toEqual(['planområden', 'detaljplaner_wgs84', 'kvarter', 'plangräns_3d']);
    expect(p.crs).toEqual({ code: 'EPSG:3006', source: 'file' });
    expect(p.encoding).toBeNull();
    expect(p.features[0]!.properties).toMatchObject({ namn: 'Värnhemstorget – ändring' });
    const candidates = withSanity(validateFeatures(p.features, guessMapping(p.fields), boundary), boundary);
    expect(candidates[0]!.problems).toEqual([]);
    const wgs = resolvePlanFile(await readPlanSource(bytesOf('gpkg/planomraden.gpkg')), { layer: 1 });
    expect(wgs.crs.code).toBe('EPSG:4326');
  });

  it("refuses a GeoPackage's curves, one without feature layers and plain SQLite, each with its code", async () => {
    expect(await failure(read('gpkg/kurvor.gpkg'))).toMatchObject({ code: 'unsupported_geometry' });
    expect(await failure(read('gpkg/utan-lager.gpkg'))).toMatchObject({ code: 'no_layers' });
    expect(await failure(read('gpkg/vanlig.sqlite'))).toMatchObject({ code: 'invalid_geopackage' });
  });

  it('reads the plan boundary of a detaljplan GML with the northing first (EPSG URN axis order), swapped', async () => {
    const p = await read('gml/detaljplan-vaernhem.gml');
    expect(p.format).toBe('gml');
    expect(p.layers[0]).toBe('Detaljplan');
    expect(p.crs).toEqual({ code: 'EPSG:3006', source: 'file' });
    expect(p.axesSwapped).toBe(true);
    const candidates = withSanity(validateFeatures(p.features, guessMapping(p.fields), boundary), boundary);
    expect(candidates[0]!.problems).toEqual([]);
  });
});

describe('the edge tolerance', () => {
  it('looks along the edges too: a long edge leaving Malmö between two vertices inside it is refused', async () => {
    const { farthestOutsideM } = await import('./outline-sanity');
    const ring = (boundary.geometry.type === 'Polygon' ? boundary.geometry.coordinates : boundary.geometry.coordinates[0]!)[0]!;
    const east = ring.reduce((a, b) => (b[0]! > a[0]! ? b : a));
    // A thin triangle whose two western corners lie inside Malmö and whose eastern tip is 1 km past the boundary…
    const dLon = (m: number) => m / (111_320 * Math.cos((east[1]! * Math.PI) / 180));
    const tip: Polygon = { type: 'Polygon', coordinates: [[[east[0]! - dLon(3000), east[1]! - 0.002], [east[0]! + dLon(1000), east[1]!], [east[0]! - dLon(3000), east[1]! + 0.002], [east[0]! - dLon(3000), east[1]! - 0.002]]] };
    expect(farthestOutsideM(tip, boundary)).toBeGreaterThan(900);
    // …and, over a U-shaped boundary, an edge from one arm to the other: every vertex inside, the edge 630 m out.
    const u = (x: number, y: number): Position => [13 + x * 0.02, 55.6 + y * 0.0113]; // units of ~1.26 km
    const uShape: Polygon = { type: 'Polygon', coordinates: [[u(0, 0), u(3, 0), u(3, 3), u(2, 3), u(2, 1), u(1, 1), u(1, 3), u(0, 3), u(0, 0)]] };
    const across: Polygon = { type: 'Polygon', coordinates: [[u(0.5, 2.5), u(2.5, 2.5), u(2.5, 2.6), u(0.5, 2.6), u(0.5, 2.5)]] };
    expect(across.coordinates[0]!.every((p) => booleanPointInPolygon(p, uShape))).toBe(true);
    expect(farthestOutsideM(across, uShape)).toBeGreaterThan(550);
  });
});
