import booleanIntersects from '@turf/boolean-intersects';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import kinks from '@turf/kinks';
import unkinkPolygon from '@turf/unkink-polygon';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { RawPlanFeature } from './plan-file';

export const PHASES = ['planning', 'consultation', 'adopted', 'under_construction', 'completed'] as const;
export type Phase = (typeof PHASES)[number];

export const MAPPED_FIELDS = ['name', 'plan_id', 'phase', 'expected_completion', 'link'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];
/** Which file property feeds each field (null: none). */
export type PropertyMapping = Record<MappedField, string | null>;

// Names Malmö's and other Swedish municipalities' exports use, most specific first.
const GUESSES: Record<MappedField, string[]> = {
  name: ['plannamn', 'namn', 'name', 'projektnamn', 'projekt', 'benamning', 'benämning', 'titel', 'title'],
  plan_id: ['plan_id', 'planid', 'dp_nr', 'dpnr', 'plannr', 'plan_nr', 'planbeteckning', 'beteckning', 'akt', 'id'],
  phase: ['fas', 'skede', 'status', 'phase', 'planstatus', 'planskede'],
  expected_completion: ['klart', 'fardigt', 'färdigt', 'fardigstalld', 'färdigställd', 'klar_ar', 'klart_ar', 'expected_completion', 'completion', 'inflyttning', 'slutdatum'],
  link: ['lank', 'länk', 'url', 'link', 'href', 'webb'],
};

/** A first mapping from the file's property names (case-insensitive); the user can change each. */
export function guessMapping(fields: readonly string[]): PropertyMapping {
  const used = new Set<string>();
  const mapping = {} as PropertyMapping;
  for (const target of MAPPED_FIELDS) {
    const match = GUESSES[target]
      .map((g) => fields.find((f) => f.toLowerCase() === g && !used.has(f)))
      .find((f) => f !== undefined);
    mapping[target] = match ?? null;
    if (match) used.add(match);
  }
  return mapping;
}

const PHASE_WORDS: Array<[Phase, RegExp]> = [
  ['under_construction', /under.?(byggnad|uppf[öo]rande|construction)|byggs|byggnation|bygg.?start|construction/],
  ['completed', /f[äa]rdig|klar|genomf[öo]rd|inflyttad|completed|done|finished/],
  ['adopted', /antag|laga.?kraft|lagakraft|g[äa]llande|adopted|approved/],
  ['consultation', /samr[åa]d|granskning|utst[äa]llning|consultation|review/],
  ['planning', /planer|planarbete|planuppdrag|program|start|planning/],
];

/** The file's phase value in one of the five phases, or null when it is not recognised. */
export function phaseOf(value: unknown): Phase | null {
  if (value == null) return null;
  const text = String(value).trim().toLowerCase();
  if ((PHASES as readonly string[]).includes(text)) return text as Phase;
  return PHASE_WORDS.find(([, re]) => re.test(text))?.[0] ?? null;
}

/** 'YYYY-MM-DD' (also from a Date or a datetime), or a bare year → the year's last day; else null. */
export function dateOf(value: unknown): string | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  const text = String(value).trim();
  if (/^\d{4}$/.test(text)) return `${text}-12-31`;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

export function linkOf(value: unknown): string | null {
  if (value == null || value === '') return null;
  const text = String(value).trim();
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Problems found in one feature, each translated as `planning:problems.<code>`. Errors keep the feature out
 * of the import; warnings say what was assumed.
 */
export type ProblemCode =
  | 'name_missing'
  | 'not_polygon'
  | 'invalid_ring'
  | 'self_intersection'
  | 'outside_malmo'
  | 'phase_unknown'
  | 'date_invalid'
  | 'link_invalid';
const WARNINGS: ReadonlySet<ProblemCode> = new Set(['phase_unknown', 'date_invalid', 'link_invalid']);
export const isWarning = (code: ProblemCode) => WARNINGS.has(code);

export type AreaGeometry = Polygon | MultiPolygon;

export interface PlanCandidate {
  /** Position in the file (0-based); shown 1-based. */
  index: number;
  name: string;
  plan_id: string | null;
  phase: Phase;
  expected_completion: string | null;
  link: string | null;
  /** The outline as read (WGS84); null when the feature had no polygon. */
  geometry: AreaGeometry | null;
  /** The repaired outline offered for a self-intersecting one (each kinked ring split into simple parts). */
  repaired: MultiPolygon | null;
  problems: ProblemCode[];
}

/** Whether a candidate can be imported, given whether the user accepted its repaired outline. */
export function isImportable(c: PlanCandidate, repairAccepted: boolean): boolean {
  return c.problems.every((p) => isWarning(p) || (p === 'self_intersection' && repairAccepted && c.repaired));
}

/** The outline to send: the repaired one where it was accepted. */
export function outlineToImport(c: PlanCandidate, repairAccepted: boolean): AreaGeometry | null {
  return c.problems.includes('self_intersection') ? (repairAccepted ? c.repaired : null) : c.geometry;
}

/** Maps properties, checks each feature. `boundary` = Malmö's municipal boundary (WGS84). */
export function validateFeatures(
  features: readonly RawPlanFeature[],
  mapping: PropertyMapping,
  boundary: Feature<AreaGeometry> | AreaGeometry,
): PlanCandidate[] {
  return features.map((f, index) => validateFeature(f, index, mapping, boundary));
}

function valueOf(f: RawPlanFeature, field: string | null): unknown {
  return field == null ? null : f.properties[field];
}

export function validateFeature(
  f: RawPlanFeature,
  index: number,
  mapping: PropertyMapping,
  boundary: Feature<AreaGeometry> | AreaGeometry,
): PlanCandidate {
  const problems: ProblemCode[] = [];
  const rawName = valueOf(f, mapping.name);
  const name = rawName == null ? '' : String(rawName).trim();
  if (!name) problems.push('name_missing');
  const rawPlanId = valueOf(f, mapping.plan_id);
  const plan_id = rawPlanId == null || String(rawPlanId).trim() === '' ? null : String(rawPlanId).trim();

  const rawPhase = valueOf(f, mapping.phase);
  let phase = phaseOf(rawPhase);
  if (!phase) {
    if (rawPhase != null && String(rawPhase).trim() !== '') problems.push('phase_unknown');
    phase = 'planning';
  }
  const rawDate = valueOf(f, mapping.expected_completion);
  const expected_completion = dateOf(rawDate);
  if (!expected_completion && rawDate != null && rawDate !== '') problems.push('date_invalid');
  const rawLink = valueOf(f, mapping.link);
  const link = linkOf(rawLink);
  if (!link && rawLink != null && rawLink !== '') problems.push('link_invalid');

  let geometry: AreaGeometry | null = null;
  let repaired: MultiPolygon | null = null;
  if (!isArea(f.geometry)) {
    problems.push('not_polygon');
  } else {
    geometry = closeRings(f.geometry);
    if (!ringsWellFormed(geometry)) {
      problems.push('invalid_ring');
    } else {
      if (selfIntersects(geometry)) {
        problems.push('self_intersection');
        repaired = repair(geometry);
      }
      if (!intersectsBoundary(repaired ?? geometry, boundary)) problems.push('outside_malmo');
    }
  }
  return { index, name, plan_id, phase, expected_completion, link, geometry, repaired, problems };
}

/**
 * A first vertex inside the boundary settles it with one point-in-polygon test; only outlines with no vertex
 * inside (outside, or straddling the edge) need Turf's full segment-by-segment intersection test.
 */
function intersectsBoundary(g: AreaGeometry, boundary: Feature<AreaGeometry> | AreaGeometry): boolean {
  const first = polygonsOf(g)[0]?.[0]?.[0];
  if (first && booleanPointInPolygon(first, boundary)) return true;
  return booleanIntersects(g, boundary);
}

function isArea(g: Geometry | null): g is AreaGeometry {
  return g != null && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates);
}

function polygonsOf(g: AreaGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Files often leave rings open; GeoJSON and PostGIS want them closed. */
function closeRings(g: AreaGeometry): AreaGeometry {
  const close = (ring: Position[]) => {
    const first = ring[0];
    const last = ring[ring.length - 1];
    return first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
  };
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(close) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(close)) };
}

/** At least one polygon, each ring ≥ 4 finite positions (a closed triangle). */
function ringsWellFormed(g: AreaGeometry): boolean {
  const polygons = polygonsOf(g);
  return (
    polygons.length > 0 &&
    polygons.every(
      (p) =>
        p.length > 0 &&
        p.every((ring) => ring.length >= 4 && ring.every((pos) => Number.isFinite(pos[0]) && Number.isFinite(pos[1]))),
    )
  );
}

/**
 * Per polygon: Turf's kinks on a whole MultiPolygon also reports parts that merely touch at a point,
 * which is valid. Overlapping parts are left to the database's ST_IsValid (its error names the feature).
 */
function selfIntersects(g: AreaGeometry): boolean {
  return polygonsOf(g).some((p) => kinks({ type: 'Polygon', coordinates: p }).features.length > 0);
}

/** Splits self-intersecting rings into simple polygons (Turf's unkink), kept together as one MultiPolygon. */
export function repair(g: AreaGeometry): MultiPolygon {
  const parts: Position[][][] = [];
  for (const polygon of polygonsOf(g)) {
    const pieces = unkinkPolygon({ type: 'Polygon', coordinates: polygon });
    for (const piece of pieces.features) parts.push(piece.geometry.coordinates);
  }
  return { type: 'MultiPolygon', coordinates: parts };
}
