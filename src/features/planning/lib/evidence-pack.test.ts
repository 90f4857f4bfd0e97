import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { coverArea, hexCellOf, hexCenter, wgs84ToSweref99tm } from '../../../analysis';
import { ASSESSMENT_FACTOR_CODES } from '../../../api';
import { ASSESSMENT_FACTORS } from '../../../domain/assessment-factors';
import { csvCell as csvField, csvTable } from '../../../ui/csv';
import proj4 from 'proj4';
import { cellsCsv, developmentGeoJson, evidenceExtent, fileStem, geometryToSweref99tm, reportsCsv, reportsGeoJson, svgMap } from './evidence-pack';
import { touchingHotspots, type TouchingCell } from './hotspots';
import { trendChart } from './trend';

/** A tiny RFC 4180 reader with `;` (a Swedish spreadsheet), written independently of the writer. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const report = (over: Partial<Record<string, unknown>> = {}) => ({
  id: '00000000-0000-4000-8000-000000000001',
  lon: 13.0012345,
  lat: 55.6012345,
  category: 'belysning',
  challenge: 'planering' as const,
  status: 'new',
  observed_at: '2026-10-01T18:00:00Z',
  is_dark: true,
  supports: 2,
  inside: true,
  distance_m: 0,
  ...over,
});

describe('CSV', () => {
  it('quotes separators, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+46 40 34 10 00')).toBe("'+46 40 34 10 00");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3'); // numbers are data, not formulas
    expect(csvField(null)).toBe('');
  });

  it('round-trips hostile text through an independent reader', () => {
    const nasty = ['-2+3', 'semi;colon', 'line\r\nbreak', '"quoted"', 'plain'];
    const csv = csvTable([{ header: 'text', value: (s: string) => s }], nasty);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['text']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(["'-2+3", 'semi;colon', 'line\r\nbreak', '"quoted"', 'plain']);
  });

  it('writes one row per report with the columns named in the header', () => {
    const rows = parseCsv(reportsCsv([report(), report({ id: 'b', inside: false, distance_m: 123.6, category: '=cmd' })]));
    expect(rows).toHaveLength(3);
    const header = rows[0]!;
    const get = (row: string[], col: string) => row[header.indexOf(col)];
    expect(get(rows[1]!, 'lon')).toBe('13,0012345'); // Swedish decimal mark by default
    expect(get(rows[2]!, 'inside')).toBe('false');
    expect(get(rows[2]!, 'distance_m')).toBe('124');
    expect(get(rows[2]!, 'category')).toBe("'=cmd");
    // every row as wide as the header, the name columns empty without labels
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    expect(get(rows[1]!, 'category_name')).toBe('');
  });

  it('puts names in the UI language beside the codes and writes Malmö local time', () => {
    const labels = (lang: 'sv' | 'en') => ({
      lang,
      challenge: (c: string) => (lang === 'sv' ? `utmaning ${c}` : `challenge ${c}`),
      category: (c: string) => (lang === 'sv' ? 'Trasig belysning' : 'Broken lighting') + ` (${c})`,
      status: (c: string) => (c === 'new' ? (lang === 'sv' ? 'Ny' : 'New') : c),
    });
    // 18:00 UTC on 1 October is 20:00 in Malmö (summer time); 1 December 18:00 UTC is 19:00 (winter time).
    const reports = [report(), report({ observed_at: '2026-12-01T18:00:00Z', lon: 13.5 })];
    const sv = parseCsv(reportsCsv(reports, labels('sv')));
    const col = (rows: string[][], name: string) => rows.slice(1).map((r) => r[rows[0]!.indexOf(name)]);
    expect(col(sv, 'challenge')).toEqual(['planering', 'planering']);
    expect(col(sv, 'challenge_name')).toEqual(['utmaning planering', 'utmaning planering']);
    expect(col(sv, 'category_name')[0]).toBe('Trasig belysning (belysning)');
    expect(col(sv, 'status_name')[0]).toBe('Ny');
    expect(col(sv, 'observed_at_local')).toEqual(['2026-10-01 20:00', '2026-12-01 19:00']);
    expect(col(sv, 'lon')).toEqual(['13,0012345', '13,5']);
    const en = parseCsv(reportsCsv(reports, labels('en')));
    expect(col(en, 'category_name')[0]).toBe('Broken lighting (belysning)');
    expect(col(en, 'lon')).toEqual(['13.0012345', '13.5']);
  });

  it('writes the cells with one decimal mark throughout', () => {
    const cell: TouchingCell = { id: '250:3:4', cellM: 250, q: 3, r: 4, count: 12, z: 2.34567, qValue: 0.0123456, cls: 2, touches: 'development', ring: [] };
    const sv = parseCsv(cellsCsv([cell], 'sv'));
    expect(sv[0]).toEqual(['cell_id', 'cell_m', 'q', 'r', 'reports', 'z', 'q_value', 'class', 'touches']);
    expect(sv[1]).toEqual(['250:3:4', '250', '3', '4', '12', '2,346', '0,01235', '2', 'development']);
    expect(parseCsv(cellsCsv([cell], 'en'))[1]![5]).toBe('2.346');
  });
});

describe('GeoJSON', () => {
  it('writes valid RFC 7946 points in lon/lat order without the position in the properties', () => {
    const fc = reportsGeoJson([report()]);
    expect(fc.type).toBe('FeatureCollection');
    const f = fc.features[0]!;
    expect(f.geometry).toEqual({ type: 'Point', coordinates: [13.0012345, 55.6012345] });
    expect(f.properties).not.toHaveProperty('lon');
    expect(f.properties).toMatchObject({ id: report().id, inside: true, is_dark: true });
    expect(JSON.parse(JSON.stringify(fc))).toEqual(fc);
  });

  it('writes the development as a MultiPolygon feature with its fields', () => {
    const geometry = { type: 'MultiPolygon' as const, coordinates: [[[[13, 55.6], [13.01, 55.6], [13.01, 55.61], [13, 55.6]]]] };
    const fc = developmentGeoJson({
      id: 'd1',
      name: 'Nyhamnen',
      plan_id: 'Dp 1',
      phase: 'adopted',
      expected_completion: null,
      link: null,
      area_m2: 1000,
      geometry,
      reports_inside: 1,
      reports_near: 2,
      district: null,
      is_demo: false,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    });
    expect(fc.features[0]!.geometry).toEqual(geometry);
    expect(fc.features[0]!.properties).toMatchObject({ name: 'Nyhamnen', phase: 'adopted', plan_id: 'Dp 1' });
  });

  it('exports in SWEREF 99 TM on request, with the crs member, matching proj4', () => {
    const sweref = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
    const fc = reportsGeoJson([report()], 'sweref99tm');
    expect(fc.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } });
    const [e, n] = fc.features[0]!.geometry.coordinates as [number, number];
    const [pe, pn] = proj4('WGS84', sweref, [13.0012345, 55.6012345]);
    expect(Math.abs(e - pe!)).toBeLessThan(0.01);
    expect(Math.abs(n - pn!)).toBeLessThan(0.01);
    expect(e).toBeGreaterThan(360_000); // Malmö: easting ≈ 375 km, northing ≈ 6,163 km
    expect(n).toBeGreaterThan(6_150_000);
    // WGS84 stays RFC 7946: no crs member
    expect(reportsGeoJson([report()])).not.toHaveProperty('crs');
    const square: Polygon = { type: 'Polygon', coordinates: [[[13, 55.6], [13.01, 55.6], [13.01, 55.61], [13, 55.6]]] };
    const projected = geometryToSweref99tm(square);
    expect(projected.coordinates[0]).toHaveLength(4);
    expect(projected.coordinates[0]![0]).toEqual(projected.coordinates[0]![3]);
  });

  it('makes safe file names', () => {
    expect(fileStem('Västra hamnen / kv. Ankaret')).toBe('vastra-hamnen-kv-ankaret');
    expect(fileStem('../../etc')).toBe('etc');
  });
});

describe('printable map', () => {
  it('frames the development, its buffer and every report (a report outside the buffer too)', () => {
    const dev: Polygon = { type: 'Polygon', coordinates: [[[13, 55.6], [13.01, 55.6], [13.01, 55.61], [13, 55.61], [13, 55.6]]] };
    const ring: Polygon = { type: 'Polygon', coordinates: [[[12.99, 55.59], [13.02, 55.59], [13.02, 55.62], [12.99, 55.62], [12.99, 55.59]]] };
    expect(evidenceExtent(dev, null, [])).toEqual([13, 55.6, 13.01, 55.61]);
    expect(evidenceExtent(dev, ring, [{ lon: 13.03, lat: 55.6 }])).toEqual([12.99, 55.59, 13.03, 55.62]);
  });

  it('fits the buffer and the points in the box, north up', () => {
    const dev: Polygon = { type: 'Polygon', coordinates: [[[13, 55.6], [13.01, 55.6], [13.01, 55.61], [13, 55.61], [13, 55.6]]] };
    const map = svgMap(dev, null, [
      { lon: 13.005, lat: 55.605, inside: true },
      { lon: 13.0, lat: 55.61, inside: false },
    ], 200, 200, 10);
    const north = map.points[1]!;
    const centre = map.points[0]!;
    expect(north.y).toBeLessThan(centre.y); // further north = higher up
    for (const p of map.points) {
      expect(p.x).toBeGreaterThanOrEqual(10);
      expect(p.x).toBeLessThanOrEqual(190);
      expect(p.y).toBeGreaterThanOrEqual(10);
      expect(p.y).toBeLessThanOrEqual(190);
    }
    expect(map.development.startsWith('M')).toBe(true);
    expect(map.development.endsWith('Z')).toBe(true);
  });
});

describe('trend chart', () => {
  it('scales both series to the larger maximum', () => {
    const chart = trendChart([
      { month: '2026-01', inside: 0, ring: 4 },
      { month: '2026-02', inside: 2, ring: 0 },
    ], 100, 100, { left: 0, right: 0, top: 0, bottom: 0 });
    expect(chart.max).toBe(4);
    expect(chart.ring).toBe('0,0 100,100');
    expect(chart.inside).toBe('0,100 100,50');
  });
});

describe('hotspots touching a development', () => {
  const boundary = JSON.parse(
    readFileSync(join(__dirname, '../../../../public/data/malmo_kommun.geojson'), 'utf8'),
  ).features[0] as Feature<Polygon | MultiPolygon>;

  it('finds the planted hot cell that the development covers and not the far one', () => {
    const cellM = 250;
    const grid = coverArea(boundary.geometry, cellM);
    // A cluster of heavy cells around a point in Malmö, light noise elsewhere.
    const [cx, cy] = wgs84ToSweref99tm(13.0, 55.6);
    const centre = hexCellOf(cx!, cy!, cellM);
    const cells: Array<[number, number, number, number, number]> = [];
    for (let i = 0; i < grid.length; i++) {
      const q = grid.q[i]!;
      const r = grid.r[i]!;
      const d = (Math.abs(q - centre[0]!) + Math.abs(r - centre[1]!) + Math.abs(q - centre[0]! + r - centre[1]!)) / 2;
      const n = d <= 1 ? 40 : (i * 7919) % 3; // deterministic noise 0..2
      if (n > 0) cells.push([q, r, n, 0, 0]);
    }
    const [hx, hy] = hexCenter(centre[0]!, centre[1]!, cellM);
    expect(Math.hypot(hx - cx!, hy - cy!)).toBeLessThan(cellM);
    const small: Polygon = { type: 'Polygon', coordinates: [[[12.999, 55.5995], [13.001, 55.5995], [13.001, 55.6005], [12.999, 55.6005], [12.999, 55.5995]]] };
    const far: Polygon = { type: 'Polygon', coordinates: [[[12.93, 55.55], [12.932, 55.55], [12.932, 55.551], [12.93, 55.551], [12.93, 55.55]]] };
    const near = touchingHotspots(cells, cellM, boundary.geometry, small, null, grid).cells;
    expect(near.some((c) => c.q === centre[0] && c.r === centre[1] && c.cls > 0 && c.touches === 'development')).toBe(true);
    expect(near.every((c) => c.cls !== 0)).toBe(true);
    const away = touchingHotspots(cells, cellM, boundary.geometry, far, null, grid).cells;
    expect(away.filter((c) => c.cls > 0)).toEqual([]);
    // The CSV names each cell like cellId in src/analysis.
    expect(cellsCsv(near).split('\r\n')[1]).toMatch(/^250:-?\d+:-?\d+;250;/);
  });
});

describe('assessment factors', () => {
  it('mirror the API contract exactly', () => {
    expect([...ASSESSMENT_FACTORS]).toEqual([...ASSESSMENT_FACTOR_CODES]);
  });
});
