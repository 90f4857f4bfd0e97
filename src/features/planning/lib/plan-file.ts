import { iter } from 'but-unzip';
import type { Geometry, Position } from 'geojson';
import { parseShp } from 'shpjs';
import {
  crsFromCoordinates,
  crsFromMember,
  crsFromPrj,
  crsFromSource,
  CrsError,
  looksLikeWkt,
  looksNorthingFirst,
  toWgs84,
  type CrsCode,
  type CrsFromWkt,
  type DetectedCrs,
} from '../../../geo/crs';
import { dbfRecords, readDbf, type DbfTable } from './dbf';
import { readDetaljplanJson } from './detaljplan-json';
import { readOtherFormat, sniffFormat } from './plan-formats';
import type { SourceLayer } from './source-layer';
import {
  encodingOfLabel,
  encodingOfLdid,
  hasNonAscii,
  isValidUtf8,
  decoderFor,
  type Encoding,
  type EncodingSource,
} from '../../../geo/text-encoding';

/** A feature as read from the file, its geometry already in WGS84 (null when the file had none). */
export interface RawPlanFeature {
  properties: Record<string, unknown>;
  geometry: Geometry | null;
}

export type PlanFormat = 'geojson' | 'shapefile' | 'geopackage' | 'gml';

/** What was assumed or ignored while reading; translated as `planning:fileNotes.<code>`. */
export interface PlanFileNote {
  code: 'prj_ignored' | 'cpg_ignored' | 'cst_ignored' | 'encoding_fallback' | 'rt90_substituted' | 'records_mismatch';
  detail?: string;
}

export interface ParsedPlanFile {
  format: PlanFormat;
  /** Every layer of the file (a zip of Shapefiles, a GeoPackage); one for GeoJSON. */
  layers: string[];
  /** The index of the layer read. */
  layer: number;
  /** The text encoding of the attributes and how it was found; null where the format fixes it (GeoPackage). */
  encoding: { name: Encoding; source: EncodingSource; declared?: string } | null;
  crs: DetectedCrs;
  /** The file put the northing (latitude) first and the axes were swapped; `axesSource` says who decided. */
  axesSwapped: boolean;
  axesSource: 'detected' | 'user';
  notes: PlanFileNote[];
  /** Property names seen in any feature, in first-seen order (for the mapping step). */
  fields: string[];
  features: RawPlanFeature[];
}

/** The planner's choices in the preview; each overrides what was detected. */
export interface PlanReadOptions {
  layer?: number;
  encoding?: Encoding;
  crs?: CrsCode;
  swapAxes?: boolean;
}

/** Codes of the file-level errors; translated as `planning:fileErrors.<code>`. */
export type PlanFileErrorCode =
  | 'unknown_crs'
  | 'invalid_file'
  | 'broken_zip'
  | 'no_layers'
  | 'no_features'
  | 'shapefile_incomplete'
  | 'invalid_shapefile'
  | 'invalid_geopackage'
  | 'invalid_gml'
  | 'unsupported_geometry';

export class PlanFileError extends Error {
  constructor(
    readonly code: PlanFileErrorCode,
    readonly detail = '',
    /** The layer it concerns, when the file has layers. */
    readonly layer?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'PlanFileError';
  }
}

/** One layer of a zipped Shapefile: the parts that share its base name (folder included, case ignored). */
interface ShapefileLayer {
  kind: 'shapefile';
  name: string;
  shp?: Uint8Array;
  dbf?: Uint8Array;
  prj?: Uint8Array;
  cpg?: Uint8Array;
  cst?: Uint8Array;
}
interface GeoJsonLayer {
  kind: 'geojson';
  name: string;
  bytes: Uint8Array;
}
interface DecodedLayer {
  kind: 'decoded';
  layer: SourceLayer;
}
type LayerSource = ShapefileLayer | GeoJsonLayer | DecodedLayer;

/** A file read as far as its layers, before any choice of layer, encoding or CRS. */
export interface PlanSource {
  format: PlanFormat;
  layers: LayerSource[];
}

export const layerName = (l: LayerSource) => (l.kind === 'decoded' ? l.layer.name : l.name);

/** Reads a plan file as far as its layers; the format is told by the content, not the file name. */
export async function readPlanSource(bytes: Uint8Array): Promise<PlanSource> {
  const format = sniffFormat(bytes);
  if (format === 'zip') return readZip(bytes);
  if (format === 'geopackage' || format === 'gml') {
    const layers = await readOtherFormat(format, bytes);
    if (layers.length === 0) throw new PlanFileError('no_layers');
    return { format, layers: layers.map((layer) => ({ kind: 'decoded', layer })) };
  }
  if (format === 'json') {
    // Lantmäteriet's national detaljplan JSON looks like GeoJSON but keeps its geometries in the properties.
    const detaljplan = readDetaljplanJson(parseJsonLoosely(bytes));
    if (detaljplan && detaljplan.length > 0) return { format: 'geojson', layers: detaljplan.map((layer) => ({ kind: 'decoded', layer })) };
    return { format: 'geojson', layers: [{ kind: 'geojson', name: 'GeoJSON', bytes }] };
  }
  throw new PlanFileError('invalid_file', 'neither GeoJSON, a zip, a GeoPackage nor GML');
}

/** The JSON in the bytes, or null (the GeoJSON reader then says what is wrong). */
function parseJsonLoosely(bytes: Uint8Array): unknown {
  try {
    const text = decoderFor(isValidUtf8(bytes) ? 'utf-8' : 'windows-1252')(bytes);
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
}

/** Reads and reprojects one layer of a read file, with the planner's choices. */
export function resolvePlanFile(source: PlanSource, options: PlanReadOptions = {}): ParsedPlanFile {
  const index = options.layer ?? defaultLayer(source);
  const chosen = source.layers[index];
  if (!chosen) throw new PlanFileError('no_layers');
  const layers = source.layers.map(layerName);
  const read =
    chosen.kind === 'shapefile'
      ? readShapefileLayer(chosen, options)
      : chosen.kind === 'geojson'
        ? readGeoJsonLayer(chosen, options)
        : readDecodedLayer(chosen.layer);
  return { ...finish(read, options, layerName(chosen)), format: source.format, layers, layer: index };
}

/** Reads a plan file in one go (the first complete layer, everything detected). */
export async function parsePlanFile(bytes: Uint8Array, options: PlanReadOptions = {}): Promise<ParsedPlanFile> {
  return resolvePlanFile(await readPlanSource(bytes), options);
}

/** A GeoJSON text (kept for the bench and tests). */
export function parseGeoJsonText(text: string, options: PlanReadOptions = {}): ParsedPlanFile {
  return resolvePlanFile(
    { format: 'geojson', layers: [{ kind: 'geojson', name: 'GeoJSON', bytes: new TextEncoder().encode(text) }] },
    options,
  );
}

/** The first layer that has what it needs, so a zip with a stray part still opens on a good layer. */
function defaultLayer(source: PlanSource): number {
  const complete = source.layers.findIndex((l) => l.kind !== 'shapefile' || (l.shp && l.dbf));
  return complete < 0 ? 0 : complete;
}

const PART = /^(.*)\.(shp|shx|dbf|prj|cpg|cst)$/i;
const NESTED = /\.(gpkg|gml|xml|kml|geojson|json)$/i;

/**
 * Whether the zip's end-of-central-directory record is there. but-unzip searches for it backwards and, on a zip
 * cut off before it, wraps round to the end again for ever (a truncated download hung the tab).
 */
function hasZipDirectory(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
}

async function readZip(bytes: Uint8Array): Promise<PlanSource> {
  if (!hasZipDirectory(bytes)) throw new PlanFileError('broken_zip', 'no central directory (cut off?)');
  const groups = new Map<string, ShapefileLayer>();
  const nested: Array<{ filename: string; read: () => Promise<Uint8Array> | Uint8Array }> = [];
  const seen: string[] = [];
  try {
    for (const entry of iter(bytes)) {
      const path = entry.filename.replace(/\\/g, '/');
      const base = path.slice(path.lastIndexOf('/') + 1);
      // Finder's resource forks (__MACOSX/, ._name) look like parts but are not.
      if (path.endsWith('/') || /(^|\/)__MACOSX\//i.test(path) || base.startsWith('._')) continue;
      seen.push(path);
      const m = PART.exec(path);
      if (!m) {
        if (NESTED.test(path)) nested.push(entry);
        continue;
      }
      const key = m[1]!.toLowerCase();
      const ext = m[2]!.toLowerCase() as 'shp' | 'shx' | 'dbf' | 'prj' | 'cpg' | 'cst';
      const group = groups.get(key) ?? { kind: 'shapefile' as const, name: m[1]! };
      if (ext === 'shp') group.name = m[1]!; // the .shp's own spelling names the layer
      if (ext !== 'shx') group[ext] = await entry.read();
      groups.set(key, group);
    }
  } catch (error) {
    throw new PlanFileError('broken_zip', (error as Error).message);
  }
  const layers = [...groups.values()].filter((g) => g.shp);
  if (layers.length > 0) return { format: 'shapefile', layers };
  // A zip holding a GeoPackage, GML or GeoJSON instead (as some deliveries come).
  const inner = nested[0];
  if (inner) {
    const innerBytes = await inner.read();
    if (sniffFormat(innerBytes) !== 'zip') return readPlanSource(innerBytes);
  }
  const dbfOnly = [...groups.values()].find((g) => g.dbf);
  if (dbfOnly) throw new PlanFileError('shapefile_incomplete', '.shp', dbfOnly.name);
  throw new PlanFileError('no_layers', seen.slice(0, 10).join(', '));
}

/** What one layer gave before the CRS and axes are settled: features in the file's coordinates. */
interface LayerRead {
  features: RawPlanFeature[];
  fields?: string[];
  encoding: ParsedPlanFile['encoding'];
  /** The CRS the file states, or null when it says nothing (then it is guessed from the coordinates). */
  declared: { crs: CrsFromWkt; source: DetectedCrs['source'] } | null;
  /** Why what the file said could not be read (kept for the error when no CRS is chosen). */
  crsProblem?: string;
  notes: PlanFileNote[];
}

function readShapefileLayer(layer: ShapefileLayer, options: PlanReadOptions): LayerRead {
  if (!layer.shp) throw new PlanFileError('shapefile_incomplete', '.shp', layer.name);
  if (!layer.dbf) throw new PlanFileError('shapefile_incomplete', '.dbf', layer.name);
  const notes: PlanFileNote[] = [];
  let geometries: Array<Geometry | null>;
  let table: DbfTable;
  try {
    geometries = parseShp(layer.shp);
    table = readDbf(layer.dbf);
  } catch (error) {
    throw new PlanFileError('invalid_shapefile', (error as Error).message, layer.name);
  }
  const encoding = chooseEncoding(layer, table, options.encoding, notes);
  const { fields, records } = dbfRecords(table, encoding.name);
  if (geometries.length !== records.length) {
    notes.push({ code: 'records_mismatch', detail: `${geometries.length} / ${records.length}` });
  }
  const features = geometries.map((geometry, i) => ({ geometry, properties: records[i] ?? {} }));

  let declared: LayerRead['declared'] = null;
  let crsProblem: string | undefined;
  if (layer.prj) {
    const text = new TextDecoder().decode(layer.prj);
    if (!looksLikeWkt(text)) {
      notes.push({ code: 'prj_ignored', detail: text.trim().slice(0, 40) });
    } else {
      try {
        declared = { crs: crsFromPrj(text), source: 'prj' };
      } catch (error) {
        if (!(error instanceof CrsError)) throw error;
        crsProblem = error.detail;
      }
    }
  }
  return { features, fields, encoding, declared, crsProblem, notes };
}

/**
 * The encoding of a .dbf: the planner's choice; else what .cpg, then .cst, then the LDID byte declares; a
 * declared UTF-8 whose bytes are not valid UTF-8 falls back to Windows-1252 (the usual lie of Swedish exports).
 * With no declaration: UTF-8 when the bytes are valid UTF-8 (or plain ASCII), else Windows-1252.
 */
function chooseEncoding(
  layer: ShapefileLayer,
  table: DbfTable,
  chosen: Encoding | undefined,
  notes: PlanFileNote[],
): NonNullable<ParsedPlanFile['encoding']> {
  if (chosen) return { name: chosen, source: 'user' };
  const nonAscii = hasNonAscii(table.textBytes);
  const validUtf8 = isValidUtf8(table.textBytes);
  const fromLabel = (bytes: Uint8Array | undefined, source: 'cpg' | 'cst') => {
    if (!bytes) return null;
    const label = new TextDecoder().decode(bytes);
    const encoding = encodingOfLabel(label);
    if (!encoding) notes.push({ code: source === 'cpg' ? 'cpg_ignored' : 'cst_ignored', detail: label.trim().slice(0, 40) });
    return encoding ? { name: encoding, source } : null;
  };
  const declared = fromLabel(layer.cpg, 'cpg') ?? fromLabel(layer.cst, 'cst');
  if (declared) {
    if (declared.name === 'utf-8' && !validUtf8) {
      notes.push({ code: 'encoding_fallback', detail: `${declared.source}: UTF-8` });
      return { name: 'windows-1252', source: 'fallback', declared: 'utf-8' };
    }
    return declared;
  }
  const ldid = encodingOfLdid(table.ldid);
  if (ldid) {
    // Text that is valid multi-byte UTF-8 is almost never single-byte text by chance: some tools write the
    // ANSI byte by default and UTF-8 data.
    if (ldid !== 'utf-8' && nonAscii && validUtf8) return { name: 'utf-8', source: 'content', declared: ldid };
    return { name: ldid, source: 'ldid' };
  }
  if (!nonAscii || validUtf8) return { name: 'utf-8', source: 'default' };
  return { name: 'windows-1252', source: 'fallback' };
}

function readGeoJsonLayer(layer: GeoJsonLayer, options: PlanReadOptions): LayerRead {
  let bytes = layer.bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  // GeoJSON is UTF-8 (RFC 7946), but files saved by hand in Latin-1 exist.
  const encoding: NonNullable<ParsedPlanFile['encoding']> = options.encoding
    ? { name: options.encoding, source: 'user' }
    : isValidUtf8(bytes)
      ? { name: 'utf-8', source: 'default' }
      : { name: 'windows-1252', source: 'fallback' };
  const notes: PlanFileNote[] = [];
  if (encoding.source === 'fallback') notes.push({ code: 'encoding_fallback', detail: 'GeoJSON: UTF-8' });
  let json: unknown;
  try {
    json = JSON.parse(decoderFor(encoding.name)(bytes));
  } catch {
    throw new PlanFileError('invalid_file', 'not JSON');
  }
  const root = json as { type?: unknown; features?: unknown; geometry?: unknown; crs?: unknown; properties?: unknown };
  let features: RawPlanFeature[];
  if (root?.type === 'FeatureCollection' && Array.isArray(root.features)) {
    features = root.features.map((f: { properties?: unknown; geometry?: unknown }) => ({
      properties: isRecord(f?.properties) ? f.properties : {},
      geometry: (f?.geometry as Geometry | null) ?? null,
    }));
  } else if (root?.type === 'Feature') {
    features = [{ properties: isRecord(root.properties) ? root.properties : {}, geometry: (root.geometry as Geometry) ?? null }];
  } else if (typeof root?.type === 'string' && 'coordinates' in (root as object)) {
    features = [{ properties: {}, geometry: root as Geometry }];
  } else {
    throw new PlanFileError('invalid_file', 'not a GeoJSON FeatureCollection');
  }
  let declared: LayerRead['declared'] = null;
  let crsProblem: string | undefined;
  try {
    const code = crsFromMember(root.crs);
    if (code) declared = { crs: { code }, source: 'crs-member' };
  } catch (error) {
    if (!(error instanceof CrsError)) throw error;
    crsProblem = error.detail;
  }
  return { features, encoding, declared, crsProblem, notes };
}

function readDecodedLayer(layer: SourceLayer): LayerRead {
  let declared: LayerRead['declared'] = null;
  let crsProblem: string | undefined;
  try {
    const crs = crsFromSource(layer.crs);
    if (crs) declared = { crs, source: 'file' };
  } catch (error) {
    if (!(error instanceof CrsError)) throw error;
    crsProblem = error.detail;
  }
  return { features: layer.features, fields: layer.fields, encoding: null, declared, crsProblem, notes: [] };
}

function finish(read: LayerRead, options: PlanReadOptions, layer: string) {
  if (read.features.length === 0) throw new PlanFileError('no_features', '', layer);
  const bbox = envelope(read.features);
  if (!bbox) throw new PlanFileError('no_features', 'no coordinates', layer);
  const detectedSwap = looksNorthingFirst(bbox);
  const axesSwapped = options.swapAxes ?? detectedSwap;
  const axesSource: ParsedPlanFile['axesSource'] = options.swapAxes === undefined ? 'detected' : 'user';
  const swappedBox: [number, number, number, number] = axesSwapped ? [bbox[1], bbox[0], bbox[3], bbox[2]] : bbox;
  const notes = [...read.notes];

  let crs: DetectedCrs;
  if (options.crs) {
    crs = { code: options.crs, source: 'user' };
  } else if (read.declared) {
    const { code, def, name, substituted } = read.declared.crs;
    crs = { code, source: read.declared.source, ...(def ? { wkt: def } : {}), ...(name ? { name } : {}) };
    if (substituted) {
      crs.substituted = true;
      notes.push({ code: 'rt90_substituted', detail: code });
    }
  } else if (read.crsProblem) {
    throw new PlanFileError('unknown_crs', read.crsProblem, layer);
  } else {
    try {
      crs = { code: crsFromCoordinates(swappedBox), source: 'coordinates' };
    } catch (error) {
      if (error instanceof CrsError) throw new PlanFileError('unknown_crs', error.detail, layer);
      throw error;
    }
  }
  let project: (xy: readonly number[]) => [number, number];
  try {
    project = toWgs84(crs);
  } catch (error) {
    if (error instanceof CrsError) throw new PlanFileError('unknown_crs', error.detail, layer);
    throw error;
  }
  const swap = axesSwapped ? (xy: readonly number[]) => project([xy[1]!, xy[0]!]) : project;
  const fields: string[] = [...(read.fields ?? [])];
  const seen = new Set<string>(fields);
  for (const f of read.features) {
    for (const key of Object.keys(f.properties)) {
      if (!seen.has(key)) {
        seen.add(key);
        fields.push(key);
      }
    }
  }
  return {
    encoding: read.encoding,
    crs,
    axesSwapped,
    axesSource,
    notes,
    fields,
    features: read.features.map((f) => ({ properties: f.properties, geometry: mapGeometry(f.geometry, swap) })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every position of a geometry, for the envelope; tolerant of malformed input (validation reports it). */
function* positions(geometry: Geometry | null): Generator<Position> {
  if (!geometry) return;
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries ?? []) yield* positions(g);
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
    return { type: 'GeometryCollection', geometries: (geometry.geometries ?? []).map((g) => mapGeometry(g, project)!) };
  }
  const walk = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (typeof c[0] === 'number') return project(c as number[]);
    return c.map(walk);
  };
  // Rebuilt without `bbox`: shpjs adds one in the file's CRS, and Turf trusts it.
  return { type: geometry.type, coordinates: walk((geometry as { coordinates: unknown }).coordinates) } as Geometry;
}
