import type { RiskEventInput } from '../../../../api/risk-events';
import { ROAD_USERS } from '../../../../api/risk-events';
import { crsFromCoordinates, crsFromMember, looksNorthingFirst, toWgs84, type CrsCode } from '../../../../geo/crs';
import { decodeText, encodingOfText, type Encoding, type EncodingSource } from '../../../../geo/text-encoding';
import { detectSeparator, parseDelimited } from './csv';
import type { XlsxSheet } from './xlsx';

/**
 * Files of actual-risk events, read into one table shape and then, with a column mapping and a coordinate
 * system, into the events `api.import_risk_events` takes:
 *  - 'strada': the road-accident register's CSV export (one row per injured person; `;`; Swedish headers;
 *    SWEREF 99 TM northing/easting; date and time; severity; road-user type);
 *  - 'police': the police's open events feed (a JSON array of {datetime, name, type, location: {name, gps}}, gps
 *    as "lat,lon");
 *  - 'csv' / 'geojson': any point file, mapped column by column by the strategist.
 * Nothing here throws for a bad ROW: each row is either an event or a refusal with a reason, shown in the preview.
 */
export type RiskFileFormat = 'strada' | 'police' | 'csv' | 'geojson';
export type RiskSourceKind = 'strada' | 'police' | 'csv';

export interface RiskTable {
  format: RiskFileFormat;
  fields: string[];
  /** Values as text, one per field. */
  rows: string[][];
  encoding: { name: Encoding; source: EncodingSource };
  /** What the file itself says about its coordinates (GeoJSON's crs member, the police feed's WGS 84). */
  declaredCrs: CrsCode | null;
  /** An Excel workbook: the sheet read and how many it has (its text needs no encoding guess). */
  sheet?: { name: string; sheets: number };
}

/** File-level problems; translated as `strategy:risks.fileErrors.<code>`. */
export type RiskFileErrorCode = 'invalid_file' | 'invalid_xlsx' | 'no_rows' | 'unknown_format';
export class RiskFileError extends Error {
  constructor(readonly code: RiskFileErrorCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'RiskFileError';
  }
}

export function sourceKindOf(format: RiskFileFormat): RiskSourceKind {
  return format === 'strada' || format === 'police' ? format : 'csv';
}

/** Headers and values compared without case, accents or punctuation ("N-koordinat" = "nkoordinat"). */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const POLICE_FIELDS = ['type', 'datetime', 'name', 'location.name', 'lat', 'lon'];
const GEOJSON_X = 'geometry.x';
const GEOJSON_Y = 'geometry.y';

export function readRiskTable(fileName: string, bytes: Uint8Array, options: { encoding?: Encoding } = {}): RiskTable {
  const encoding: RiskTable['encoding'] = options.encoding
    ? { name: options.encoding, source: 'user' }
    : encodingOfText(bytes);
  const text = decodeText(bytes, encoding.name);
  const trimmed = text.trimStart();
  if (/\.(geo)?json$/i.test(fileName) || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new RiskFileError('invalid_file', 'not JSON');
    }
    return { ...fromJson(json), encoding };
  }
  return { ...tableOfRows(parseDelimited(text, detectSeparator(text))), encoding };
}

/** An Excel sheet's rows (lib/xlsx.ts) as the same table a CSV export of it gives. */
export function riskTableOfSheet(sheet: XlsxSheet): RiskTable {
  return {
    ...tableOfRows(sheet.rows),
    encoding: { name: 'utf-8', source: 'default' },
    sheet: { name: sheet.name, sheets: sheet.sheets },
  };
}

/** A header row and data rows, from a delimited text or a sheet: a Strada export is told by its headers. */
function tableOfRows(rows: string[][]): Omit<RiskTable, 'encoding'> {
  if (rows.length < 2) throw new RiskFileError('no_rows');
  const fields = rows[0]!.map((f, i) => f.trim() || `#${i + 1}`);
  const body = rows.slice(1);
  const format: RiskFileFormat = looksLikeStrada(fields) ? 'strada' : 'csv';
  return { format, fields, rows: body, declaredCrs: null };
}

function fromJson(json: unknown): Omit<RiskTable, 'encoding'> {
  if (Array.isArray(json)) {
    // The police feed: objects with datetime and location.gps.
    const items = json.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
    if (items.length === 0) throw new RiskFileError('no_rows');
    if (!items.some((e) => 'datetime' in e && e.location && typeof e.location === 'object'))
      throw new RiskFileError('unknown_format');
    const rows = items.map((e) => {
      const location = (e.location ?? {}) as Record<string, unknown>;
      const [lat = '', lon = ''] = String(location.gps ?? '').split(',').map((v) => v.trim());
      return [text(e.type), text(e.datetime), text(e.name), text(location.name), lat, lon];
    });
    return { format: 'police', fields: POLICE_FIELDS, rows, declaredCrs: 'EPSG:4326' };
  }
  const fc = json as { type?: unknown; features?: unknown; crs?: unknown };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new RiskFileError('unknown_format');
  let declaredCrs: CrsCode | null = null;
  try {
    declaredCrs = crsFromMember(fc.crs);
  } catch {
    declaredCrs = null; // an unknown member: the strategist chooses
  }
  const features = fc.features as Array<{ geometry?: { type?: string; coordinates?: unknown }; properties?: Record<string, unknown> }>;
  if (features.length === 0) throw new RiskFileError('no_rows');
  const keys: string[] = [];
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) if (!keys.includes(k)) keys.push(k);
  const rows = features.map((f) => {
    const g = f.geometry;
    const point = g?.type === 'Point' ? (g.coordinates as unknown[]) : g?.type === 'MultiPoint' ? ((g.coordinates as unknown[][])[0] ?? []) : [];
    return [...keys.map((k) => text(f.properties?.[k])), text(point[0]), text(point[1])];
  });
  return { format: 'geojson', fields: [...keys, GEOJSON_X, GEOJSON_Y], rows, declaredCrs };
}

function text(value: unknown): string {
  return value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// Header names seen in Swedish exports and in English files, normalised; the first field that matches wins.
const NAMES = {
  x: ['e', 'x', 'ekoordinat', 'ekoord', 'ostkoordinat', 'ost', 'easting', 'xkoordinat', 'xkoord', 'swereftme', 'lon', 'lng', 'long', 'longitude', 'longitud', GEOJSON_X.replace('.', '')],
  y: ['n', 'y', 'nkoordinat', 'nkoord', 'nordkoordinat', 'nord', 'northing', 'ykoordinat', 'ykoord', 'swereftmn', 'lat', 'latitude', 'latitud', GEOJSON_Y.replace('.', '')],
  date: ['olycksdatum', 'datum', 'date', 'datetime', 'tidpunkt', 'handelsedatum', 'occurredat', 'olyckstidpunkt', 'datumtid', 'tid'],
  time: ['klockslag', 'klockan', 'kl', 'time', 'olyckstid', 'tidpunktklockslag'],
  type: ['type', 'typ', 'handelsetyp', 'handelse', 'brottstyp', 'olyckstyp', 'kategori', 'category'],
  severity: ['skadegrad', 'skadegradpolis', 'svarighetsgrad', 'allvarlighetsgrad', 'severity'],
  roadUsers: ['trafikantkategori', 'trafikant', 'trafikanter', 'trafikantgrupp', 'fardsatt', 'trafikelement', 'roaduser', 'roadusers'],
  place: ['locationname', 'plats', 'platsnamn', 'gata', 'gatunamn', 'vag', 'vagnamn', 'adress', 'place', 'name', 'namn'],
} as const;
export type MappingRole = keyof typeof NAMES;

export interface ColumnMapping {
  x: string | null;
  y: string | null;
  date: string | null;
  time: string | null;
  type: string | null;
  severity: string | null;
  roadUsers: string | null;
  place: string | null;
}

export const MAPPING_ROLES = Object.keys(NAMES) as MappingRole[];

function findField(fields: readonly string[], names: readonly string[], taken: Set<string>): string | null {
  const normalised = fields.map(normalise);
  for (const name of names) {
    const i = normalised.findIndex((f, k) => f === name && !taken.has(fields[k]!));
    if (i >= 0) return fields[i]!;
  }
  return null;
}

function looksLikeStrada(fields: readonly string[]): boolean {
  const none = new Set<string>();
  return !!findField(fields, NAMES.severity, none) && !!findField(fields, NAMES.date, none) && !!findField(fields, NAMES.x, none);
}

/** The mapping read from the headers; each role takes a field no earlier role took. */
export function guessMapping(table: Pick<RiskTable, 'fields' | 'format'>): ColumnMapping {
  const taken = new Set<string>();
  const mapping = {} as ColumnMapping;
  for (const role of MAPPING_ROLES) {
    const field = findField(table.fields, NAMES[role], taken);
    if (field) taken.add(field);
    mapping[role] = field;
  }
  if (table.format === 'police') mapping.place = 'location.name';
  return mapping;
}

/** A number as exports write it: decimal comma, spaces (also non-breaking) between thousands. */
export function parseNumber(value: string | undefined): number | null {
  if (value == null) return null;
  const t = value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export interface CrsGuess {
  code: CrsCode | null;
  source: 'file' | 'coordinates' | 'none';
  /** The first column holds the northing (latitude). */
  swapped: boolean;
}

/** The coordinate system: what the file says, else a guess from the ranges of the mapped columns. */
export function guessCrs(table: RiskTable, mapping: ColumnMapping): CrsGuess {
  if (!mapping.x || !mapping.y) return { code: table.declaredCrs, source: table.declaredCrs ? 'file' : 'none', swapped: false };
  const xi = table.fields.indexOf(mapping.x);
  const yi = table.fields.indexOf(mapping.y);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const row of table.rows) {
    const x = parseNumber(row[xi]);
    const y = parseNumber(row[yi]);
    if (x == null || y == null) continue;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (!Number.isFinite(minX)) return { code: table.declaredCrs, source: table.declaredCrs ? 'file' : 'none', swapped: false };
  const swapped = looksNorthingFirst([minX, minY, maxX, maxY]);
  if (table.declaredCrs) return { code: table.declaredCrs, source: 'file', swapped };
  const bbox: [number, number, number, number] = swapped ? [minY, minX, maxY, maxX] : [minX, minY, maxX, maxY];
  try {
    return { code: crsFromCoordinates(bbox), source: 'coordinates', swapped };
  } catch {
    return { code: null, source: 'none', swapped };
  }
}

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const EUROPEAN_DATE = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;
const TIME = /^(\d{1,2})[:.]?(\d{2})(?:[:.](\d{2}))?$/;

const pad = (n: number | string) => String(n).padStart(2, '0');

/**
 * A date (and a time, in the same field or its own) as an ISO 8601 local time: without an offset it is
 * Stockholm time, as the database reads it. `day` is the date as written (for the source's date range).
 */
export function parseWhen(dateText: string | undefined, timeText?: string): { iso: string; day: string } | null {
  const d = (dateText ?? '').trim();
  let y: number, mo: number, da: number;
  let h = 0, mi = 0, s = 0;
  let offset = '';
  let m = DATE.exec(d);
  if (m) {
    [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] != null) [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (m[7]) offset = m[7].toUpperCase() === 'Z' ? 'Z' : m[7].length === 5 ? `${m[7].slice(0, 3)}:${m[7].slice(3)}` : m[7];
  } else if ((m = COMPACT_DATE.exec(d))) {
    [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = EUROPEAN_DATE.exec(d))) {
    [y, mo, da] = [Number(m[3]), Number(m[2]), Number(m[1])];
    if (m[4] != null) [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  } else return null;
  const t = (timeText ?? '').trim();
  if (t) {
    const tm = TIME.exec(t);
    if (!tm) return null;
    [h, mi, s] = [Number(tm[1]), Number(tm[2]), Number(tm[3] ?? 0)];
  }
  const check = new Date(Date.UTC(y, mo - 1, da));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  const day = `${y}-${pad(mo)}-${pad(da)}`;
  return { iso: `${day}T${pad(h)}:${pad(mi)}:${pad(s)}${offset}`, day };
}

/** A type's slug for 'police:<slug>' / 'event:<slug>' (app.risk_type_ok): "Rån, försök" → "ran_forsok". */
export function slug(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
}

type Severity = 'fatal' | 'severe' | 'slight';

/** The register's severity words; null = not injured; undefined = unknown. */
export function severityOf(value: string): Severity | null | undefined {
  const v = normalise(value);
  if (!v) return undefined;
  if (/^(ej|inte|ickeskadad|oskadd|ejskadad|oskadad|none|notinjured)/.test(v)) return null;
  if (/dod|omkom|fatal|killed/.test(v)) return 'fatal';
  if (/svar|allvarlig|severe|serious/.test(v)) return 'severe';
  if (/lindrig|latt|slight|minor/.test(v)) return 'slight';
  return undefined;
}

type RoadUser = (typeof ROAD_USERS)[number];
const ROAD_USER_WORDS: Array<[RegExp, RoadUser]> = [
  [/^(fotgangare|gaende|pedestrian)/, 'pedestrian'],
  [/^(cykel|cyklist|elcykel|cycl|bicycl)/, 'cyclist'],
  [/^(moped|mopedist)/, 'moped'],
  [/^(mc|motorcykel|motorcycl)/, 'motorcycle'],
  [/^(personbil|pb|bil|car)$|^personbil/, 'car'],
  [/lastbil|truck|lorry/, 'truck'],
  [/^(buss|bus)/, 'bus'],
  [/^(sparvagn|tram)/, 'tram'],
];

/** "Fotgängare, Personbil" → ['pedestrian', 'car']; words it does not know become 'other'. */
export function roadUsersOf(value: string): RoadUser[] {
  const out = new Set<RoadUser>();
  for (const part of value.split(/[,/;+&]| och | and /)) {
    const v = normalise(part);
    if (!v) continue;
    out.add(ROAD_USER_WORDS.find(([re]) => re.test(v))?.[1] ?? 'other');
  }
  return [...out];
}

/** Why a row is left out; translated as `strategy:risks.refusals.<code>`. */
export type RowRefusal = 'no_position' | 'no_date' | 'before_2000' | 'in_future' | 'no_type' | 'not_injured' | 'outside_malmo';
export const ROW_REFUSALS: readonly RowRefusal[] = ['no_position', 'no_date', 'before_2000', 'in_future', 'no_type', 'not_injured', 'outside_malmo'];

export interface BuildOptions {
  format: RiskFileFormat;
  mapping: ColumnMapping;
  crs: CrsCode;
  swapped: boolean;
  /** The type of every event when the file has no type column (generic files): a word, made a slug. */
  fixedType: string;
  /** Within Malmö (with the database's tolerance). */
  inside(lon: number, lat: number): boolean;
  /** 'YYYY-MM-DD', Stockholm's today. */
  today: string;
}

export interface RiskPreview {
  /** Sorted by time. */
  events: RiskEventInput[];
  /** Row numbers are the file's data rows, 1-based. */
  refused: Array<{ row: number; reason: RowRefusal }>;
  byReason: Partial<Record<RowRefusal, number>>;
  range: { from: string; to: string } | null;
  types: Record<string, number>;
  /** Distinct positions (the police feed gives a place's centre: many events share one). */
  positions: number;
}

export function buildEvents(table: RiskTable, o: BuildOptions): RiskPreview {
  const col = (name: string | null) => (name ? table.fields.indexOf(name) : -1);
  const at = {
    x: col(o.mapping.x),
    y: col(o.mapping.y),
    date: col(o.mapping.date),
    time: col(o.mapping.time),
    type: col(o.mapping.type),
    severity: col(o.mapping.severity),
    roadUsers: col(o.mapping.roadUsers),
    place: col(o.mapping.place),
  };
  const get = (row: string[], i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
  const project = toWgs84(o.crs);
  const fixed = slug(o.fixedType);
  const kept: Array<{ day: string; event: RiskEventInput }> = [];
  const refused: RiskPreview['refused'] = [];
  const byReason: RiskPreview['byReason'] = {};
  const types: Record<string, number> = {};
  const positions = new Set<string>();
  const refuse = (row: number, reason: RowRefusal) => {
    refused.push({ row, reason });
    byReason[reason] = (byReason[reason] ?? 0) + 1;
  };
  table.rows.forEach((row, index) => {
    const n = index + 1;
    let x = parseNumber(get(row, at.x));
    let y = parseNumber(get(row, at.y));
    if (x == null || y == null) return refuse(n, 'no_position');
    if (o.swapped) [x, y] = [y, x];
    const [lon, lat] = project([x, y]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return refuse(n, 'no_position');
    const when = parseWhen(get(row, at.date), at.time >= 0 ? get(row, at.time) : undefined);
    if (!when) return refuse(n, 'no_date');
    if (when.day < '2000-01-01') return refuse(n, 'before_2000');
    if (when.day > o.today) return refuse(n, 'in_future');
    let type: string;
    let severity: Severity | null = null;
    if (o.format === 'strada') {
      const s = severityOf(get(row, at.severity));
      if (s === null) return refuse(n, 'not_injured');
      severity = s ?? null;
      type = `injury_${s ?? 'unknown'}`;
    } else {
      const word = slug(get(row, at.type)) || (o.format === 'police' ? '' : fixed);
      if (!word) return refuse(n, 'no_type');
      type = `${o.format === 'police' ? 'police' : 'event'}:${word}`;
    }
    const roundedLon = Math.round(lon * 1e7) / 1e7;
    const roundedLat = Math.round(lat * 1e7) / 1e7;
    if (!o.inside(roundedLon, roundedLat)) return refuse(n, 'outside_malmo');
    const event: RiskEventInput = { type, occurred_at: when.iso, lon: roundedLon, lat: roundedLat };
    if (severity) event.severity = severity;
    const users = at.roadUsers >= 0 ? roadUsersOf(get(row, at.roadUsers)) : [];
    if (users.length) event.road_users = users;
    const place = get(row, at.place).slice(0, 200);
    if (place) event.place_name = place;
    kept.push({ day: when.day, event });
    types[type] = (types[type] ?? 0) + 1;
    positions.add(`${roundedLon},${roundedLat}`);
  });
  kept.sort((a, b) => (a.event.occurred_at < b.event.occurred_at ? -1 : a.event.occurred_at > b.event.occurred_at ? 1 : 0));
  const days = kept.map((k) => k.day).sort();
  return {
    events: kept.map((k) => k.event),
    refused,
    byReason,
    range: days.length ? { from: days[0]!, to: days[days.length - 1]! } : null,
    types,
    positions: positions.size,
  };
}

/** At most this many events per call (app.risk_import_max_events()). */
export const MAX_EVENTS_PER_CALL = 50_000;

/** A part's source name when a file is sent in several: the UI passes its translation of this. */
export const defaultPartName = (name: string, part: number, parts: number) => `${name} (del ${part} av ${parts})`;

/**
 * Splits a large file into parts of at most `size` events, in time order; each part becomes a source of its own
 * with its own date range (the API makes one source per call, one transaction each), named "name (del 1 av 3)".
 */
export function importParts(
  events: readonly RiskEventInput[],
  name: string,
  today: string,
  size = MAX_EVENTS_PER_CALL,
  partName = defaultPartName,
): Array<{ name: string; events: RiskEventInput[]; from: string; to: string }> {
  const count = Math.ceil(events.length / size);
  const parts = [];
  for (let k = 0; k < count; k++) {
    const chunk = events.slice(k * size, (k + 1) * size);
    let from = chunk[0]!.occurred_at.slice(0, 10);
    let to = chunk[chunk.length - 1]!.occurred_at.slice(0, 10);
    // A time written with another offset than Stockholm's may fall on the next or previous Stockholm day.
    if (chunk.some((e) => /(Z|[+-]\d{2}:?\d{2})$/.test(e.occurred_at))) {
      from = maxDay(addDays(from, -1), '2000-01-01');
      to = minDay(addDays(to, 1), today);
    }
    parts.push({ name: count > 1 ? partName(name, k + 1, count) : name, events: chunk, from, to });
  }
  return parts;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);
