import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { wgs84ToSweref99tm } from '../../../analysis/projection';
import { bboxOf, unionBox, type LonLatBox } from '../../../map/print-basemap';
import type { Development, DevelopmentEvidence } from '../../../api';
import { csvTable, csvTime } from '../../../ui/csv';
import type { Lang } from '../../../ui/format';
import type { TouchingCell } from './hotspots';

type EvidenceReport = DevelopmentEvidence['reports'][number];

/**
 * Names beside the codes in the reports CSV, in the UI language (the codes stay for joins and filters). Without
 * them the name columns are empty, never dropped, so the file has the same columns either way.
 */
export interface EvidenceCsvLabels {
  lang: Lang;
  challenge(code: string): string;
  category(code: string): string;
  status(code: string): string;
}

/** The reports in the app's one CSV writer (`;`, BOM, local time, the language's decimal mark). */
export function reportsCsv(reports: readonly EvidenceReport[], labels?: EvidenceCsvLabels): string {
  return csvTable<EvidenceReport>(
    [
      { header: 'id', value: (r) => r.id },
      { header: 'lon', value: (r) => r.lon },
      { header: 'lat', value: (r) => r.lat },
      { header: 'challenge', value: (r) => r.challenge },
      { header: 'challenge_name', value: (r) => labels?.challenge(r.challenge) },
      { header: 'category', value: (r) => r.category },
      { header: 'category_name', value: (r) => labels?.category(r.category) },
      { header: 'status', value: (r) => r.status },
      { header: 'status_name', value: (r) => labels?.status(r.status) },
      // Malmö local time to the minute: a spreadsheet shows UTC instants as they are, an hour or two off.
      { header: 'observed_at_local', value: (r) => csvTime(r.observed_at) },
      { header: 'is_dark', value: (r) => r.is_dark },
      { header: 'supports', value: (r) => r.supports },
      { header: 'inside', value: (r) => r.inside },
      { header: 'distance_m', value: (r) => Math.round(r.distance_m) },
    ],
    reports,
    { lang: labels?.lang },
  );
}

export function cellsCsv(cells: readonly TouchingCell[], lang?: Lang): string {
  return csvTable<TouchingCell>(
    [
      { header: 'cell_id', value: (c) => c.id },
      { header: 'cell_m', value: (c) => c.cellM },
      { header: 'q', value: (c) => c.q },
      { header: 'r', value: (c) => c.r },
      { header: 'reports', value: (c) => c.count },
      { header: 'z', value: (c) => round(c.z, 3) },
      { header: 'q_value', value: (c) => round(c.qValue, 5) },
      { header: 'class', value: (c) => c.cls },
      { header: 'touches', value: (c) => c.touches },
    ],
    cells,
    { lang },
  );
}

const round = (v: number, digits: number) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

/**
 * The coordinate system of a GeoJSON export. 'wgs84' is RFC 7946 (lon/lat, no crs member); 'sweref99tm' is
 * EPSG:3006 in metres (easting, northing), the system Malmö's GIS and plan documents use, named by the
 * (pre-RFC 7946) `crs` member that QGIS and ArcGIS read.
 */
export type ExportCrs = 'wgs84' | 'sweref99tm';

export type CrsFeatureCollection<G extends Geometry> = FeatureCollection<G> & {
  crs?: { type: 'name'; properties: { name: string } };
};

const SWEREF99TM_CRS = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } } as const;

/** One geometry's positions projected to SWEREF 99 TM, rounded to the centimetre. */
export function geometryToSweref99tm<G extends Geometry>(g: G): G {
  const at = (p: Position): Position => {
    const xy = wgs84ToSweref99tm(p[0]!, p[1]!);
    return [Math.round(xy[0]! * 100) / 100, Math.round(xy[1]! * 100) / 100];
  };
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: at(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(at) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((ring) => ring.map(at)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(at))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map(geometryToSweref99tm) };
  }
}

/** A WGS84 feature collection in the asked coordinate system. */
export function inCrs<G extends Geometry>(fc: FeatureCollection<G>, crs: ExportCrs): CrsFeatureCollection<G> {
  if (crs === 'wgs84') return fc;
  return {
    type: 'FeatureCollection',
    crs: SWEREF99TM_CRS,
    features: fc.features.map((f) => ({ ...f, geometry: geometryToSweref99tm(f.geometry) })),
  };
}

/** The reports as GeoJSON points: RFC 7946 (WGS84, lon/lat order, no crs member) or SWEREF 99 TM on request. */
export function reportsGeoJson(reports: readonly EvidenceReport[], crs: ExportCrs = 'wgs84'): CrsFeatureCollection<Point> {
  return inCrs(
    {
      type: 'FeatureCollection',
      features: reports.map(
        ({ lon, lat, ...properties }): Feature<Point> => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [lon, lat] },
          properties,
        }),
      ),
    },
    crs,
  );
}

export function developmentGeoJson(d: Development, crs: ExportCrs = 'wgs84'): CrsFeatureCollection<MultiPolygon> {
  return inCrs(
    {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: d.id,
          geometry: d.geometry as MultiPolygon,
          properties: {
            id: d.id,
            name: d.name,
            plan_id: d.plan_id,
            phase: d.phase,
            expected_completion: d.expected_completion,
            link: d.link,
            area_m2: d.area_m2,
          },
        },
      ],
    },
    crs,
  );
}

/** A file name from the development's name: letters, digits and dashes only. */
export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem.slice(0, 60) || 'utveckling';
}

/** What the printed map must show: the development, its buffer and every report of the evidence. */
export function evidenceExtent(
  development: Polygon | MultiPolygon,
  buffer: Polygon | MultiPolygon | null,
  points: ReadonlyArray<{ lon: number; lat: number }>,
): LonLatBox {
  const pointsBox: LonLatBox | null = points.length
    ? [
        Math.min(...points.map((p) => p.lon)),
        Math.min(...points.map((p) => p.lat)),
        Math.max(...points.map((p) => p.lon)),
        Math.max(...points.map((p) => p.lat)),
      ]
    : null;
  return unionBox([bboxOf(development), buffer ? bboxOf(buffer) : null, pointsBox])!;
}

export interface SvgMap {
  width: number;
  height: number;
  /** `d` attributes (even-odd fill keeps holes open). */
  development: string;
  buffer: string | null;
  points: Array<{ x: number; y: number; inside: boolean }>;
}

/**
 * The printable map: the development, its buffer and the reports projected to an SVG box. Equirectangular
 * with cos(latitude) scaling is exact enough at the scale of a plan area (a few km) and needs no WebGL.
 */
export function svgMap(
  development: Polygon | MultiPolygon,
  buffer: Polygon | MultiPolygon | null,
  points: ReadonlyArray<{ lon: number; lat: number; inside: boolean }>,
  width = 640,
  height = 420,
  margin = 12,
): SvgMap {
  const all: Position[] = [...positionsOf(buffer ?? development), ...points.map((p) => [p.lon, p.lat])];
  const lat0 = all.reduce((s, p) => s + p[1]!, 0) / Math.max(1, all.length);
  const kx = Math.cos((lat0 * Math.PI) / 180);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [lon, lat] of all) {
    minX = Math.min(minX, lon! * kx);
    maxX = Math.max(maxX, lon! * kx);
    minY = Math.min(minY, lat!);
    maxY = Math.max(maxY, lat!);
  }
  const scale = Math.min((width - 2 * margin) / Math.max(maxX - minX, 1e-9), (height - 2 * margin) / Math.max(maxY - minY, 1e-9));
  const offX = (width - (maxX - minX) * scale) / 2;
  const offY = (height - (maxY - minY) * scale) / 2;
  const px = (lon: number, lat: number) => ({
    x: round2(offX + (lon * kx - minX) * scale),
    y: round2(offY + (maxY - lat) * scale),
  });
  const path = (g: Polygon | MultiPolygon) =>
    (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
      .flatMap((poly) =>
        poly.map(
          (ring) =>
            ring
              .map((p, i) => {
                const { x, y } = px(p[0]!, p[1]!);
                return `${i ? 'L' : 'M'}${x} ${y}`;
              })
              .join(' ') + ' Z',
        ),
      )
      .join(' ');
  return {
    width,
    height,
    development: path(development),
    buffer: buffer ? path(buffer) : null,
    points: points.map((p) => ({ ...px(p.lon, p.lat), inside: p.inside })),
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function positionsOf(g: Polygon | MultiPolygon): Position[] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
}
