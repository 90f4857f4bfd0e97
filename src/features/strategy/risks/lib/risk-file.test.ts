import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { detectSeparator, parseDelimited } from './csv';
import { insideMalmo } from './inside';
import {
  buildEvents,
  guessCrs,
  guessMapping,
  importParts,
  parseWhen,
  readRiskTable,
  RiskFileError,
  roadUsersOf,
  severityOf,
  slug,
  type RiskTable,
} from './risk-file';

const root = join(__dirname, '../../../../..');
const fixture = (name: string) => new Uint8Array(readFileSync(join(root, 'tests/fixtures/risks', name)));
const boundary = JSON.parse(readFileSync(join(root, 'public/data/malmo_kommun.geojson'), 'utf8')).features[0] as Feature<
  Polygon | MultiPolygon
>;
const inside = insideMalmo(boundary);
const TODAY = '2026-12-06';

function build(table: RiskTable, fixedType = 'handelse') {
  const mapping = guessMapping(table);
  const crs = guessCrs(table, mapping);
  expect(crs.code).not.toBeNull();
  return { mapping, crs, preview: buildEvents(table, { format: table.format, mapping, crs: crs.code!, swapped: crs.swapped, fixedType, inside, today: TODAY }) };
}

describe('delimited text', () => {
  it('finds the separator in the header, outside quotes', () => {
    expect(detectSeparator('a;b;c\n1;2;3')).toBe(';');
    expect(detectSeparator('"a;b",c,d\n')).toBe(',');
    expect(detectSeparator('a\tb\tc')).toBe('\t');
  });
  it('reads quoted fields with separators, doubled quotes and line breaks', () => {
    expect(parseDelimited('a;b\r\n"x;y";"say ""hi"""\n"two\nlines";2\n\n', ';')).toEqual([
      ['a', 'b'],
      ['x;y', 'say "hi"'],
      ['two\nlines', '2'],
    ]);
  });
});

describe('a Strada export (Windows-1252, ;, SWEREF 99 TM)', () => {
  const table = readRiskTable('strada-malmo.csv', fixture('strada-malmo.csv'));
  it('is told by its headers, and its encoding by its bytes', () => {
    expect(table.format).toBe('strada');
    expect(table.encoding).toEqual({ name: 'windows-1252', source: 'fallback' });
    expect(table.rows[2]![3]).toBe('Föreningsgatan');
  });
  it('maps the columns and finds SWEREF 99 TM with the northing first', () => {
    const { mapping, crs } = build(table);
    expect(mapping).toMatchObject({
      date: 'Olycksdatum',
      time: 'Klockslag',
      severity: 'Skadegrad',
      roadUsers: 'Trafikantkategori',
      place: 'Gatunamn',
    });
    // "N-koordinat" comes before "E-koordinat" in the roles: y = N, x = E, so no swap is needed.
    expect([mapping.x, mapping.y]).toEqual(['E-koordinat', 'N-koordinat']);
    expect(crs).toEqual({ code: 'EPSG:3006', source: 'coordinates', swapped: false });
  });
  it('makes injuries of the injured and refuses the rest with reasons', () => {
    const { preview } = build(table);
    expect(preview.events).toHaveLength(6);
    expect(preview.byReason).toEqual({ not_injured: 1, outside_malmo: 1, no_date: 1 });
    expect(preview.refused).toEqual([
      { row: 2, reason: 'not_injured' },
      { row: 7, reason: 'outside_malmo' },
      { row: 8, reason: 'no_date' },
    ]);
    expect(preview.range).toEqual({ from: '2026-03-14', to: '2026-10-23' });
    expect(preview.types).toEqual({ injury_slight: 4, injury_severe: 1, injury_fatal: 1 });
    const first = preview.events[0]!;
    expect(first).toMatchObject({ type: 'injury_slight', severity: 'slight', occurred_at: '2026-03-14T07:45:00', road_users: ['cyclist'], place_name: 'Amiralsgatan' });
    // 6163766 N, 374031 E is 13.0005 E, 55.6035 N (to a metre).
    expect(first.lon).toBeCloseTo(13.0005, 4);
    expect(first.lat).toBeCloseTo(55.6035, 4);
    expect(preview.events.at(-1)!.road_users).toEqual(['bus', 'car']);
  });
});

describe('the police events feed', () => {
  const table = readRiskTable('police-events.json', fixture('police-events.json'));
  it('reads gps "lat,lon" as WGS 84 and types as police:<slug>', () => {
    expect(table.format).toBe('police');
    const { preview, crs } = build(table);
    expect(crs.code).toBe('EPSG:4326');
    expect(crs.source).toBe('file');
    expect(preview.byReason).toEqual({ outside_malmo: 1 });
    expect(preview.events.map((e) => e.type)).toEqual([
      'police:skadegorelse',
      'police:ran_forsok',
      'police:misshandel',
      'police:trafikolycka_personskada',
    ]);
    expect(preview.events[0]).toMatchObject({ occurred_at: '2026-11-01T23:59:30+01:00', lon: 12.9835, lat: 55.571, place_name: 'Malmö' });
    expect(preview.positions).toBe(3);
  });
  it('widens the date range by a day when times carry an offset', () => {
    const { preview } = build(table);
    expect(importParts(preview.events, 'Polisen', TODAY)).toEqual([
      expect.objectContaining({ name: 'Polisen', from: '2026-10-31', to: '2026-11-04' }),
    ]);
  });
});

describe('any point file', () => {
  it('maps lat/lon, a date-time and a category column (UTF-8, comma)', () => {
    const table = readRiskTable('point-events.csv', fixture('point-events.csv'));
    expect(table.format).toBe('csv');
    expect(table.encoding.name).toBe('utf-8');
    const { mapping, preview } = build(table);
    expect(mapping).toMatchObject({ x: 'lon', y: 'lat', date: 'datum', type: 'kategori', place: 'plats' });
    expect(preview.byReason).toEqual({ no_position: 1 });
    expect(preview.types).toEqual({ 'event:skadegorelse': 2, 'event:brand_i_papperskorg': 1, 'event:nedskrapning': 1 });
  });
  it('reads GeoJSON points in the CRS their crs member names', () => {
    const table = readRiskTable('events-sweref.geojson', fixture('events-sweref.geojson'));
    expect(table.format).toBe('geojson');
    expect(table.declaredCrs).toBe('EPSG:3006');
    const { preview } = build(table);
    expect(preview.events).toHaveLength(2);
    expect(preview.byReason).toEqual({ outside_malmo: 1 });
    expect(preview.events[0]!.type).toBe('event:trasig_belysning');
  });
  it('uses the fixed type when no column gives one', () => {
    const table = readRiskTable('x.csv', new TextEncoder().encode('lat;lon;datum\n55,6035;13,0005;2026-01-02\n'));
    const mapping = { ...guessMapping(table), type: null };
    const preview = buildEvents(table, { format: 'csv', mapping, crs: 'EPSG:4326', swapped: false, fixedType: 'Övergrepp', inside, today: TODAY });
    expect(preview.events).toEqual([{ type: 'event:overgrepp', occurred_at: '2026-01-02T00:00:00', lon: 13.0005, lat: 55.6035 }]);
  });
  it('refuses files it cannot read as a whole', () => {
    expect(() => readRiskTable('a.json', new TextEncoder().encode('{"type":"Feature"}'))).toThrow(RiskFileError);
    expect(() => readRiskTable('a.json', new TextEncoder().encode('{nope'))).toThrow('invalid_file');
    expect(() => readRiskTable('a.csv', new TextEncoder().encode('only;a;header\n'))).toThrow('no_rows');
  });
});

describe('values as exports write them', () => {
  it('dates and times', () => {
    expect(parseWhen('2026-03-14', '0745')).toEqual({ iso: '2026-03-14T07:45:00', day: '2026-03-14' });
    expect(parseWhen('14.03.2026', '7.45')).toEqual({ iso: '2026-03-14T07:45:00', day: '2026-03-14' });
    expect(parseWhen('20260314')?.iso).toBe('2026-03-14T00:00:00');
    expect(parseWhen('2026-03-14T07:45:10Z')?.iso).toBe('2026-03-14T07:45:10Z');
    expect(parseWhen('2026-03-14 07:45:10 +0100')?.iso).toBe('2026-03-14T07:45:10+01:00');
    expect(parseWhen('2026-02-30')).toBeNull();
    expect(parseWhen('2026-03-14', '25:00')).toBeNull();
    expect(parseWhen('')).toBeNull();
  });
  it('severities, road users and type slugs', () => {
    expect(severityOf('Dödad')).toBe('fatal');
    expect(severityOf('Svårt skadad')).toBe('severe');
    expect(severityOf('Lindrigt skadad')).toBe('slight');
    expect(severityOf('Ej skadad')).toBeNull();
    expect(severityOf('Okänd')).toBeUndefined();
    expect(roadUsersOf('Fotgängare, Personbil / Tung lastbil')).toEqual(['pedestrian', 'car', 'truck']);
    expect(roadUsersOf('Elsparkcykel')).toEqual(['other']);
    expect(slug('Rån, försök')).toBe('ran_forsok');
    expect(slug('  ')).toBe('');
  });
  it('splits a large file into sources of at most the API limit, in time order', () => {
    const events = Array.from({ length: 5 }, (_, i) => ({ type: 'event:x', occurred_at: `2026-01-0${i + 1}T00:00:00`, lon: 13, lat: 55.6 }));
    expect(importParts(events, 'Fil', TODAY, 2).map((p) => [p.name, p.events.length, p.from, p.to])).toEqual([
      ['Fil (del 1 av 3)', 2, '2026-01-01', '2026-01-02'],
      ['Fil (del 2 av 3)', 2, '2026-01-03', '2026-01-04'],
      ['Fil (del 3 av 3)', 1, '2026-01-05', '2026-01-05'],
    ]);
    // The names in the screen's language.
    expect(importParts(events, 'File', TODAY, 3, (n, k, of) => `${n} (part ${k} of ${of})`).map((p) => p.name)).toEqual([
      'File (part 1 of 2)',
      'File (part 2 of 2)',
    ]);
  });
});
