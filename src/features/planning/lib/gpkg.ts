import type { Geometry } from 'geojson';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { loadSqlJs } from './gpkg-sql';
import { PlanFileError } from './plan-file';
import type { SourceLayer } from './source-layer';
import { MalformedWkbError, readWkb, UnsupportedGeometryError } from './wkb';

/**
 * Reads the feature layers of a GeoPackage (OGC 12-128r18; what QGIS saves by default and Lantmäteriet
 * delivers): the layers registered in gpkg_contents as 'features', their geometry column from
 * gpkg_geometry_columns, their CRS from gpkg_spatial_ref_sys, every other column as an attribute. Coordinates
 * stay in the file's CRS; Z is kept, M dropped (see wkb.ts).
 *
 * Refused with a PlanFileError: not an SQLite file, no GeoPackage tables, a corrupt file or geometry blob
 * ('invalid_file'), no feature layer ('no_layers', with the tables it has instead; a layer without rows is returned
 * empty), a curve or surface
 * type ('unsupported_geometry', the type as detail). Errors about one layer carry its name as `layer`.
 *
 * `loadSql` is there for tests; the app uses the lazily loaded sql.js.
 */
export async function readGeoPackage(
  bytes: Uint8Array,
  loadSql: () => Promise<SqlJsStatic> = loadSqlJs,
): Promise<SourceLayer[]> {
  if (!isSqlite(bytes))
    throw new PlanFileError('invalid_file', 'not a GeoPackage (not an SQLite file)');
  const SQL = await loadSql();
  let db: Database;
  try {
    db = new SQL.Database(withoutWalFlag(bytes));
  } catch (error) {
    throw new PlanFileError('invalid_file', `not a GeoPackage (${(error as Error).message})`);
  }
  try {
    return readLayers(db);
  } catch (error) {
    if (error instanceof PlanFileError) throw error;
    // SQLite's own complaints (a truncated or corrupt file shows only when a page is read).
    throw new PlanFileError('invalid_file', `GeoPackage: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function isSqlite(bytes: Uint8Array): boolean {
  if (bytes.length < 100) return false;
  for (let i = 0; i < SQLITE_MAGIC.length; i++)
    if (bytes[i] !== SQLITE_MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * QGIS opens GeoPackages in WAL mode, and the file keeps saying so (header bytes 18–19 = 2) after it is closed
 * and checkpointed. sql.js's in-memory file system has no WAL support and would refuse it; the uploaded file
 * alone is complete (there is no -wal file beside it in an upload), so we read it as a rollback-journal database.
 */
function withoutWalFlag(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice(); // sql.js may keep the buffer; never hand it the caller's
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  return copy;
}

interface LayerRow {
  table: string;
  geometryColumn: string;
  srsId: number | null;
  organization: string | null;
  organizationId: number | null;
  definition: string | null;
}

function readLayers(db: Database): SourceLayer[] {
  const tables = new Set(
    rows(db, "select name from sqlite_master where type in ('table', 'view')").map((r) => r[0]),
  );
  for (const required of ['gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys']) {
    if (!tables.has(required))
      throw new PlanFileError('invalid_file', `not a GeoPackage (no ${required})`);
  }
  const layers: LayerRow[] = rows(
    db,
    `select c.table_name, g.column_name, g.srs_id, s.organization, s.organization_coordsys_id, s.definition
         from gpkg_contents c
         join gpkg_geometry_columns g on g.table_name = c.table_name
         left join gpkg_spatial_ref_sys s on s.srs_id = g.srs_id
        where lower(c.data_type) = 'features'
        order by c.rowid`,
  ).map(([table, geometryColumn, srsId, organization, organizationId, definition]) => ({
    table: String(table),
    geometryColumn: String(geometryColumn),
    srsId: typeof srsId === 'number' ? srsId : null,
    organization: typeof organization === 'string' ? organization : null,
    organizationId: typeof organizationId === 'number' ? organizationId : null,
    definition: typeof definition === 'string' ? definition : null,
  }));
  if (layers.length === 0) {
    // What the GeoPackage holds instead (attribute tables, tiles), as the importer lists what a zip held.
    const other = rows(db, 'select table_name, data_type from gpkg_contents order by rowid');
    throw new PlanFileError('no_layers', other.map(([t, type]) => `${t} (${type})`).join(', '));
  }
  return layers.map((layer) => readLayer(db, layer));
}

function readLayer(db: Database, layer: LayerRow): SourceLayer {
  const columns = rows(db, `pragma table_info(${quote(layer.table)})`).map(
    ([, name, type, , , pk]) => ({
      name: String(name),
      type: String(type ?? '').toUpperCase(),
      pk: Number(pk),
    }),
  );
  if (columns.length === 0) throw new PlanFileError('invalid_file', 'no such table', layer.table);
  const geometryColumn = columns.find(
    (c) => c.name.toLowerCase() === layer.geometryColumn.toLowerCase(),
  );
  if (!geometryColumn)
    throw new PlanFileError('invalid_file', `no column ${layer.geometryColumn}`, layer.table);
  // The feature id (the spec's INTEGER PRIMARY KEY) is the row's identity, not an attribute; binary columns say
  // nothing a planner can map.
  const attributes = columns.filter(
    (c) => c !== geometryColumn && !(c.pk === 1 && c.type === 'INTEGER') && c.type !== 'BLOB',
  );
  const selected = [...attributes.map((c) => quote(c.name)), quote(geometryColumn.name)].join(', ');

  const features: SourceLayer['features'] = [];
  const statement = db.prepare(`select ${selected} from ${quote(layer.table)}`);
  try {
    while (statement.step()) {
      const values = statement.get();
      const properties: Record<string, unknown> = {};
      attributes.forEach((column, i) => {
        properties[column.name] = attributeValue(values[i] ?? null, column.type);
      });
      features.push({
        properties,
        geometry: geometryOf(values[attributes.length] ?? null, layer.table),
      });
    }
  } finally {
    statement.free();
  }
  return {
    name: layer.table,
    crs: crsOf(layer),
    fields: attributes.map((c) => c.name),
    features,
  };
}

function crsOf(layer: LayerRow): SourceLayer['crs'] {
  // srs_id -1 and 0 are the spec's "undefined Cartesian" and "undefined geographic": the file says nothing.
  if (layer.srsId === null || layer.srsId === -1 || layer.srsId === 0) return {};
  const crs: SourceLayer['crs'] = {};
  if (
    layer.organization?.toUpperCase() === 'EPSG' &&
    layer.organizationId &&
    layer.organizationId > 0
  ) {
    crs.epsg = layer.organizationId;
  }
  if (layer.definition && layer.definition.trim().toLowerCase() !== 'undefined')
    crs.wkt = layer.definition.trim();
  return crs;
}

/** GeoPackage stores BOOLEAN as 0/1; dates and date-times are ISO text already; binary values are left out. */
function attributeValue(value: SqlValue, declaredType: string): unknown {
  if (value instanceof Uint8Array) return null;
  if (declaredType === 'BOOLEAN' && typeof value === 'number') return value !== 0;
  return value;
}

/**
 * A GeoPackage geometry blob: "GP", version, flags (bit 0 byte order of the header, bits 1–3 the envelope
 * kind, bit 4 empty, bit 5 extended type), srs_id, the envelope (0, 32, 48, 48 or 64 bytes), then WKB.
 * A blob without the "GP" magic is read as plain WKB: a few writers (old Spatialite-era tools) stored that.
 */
export function geometryOf(value: SqlValue, layer: string): Geometry | null {
  if (value === null) return null;
  if (!(value instanceof Uint8Array)) {
    throw new PlanFileError('invalid_file', 'a geometry that is not a blob', layer);
  }
  try {
    if (value[0] === 0x47 && value[1] === 0x50) {
      if (value.length < 8) throw new MalformedWkbError('GeoPackage header truncated');
      const flags = value[3]!;
      if (flags & 0x10) return null; // the empty flag
      const envelopeKind = (flags >> 1) & 0x07;
      const envelopeBytes = [0, 32, 48, 48, 64][envelopeKind];
      if (envelopeBytes === undefined)
        throw new MalformedWkbError(`envelope indicator ${envelopeKind}`);
      return readWkb(value, 8 + envelopeBytes);
    }
    return readWkb(value, 0);
  } catch (error) {
    if (error instanceof UnsupportedGeometryError) {
      throw new PlanFileError('unsupported_geometry', error.geometryType, layer);
    }
    if (error instanceof MalformedWkbError)
      throw new PlanFileError('invalid_file', error.message, layer);
    throw error;
  }
}

function rows(db: Database, sql: string): SqlValue[][] {
  return db.exec(sql)[0]?.values ?? [];
}

/** An SQL identifier, quoted: table and column names come from the file. */
function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
