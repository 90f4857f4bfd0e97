import proj4 from 'proj4';

/** The coordinate systems a plan file may come in: what Malmö's own data uses, and plain WGS84. */
export type CrsCode = 'EPSG:4326' | 'EPSG:3006' | 'EPSG:3008';
/** Where the CRS was read from; 'coordinates' is a guess from the value ranges and is shown as such. */
export type CrsSource = 'crs-member' | 'prj' | 'coordinates';

export interface DetectedCrs {
  code: CrsCode;
  source: CrsSource;
}

// The EPSG definitions (SWEREF 99 = ETRS89 realised in Sweden; treated as WGS84 within a metre, like PROJ).
const DEFS: Record<Exclude<CrsCode, 'EPSG:4326'>, string> = {
  'EPSG:3006': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:3008':
    '+proj=tmerc +lat_0=0 +lon_0=13.5 +k=1 +x_0=150000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
};

export class CrsError extends Error {
  constructor(readonly detail: string) {
    super(`unknown_crs: ${detail}`);
    this.name = 'CrsError';
  }
}

/** A GeoJSON (2008) `crs` member: `{ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } }`. */
export function crsFromMember(crs: unknown): CrsCode | null {
  if (crs == null) return null;
  const name =
    typeof crs === 'object' && 'properties' in crs
      ? (crs as { properties?: { name?: unknown } }).properties?.name
      : undefined;
  if (typeof name !== 'string') throw new CrsError('crs member without a name');
  if (/CRS84$/i.test(name)) return 'EPSG:4326';
  const epsg = /EPSG:(?::)?(?:[\d.]*:)?(\d+)$/i.exec(name)?.[1];
  const code = epsg ? toCode(Number(epsg)) : null;
  if (!code) throw new CrsError(name);
  return code;
}

function toCode(epsg: number): CrsCode | null {
  if (epsg === 4326 || epsg === 4619) return 'EPSG:4326'; // 4619 = geographic SWEREF 99
  if (epsg === 3006) return 'EPSG:3006';
  if (epsg === 3008) return 'EPSG:3008';
  return null;
}

/**
 * A Shapefile's .prj (ESRI WKT). Named systems first; then the projection parameters, because exporters
 * spell the name in many ways ("SWEREF99_TM", "SWEREF99 TM", "SWEREF_99_TM") but agree on the numbers.
 */
export function crsFromPrj(prj: string): CrsCode {
  const text = prj.trim();
  const authority = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text)?.[1];
  if (authority && toCode(Number(authority))) return toCode(Number(authority))!;
  const squashed = text.toUpperCase().replace(/[\s_]/g, '');
  if (!/^PROJCS/.test(squashed)) {
    if (/^GEOGCS/.test(squashed) && /(WGS1984|WGS84|SWEREF99|ETRS1989|ETRS89)/.test(squashed)) return 'EPSG:4326';
    throw new CrsError(text.slice(0, 80));
  }
  if (/SWEREF991330/.test(squashed)) return 'EPSG:3008';
  if (/SWEREF99TM/.test(squashed)) return 'EPSG:3006';
  const param = (name: string) => {
    const m = new RegExp(`PARAMETER\\[\\s*"${name}"\\s*,\\s*(-?[\\d.]+)`, 'i').exec(text);
    return m ? Number(m[1]) : NaN;
  };
  const meridian = param('central_meridian');
  const scale = param('scale_factor');
  const easting = param('false_easting');
  const grs80 = /GRS1980|GRS80|GRS_1980/i.test(text.replace(/\s/g, ''));
  if (grs80 && meridian === 15 && scale === 0.9996 && easting === 500000) return 'EPSG:3006';
  if (grs80 && meridian === 13.5 && scale === 1 && easting === 150000) return 'EPSG:3008';
  throw new CrsError(text.slice(0, 80));
}

/**
 * Guess from the value ranges of all coordinates (the envelope), when the file says nothing. The windows are
 * southern Sweden in each system; SWEREF 99 TM and 13 30 share northings but their eastings are ~250 km apart.
 */
export function crsFromCoordinates(bbox: [number, number, number, number]): CrsCode {
  const [minX, minY, maxX, maxY] = bbox;
  const within = (lo: number, hi: number, a: number, b: number) => a >= lo && b <= hi;
  if (within(-180, 180, minX, maxX) && within(-90, 90, minY, maxY)) return 'EPSG:4326';
  const swedishNorthing = within(6_000_000, 7_800_000, minY, maxY);
  if (swedishNorthing && within(250_000, 950_000, minX, maxX)) return 'EPSG:3006';
  if (swedishNorthing && within(0, 250_000, minX, maxX)) return 'EPSG:3008';
  throw new CrsError(`coordinates ${bbox.map((v) => Math.round(v)).join(', ')}`);
}

/** A converter from the detected CRS to WGS84 lon/lat (identity for WGS84). */
export function toWgs84(code: CrsCode): (xy: readonly number[]) => [number, number] {
  if (code === 'EPSG:4326') return (xy) => [xy[0]!, xy[1]!];
  const converter = proj4(DEFS[code], 'WGS84');
  return (xy) => {
    const [lon, lat] = converter.forward([xy[0]!, xy[1]!]);
    return [lon!, lat!];
  };
}

/** WGS84 → the given CRS (used by tests, the bench and the fixture script to make files in 3006/3008). */
export function fromWgs84(code: CrsCode): (lonLat: readonly number[]) => [number, number] {
  if (code === 'EPSG:4326') return (p) => [p[0]!, p[1]!];
  const converter = proj4('WGS84', DEFS[code]);
  return (p) => {
    const [x, y] = converter.forward([p[0]!, p[1]!]);
    return [x!, y!];
  };
}
