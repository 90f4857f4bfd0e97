import type { Geometry, Position } from 'geojson';

/**
 * A reader of Well-Known Binary, the geometry encoding inside GeoPackage blobs: ISO WKB (type + 1000 for Z,
 * 2000 for M, 3000 for ZM) and, leniently, the EWKB flag bits that some writers use. Both byte orders, per
 * geometry. Z is kept as a third coordinate; M is dropped (GeoJSON has no place for it). The curve and surface
 * types of ISO 13249 (CircularString … Triangle) are refused with UnsupportedGeometryError: they need
 * linearising, which we do not guess at.
 *
 * Written here rather than taken from a package: the one in the registry (`wkx`) needs Node's Buffer in the
 * browser, and reading the seven simple-feature types from a DataView is small.
 */

export class UnsupportedGeometryError extends Error {
  constructor(readonly geometryType: string) {
    super(`unsupported geometry type ${geometryType}`);
    this.name = 'UnsupportedGeometryError';
  }
}

export class MalformedWkbError extends Error {
  constructor(detail: string) {
    super(`malformed WKB: ${detail}`);
    this.name = 'MalformedWkbError';
  }
}

/** ISO 13249 names of the types we refuse, for the error message. */
const CURVE_TYPES: Record<number, string> = {
  8: 'CircularString',
  9: 'CompoundCurve',
  10: 'CurvePolygon',
  11: 'MultiCurve',
  12: 'MultiSurface',
  13: 'Curve',
  14: 'Surface',
  15: 'PolyhedralSurface',
  16: 'TIN',
  17: 'Triangle',
};

/** Parses one WKB geometry starting at `offset`. An empty geometry (no points, or a point of NaNs) is null. */
export function readWkb(bytes: Uint8Array, offset = 0): Geometry | null {
  const reader = new WkbReader(bytes, offset);
  const geometry = reader.geometry();
  return geometry && isEmpty(geometry) ? null : geometry;
}

interface Header {
  type: number;
  little: boolean;
  hasZ: boolean;
  hasM: boolean;
}

class WkbReader {
  private readonly view: DataView;
  private pos: number;

  constructor(bytes: Uint8Array, offset: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
  }

  geometry(expected?: number): Geometry | null {
    const header = this.header();
    if (expected !== undefined && header.type !== expected) {
      throw new MalformedWkbError(`member of type ${header.type} where ${expected} was expected`);
    }
    const { little } = header;
    switch (header.type) {
      case 1: {
        const p = this.position(header);
        return Number.isNaN(p[0]) && Number.isNaN(p[1]) ? null : { type: 'Point', coordinates: p };
      }
      case 2:
        return { type: 'LineString', coordinates: this.positions(header) };
      case 3:
        return { type: 'Polygon', coordinates: this.rings(header) };
      case 4:
      case 5:
      case 6:
      case 7: {
        const count = this.count(little, 9); // each member has at least its own 9-byte header (5) + a count (4)
        const members: Geometry[] = [];
        for (let i = 0; i < count; i++) {
          const member = this.geometry(header.type === 7 ? undefined : header.type - 3);
          if (member && !isEmpty(member)) members.push(member);
        }
        if (header.type === 7) return { type: 'GeometryCollection', geometries: members };
        const coordinates = members.map((m) => (m as { coordinates: unknown }).coordinates);
        if (header.type === 4)
          return { type: 'MultiPoint', coordinates: coordinates as Position[] };
        if (header.type === 5)
          return { type: 'MultiLineString', coordinates: coordinates as Position[][] };
        return { type: 'MultiPolygon', coordinates: coordinates as Position[][][] };
      }
      default:
        throw new UnsupportedGeometryError(CURVE_TYPES[header.type] ?? `WKB type ${header.type}`);
    }
  }

  private header(): Header {
    this.need(5);
    const order = this.view.getUint8(this.pos);
    if (order > 1) throw new MalformedWkbError(`byte order ${order} at ${this.pos}`);
    const little = order === 1;
    const raw = this.view.getUint32(this.pos + 1, little);
    this.pos += 5;
    // EWKB: flags in the high bits, an SRID after the type.
    let hasZ = (raw & 0x80000000) !== 0;
    let hasM = (raw & 0x40000000) !== 0;
    if (raw & 0x20000000) {
      this.need(4);
      this.pos += 4;
    }
    let type = raw & 0x0fffffff;
    // ISO: thousands give the dimensions.
    const dims = Math.floor(type / 1000);
    type %= 1000;
    if (dims === 1 || dims === 3) hasZ = true;
    if (dims === 2 || dims === 3) hasM = true;
    if (dims > 3) throw new MalformedWkbError(`geometry type ${raw}`);
    return { type, little, hasZ, hasM };
  }

  /** A count, checked against the bytes left so that a corrupt count cannot make us allocate gigabytes. */
  private count(little: boolean, minBytesEach: number): number {
    this.need(4);
    const n = this.view.getUint32(this.pos, little);
    this.pos += 4;
    if (n * minBytesEach > this.view.byteLength - this.pos)
      throw new MalformedWkbError(`count ${n} past the end`);
    return n;
  }

  private position({ little, hasZ, hasM }: Header): Position {
    const size = 16 + (hasZ ? 8 : 0) + (hasM ? 8 : 0);
    this.need(size);
    const x = this.view.getFloat64(this.pos, little);
    const y = this.view.getFloat64(this.pos + 8, little);
    const p: Position = hasZ ? [x, y, this.view.getFloat64(this.pos + 16, little)] : [x, y];
    this.pos += size;
    return p;
  }

  private positions(header: Header): Position[] {
    const size = 16 + (header.hasZ ? 8 : 0) + (header.hasM ? 8 : 0);
    const n = this.count(header.little, size);
    const out: Position[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.position(header);
    return out;
  }

  private rings(header: Header): Position[][] {
    const n = this.count(header.little, 4);
    const out: Position[][] = [];
    for (let i = 0; i < n; i++) out.push(this.positions(header));
    return out;
  }

  private need(bytes: number) {
    if (this.pos + bytes > this.view.byteLength)
      throw new MalformedWkbError(`truncated at byte ${this.pos}`);
  }
}

function isEmpty(geometry: Geometry): boolean {
  if (geometry.type === 'GeometryCollection') return geometry.geometries.length === 0;
  return (geometry as { coordinates: unknown[] }).coordinates.length === 0;
}
