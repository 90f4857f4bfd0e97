import proj4 from 'proj4';

/**
 * The coordinate systems a plan file may come in. Known systems are 'EPSG:<n>' codes with a definition written
 * out here (so an RT90 file always gets its datum shift); any other projected or geographic system that proj4
 * can build from the file's WKT is 'WKT' with that definition.
 */
export type CrsCode = string;
/**
 * Where the CRS came from: the GeoJSON `crs` member, the .prj, what a GeoPackage or GML says, a guess from the
 * coordinate ranges (shown as a guess), or the planner's choice.
 */
export type CrsSource = 'crs-member' | 'prj' | 'file' | 'coordinates' | 'user';

export interface DetectedCrs {
  code: CrsCode;
  source: CrsSource;
  /** Set when a .prj/WKT named RT90 without a usable datum shift and the EPSG definition was used instead. */
  substituted?: boolean;
  /** The proj4 definition, for code 'WKT' (a system from the file that is none of the known ones). */
  wkt?: string;
  /** The name the file gave an unlisted system. */
  name?: string;
}

export interface KnownCrs {
  epsg: number;
  /** How a planner recognises it (not translated: these are the systems' own names). */
  name: string;
  /** proj4 definition; null for WGS 84 lon/lat. */
  def: string | null;
  kind: 'geographic' | 'sweref-tm' | 'sweref-local' | 'rt90' | 'utm' | 'web';
}

const SWEREF_GRS80 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
// RT90 on Bessel 1841 with EPSG's RT90 → WGS 84 shift (code 1896, the 1895 RT90 → SWEREF99 parameters):
// without it an RT90 outline in Malmö lands about 170 m off.
const RT90_TOWGS84 = '+towgs84=414.1,41.3,603.1,-0.855,2.141,-7.023,0';
const rt90 = (lon0: number) =>
  `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=1500000 +y_0=0 +ellps=bessel ${RT90_TOWGS84} +units=m +no_defs`;
const swerefLocal = (lon0: number) => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=150000 +y_0=0 ${SWEREF_GRS80}`;

/** SWEREF 99 local zones: EPSG code → central meridian. */
const SWEREF_ZONES: Array<[number, number, string]> = [
  [3007, 12, '12 00'],
  [3008, 13.5, '13 30'],
  [3009, 15, '15 00'],
  [3010, 16.5, '16 30'],
  [3011, 18, '18 00'],
  [3012, 14.25, '14 15'],
  [3013, 15.75, '15 45'],
  [3014, 17.25, '17 15'],
  [3015, 18.75, '18 45'],
  [3016, 20.25, '20 15'],
  [3017, 21.75, '21 45'],
  [3018, 23.25, '23 15'],
];
/** RT90 zones: EPSG code → central meridian, in steps of 2.5 gon (2.25°) from "0 gon" at 18°03′29.8″ E. */
const ZERO_GON = 18 + 3 / 60 + 29.8 / 3600;
const RT90_ZONES: Array<[number, number, string]> = [
  [3019, ZERO_GON - 3 * 2.25, '7.5 gon V'],
  [3020, ZERO_GON - 2 * 2.25, '5 gon V'],
  [3021, ZERO_GON - 2.25, '2.5 gon V'],
  [3022, ZERO_GON, '0 gon'],
  [3023, ZERO_GON + 2.25, '2.5 gon O'],
  [3024, ZERO_GON + 2 * 2.25, '5 gon O'],
];

export const KNOWN_CRS: readonly KnownCrs[] = [
  { epsg: 4326, name: 'WGS 84', def: null, kind: 'geographic' },
  { epsg: 3006, name: 'SWEREF 99 TM', def: `+proj=utm +zone=33 ${SWEREF_GRS80}`, kind: 'sweref-tm' },
  ...SWEREF_ZONES.map(([epsg, lon0, label]) => ({
    epsg,
    name: `SWEREF 99 ${label}`,
    def: swerefLocal(lon0),
    kind: 'sweref-local' as const,
  })),
  ...RT90_ZONES.map(([epsg, lon0, label]) => ({ epsg, name: `RT90 ${label}`, def: rt90(lon0), kind: 'rt90' as const })),
  { epsg: 25832, name: 'ETRS89 / UTM 32N', def: `+proj=utm +zone=32 ${SWEREF_GRS80}`, kind: 'utm' },
  { epsg: 25833, name: 'ETRS89 / UTM 33N', def: `+proj=utm +zone=33 ${SWEREF_GRS80}`, kind: 'utm' },
  { epsg: 32632, name: 'WGS 84 / UTM 32N', def: '+proj=utm +zone=32 +datum=WGS84 +units=m +no_defs', kind: 'utm' },
  { epsg: 32633, name: 'WGS 84 / UTM 33N', def: '+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs', kind: 'utm' },
  {
    epsg: 3857,
    name: 'WGS 84 / Pseudo-Mercator',
    def: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
    kind: 'web',
  },
];

/** EPSG codes that mean one of the known systems (geographic SWEREF 99, ETRS89, RT90 lon/lat → WGS 84 here). */
const ALIASES: Record<number, number> = { 4619: 4326, 4258: 4326, 4124: 4326, 900913: 3857, 3785: 3857, 102100: 3857 };

export function knownCrs(code: CrsCode): KnownCrs | undefined {
  const epsg = Number(/^EPSG:(\d+)$/.exec(code)?.[1] ?? NaN);
  return KNOWN_CRS.find((c) => c.epsg === epsg) ?? otherUtm(epsg);
}

/** Any other UTM zone north (WGS 84 326nn, ETRS89 258nn), for files from elsewhere in Europe. */
function otherUtm(epsg: number): KnownCrs | undefined {
  const wgs = epsg >= 32601 && epsg <= 32660 ? epsg - 32600 : null;
  const etrs = epsg >= 25828 && epsg <= 25838 ? epsg - 25800 : null;
  const zone = wgs ?? etrs;
  if (zone == null) return undefined;
  return {
    epsg,
    name: `${wgs ? 'WGS 84' : 'ETRS89'} / UTM ${zone}N`,
    def: `+proj=utm +zone=${zone} ${wgs ? '+datum=WGS84 +units=m +no_defs' : SWEREF_GRS80}`,
    kind: 'utm',
  };
}

/** 'EPSG:n' when n is one of the known systems (or an alias of one), else null. */
export function codeOfEpsg(epsg: number): CrsCode | null {
  const n = ALIASES[epsg] ?? epsg;
  return knownCrs(`EPSG:${n}`) ? `EPSG:${n}` : null;
}

export class CrsError extends Error {
  constructor(readonly detail: string) {
    super(`unknown_crs: ${detail}`);
    this.name = 'CrsError';
  }
}

/**
 * A CRS reference as a string: 'EPSG:3006', 'urn:ogc:def:crs:EPSG::3006', 'urn:ogc:def:crs:EPSG:6.18:3006',
 * 'urn:x-ogc:def:crs:EPSG:3006', 'http(s)://www.opengis.net/def/crs/EPSG/0/3006',
 * 'http://www.opengis.net/gml/srs/epsg.xml#3006', the CRS84 forms, or a bare number. Null when it names none.
 */
export function crsFromName(name: string): CrsCode | null {
  const text = name.trim();
  if (/(^|[:/])CRS:?84$/i.test(text)) return 'EPSG:4326';
  const epsg =
    /EPSG(?:\/0\/|:(?::|[\d.]*:)?|\.xml#)(\d+)$/i.exec(text)?.[1] ?? /^(\d{4,6})$/.exec(text)?.[1];
  return epsg ? codeOfEpsg(Number(epsg)) : null;
}

/** The EPSG number a CRS reference names, known to us or not (for the error message). */
function epsgNamed(text: string): number | null {
  const m = /EPSG(?:\/0\/|:(?::|[\d.]*:)?|\.xml#|\/)(\d+)/i.exec(text) ?? /^(\d{4,6})$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/**
 * A GeoJSON (2008) `crs` member in every form seen in the wild:
 * `{type:'name', properties:{name:…}}` (any string form above), `{type:'EPSG', properties:{code:3006}}` (as
 * Malmö stad's GeoServer writes, code as number or string), and `{type:'link', properties:{href:…}}` when the
 * link names an EPSG code (spatialreference.org, epsg.io, opengis.net). Null when there is no member.
 */
export function crsFromMember(crs: unknown): CrsCode | null {
  if (crs == null) return null;
  if (typeof crs !== 'object') throw new CrsError(String(crs).slice(0, 80));
  const { type, properties } = crs as { type?: unknown; properties?: Record<string, unknown> };
  const props = properties ?? {};
  const kind = String(type ?? '').toLowerCase();
  if (kind === 'name' && typeof props.name === 'string') {
    const code = crsFromName(props.name);
    if (!code) throw new CrsError(props.name);
    return code;
  }
  if (kind === 'epsg' && (typeof props.code === 'number' || typeof props.code === 'string')) {
    const code = codeOfEpsg(Number(props.code));
    if (!code) throw new CrsError(`EPSG:${props.code}`);
    return code;
  }
  if (kind === 'link' && typeof props.href === 'string') {
    const epsg = epsgNamed(props.href) ?? Number(/epsg\.io\/(\d+)/i.exec(props.href)?.[1] ?? NaN);
    const code = Number.isFinite(epsg) ? codeOfEpsg(epsg!) : null;
    if (!code) throw new CrsError(props.href.slice(0, 120));
    return code;
  }
  throw new CrsError(JSON.stringify(crs).slice(0, 120));
}

/** What a .prj (or a GeoPackage/GML) says, read into a CRS. */
export interface CrsFromWkt {
  code: CrsCode;
  /** The proj4 definition when code is 'WKT'. */
  def?: string;
  name?: string;
  /** RT90 was named without a datum shift, and the EPSG definition (with its shift) replaced it. */
  substituted?: boolean;
}

/** Whether a text looks like a WKT coordinate system at all (an HTML page saved as .prj does not). */
export function looksLikeWkt(text: string): boolean {
  return /^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|BASEGEOGCRS|COMPD_CS|COMPOUNDCRS|PROJECTEDCRS)\s*\[/i.test(text);
}

/**
 * A Shapefile's .prj (ESRI or OGC WKT 1, or WKT 2). Swedish systems are told by their projection parameters,
 * because exporters spell the names many ways ("SWEREF99_TM", "SWEREF_99_13_30", "RT90_25_gon_W") but agree on
 * the numbers; then the EPSG authority of the whole system; then whatever proj4 can build from the WKT.
 */
export function crsFromPrj(prj: string): CrsFromWkt {
  const text = prj.replace(/^\uFEFF/, '').trim();
  if (!looksLikeWkt(text)) throw new CrsError(text.slice(0, 80));
  const squashed = text.toUpperCase().replace(/[\s_.-]/g, '');
  const isProjected = /^(PROJCS|PROJCRS|PROJECTEDCRS)/.test(squashed);
  const param = (...names: string[]) => {
    for (const name of names) {
      const m = new RegExp(`PARAMETER\\[\\s*"${name}"\\s*,\\s*(-?[\\d.]+(?:E-?\\d+)?)`, 'i').exec(text);
      if (m) return Number(m[1]);
    }
    return NaN;
  };
  const meridian = param('central_meridian', 'Longitude of natural origin', 'longitude_of_center');
  const scale = param('scale_factor', 'Scale factor at natural origin');
  const easting = param('false_easting', 'False easting');
  const near = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol;
  const grs80 = /GRS1980|GRS80|SWEREF|ETRS/.test(squashed);
  const bessel = /BESSEL/.test(squashed);
  const rt90Named = /RT90|RIKETSKOORDINATSYSTEM1990|RT1990/.test(squashed);

  if (isProjected) {
    if (rt90Named || (bessel && near(easting, 1_500_000, 1))) {
      const zone = RT90_ZONES.find(([, lon0]) => near(meridian, lon0, 0.01));
      if (zone) return { code: `EPSG:${zone[0]}`, substituted: !/TOWGS84/.test(squashed) };
    }
    if (grs80 && near(easting, 150_000, 1) && near(scale, 1)) {
      const zone = SWEREF_ZONES.find(([, lon0]) => near(meridian, lon0, 1e-4));
      if (zone) return { code: `EPSG:${zone[0]}` };
    }
    if (near(scale, 0.9996) && near(easting, 500_000, 1) && (near(meridian, 15) || near(meridian, 9))) {
      const zone33 = near(meridian, 15);
      if (/SWEREF/.test(squashed)) return { code: zone33 ? 'EPSG:3006' : 'EPSG:25832' };
      if (/ETRS|GRS1980|GRS80/.test(squashed)) return { code: zone33 ? 'EPSG:25833' : 'EPSG:25832' };
      if (/WGS1984|WGS84/.test(squashed)) return { code: zone33 ? 'EPSG:32633' : 'EPSG:32632' };
    }
  } else if (/^(GEOGCS|GEOGCRS|GEODCRS)/.test(squashed) && /(WGS1984|WGS84|SWEREF99|ETRS1989|ETRS89)/.test(squashed)) {
    return { code: 'EPSG:4326' };
  }
  // The authority of the whole system closes the text (inner ones belong to its datum, units, …).
  const authority = /(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text)?.[1];
  if (authority && codeOfEpsg(Number(authority))) return { code: codeOfEpsg(Number(authority))! };
  if (rt90Named) throw new CrsError(`RT90: ${text.slice(0, 80)}`);
  // Any other system proj4 can build (e.g. a foreign national grid): checked by converting a point.
  try {
    const converter = proj4(text, 'WGS84');
    const [lon, lat] = converter.forward([isProjected ? 500_000 : 10, isProjected ? 6_000_000 : 50]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error('no result');
  } catch {
    throw new CrsError(text.slice(0, 80));
  }
  const name = /^\s*\w+\s*\[\s*"([^"]*)"/.exec(text)?.[1];
  return { code: 'WKT', def: text, name };
}

/** A CRS as read from a GeoPackage or GML file (what the reader found there). */
export function crsFromSource(crs: { epsg?: number; wkt?: string; srsName?: string }): CrsFromWkt | null {
  if (crs.epsg != null && crs.epsg > 0) {
    const code = codeOfEpsg(crs.epsg);
    if (code) return { code };
  }
  if (crs.srsName) {
    const code = crsFromName(crs.srsName);
    if (code) return { code };
  }
  if (crs.wkt && looksLikeWkt(crs.wkt)) return crsFromPrj(crs.wkt);
  if (crs.epsg != null && crs.epsg > 0) throw new CrsError(`EPSG:${crs.epsg}`);
  if (crs.srsName) throw new CrsError(crs.srsName);
  return null;
}

// Where a plan file for Malmö lands when the guess is right, and Sweden, for a file of somewhere else.
const SKANE: [number, number, number, number] = [12.3, 55.0, 14.6, 56.5];
const SWEDEN: [number, number, number, number] = [10.0, 54.5, 24.5, 69.5];
const GUESSES: CrsCode[] = ['EPSG:4326', 'EPSG:3006', 'EPSG:3008', 'EPSG:3021', 'EPSG:3857'];

/**
 * Guess from the value ranges of all coordinates (the envelope, after any axis swap), when the file says
 * nothing: the first of WGS 84, SWEREF 99 TM, SWEREF 99 13 30 (Malmö's local zone), RT90 2.5 gon V and Web
 * Mercator that puts the envelope in Skåne, else in Sweden, else plain longitude/latitude. Shown as a guess.
 * (Ranges alone cannot tell them apart: Web Mercator northings for Malmö look like RT90 ones in Norrland.)
 */
export function crsFromCoordinates(bbox: [number, number, number, number]): CrsCode {
  const [minX, minY, maxX, maxY] = bbox;
  const lands = (code: CrsCode, [w, s, e, n]: [number, number, number, number]) => {
    if (code === 'EPSG:4326' && (minX < -180 || maxX > 180 || minY < -90 || maxY > 90)) return false;
    try {
      const project = toWgs84(code);
      return [
        [minX, minY],
        [maxX, maxY],
      ].every((xy) => {
        const [lon, lat] = project(xy);
        return lon >= w && lon <= e && lat >= s && lat <= n;
      });
    } catch {
      return false;
    }
  };
  for (const region of [SKANE, SWEDEN]) {
    const code = GUESSES.find((c) => lands(c, region));
    if (code) return code;
  }
  if (minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90) return 'EPSG:4326';
  throw new CrsError(`coordinates ${bbox.map((v) => Math.round(v)).join(', ')}`);
}

/**
 * Whether the file puts the northing (or latitude) first: a Swedish northing (6.0–7.8 million m) or a Swedish
 * latitude (54–70°, with a longitude of 10–25° second) in the first place, as WFS 1.1, GML with EPSG axis order
 * and some GeoServer exports do.
 */
export function looksNorthingFirst(bbox: [number, number, number, number]): boolean {
  const [minX, minY, maxX, maxY] = bbox;
  if (minX >= 6_000_000 && maxX <= 7_800_000 && maxY < 2_000_000 && minY >= 0) return true;
  return minX >= 54 && maxX <= 70 && minY >= 10 && maxY <= 25;
}

/** A proj4 converter for a CRS (a known code, or a WKT definition); null for WGS 84 lon/lat. */
function definitionOf(crs: Pick<DetectedCrs, 'code' | 'wkt'>): string | null {
  if (crs.code === 'WKT') {
    if (!crs.wkt) throw new CrsError('WKT without a definition');
    return crs.wkt;
  }
  const known = knownCrs(crs.code);
  if (!known) throw new CrsError(crs.code);
  return known.def;
}

/** A converter from the CRS to WGS84 lon/lat (identity for WGS84). */
export function toWgs84(crs: CrsCode | Pick<DetectedCrs, 'code' | 'wkt'>): (xy: readonly number[]) => [number, number] {
  const def = definitionOf(typeof crs === 'string' ? { code: crs } : crs);
  if (def === null) return (xy) => [xy[0]!, xy[1]!];
  const converter = proj4(def, 'WGS84');
  return (xy) => {
    const [lon, lat] = converter.forward([xy[0]!, xy[1]!]);
    return [lon!, lat!];
  };
}

/** WGS84 → the given CRS (used by tests, the bench and the fixture script to make files in other systems). */
export function fromWgs84(code: CrsCode): (lonLat: readonly number[]) => [number, number] {
  const def = definitionOf({ code });
  if (def === null) return (p) => [p[0]!, p[1]!];
  const converter = proj4('WGS84', def);
  return (p) => {
    const [x, y] = converter.forward([p[0]!, p[1]!]);
    return [x!, y!];
  };
}
