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
export { useCellSize, type CellSizeSample } from './cell-size';
export { photoUrlOptions } from './photos';
export { useReportsChanged } from './report-changes';
