import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Geometry, Position } from 'geojson';
import { PlanFileError } from './plan-file';
import { epsgFromSrsName, type SourceLayer } from './source-layer';

/**
 * Reads a detaljplan in the national exchange format (SS 637040, GML 3.2, as Swedish planning systems export
 * it) and, more generally, any simple-feature GML 2/3 file; also KML (each Placemark a feature, with its
 * ExtendedData, in CRS84 longitude/latitude), which shares GML 2's polygon elements.
 *
 * The application schema's namespace and element names change between versions of the standard and between
 * exporters, so nothing here depends on them: a feature is the element that holds a GML geometry through a
 * property (feature → property → gml:Polygon …), and every feature type becomes one layer. The layer that
 * carries the plan boundary (a feature type named like Detaljplan, Plan, Planområde, Plangräns) comes first; the
 * others (användningsbestämmelser, egenskapsbestämmelser, gränser …) follow in document order.
 *
 * Coordinates are returned in file order, and `crs.srsName` as the file wrote it. GML with the EPSG URN or URI
 * forms (`urn:ogc:def:crs:EPSG::3006`, `http://www.opengis.net/def/crs/EPSG/0/3006`) follows the EPSG axis order,
 * which for SWEREF 99 TM is northing first: those files hold [N, E]; `EPSG:3006` is conventionally [E, N]. The
 * importer decides (srsNameUsesAuthorityAxisOrder in source-layer.ts). Z (srsDimension 3) is kept as the third
 * coordinate.
 *
 * Refused with a PlanFileError: not well-formed XML or a DOCTYPE ('invalid_file'), no feature with a geometry
 * ('no_layers', with the root element's name), arcs and other curve segments or solids ('unsupported_geometry', the GML element as detail),
 * coordinates that do not add up ('invalid_file'). Errors about one feature type carry it as `layer`.
 */
export function readPlanGml(text: string): SourceLayer[] {
  // A plan file never needs a DTD; refusing it rules out entity tricks whatever the parser's limits are.
  if (/<!DOCTYPE/i.test(text)) throw new PlanFileError('invalid_file', 'GML with a DOCTYPE');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new PlanFileError('invalid_file', `not XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const root = parse(text);
  if (!root) throw new PlanFileError('invalid_file', 'not XML: no root element');

  const found = collectFeatures(root);
  if (found.length === 0) throw new PlanFileError('no_layers', root.name); // what the XML is instead

  const layers = new Map<string, { features: FoundFeature[] }>();
  for (const feature of found) {
    const layer = layers.get(feature.element.name) ?? { features: [] };
    layer.features.push(feature);
    layers.set(feature.element.name, layer);
  }
  const result = [...layers].map(([name, { features }]) => toLayer(name, features));
  // Stable sort: the plan boundary first, the rest in document order.
  return result.sort((a, b) => Number(isPlanBoundary(b.name)) - Number(isPlanBoundary(a.name)));
}

/**
 * The encoding an XML file declares for itself, for decoding its bytes before readPlanGml: a UTF-16 byte-order
 * mark, else the XML declaration's `encoding` (older Swedish exports say ISO-8859-1 or Windows-1252), else null,
 * which XML defines as UTF-8. Returned as a lower-case label for TextDecoder.
 */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const declared =
    /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
      head,
    )?.[1];
  return declared ? declared.toLowerCase() : null;
}

/** Feature types that carry a plan's boundary, in the spellings of the national formats and common exports. */
function isPlanBoundary(featureType: string): boolean {
  return /^(detalj)?plan$|^plan_?(omr[aå]de|gr[aä]ns|avgr[aä]nsning|yta)$|^detaljplan_?(omr[aå]de|gr[aä]ns|yta)$/i.test(
    featureType,
  );
}

// ---- XML to a small element tree -----------------------------------------------------------------------------

interface XmlElement {
  /** Local name: the namespace prefix is dropped (prefixes differ between exporters). */
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
}

function parse(text: string): XmlElement | null {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
  });
  const elements = toElements(parser.parse(text) as OrderedNode[]);
  return elements[0] ?? null;
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElements(nodes: OrderedNode[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key === '#text') continue;
      const content = (node[key] as OrderedNode[]) ?? [];
      out.push({
        name: key,
        attrs: node[':@'] ?? {},
        text: content
          .map((c) => c['#text'])
          .filter((t) => t !== undefined)
          .join(' ')
          .trim(),
        children: toElements(content),
      });
    }
  }
  return out;
}

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);
const childrenNamed = (el: XmlElement, ...names: string[]) =>
  el.children.filter((c) => names.includes(c.name));

// ---- features ------------------------------------------------------------------------------------------------

const SURFACES = [
  'Polygon',
  'Surface',
  'MultiSurface',
  'MultiPolygon',
  'CompositeSurface',
  'PolygonPatch',
];
const CURVES = [
  'LineString',
  'Curve',
  'MultiCurve',
  'MultiLineString',
  'CompositeCurve',
  'LinearRing',
];
const POINTS = ['Point', 'MultiPoint'];
/** GML geometry elements we recognise as the start of a geometry (and refuse when we cannot read them). */
const GEOMETRIES = new Set([
  ...SURFACES,
  ...CURVES,
  ...POINTS,
  'MultiGeometry',
  'OrientableSurface',
  'OrientableCurve',
  'Solid',
  'CompositeSolid',
  'MultiSolid',
  'TriangulatedSurface',
  'Tin',
  'PolyhedralSurface',
]);

interface SrsContext {
  srsName?: string;
  srsDimension?: number;
}

interface FoundFeature {
  element: XmlElement;
  /** Geometries found under the feature's properties, in document order. */
  geometries: { element: XmlElement; srs: SrsContext }[];
}

function collectFeatures(root: XmlElement): FoundFeature[] {
  const byElement = new Map<XmlElement, FoundFeature>();
  const visit = (el: XmlElement, chain: XmlElement[], srs: SrsContext) => {
    if (el.name === 'boundedBy') return;
    const here = inherit(srs, el);
    if (GEOMETRIES.has(el.name)) {
      // feature → property → geometry; a geometry straight under the root belongs to the root.
      // KML has no property elements: its feature is the Placemark around the geometry.
      const placemark = [...chain].reverse().find((a) => a.name === 'Placemark');
      const feature =
        placemark ?? (chain.length >= 2 ? chain[chain.length - 2]! : (chain[0] ?? el));
      const entry = byElement.get(feature) ?? { element: feature, geometries: [] };
      entry.geometries.push({ element: el, srs: here });
      byElement.set(feature, entry);
      return;
    }
    for (const c of el.children) visit(c, [...chain, el], here);
  };
  visit(root, [], documentSrs(root));
  return [...byElement.values()];
}

/** The CRS a document states for everything: on its root, or on its root's gml:boundedBy envelope. */
function documentSrs(root: XmlElement): SrsContext {
  // KML is always WGS 84 longitude, latitude[, altitude]: CRS84 says so with the axis order.
  if (root.name === 'kml') return { srsName: 'urn:ogc:def:crs:OGC:1.3:CRS84' };
  const envelope = child(root, 'boundedBy')?.children.find(
    (c) => c.name === 'Envelope' || c.name === 'Box',
  );
  return inherit(inherit({}, envelope), root);
}

function inherit(srs: SrsContext, el: XmlElement | undefined): SrsContext {
  if (!el) return srs;
  const srsName = el.attrs.srsName?.trim();
  const dimension = Number(el.attrs.srsDimension);
  return {
    srsName: srsName || srs.srsName,
    srsDimension: Number.isInteger(dimension) && dimension > 0 ? dimension : srs.srsDimension,
  };
}

function toLayer(name: string, found: FoundFeature[]): SourceLayer {
  const fields: string[] = [];
  const seen = new Set<string>();
  let srsName: string | undefined;
  const features = found.map(({ element, geometries }) => {
    const best = [...geometries].sort((a, b) => rank(a.element) - rank(b.element))[0]!;
    if (best.srs.srsName) {
      if (srsName && srsName !== best.srs.srsName) {
        throw new PlanFileError(
          'invalid_file',
          `two CRSs: ${srsName} and ${best.srs.srsName}`,
          name,
        );
      }
      srsName ??= best.srs.srsName;
    }
    const properties = propertiesOf(element);
    for (const key of Object.keys(properties)) {
      if (!seen.has(key)) {
        seen.add(key);
        fields.push(key);
      }
    }
    return { properties, geometry: readGeometry(best.element, best.srs, name) };
  });
  const epsg = srsName ? epsgFromSrsName(srsName) : undefined;
  return {
    name,
    crs: { ...(epsg !== undefined ? { epsg } : {}), ...(srsName ? { srsName } : {}) },
    fields,
    features,
  };
}

/** Surfaces before curves before points: a plan feature with a boundary and a label point is its boundary. */
function rank(el: XmlElement): number {
  if (SURFACES.includes(el.name)) return 0;
  if (CURVES.includes(el.name)) return 1;
  return 2;
}

/**
 * The feature's simple properties: child elements that hold text (nested objects and geometry properties are
 * left out), plus its gml:id. A repeated property keeps its values in order, joined by "; ".
 */
function propertiesOf(feature: XmlElement): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  if (feature.attrs.id) properties.gml_id = feature.attrs.id;
  for (const c of feature.children) {
    if (c.children.length > 0 || c.name === 'boundedBy') continue;
    const value = c.attrs.nil === 'true' ? null : c.text;
    if (value === '') continue;
    const before = properties[c.name];
    properties[c.name] =
      before === undefined || before === null ? value : `${String(before)}; ${value ?? ''}`;
  }
  // KML's attributes: <ExtendedData><Data name="…"><value>…</value></Data> or <SchemaData><SimpleData name="…">.
  for (const data of child(feature, 'ExtendedData')?.children ?? []) {
    if (data.name === 'Data' && data.attrs.name)
      properties[data.attrs.name] = child(data, 'value')?.text ?? '';
    if (data.name === 'SchemaData') {
      for (const simple of childrenNamed(data, 'SimpleData')) {
        if (simple.attrs.name) properties[simple.attrs.name] = simple.text;
      }
    }
  }
  return properties;
}

// ---- geometries ----------------------------------------------------------------------------------------------

class UnsupportedGml extends Error {}

function readGeometry(el: XmlElement, srs: SrsContext, layer: string): Geometry | null {
  try {
    return geometry(el, srs);
  } catch (error) {
    if (error instanceof UnsupportedGml) {
      throw new PlanFileError('unsupported_geometry', error.message, layer);
    }
    if (error instanceof BadCoordinates)
      throw new PlanFileError('invalid_file', error.message, layer);
    throw error;
  }
}

function geometry(el: XmlElement, parentSrs: SrsContext): Geometry | null {
  const srs = inherit(parentSrs, el);
  switch (el.name) {
    case 'Point': {
      const p = positions(el, srs)[0];
      return p ? { type: 'Point', coordinates: p } : null;
    }
    case 'LineString':
    case 'Curve':
    case 'CompositeCurve':
    case 'LinearRing': {
      const line = curve(el, srs);
      return line.length ? { type: 'LineString', coordinates: line } : null;
    }
    case 'Polygon':
    case 'PolygonPatch': {
      const rings = polygon(el, srs);
      return rings ? { type: 'Polygon', coordinates: rings } : null;
    }
    case 'Surface':
    case 'MultiSurface':
    case 'MultiPolygon':
    case 'CompositeSurface': {
      const parts = surfaces(el, srs);
      if (parts.length === 0) return null;
      return parts.length === 1 && el.name !== 'MultiSurface' && el.name !== 'MultiPolygon'
        ? { type: 'Polygon', coordinates: parts[0]! }
        : { type: 'MultiPolygon', coordinates: parts };
    }
    case 'MultiCurve':
    case 'MultiLineString': {
      const lines = members(el, ['curveMember', 'curveMembers', 'lineStringMember'])
        .map((m) => curve(m, inherit(srs, m)))
        .filter((l) => l.length > 0);
      return lines.length ? { type: 'MultiLineString', coordinates: lines } : null;
    }
    case 'MultiPoint': {
      const points = members(el, ['pointMember', 'pointMembers'])
        .map((m) => positions(m, inherit(srs, m))[0])
        .filter((p): p is Position => !!p);
      return points.length ? { type: 'MultiPoint', coordinates: points } : null;
    }
    case 'MultiGeometry': {
      // GML wraps the parts in geometryMember(s); KML lists them directly.
      const parts = [
        ...members(el, ['geometryMember', 'geometryMembers']),
        ...el.children.filter((c) => GEOMETRIES.has(c.name)),
      ]
        .map((m) => geometry(m, srs))
        .filter((g): g is Geometry => !!g);
      if (parts.length === 0) return null;
      // Areas only (a plan in several parts): one multipolygon, which the importer takes as an outline.
      if (parts.every((p) => p.type === 'Polygon' || p.type === 'MultiPolygon')) {
        return {
          type: 'MultiPolygon',
          coordinates: parts.flatMap((p) =>
            p.type === 'Polygon'
              ? [p.coordinates]
              : (p as { coordinates: Position[][][] }).coordinates,
          ),
        };
      }
      return { type: 'GeometryCollection', geometries: parts };
    }
    default:
      throw new UnsupportedGml(el.name);
  }
}

/** The geometry elements inside member properties (`surfaceMember` holds one, `surfaceMembers` several). */
function members(el: XmlElement, propertyNames: string[]): XmlElement[] {
  return childrenNamed(el, ...propertyNames).flatMap((p) => p.children);
}

/** The polygons of a surface-like element, each as rings. */
function surfaces(el: XmlElement, srs: SrsContext): Position[][][] {
  switch (el.name) {
    case 'Polygon':
    case 'PolygonPatch': {
      const rings = polygon(el, srs);
      return rings ? [rings] : [];
    }
    case 'Surface': {
      const patches = childrenNamed(el, 'patches', 'polygonPatches').flatMap((p) => p.children);
      return patches.flatMap((patch) => {
        if (patch.name !== 'PolygonPatch') throw new UnsupportedGml(patch.name);
        return surfaces(patch, inherit(srs, patch));
      });
    }
    case 'MultiSurface':
    case 'MultiPolygon':
    case 'CompositeSurface':
      return members(el, ['surfaceMember', 'surfaceMembers', 'polygonMember']).flatMap((m) =>
        surfaces(m, inherit(srs, m)),
      );
    default:
      throw new UnsupportedGml(el.name);
  }
}

function polygon(el: XmlElement, srs: SrsContext): Position[][] | null {
  const exterior = child(el, 'exterior') ?? child(el, 'outerBoundaryIs');
  if (!exterior) return null;
  const rings = [exterior, ...childrenNamed(el, 'interior', 'innerBoundaryIs')].map((boundary) => {
    const ring = boundary.children[0];
    if (!ring) throw new BadCoordinates('an empty polygon boundary');
    return curve(ring, inherit(srs, ring));
  });
  return rings[0]!.length ? rings : null;
}

/** The positions of a linear element: LineString, LinearRing, Curve of LineStringSegments, Ring of curves. */
function curve(el: XmlElement, parentSrs: SrsContext): Position[] {
  const srs = inherit(parentSrs, el);
  switch (el.name) {
    case 'LineString':
    case 'LinearRing':
    case 'LineStringSegment':
      return positions(el, srs);
    case 'Curve':
      return join(
        childrenNamed(el, 'segments')
          .flatMap((s) => s.children)
          .map((segment) => {
            if (segment.name !== 'LineStringSegment') throw new UnsupportedGml(segment.name);
            return curve(segment, srs);
          }),
      );
    case 'Ring':
    case 'CompositeCurve':
      return join(members(el, ['curveMember']).map((m) => curve(m, srs)));
    default:
      throw new UnsupportedGml(el.name);
  }
}

/** Consecutive pieces of one line: each piece starts where the last ended, so that point is not repeated. */
function join(pieces: Position[][]): Position[] {
  const out: Position[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    const first = piece[0];
    const skip = last && first && last.every((v, i) => v === first[i]) ? 1 : 0;
    out.push(...piece.slice(skip));
  }
  return out;
}

class BadCoordinates extends Error {}

/** gml:posList, a run of gml:pos, gml:pointProperty/Point, or GML 2's gml:coordinates / gml:coord. */
function positions(el: XmlElement, srs: SrsContext): Position[] {
  const posList = child(el, 'posList');
  if (posList) {
    const dimension = inherit(srs, posList).srsDimension ?? 2;
    const values = numbers(posList.text);
    if (values.length % dimension !== 0) {
      throw new BadCoordinates(`${values.length} numbers in a posList of dimension ${dimension}`);
    }
    const out: Position[] = [];
    for (let i = 0; i < values.length; i += dimension)
      out.push(values.slice(i, i + Math.min(dimension, 3)));
    return out;
  }
  const coordinates = child(el, 'coordinates');
  if (coordinates) {
    const cs = coordinates.attrs.cs ?? ',';
    const ts = coordinates.attrs.ts ?? ' ';
    const decimal = coordinates.attrs.decimal ?? '.';
    return coordinates.text
      .split(ts === ' ' ? /\s+/ : ts)
      .filter((t) => t.trim() !== '')
      .map((tuple) => numbers(tuple.split(cs).join(' '), decimal).slice(0, 3));
  }
  const out: Position[] = [];
  for (const c of el.children) {
    if (c.name === 'pos') {
      const values = numbers(c.text);
      const dimension = inherit(srs, c).srsDimension ?? values.length;
      if (values.length !== dimension || dimension < 2)
        throw new BadCoordinates(`a pos of ${values.length} numbers`);
      out.push(values.slice(0, 3));
    } else if (c.name === 'coord') {
      const x = Number(child(c, 'X')?.text);
      const y = Number(child(c, 'Y')?.text);
      const z = child(c, 'Z') ? Number(child(c, 'Z')!.text) : undefined;
      if (!Number.isFinite(x) || !Number.isFinite(y))
        throw new BadCoordinates('a coord without X and Y');
      out.push(z !== undefined && Number.isFinite(z) ? [x, y, z] : [x, y]);
    } else if (c.name === 'pointProperty' || c.name === 'pointRep') {
      const point = c.children[0];
      if (point) out.push(...positions(point, inherit(srs, point)).slice(0, 1));
    }
  }
  return out;
}

function numbers(text: string, decimal = '.'): number[] {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  return tokens.map((token) => {
    const value = Number(decimal === '.' ? token : token.replace(decimal, '.'));
    if (!Number.isFinite(value))
      throw new BadCoordinates(`"${token.slice(0, 20)}" is not a number`);
    return value;
  });
}
