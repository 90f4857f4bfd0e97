/**
 * Pure, documented geo-statistics for the hotspot analysis. No I/O, no React, no map engine:
 * everything here runs the same in the browser, in a Web Worker and in Node.
 */
export { wgs84ToSweref99tm, sweref99tmToWgs84, projectToSweref99tm } from './projection.ts';
export { erfc, normalCdf, twoSidedP } from './normal.ts';
export { getisOrdGiStar, type GiStarResult } from './gi-star.ts';
export { benjaminiHochberg } from './fdr.ts';
export {
  hexCellOf,
  hexCenter,
  hexDistance,
  hexRing,
  cellIndex,
  gridFromCells,
  coverArea,
  binPoints,
  cellCenterWgs84,
  cellPolygonWgs84,
  cellId,
  gridToGeoJSON,
  type HexGrid,
  type BinResult,
} from './hex-grid.ts';
export {
  bandOffsets,
  distanceBandNeighbors,
  minimumConnectingBand,
  defaultBand,
  averageNearestNeighborDistance,
} from './neighbors.ts';
export {
  hotspotClass,
  classifyHotspots,
  CONFIDENCE_LEVELS,
  HOTSPOT_CLASS_LABELS,
  type HotspotClass,
} from './classes.ts';
export {
  emergingHotspots,
  emergingCategory,
  splitWindows,
  EMERGING_RULES,
  EMERGING_CATEGORIES,
  type EmergingCategory,
  type EmergingOptions,
  type EmergingResult,
  type EmergingWindow,
} from './emerging.ts';
export {
  kernelDensity,
  kernelDensityProjected,
  type DensityRaster,
  type DensityOptions,
} from './density.ts';
export {
  findHotspots,
  cellSizeFor,
  cellCountsFromRows,
  analyseGrid,
  type CellCountsInput,
  type CellHotspotResult,
  type GridAnalysis,
} from './hotspots.ts';
export { hotspotPipeline, type HotspotOptions, type HotspotResult } from './pipeline.ts';
export {
  interleave,
  ringsOf,
  type AreaGeometry,
  type PolygonGeometry,
  type MultiPolygonGeometry,
} from './geometry.ts';
