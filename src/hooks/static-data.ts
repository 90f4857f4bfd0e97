import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { loadDataFile } from '../map/data-url';
import { queryKey } from './query-keys';

/** The files in public/data the features read (the map reads its own through MapLibre sources). */
export type GeoJsonFile =
  | 'malmo_kommun.geojson'
  | 'malmo_kommun_simplified.geojson'
  | 'malmo_delomraden.geojson'
  | 'malmo_delomraden_simplified.geojson'
  | 'malmo_stadsdelar_simplified.geojson'
  | 'malmo_stadsomraden_simplified.geojson';

/** One bundled GeoJSON file: fetched once per page, one cache entry per file whoever asks for it. */
export function geoJsonFileOptions(file: GeoJsonFile) {
  return queryOptions({
    queryKey: queryKey('reference', 'data_file', { file }),
    queryFn: () => loadDataFile(file, (res): Promise<FeatureCollection> => res.json()),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export function useGeoJsonFile(file: GeoJsonFile) {
  return useQuery(geoJsonFileOptions(file));
}

export type Boundary = Feature<Polygon | MultiPolygon>;

/** The features of a boundary file as one (Multi)Polygon feature. */
export function mergedBoundary(fc: FeatureCollection): Boundary {
  const parts = fc.features as Boundary[];
  if (parts.length === 1) return parts[0]!;
  return {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'MultiPolygon',
      coordinates: parts.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates)),
    },
  };
}

/**
 * Malmö's municipal boundary, the study area of every hotspot analysis and the limit of a plan import. `simplified`
 * is the light file the strategist's charts use; the crew and the planners use the full one.
 */
export function useMalmoBoundary(options: { simplified?: boolean } = {}) {
  return useQuery({
    ...geoJsonFileOptions(options.simplified ? 'malmo_kommun_simplified.geojson' : 'malmo_kommun.geojson'),
    select: mergedBoundary,
  });
}

export interface DistrictRow {
  code: number;
  name: string;
  stadsdel: string;
}

/** public/data/malmo_omraden.csv: the 136 delområden with their stadsdel, sorted by stadsdel then name. */
export function parseDistrictRows(csv: string): DistrictRow[] {
  return csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','))
    .map(([code, name, , stadsdel]) => ({ code: Number(code), name: name ?? '', stadsdel: stadsdel ?? '' }))
    .filter((d) => Number.isInteger(d.code))
    .sort((a, b) => a.stadsdel.localeCompare(b.stadsdel, 'sv') || a.name.localeCompare(b.name, 'sv'));
}

export function districtRowsOptions() {
  return queryOptions({
    queryKey: queryKey('reference', 'data_file', { file: 'malmo_omraden.csv' }),
    queryFn: () => loadDataFile('malmo_omraden.csv', async (res) => parseDistrictRows(await res.text())),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** The 136 delområden from the bundled CSV (no backend call), for district filters. */
export function useDistrictRows() {
  return useQuery(districtRowsOptions());
}
