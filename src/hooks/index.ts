// The shared React layer between the features and the backend: query keys and what a write invalidates, the
// identity, the static data files and the shared cell-size sample. Features import it; it imports no feature.
export {
  apiKey,
  apiQuery,
  argsOf,
  forgetUserQueries,
  invalidateAfterWrite,
  queryKey,
  queryName,
  type ApiFunction,
  type AppQueryKey,
  type QueryKind,
} from './query-keys';
export { useIdentity } from './use-identity';
export {
  districtRowsOptions,
  geoJsonFileOptions,
  mergedBoundary,
  parseDistrictRows,
  useDistrictRows,
  useGeoJsonFile,
  useMalmoBoundary,
  type Boundary,
  type DistrictRow,
  type GeoJsonFile,
} from './static-data';
// useCellSize is imported from './cell-size' by the staff areas only: it pulls in src/analysis, which the main
// bundle must not carry (and whose chunk must not be loaded before the app's Zod setup).
export { photoUrlOptions } from './photos';
export { useReportsChanged } from './report-changes';
