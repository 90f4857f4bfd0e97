import type { Feature, FeatureCollection, Point } from 'geojson';
import { isChallenge, type Challenge } from '../domain/challenges';

/**
 * One drawable item from `api.reports_in_view`: a server-aggregated cell (count > 1, id null) or a single
 * report (count 1, with id). Structurally identical to `ViewItem` in src/api/reports-in-view.ts, declared
 * here because src/map may not import src/api.
 */
export type MapReportItem = readonly [
  lon: number,
  lat: number,
  count: number,
  challengeCode: Challenge,
  id: string | null,
  category: string | null,
  status: string | null,
];

export interface ReportFeatureProperties {
  count: number;
  challenge: Challenge | 'unknown';
  /** Empty string for cells, so that filters comparing ids never meet null. */
  id: string;
  category: string;
  status: string;
  /** 1 for a single report, 0 for an aggregated cell; a number so style expressions can compare it. */
  single: 0 | 1;
}

export type ReportFeatureCollection = FeatureCollection<Point, ReportFeatureProperties>;

export function reportItemsToGeoJSON(items: ReadonlyArray<MapReportItem>): ReportFeatureCollection {
  const features: Feature<Point, ReportFeatureProperties>[] = [];
  for (const [lon, lat, count, challenge, id, category, status] of items) {
    // A broken row should cost one dot, not the whole layer.
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !(count > 0)) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        count,
        challenge: isChallenge(challenge) ? challenge : 'unknown',
        id: id ?? '',
        category: category ?? '',
        status: status ?? '',
        single: count === 1 && id !== null ? 1 : 0,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
