import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import kinks from '@turf/kinks';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { crsFromCoordinates, crsFromMember, crsFromPrj, fromWgs84, toWgs84 } from '../../../geo/crs';
import {
  guessMapping,
  isImportable,
  outlineToImport,
  phaseOf,
  dateOf,
  linkOf,
  validateFeatures,
  type PlanCandidate,
} from './plan-features';
import { parseGeoJsonText, parsePlanFile, PlanFileError } from './plan-file';

const FIXTURES = join(__dirname, '../../../../tests/fixtures/planning');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const boundary = JSON.parse(
  readFileSync(join(__dirname, '../../../../public/data/malmo_kommun.geojson'), 'utf8'),
).features[0] as Feature<Polygon | MultiPolygon>;

async function candidatesOf(name: string): Promise<PlanCandidate[]> {
  const parsed = await parsePlanFile(fixture(name));
  return validateFeatures(parsed.features, guessMapping(parsed.fields), boundary);
}

// proj4 with the EPSG:3006 parameters written out independently of crs.ts (UTM zone 33 on GRS 80).
const oracle3006 = proj4('+proj=utm +zone=33 +ellps=GRS80 +units=m +no_defs', 'WGS84');

describe('CRS detection', () => {
  it('reads the GeoJSON crs member in its common spellings', () => {
    expect(crsFromMember({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } })).toBe('EPSG:3006');
    expect(crsFromMember({ type: 'name', properties: { name: 'EPSG:3008' } })).toBe('EPSG:3008');
    expect(crsFromMember({ type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } })).toBe('EPSG:4326');
    expect(crsFromMember(undefined)).toBeNull();
  });

  it('refuses a crs member it does not know, naming it', () => {
    expect(() => crsFromMember({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } })).toThrow(/2154/); // Lambert 93
  });

  it('reads ESRI .prj text by name and by projection parameters', () => {
    expect(
      crsFromPrj(
        'PROJCS["SWEREF99_TM",GEOGCS["GCS_SWEREF99",DATUM["D_SWEREF99",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",15.0],PARAMETER["Scale_Factor",0.9996],UNIT["Meter",1.0]]',
      ).code,
    ).toBe('EPSG:3006');
    // Unnamed, so only the parameters tell: SWEREF 99 13 30.
    expect(
      crsFromPrj(
        'PROJCS["Lokalt",GEOGCS["GCS_SWEREF99",DATUM["D_SWEREF99",SPHEROID["GRS_1980",6378137.0,298.257222101]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",150000.0],PARAMETER["Central_Meridian",13.5],PARAMETER["Scale_Factor",1.0]]',
      ).code,
    ).toBe('EPSG:3008');
    expect(crsFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]').code).toBe(
      'EPSG:4326',
    );
    // RT90 named, but no parameters to tell the zone by: refused, naming it.
    expect(() => crsFromPrj('PROJCS["RT90_2.5_gon_V",GEOGCS["GCS_RT90"]]')).toThrow(/unknown_crs: RT90/);
  });

  it('guesses from coordinate ranges and refuses what fits none', () => {
    expect(crsFromCoordinates([12.9, 55.5, 13.1, 55.6])).toBe('EPSG:4326');
    expect(crsFromCoordinates([370000, 6150000, 390000, 6170000])).toBe('EPSG:3006');
    expect(crsFromCoordinates([110000, 6150000, 140000, 6170000])).toBe('EPSG:3008');
    // Web Mercator metres for Malmö look like RT90 northings in Norrland: the guess that lands in Skåne wins.
    expect(crsFromCoordinates([1440000, 7460000, 1460000, 7480000])).toBe('EPSG:3857');
    expect(crsFromCoordinates([1310000, 6160000, 1320000, 6170000])).toBe('EPSG:3021');
    expect(() => crsFromCoordinates([-5e7, 1e8, -4e7, 2e8])).toThrow(/unknown_crs/);
  });

  it('reprojects SWEREF 99 TM like an independent proj4 definition, and 13 30 round-trips', () => {
    const xy = [374_000, 6_164_000];
    const [lon, lat] = toWgs84('EPSG:3006')(xy);
    const [lon2, lat2] = oracle3006.forward(xy);
    expect(lon).toBeCloseTo(lon2!, 9);
    expect(lat).toBeCloseTo(lat2!, 9);
    const there = fromWgs84('EPSG:3008')([13.0, 55.6]);
    expect(there[0]).toBeGreaterThan(110_000); // 0.5° west of the 13°30′ meridian
    expect(there[0]).toBeLessThan(130_000);
    const back = toWgs84('EPSG:3008')(there);
    expect(back[0]).toBeCloseTo(13.0, 9);
    expect(back[1]).toBeCloseTo(55.6, 9);
  });
});

describe('reading plan files', () => {
  it('reads a GeoJSON in EPSG:3006 with a crs member and reprojects to Malmö', async () => {
    const parsed = await parsePlanFile(fixture('plans-3006.geojson'));
    expect(parsed.format).toBe('geojson');
    expect(parsed.crs).toEqual({ code: 'EPSG:3006', source: 'crs-member' });
    expect(parsed.axesSwapped).toBe(false);
    expect(parsed.features).toHaveLength(4);
    expect(parsed.fields).toEqual(['PLANNAMN', 'DP_NR', 'STATUS', 'KLART', 'LANK']);
    // The first outline's south-west corner was drawn at 12.995, 55.612 before projection.
    const corner = (parsed.features[0]!.geometry as Polygon).coordinates[0]![0]!;
    expect(corner[0]).toBeCloseTo(12.995, 5);
    expect(corner[1]).toBeCloseTo(55.612, 5);
  });

  it('reads a GeoJSON in EPSG:3008 to the same places', async () => {
    const a = await parsePlanFile(fixture('plans-3008.geojson'));
    const b = await parsePlanFile(fixture('plans-3006.geojson'));
    expect(a.crs.code).toBe('EPSG:3008');
    const ca = (a.features[1]!.geometry as Polygon).coordinates;
    const cb = (b.features[1]!.geometry as Polygon).coordinates;
    expect(ca).toHaveLength(2); // outer ring + hole
    for (let r = 0; r < 2; r++)
      for (let i = 0; i < ca[r]!.length; i++) {
        expect(ca[r]![i]![0]).toBeCloseTo(cb[r]![i]![0]!, 6);
        expect(ca[r]![i]![1]).toBeCloseTo(cb[r]![i]![1]!, 6);
      }
  });

  it('reads the zipped Shapefile: .prj → SWEREF 99 TM, Latin-1 attributes via .cpg, hole and multipart kept', async () => {
    const parsed = await parsePlanFile(fixture('detaljplaner-3006.zip'));
    expect(parsed.format).toBe('shapefile');
    expect(parsed.crs).toEqual({ code: 'EPSG:3006', source: 'prj' });
    expect(parsed.features.map((f) => String(f.properties.PLANNAMN).trim())).toEqual([
      'Nyhamnen etapp 1',
      'Hyllie centrum',
      'Sege Park',
      'Norra Sorgenfri',
    ]);
    expect(String(parsed.features[0]!.properties.STATUS).trim()).toBe('Samråd');
    const hyllie = parsed.features[1]!.geometry!;
    // A point in the hole is outside the development; a point in the ring around it is inside.
    expect(booleanPointInPolygon([12.977, 55.563], hyllie as Polygon)).toBe(false);
    expect(booleanPointInPolygon([12.972, 55.563], hyllie as Polygon)).toBe(true);
    const sege = parsed.features[2]!.geometry!;
    expect(sege.type).toBe('MultiPolygon');
    expect((sege as MultiPolygon).coordinates).toHaveLength(2);
  });

  it('names what is wrong with a file', async () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as PlanFileError;
      }
      throw new Error('did not throw');
    };
    expect(err(() => parseGeoJsonText('{nope')).code).toBe('invalid_file');
    expect(err(() => parseGeoJsonText('{"type":"FeatureCollection","features":[]}')).code).toBe('no_features');
    const nowhere = err(() =>
      parseGeoJsonText(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-5e7, 2e8] } }],
        }),
      ),
    );
    expect(nowhere.code).toBe('unknown_crs');
    await expect(parsePlanFile(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).rejects.toMatchObject({ code: 'broken_zip' });
  });
});

describe('mapping and validating features', () => {
  it('guesses the property mapping from Swedish field names', () => {
    expect(guessMapping(['OBJECTID', 'PLANNAMN', 'DP_NR', 'STATUS', 'KLART', 'LANK'])).toEqual({
      name: 'PLANNAMN',
      plan_id: 'DP_NR',
      phase: 'STATUS',
      expected_completion: 'KLART',
      link: 'LANK',
    });
    expect(guessMapping(['name', 'planid', 'fas'])).toMatchObject({ name: 'name', plan_id: 'planid', phase: 'fas', link: null });
  });

  it('understands phase words, dates and links', () => {
    expect(['Samråd', 'Granskning', 'Antagen', 'Laga kraft', 'Under byggnad', 'Färdigställd', 'Planuppdrag'].map(phaseOf)).toEqual([
      'consultation',
      'consultation',
      'adopted',
      'adopted',
      'under_construction',
      'completed',
      'planning',
    ]);
    expect(phaseOf('okänd fas')).toBeNull();
    expect(dateOf('2030')).toBe('2030-12-31');
    expect(dateOf('20280630')).toBe('2028-06-30');
    expect(dateOf('2028-02-30')).toBeNull();
    expect(linkOf('javascript:alert(1)')).toBeNull();
    expect(linkOf('https://malmo.se/x')).toBe('https://malmo.se/x');
  });

  it('accepts the good plans with their mapped fields', async () => {
    const candidates = await candidatesOf('plans-3006.geojson');
    expect(candidates.map((c) => c.problems)).toEqual([[], [], [], []]);
    expect(candidates[0]).toMatchObject({
      name: 'Nyhamnen etapp 1',
      plan_id: 'Dp 5123',
      phase: 'consultation',
      expected_completion: '2030-12-31',
      link: 'https://malmo.se/nyhamnen',
    });
    expect(candidates[2]!.phase).toBe('under_construction');
    expect(candidates.every((c) => isImportable(c, false))).toBe(true);
  });

  it('flags each problem on the feature it belongs to, and offers a repaired bow-tie', async () => {
    const candidates = await candidatesOf('problems-3006.geojson');
    expect(candidates.map((c) => c.problems)).toEqual([
      ['self_intersection'],
      ['outside_malmo'],
      ['name_missing'],
      ['not_polygon'],
      ['phase_unknown', 'link_invalid'],
    ]);
    const bowTie = candidates[0]!;
    expect(isImportable(bowTie, false)).toBe(false);
    expect(isImportable(bowTie, true)).toBe(true);
    const repaired = outlineToImport(bowTie, true)!;
    expect(repaired.type).toBe('MultiPolygon');
    expect((repaired as MultiPolygon).coordinates).toHaveLength(2);
    for (const part of (repaired as MultiPolygon).coordinates)
      expect(kinks({ type: 'Polygon', coordinates: part }).features).toHaveLength(0);
    // The two triangles cover half the bow-tie's bounding box (each a quarter).
    const box = area({ type: 'Polygon', coordinates: [[[13.04, 55.58], [13.05, 55.58], [13.05, 55.585], [13.04, 55.585], [13.04, 55.58]]] });
    expect(area(repaired) / box).toBeCloseTo(0.5, 2);
    // Warnings do not keep a feature out; errors do.
    expect(candidates.map((c) => isImportable(c, true))).toEqual([true, false, false, false, true]);
    expect(candidates[4]!.phase).toBe('planning');
    expect(candidates[4]!.link).toBeNull();
  });

  it('accepts an outline around Malmö with no vertex inside it (the full intersection test), refuses one beside it', () => {
    const around = { properties: { name: 'Runt' }, geometry: { type: 'Polygon', coordinates: [[[12.8, 55.4], [13.3, 55.4], [13.3, 55.8], [12.8, 55.8], [12.8, 55.4]]] } };
    const beside = { properties: { name: 'Bredvid' }, geometry: { type: 'Polygon', coordinates: [[[13.4, 55.4], [13.5, 55.4], [13.5, 55.5], [13.4, 55.5], [13.4, 55.4]]] } };
    const [a, b] = validateFeatures([around as never, beside as never], guessMapping(['name']), boundary);
    expect(a!.problems).toEqual([]);
    expect(b!.problems).toEqual(['outside_malmo']);
  });

  it('closes open rings and rejects rings too short to be an area', () => {
    const open = { properties: { name: 'Öppen' }, geometry: { type: 'Polygon', coordinates: [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.61]]] } } as const;
    const short = { properties: { name: 'Kort' }, geometry: { type: 'Polygon', coordinates: [[[13.0, 55.6], [13.01, 55.6], [13.0, 55.6]]] } } as const;
    const [a, b] = validateFeatures([open as never, short as never], guessMapping(['name']), boundary);
    expect(a!.problems).toEqual([]);
    const ring = (a!.geometry as Polygon).coordinates[0]!;
    expect(ring[ring.length - 1]).toEqual(ring[0]);
    expect(b!.problems).toEqual(['invalid_ring']);
  });
});
