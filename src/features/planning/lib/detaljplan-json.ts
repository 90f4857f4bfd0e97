import type { Geometry, Position } from 'geojson';
import { PlanFileError } from './plan-file';
import { epsgFromSrsName, type SourceLayer } from './source-layer';

/**
 * Lantmäteriet's national detaljplan delivery (Nationell specifikation Detaljplan 4.x, media type
 * `application/vnd.lm.detaljplan.v4+json`): a GeoJSON-shaped FeatureCollection whose features all have
 * `geometry: null`. The geometry sits in the properties instead: the plan's boundary in
 * `plangeometri[].geometri.position`, a bestämmelse's area or line in `bestammelsegeometri[].geometri.position`
 * (plain GeoJSON geometries), each with its CRS in `geometri.koordinatsystemPlan` ("EPSG:3006" …, easting first as
 * in GeoJSON). A plain GeoJSON reader sees no geometry at all, so this format needs its own reader.
 *
 * Returns null when the document is not this format (the caller then reads it as GeoJSON). One layer per
 * `feature:typ`, the plan ("detaljplan") first; each feature's parts become one (multi)geometry. Properties: the
 * object's scalar values and those of its first `beslutsinformation` (dates of antagande, laga kraft …);
 * lists of scalars are joined with "; ".
 */
export function readDetaljplanJson(json: unknown): SourceLayer[] | null {
  if (!isDetaljplanCollection(json)) return null;
  const byType = new Map<
    string,
    { crs?: string; features: SourceLayer['features']; fields: string[] }
  >();
  for (const feature of json.features) {
    const properties = isRecord(feature?.properties) ? feature.properties : {};
    const type =
      typeof properties['feature:typ'] === 'string' ? properties['feature:typ'] : 'okänd';
    const layer = byType.get(type) ?? { features: [], fields: [] };
    byType.set(type, layer);
    const parts = [
      ...listOf(properties.plangeometri),
      ...listOf(properties.bestammelsegeometri),
    ].flatMap((description) =>
      isRecord(description) && isRecord(description.geometri) ? [description.geometri] : [],
    );
    for (const part of parts) {
      const crs =
        typeof part.koordinatsystemPlan === 'string' ? part.koordinatsystemPlan : undefined;
      if (crs && layer.crs && crs !== layer.crs) {
        throw new PlanFileError('invalid_file', `two CRSs: ${layer.crs} and ${crs}`, type);
      }
      layer.crs ??= crs;
    }
    const flat = scalarsOf(properties);
    const decision = listOf(properties.beslutsinformation)[0];
    if (isRecord(decision)) for (const [k, v] of Object.entries(scalarsOf(decision))) flat[k] ??= v;
    for (const key of Object.keys(flat)) if (!layer.fields.includes(key)) layer.fields.push(key);
    layer.features.push({ properties: flat, geometry: combine(parts.map((p) => p.position)) });
  }
  const layers = [...byType].map(([name, layer]) => {
    const epsg = layer.crs ? epsgFromSrsName(layer.crs) : undefined;
    return {
      name,
      crs: {
        ...(epsg !== undefined ? { epsg } : {}),
        ...(layer.crs ? { srsName: layer.crs } : {}),
      },
      fields: layer.fields,
      features: layer.features,
    };
  });
  return layers.sort((a, b) => Number(b.name === 'detaljplan') - Number(a.name === 'detaljplan'));
}

interface DetaljplanCollection {
  features: { properties?: unknown }[];
}

/** The media type says so; without it, a collection whose features carry `feature:typ` "detaljplan" and plangeometri. */
function isDetaljplanCollection(json: unknown): json is DetaljplanCollection {
  if (!isRecord(json) || !Array.isArray(json.features)) return false;
  const mediaType = json['feature:mediatyp'];
  if (typeof mediaType === 'string') return /^application\/vnd\.lm\.detaljplan\./i.test(mediaType);
  return json.features.some(
    (f: unknown) =>
      isRecord(f) &&
      isRecord(f.properties) &&
      f.properties['feature:typ'] === 'detaljplan' &&
      Array.isArray(f.properties.plangeometri),
  );
}

/** The parts of one feature as one geometry: Polygon(s) → (Multi)Polygon, lines → (Multi)LineString, mixed → collection. */
function combine(positions: unknown[]): Geometry | null {
  const parts = positions.filter(isGeometry);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  const flatten = <T extends Geometry['type']>(single: T, multi: Geometry['type']) =>
    parts.every((p) => p.type === single || p.type === multi)
      ? parts.flatMap((p) =>
          p.type === single
            ? [(p as { coordinates: unknown }).coordinates]
            : (p as { coordinates: unknown[] }).coordinates,
        )
      : null;
  const polygons = flatten('Polygon', 'MultiPolygon');
  if (polygons) return { type: 'MultiPolygon', coordinates: polygons as Position[][][] };
  const lines = flatten('LineString', 'MultiLineString');
  if (lines) return { type: 'MultiLineString', coordinates: lines as Position[][] };
  const points = flatten('Point', 'MultiPoint');
  if (points) return { type: 'MultiPoint', coordinates: points as Position[] };
  return { type: 'GeometryCollection', geometries: parts };
}

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

function isGeometry(value: unknown): value is Geometry {
  return (
    isRecord(value) &&
    typeof value.type === 'string' &&
    GEOMETRY_TYPES.has(value.type) &&
    ('coordinates' in value || 'geometries' in value)
  );
}

function scalarsOf(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
    else if (
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((v) => ['string', 'number'].includes(typeof v))
    ) {
      out[key] = value.join('; ');
    }
  }
  return out;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
