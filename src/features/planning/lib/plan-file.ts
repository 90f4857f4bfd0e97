import { iter } from 'but-unzip';
import type { Geometry, Position } from 'geojson';
import { parseDbf, parseShp } from 'shpjs';
import { crsFromCoordinates, crsFromMember, crsFromPrj, CrsError, toWgs84, type DetectedCrs } from './crs';

/** A feature as read from the file, its geometry already in WGS84 (null when the file had none). */
export interface RawPlanFeature {
  properties: Record<string, unknown>;
  geometry: Geometry | null;
}

export interface ParsedPlanFile {
  format: 'geojson' | 'shapefile';
  crs: DetectedCrs;
  /** Property names seen in any feature, in first-seen order (for the mapping step). */
  fields: string[];
  features: RawPlanFeature[];
}

/** Codes of the file-level errors; translated as `planning:fileErrors.<code>`. */
export type PlanFileErrorCode = 'unknown_crs' | 'invalid_file' | 'no_features' | 'shapefile_incomplete';

export class PlanFileError extends Error {
  constructor(
    readonly code: PlanFileErrorCode,
    readonly detail = '',
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'PlanFileError';
  }
}

/** Reads a .geojson/.json or a zipped Shapefile (told apart by the zip signature, not the file name). */
export async function parsePlanFile(bytes: Uint8Array): Promise<ParsedPlanFile> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK"
  return isZip ? parseShapefileZip(bytes) : parseGeoJsonText(new TextDecoder().decode(bytes));
}

export function parseGeoJsonText(text: string): ParsedPlanFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PlanFileError('invalid_file', 'not JSON');
  }
  const root = json as { type?: unknown; features?: unknown; geometry?: unknown; crs?: unknown };
  let features: RawPlanFeature[];
  if (root?.type === 'FeatureCollection' && Array.isArray(root.features)) {
    features = root.features.map((f: { properties?: unknown; geometry?: unknown }) => ({
      properties: isRecord(f?.properties) ? f.properties : {},
      geometry: (f?.geometry as Geometry | null) ?? null,
    }));
  } else if (root?.type === 'Feature') {
    features = [{ properties: isRecord((root as { properties?: unknown }).properties) ? (root as { properties: Record<string, unknown> }).properties : {}, geometry: (root.geometry as Geometry) ?? null }];
  } else {
    throw new PlanFileError('invalid_file', 'not a GeoJSON FeatureCollection');
  }
  let fromMember;
  try {
    fromMember = crsFromMember(root.crs);
  } catch (error) {
    throw asCrsError(error);
  }
  return finish('geojson', features, fromMember ? { code: fromMember, source: 'crs-member' } : null);
}

export async function parseShapefileZip(bytes: Uint8Array): Promise<ParsedPlanFile> {
  const parts: Record<string, Uint8Array> = {};
  try {
    for (const entry of iter(bytes)) {
      const ext = /\.(shp|dbf|prj|cpg)$/i.exec(entry.filename)?.[1]?.toLowerCase();
      if (!ext || entry.filename.includes('__MACOSX')) continue;
      // One layer per import: the first of each part wins.
      parts[ext] ??= await entry.read();
    }
  } catch (error) {
    throw new PlanFileError('invalid_file', `zip: ${(error as Error).message}`);
  }
  if (!parts.shp || !parts.dbf) throw new PlanFileError('shapefile_incomplete', Object.keys(parts).join(', '));
  const decoder = new TextDecoder();
  let geometries: Array<Geometry | null>;
  let records: Array<Record<string, unknown>>;
  try {
    // No .prj handed to shpjs: we read the CRS ourselves so an unknown one is an error, not a silent guess.
    geometries = parseShp(parts.shp);
    records = parseDbf(parts.dbf, parts.cpg ? decoder.decode(parts.cpg) : undefined);
  } catch (error) {
    throw new PlanFileError('invalid_file', `shapefile: ${(error as Error).message}`);
  }
  const features = geometries.map((geometry, i) => ({ geometry, properties: records[i] ?? {} }));
  let fromPrj = null;
  if (parts.prj) {
    try {
      fromPrj = { code: crsFromPrj(decoder.decode(parts.prj)), source: 'prj' as const };
    } catch (error) {
      throw asCrsError(error);
    }
  }
  return finish('shapefile', features, fromPrj);
}

function finish(
  format: ParsedPlanFile['format'],
  features: RawPlanFeature[],
  declared: DetectedCrs | null,
): ParsedPlanFile {
  if (features.length === 0) throw new PlanFileError('no_features');
  let crs = declared;
  if (!crs) {
    const bbox = envelope(features);
    if (!bbox) throw new PlanFileError('no_features', 'no coordinates');
    try {
      crs = { code: crsFromCoordinates(bbox), source: 'coordinates' };
    } catch (error) {
      throw asCrsError(error);
    }
  }
  const project = toWgs84(crs.code);
  const fields: string[] = [];
  const seen = new Set<string>();
  for (const f of features) {
    for (const key of Object.keys(f.properties)) {
      if (!seen.has(key)) {
        seen.add(key);
        fields.push(key);
      }
    }
  }
  return {
    format,
    crs,
    fields,
    features: features.map((f) => ({ properties: f.properties, geometry: mapGeometry(f.geometry, project) })),
  };
}

function asCrsError(error: unknown): PlanFileError {
  if (error instanceof CrsError) return new PlanFileError('unknown_crs', error.detail);
  throw error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every position of a geometry, for the envelope; tolerant of malformed input (validation reports it). */
function* positions(geometry: Geometry | null): Generator<Position> {
  if (!geometry) return;
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries) yield* positions(g);
    return;
  }
  const walk = function* (c: unknown): Generator<Position> {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') yield c as Position;
    else for (const inner of c) yield* walk(inner);
  };
  yield* walk((geometry as { coordinates?: unknown }).coordinates);
}

function envelope(features: RawPlanFeature[]): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const f of features) {
    for (const [x, y] of positions(f.geometry)) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      minX = Math.min(minX, x!);
      minY = Math.min(minY, y!);
      maxX = Math.max(maxX, x!);
      maxY = Math.max(maxY, y!);
    }
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}

/** Reprojects every position (and drops Z/M: the database stores 2D outlines). */
function mapGeometry(geometry: Geometry | null, project: (xy: readonly number[]) => [number, number]): Geometry | null {
  if (!geometry) return null;
  if (geometry.type === 'GeometryCollection') {
    return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => mapGeometry(g, project)!) };
  }
  const walk = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (typeof c[0] === 'number') return project(c as number[]);
    return c.map(walk);
  };
  // Rebuilt without `bbox`: shpjs adds one in the file's CRS, and Turf trusts it.
  return { type: geometry.type, coordinates: walk((geometry as { coordinates: unknown }).coordinates) } as Geometry;
}
