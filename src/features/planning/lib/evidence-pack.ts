import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Development, DevelopmentEvidence } from '../../../api';
import { csvTable } from '../../../ui/csv';
import type { TouchingCell } from './hotspots';

type EvidenceReport = DevelopmentEvidence['reports'][number];

/** The evidence pack's CSV: the app's one writer, without a byte-order mark (see CsvOptions). */
const PACK_CSV = { bom: false } as const;

export function reportsCsv(reports: readonly EvidenceReport[]): string {
  return csvTable<EvidenceReport>(
    [
      { header: 'id', value: (r) => r.id },
      { header: 'lon', value: (r) => r.lon },
      { header: 'lat', value: (r) => r.lat },
      { header: 'category', value: (r) => r.category },
      { header: 'challenge', value: (r) => r.challenge },
      { header: 'status', value: (r) => r.status },
      { header: 'observed_at', value: (r) => r.observed_at },
      { header: 'is_dark', value: (r) => r.is_dark },
      { header: 'supports', value: (r) => r.supports },
      { header: 'inside', value: (r) => r.inside },
      { header: 'distance_m', value: (r) => Math.round(r.distance_m) },
    ],
    reports,
    PACK_CSV,
  );
}

export function cellsCsv(cells: readonly TouchingCell[]): string {
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
    PACK_CSV,
  );
}

const round = (v: number, digits: number) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

/** The reports as GeoJSON points (RFC 7946: WGS84, lon/lat order, no crs member). */
export function reportsGeoJson(reports: readonly EvidenceReport[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: reports.map(
      ({ lon, lat, ...properties }): Feature<Point> => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties,
      }),
    ),
  };
}

export function developmentGeoJson(d: Development): FeatureCollection<MultiPolygon> {
  return {
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
  };
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
