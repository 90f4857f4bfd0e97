import { z } from 'zod';
import { defineApiFunction } from './define';
import { pageArgsSchema } from './paging';

/**
 * Actual-risk events beside the residents' reports (supabase/migrations/…_risk_events.sql): imported sources
 * (STRADA injuries, police events, any point file) and their events per hotspot cell and delområde.
 * The rules mirror the SQL's, so a bad file is refused before it is sent; the database checks them again.
 */
export const RISK_SOURCE_KINDS = ['strada', 'police', 'csv'] as const;
export const ROAD_USERS = [
  'pedestrian',
  'cyclist',
  'moped',
  'motorcycle',
  'car',
  'truck',
  'bus',
  'tram',
  'other',
] as const;
/** app.risk_type_ok: the injury severities, or 'police:<slug>' / 'event:<slug>'. */
export const riskTypeSchema = z
  .string()
  .regex(/^(injury_(fatal|severe|slight|unknown)|(police|event):[a-z0-9_]{1,40})$/, {
    message: 'invalid_risk_type',
  });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'invalid_date_range' });

const riskEventSchema = z
  .object({
    type: riskTypeSchema,
    severity: z
      .enum(['fatal', 'severe', 'slight', 'none'], { message: 'invalid_risk_event' })
      .nullable()
      .optional(),
    occurred_at: z.string({ message: 'invalid_event_time' }),
    road_users: z
      .array(z.enum(ROAD_USERS, { message: 'invalid_risk_event' }))
      .max(9)
      .optional(),
    place_name: z.string().max(200, { message: 'invalid_risk_event' }).nullable().optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    x: z.number().optional(),
    y: z.number().optional(),
  })
  .refine(
    (e) =>
      (e.lon !== undefined && e.lat !== undefined) !== (e.x !== undefined && e.y !== undefined),
    {
      message: 'invalid_position',
    },
  );
export type RiskEventInput = z.infer<typeof riskEventSchema>;

export const importRiskEvents = defineApiFunction(
  'import_risk_events',
  z.object({
    source: z.object({
      name: z
        .string()
        .trim()
        .min(1, { message: 'invalid_risk_source' })
        .max(200, { message: 'invalid_risk_source' }),
      kind: z.enum(RISK_SOURCE_KINDS, { message: 'invalid_risk_source' }),
      provenance: z
        .string()
        .trim()
        .min(1, { message: 'invalid_risk_source' })
        .max(2000, { message: 'invalid_risk_source' }),
      licence: z.string().max(500, { message: 'invalid_risk_source' }).nullable().optional(),
      period_from: isoDate,
      period_to: isoDate,
    }),
    events: z
      .array(riskEventSchema)
      .min(1, { message: 'invalid_risk_event' })
      .max(50_000, { message: 'too_many_events' }),
  }),
  z.object({ id: z.guid(), inserted: z.number() }),
  (a) => ({ p_source: a.source, p_events: a.events }),
);

export const riskSourceSchema = z.object({
  id: z.guid(),
  name: z.string(),
  kind: z.enum([...RISK_SOURCE_KINDS, 'demo']),
  provenance: z.string(),
  licence: z.string().nullable(),
  period_from: z.string(),
  period_to: z.string(),
  imported_by: z.guid().nullable(),
  imported_at: z.string(),
  row_count: z.number(),
  /** Events per type. */
  types: z.record(z.string(), z.number()),
});
export type RiskSource = z.infer<typeof riskSourceSchema>;

/** Newest import first, page by page (src/api/paging.ts). */
export const listRiskSources = defineApiFunction(
  'list_risk_sources',
  pageArgsSchema,
  z.object({ total: z.number(), items: z.array(riskSourceSchema) }),
  (a) => ({ p_limit: a.limit, p_offset: a.offset }),
);

export const deleteRiskSource = defineApiFunction(
  'delete_risk_source',
  z.object({ id: z.guid({ message: 'risk_source_not_found' }) }),
  z.object({ id: z.guid(), deleted_events: z.number() }),
  (a) => ({ p_id: a.id }),
);

/** Events per hotspot hexagon ([q, r, n]) and per delområde ([do_kod, n]). */
export const riskEventCells = defineApiFunction(
  'risk_event_cells',
  z.object({
    cellM: z
      .number()
      .int()
      .min(50, { message: 'invalid_cell_size' })
      .max(500, { message: 'invalid_cell_size' }),
    from: z.string().nullable().default(null),
    to: z.string().nullable().default(null),
    types: z.array(riskTypeSchema).max(50, { message: 'invalid_filter' }).nullable().default(null),
  }),
  z.object({
    cell_m: z.number(),
    total: z.number(),
    cells: z.array(z.tuple([z.number(), z.number(), z.number()])),
    districts: z.array(z.tuple([z.number(), z.number()])),
    outside_districts: z.number(),
  }),
  (a) => ({ p_cell_m: a.cellM, p_from: a.from, p_to: a.to, p_types: a.types }),
);
export type RiskEventCells = z.infer<typeof riskEventCells.result>;
